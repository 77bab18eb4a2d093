package org.vigil.casefile.api;

import java.util.Map;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.vigil.access.Confidentiality;
import org.vigil.casefile.app.Searches;
import org.vigil.casefile.audit.AuditTrail;
import org.vigil.casefile.security.Caller;
import org.vigil.casefile.security.Roles;
import org.vigil.problems.Problem;

/** Search over the facts' words ({@link Searches}), as JSON, for analysts' tools and the web app alike. */
@Path("/search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    private final Searches searches;
    private final Caller caller;
    private final AuditTrail audit;

    public SearchResource(Searches searches, Caller caller, AuditTrail audit) {
        this.searches = searches;
        this.caller = caller;
        this.audit = audit;
    }

    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Operation(summary = "Search the facts' words",
            description = "Across the populations, or within one (populationId): every word of the facts' text (summaries, "
                + "sources, places, names, subgroups) in any script, Persian and Arabic spellings of a letter alike; "
                + "\"quoted phrases\", or, -excluded words. Filtered by type, by period (from, to: YYYY, YYYY-MM or "
                + "YYYY-MM-DD; a fact matches when its dates, at their precision, can fall within it) and by source (a "
                + "source's ref, or words of its publisher). Each result is the latest revision your clearance may "
                + "read; matching facts above it are counted in withheld. The words are indexed just behind the views: "
                + "pending counts the revisions not yet searchable.")
    @APIResponse(responseCode = "400", description = "A parameter is missing or malformed; every one at fault is named",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Map<String, Object>> search(@QueryParam("q") String q, @QueryParam("populationId") String populationId,
                                           @QueryParam("type") String type, @QueryParam("from") String from,
                                           @QueryParam("to") String to, @QueryParam("source") String source,
                                           @QueryParam("limit") String limit) {
        Searches.Ask ask = Searches.ask(q, populationId, type, from, to, source, limit);
        Confidentiality clearance = caller.clearance();
        return searches.find(ask, clearance).map(found -> {
            audit.disclosed(found.held(), ask.populationId(), "search");
            return Map.of("results", found.results(), "withheld", found.withheld(), "clearance", clearance.label(),
                    "pending", found.pending());
        });
    }
}
