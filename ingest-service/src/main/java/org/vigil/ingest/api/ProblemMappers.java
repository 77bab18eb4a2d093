package org.vigil.ingest.api;

import org.vigil.problems.Problem;
import java.util.concurrent.RejectedExecutionException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error the API gives is application/problem+json, including the ones the framework raises. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** No token, or one that does not verify: 401 with the Bearer challenge. */
    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class, io.quarkus.security.AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(Problem.of("unauthenticated", "Authentication required", 401,
                        "send a bearer token (Authorization: Bearer <JWT>) signed by the configured issuer", null)
                .at(uri.getPath()).toResponse()).header("WWW-Authenticate", "Bearer").build();
    }

    /** A valid token without the role this endpoint needs: 403. */
    @ServerExceptionMapper(io.quarkus.security.ForbiddenException.class)
    public Response forbidden(RuntimeException e, UriInfo uri) {
        return Problem.of("forbidden", "Not allowed for your role", 403,
                "your token's roles do not include one this endpoint needs", null).at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return e.problem().at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response busy(RejectedExecutionException e, UriInfo uri) {
        return Problem.of("busy", "The log writer is busy", 503, e.getMessage() + "; retry shortly", null)
                .at(uri.getPath()).toResponse(1);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getResponse().getEntity() instanceof Problem p) return p.at(uri.getPath()).toResponse();
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "HTTP " + status;
        String slug = status == 404 ? "not-found" : status >= 500 ? "internal" : "http-" + status;
        return Problem.of(slug, title, status, e.getMessage(), null).at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (org.vigil.ingest.log.Unavailable.isCause(e)) return unavailable(e, uri);
        LOG.error("unexpected failure on " + uri.getPath(), e);
        return Problem.of("internal", "Internal error", 500,
                "the request failed on the server and nothing was recorded by it; the error is logged", null)
                .at(uri.getPath()).toResponse();
    }

    /** Seconds a client is asked to wait before it tries again while the database is out of reach. */
    static final int RETRY_AFTER_SECONDS = 5;

    /**
     * The database is out of reach (restarting, cut off, out of connections): 503 with Retry-After. Nothing was
     * recorded by a write that gets this answer unless its commit was under way; a retry with the same
     * Idempotency-Key is safe either way.
     */
    static Response unavailable(Exception e, UriInfo uri) {
        LOG.warnf("database unavailable on %s: %s", uri.getPath(), rootMessage(e));
        return Problem.of("unavailable", "The database is unavailable", 503,
                        "the event store cannot be reached just now; retry after " + RETRY_AFTER_SECONDS
                                + " s (with the same Idempotency-Key for a write)", null)
                .at(uri.getPath()).toResponse(RETRY_AFTER_SECONDS);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
