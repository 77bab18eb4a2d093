package org.vigil.ingest.api;

import org.vigil.problems.Problem;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vigil.ingest.json.EventJson;

/**
 * Refuses a body over the size limit from its Content-Length, before reading it, with the same RFC 9457 problem
 * as every other refusal (the HTTP layer's own 413 has no body). A chunked body without a length is still cut off
 * at the limit by the HTTP layer.
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max) {
        this.maxBytes = max.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        if (length == null) {
            ctx.next();
            return;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            refuse(ctx, Problem.of("bad-request", "Bad Content-Length", 400, "Content-Length is a number of bytes",
                    List.of(new Problem.FieldError(null, "Content-Length", "header.format", "a number of bytes"))));
            return;
        }
        if (bytes > maxBytes) {
            refuse(ctx, Problem.of("body-too-large", "The body is too large", 413,
                    "a request body is at most " + maxBytes + " bytes; this one is " + bytes + "; split the file",
                    List.of(new Problem.FieldError(null, "Content-Length", "body.max-size", "at most " + maxBytes + " bytes"))));
            return;
        }
        ctx.next();
    }

    private static void refuse(RoutingContext ctx, Problem problem) {
        String body;
        try {
            body = EventJson.mapper().writeValueAsString(problem.at(ctx.request().path()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close").end(body);
    }
}
