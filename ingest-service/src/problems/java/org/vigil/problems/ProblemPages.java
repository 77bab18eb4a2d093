package org.vigil.problems;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** The page each problem {@code type} names, and the request's path in every problem's {@code instance}. */
@Path("/problems")
@Tag(name = "problems")
public class ProblemPages {

    private static final ProblemCatalog CATALOG = ProblemCatalog.packaged();

    @GET
    @Path("{name}")
    @PermitAll
    @Produces("text/html;charset=utf-8")
    @Operation(summary = "The page describing one problem type", description = "Every problem's `type` is "
            + "`/problems/<name>`; this page says what the problem means and what to do (docs/problems.md).")
    public String page(@PathParam("name") String name) {
        String page = CATALOG.page(name);
        if (page == null) {
            throw Problem.of(404, "not-found", "No such problem type", "no problem type is named " + name, "name", "problem.exists");
        }
        return page;
    }

    /**
     * A problem made where the request was not at hand gets the request's path as its {@code instance}; a 403 does
     * not, since its path may name what is withheld from the caller (a report's id, a fact's).
     */
    @ServerResponseFilter
    public void instance(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem p && p.instance() == null && p.status() != 403) {
            response.setEntity(p.at(request.getUriInfo().getRequestUri().getPath()), null, response.getMediaType());
        }
    }
}
