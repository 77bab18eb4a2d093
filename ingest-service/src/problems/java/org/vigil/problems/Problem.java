package org.vigil.problems;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail, in the one shape all three services answer (docs/problems.md): {@code type} is the
 * page describing the problem ({@code /problems/<name>}, served by every service), {@code instance} the path of the
 * request that failed, {@code errors} every field and rule at fault ({@code line} too, for an import). One source
 * file compiled into each service, like the figure grammar: the services share no jar.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** Seconds a client is asked to wait by a 503 that says nothing else. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** One field at fault and the rule it breaks; {@code line} is the line of an import. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(Integer line, String field, String rule, String message) {
    }

    public static Problem of(String name, String title, int status, String detail, List<FieldError> errors) {
        return new Problem(URI.create(ProblemCatalog.PATH + name), title, status, detail, null,
                errors == null || errors.isEmpty() ? null : List.copyOf(errors));
    }

    /** A problem to throw: the answer it carries is this problem. */
    public static WebApplicationException of(int status, String name, String title, String detail, List<FieldError> errors) {
        return new WebApplicationException(detail, of(name, title, status, detail, errors).toResponse());
    }

    /** A problem to throw, with the one field at fault and the rule it breaks (none when {@code field} is null). */
    public static WebApplicationException of(int status, String name, String title, String detail, String field, String rule) {
        return of(status, name, title, detail, field == null ? List.of() : List.of(new FieldError(null, field, rule, detail)));
    }

    /** The same problem, at the path of the request that failed. */
    public Problem at(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }

    /** The answer: problem+json; a 503 says when to try again ({@link #RETRY_AFTER_SECONDS}). */
    public Response toResponse() {
        return toResponse(status == 503 ? RETRY_AFTER_SECONDS : 0);
    }

    /** The answer, asking the client to wait {@code retryAfterSeconds} before it tries again (none when 0). */
    public Response toResponse(int retryAfterSeconds) {
        Response.ResponseBuilder answer = Response.status(status).type(MEDIA_TYPE).entity(this);
        if (retryAfterSeconds > 0) answer.header("Retry-After", String.valueOf(retryAfterSeconds));
        return answer.build();
    }
}
