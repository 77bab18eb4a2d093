package org.vigil.casefile.web;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.vigil.casefile.app.Searches;
import org.vigil.casefile.app.Views;
import org.vigil.casefile.audit.AuditTrail;
import org.vigil.casefile.security.Caller;

/**
 * Search in the web app: the same search as {@code GET /search}, across the populations or within one, its results
 * linking to their events; a question at fault is answered on the page, field by field.
 */
@Path("/app/search")
@jakarta.annotation.security.RolesAllowed({org.vigil.casefile.security.Roles.VIEWER, org.vigil.casefile.security.Roles.ANALYST,
        org.vigil.casefile.security.Roles.RECORDER, org.vigil.casefile.security.Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class SearchPages {

    private final Searches searches;
    private final Views views;
    private final Caller caller;
    private final AuditTrail audit;

    public SearchPages(Searches searches, Views views, Caller caller, AuditTrail audit) {
        this.searches = searches;
        this.views = views;
        this.caller = caller;
        this.audit = audit;
    }

    /** What was typed, given back to the form. */
    public record Asked(String q, String populationId, String type, String from, String to, String source) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance search(AppPages.Person person, Asked asked, List<Views.Summary> populations,
                                              List<RecordPages.Choice> types, Searches.Found found, List<String> problems);
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> search(@QueryParam("q") String q, @QueryParam("populationId") String populationId,
                                        @QueryParam("type") String type, @QueryParam("from") String from,
                                        @QueryParam("to") String to, @QueryParam("source") String source) {
        Asked asked = new Asked(blank(q), blank(populationId), blank(type), blank(from), blank(to), blank(source));
        List<RecordPages.Choice> types = org.vigil.casefile.event.Event.TYPES.keySet().stream()
                .map(t -> new RecordPages.Choice(t, RecordPages.words(t))).sorted(java.util.Comparator.comparing(RecordPages.Choice::label)).toList();
        var clearance = caller.clearance();
        return views.populations(clearance).chain(listing -> {
            if (asked.q().isEmpty()) {
                return Uni.createFrom().item(Templates.search(AppPages.person(caller), asked, listing.shown(), types, null, List.of()));
            }
            Searches.Ask ask;
            try {
                ask = Searches.ask(q, populationId, type, from, to, source, null);
            } catch (WebApplicationException e) {
                return Uni.createFrom().item(Templates.search(AppPages.person(caller), asked, listing.shown(), types, null, problems(e)));
            }
            return searches.find(ask, clearance).map(found -> {
                audit.disclosed(found.held(), ask.populationId(), "search (web app)");
                return Templates.search(AppPages.person(caller), asked, listing.shown(), types, found, List.of());
            });
        });
    }

    private static List<String> problems(WebApplicationException e) {
        List<String> out = new ArrayList<>();
        if (e.getResponse().getEntity() instanceof org.vigil.problems.Problem p && p.errors() != null) {
            for (var error : p.errors()) out.add(error.field() + ": " + error.message());
        }
        if (out.isEmpty()) out.add(e.getMessage());
        return out;
    }

    private static String blank(String s) {
        return s == null ? "" : s.strip();
    }
}
