package org.vigil.casefile.api;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Failures the code did not foresee still answer as problem+json, and are logged. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (e instanceof jakarta.ws.rs.WebApplicationException w) {
            if (w.getResponse().hasEntity()) return w.getResponse();
            int status = w.getResponse().getStatus();
            return Response.status(status).type("application/problem+json")
                    .entity(new Problem(java.net.URI.create("https://vigil.example.org/problems/http-" + status),
                            "HTTP " + status, status, w.getMessage(), null, null)).build();
        }
        LOG.error("unexpected failure", e);
        return Response.status(500).type("application/problem+json")
                .entity(new Problem(java.net.URI.create("https://vigil.example.org/problems/internal"), "Internal error", 500,
                        "the request failed on the server; the error is logged", null, null)).build();
    }
}
