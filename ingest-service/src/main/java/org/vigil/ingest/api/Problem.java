package org.vigil.ingest.api;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail. {@code errors} names each field and the rule it breaks; for imports, {@code line} says
 * which line of the file.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String BASE = "https://vigil.example.org/problems/";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(Integer line, String field, String rule, String message) {
    }

    public static Problem of(String slug, String title, int status, String detail, List<FieldError> errors) {
        return new Problem(URI.create(BASE + slug), title, status, detail, null, errors == null || errors.isEmpty() ? null : errors);
    }

    public Problem at(String instance) {
        return new Problem(type, title, status, detail, instance, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
