package org.vigil.casefile.api;

import java.net.URI;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem detail naming the parameter and the rule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String field, String rule) {

    public static WebApplicationException of(int status, String slug, String title, String detail, String field, String rule) {
        Problem p = new Problem(URI.create("https://vigil.example.org/problems/" + slug), title, status, detail, field, rule);
        return new WebApplicationException(Response.status(status).type("application/problem+json").entity(p).build());
    }
}
