package org.vigil.report.api;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem detail; {@code errors} name each field and the rule it broke. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String rule, String message) {
    }

    public static WebApplicationException of(int status, String slug, String title, String detail, List<FieldError> errors) {
        Problem p = new Problem(URI.create("https://vigil.example.org/problems/" + slug), title, status, detail,
                errors == null || errors.isEmpty() ? null : errors);
        Response.ResponseBuilder answer = Response.status(status).type(MEDIA_TYPE).entity(p);
        // Unavailable for now (an upstream service or the views behind): say when to try again.
        if (status == 503) answer.header("Retry-After", "5");
        return new WebApplicationException(detail, answer.build());
    }

    public static WebApplicationException of(int status, String slug, String title, String detail, String field, String rule) {
        return of(status, slug, title, detail, field == null ? List.of() : List.of(new FieldError(field, rule, detail)));
    }
}
