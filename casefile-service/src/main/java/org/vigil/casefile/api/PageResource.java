package org.vigil.casefile.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.vigil.casefile.security.Roles;

/**
 * The live status page, for the roles that may read (the page holds no data itself; it reads the status and the
 * stream with the same token). Without a token a browser gets {@code page/sign-in.html} with the 401, which takes a
 * token from the address's fragment into the cookie and reloads.
 */
@Path("/")
public class PageResource {

    static final String PAGE = read("page/index.html");
    static final String SIGN_IN = read("page/sign-in.html");

    @GET
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @Operation(summary = "The live status page",
            description = "The page researchers read a population's status on; it reads the status and the live "
                + "stream with your token.")
    public String page() {
        return PAGE;
    }

    private static String read(String resource) {
        try (InputStream in = PageResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
