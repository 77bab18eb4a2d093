package org.vigil.casefile.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The web app's Content-Security-Policy: its pages load nothing from elsewhere, run only its own script and style,
 * and may not be framed. A report's own HTML edition (shown as report-service wrote it) may use its inline style and
 * nothing else: no script, no request anywhere.
 */
public class PagePolicy {

    static final String PAGES = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    static final String REPORT = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'none'";

    @ServerResponseFilter
    public void policy(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/app")) return;
        response.getHeaders().putSingle("Content-Security-Policy", path.endsWith("/edition.html") ? REPORT : PAGES);
        response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
    }
}
