package org.vigil.casefile.api;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The service's root sends a browser to the web app (/app), where people sign in with the OIDC provider; an old link
 * to the former live page ({@code /?population=...}) lands on that population's page. No token travels in an address.
 */
@Path("/")
public class PageResource {

    @GET
    @PermitAll
    @Operation(summary = "The web app", description = "Redirects to the web app (/app), which asks the browser to sign in.")
    public Response page(@QueryParam("population") String population) {
        String to = "/app/populations";
        if (population != null) {
            try {
                to += "/" + UUID.fromString(population);
            } catch (IllegalArgumentException ignored) {
                // not a population id: the list
            }
        }
        return Response.seeOther(URI.create(to)).build();
    }
}
