package org.vigil.casefile.api;

import org.vigil.problems.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Failures the code did not foresee still answer as problem+json, and are logged. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** No token, or one that does not verify: 401 with the Bearer challenge. */
    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class, io.quarkus.security.AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(Problem.of("unauthenticated", "Authentication required", 401,
                "send a bearer token (Authorization: Bearer <JWT>) signed by the configured issuer", null).toResponse())
                .header("WWW-Authenticate", "Bearer").build();
    }

    /** A valid token without the role this endpoint needs: 403. */
    @ServerExceptionMapper(io.quarkus.security.ForbiddenException.class)
    public Response forbidden(RuntimeException e) {
        return Problem.of("forbidden", "Not allowed for your role", 403,
                "your token's roles do not include one this endpoint needs", null).toResponse();
    }

    /** The database out of reach surfaces as a connection failure (an IOException): 503 with Retry-After. */
    @ServerExceptionMapper
    public Response io(java.io.IOException e) {
        return unexpected(new java.io.UncheckedIOException(e));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (e instanceof jakarta.ws.rs.WebApplicationException w) {
            if (w.getResponse().hasEntity()) return w.getResponse();
            int status = w.getResponse().getStatus();
            return Problem.of("http-" + status, "HTTP " + status, status, w.getMessage(), null).toResponse();
        }
        if (org.vigil.casefile.failure.Failures.unavailable(e)) {
            LOG.warnf("database unavailable: %s", org.vigil.casefile.failure.Failures.describe(e));
            return Problem.of("unavailable", "The database is unavailable", 503,
                    "the views cannot be read just now; retry after 5 s", null).toResponse();
        }
        LOG.error("unexpected failure", e);
        return Problem.of("internal", "Internal error", 500, "the request failed on the server; the error is logged", null)
                .toResponse();
    }
}
