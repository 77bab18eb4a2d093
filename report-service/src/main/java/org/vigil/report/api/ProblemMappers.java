package org.vigil.report.api;

import org.vigil.problems.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.ClientWebApplicationException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure answers as problem+json: ours as thrown, an upstream one the code did not foresee as a 502. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** No token, or one that does not verify: 401 with the Bearer challenge. */
    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class, io.quarkus.security.AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(problem(401, "unauthenticated", "Authentication required",
                "send a bearer token (Authorization: Bearer <JWT>) signed by the configured issuer")).header("WWW-Authenticate", "Bearer").build();
    }

    /** A valid token without the role this endpoint needs: 403. */
    @ServerExceptionMapper(io.quarkus.security.ForbiddenException.class)
    public Response forbidden(RuntimeException e) {
        return problem(403, "forbidden", "Not allowed for your role", "your token's roles do not include one this endpoint needs");
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (e instanceof ClientWebApplicationException c) {
            LOG.warnf("upstream answered %d: %s", c.getResponse().getStatus(), c.getMessage());
            return problem(502, "upstream", "Upstream service failed", "a service this report depends on answered "
                    + c.getResponse().getStatus());
        }
        if (e instanceof WebApplicationException w) {
            if (w.getResponse().hasEntity()) return w.getResponse();
            int status = w.getResponse().getStatus();
            return problem(status, "http-" + status, "HTTP " + status, w.getMessage());
        }
        LOG.error("unexpected failure", e);
        return problem(500, "internal", "Internal error", "the request failed on the server; the error is logged");
    }

    private static Response problem(int status, String slug, String title, String detail) {
        return Problem.of(slug, title, status, detail, null).toResponse();
    }
}
