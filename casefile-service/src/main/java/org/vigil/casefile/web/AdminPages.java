package org.vigil.casefile.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.vigil.access.Confidentiality;
import org.vigil.casefile.app.Rebuilds;
import org.vigil.casefile.app.Upkeep;
import org.vigil.casefile.app.Views;
import org.vigil.casefile.audit.AuditResource;
import org.vigil.casefile.security.Caller;
import org.vigil.casefile.security.Roles;

/**
 * The operator's page: rebuilds (the latest, with progress; start one), stalled populations with their parked events
 * (replay them after a fix), and casefile-service's audit log (filters, a page at a time). The same operations as
 * the admin API, for admins only, with the same CSRF rule as every form of the app.
 */
@Path("/app/admin")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AdminPages {

    private final Rebuilds rebuilds;
    private final Upkeep upkeep;
    private final Views views;
    private final AuditResource audit;
    private final Caller caller;

    public AdminPages(Rebuilds rebuilds, Upkeep upkeep, Views views, AuditResource audit, Caller caller) {
        this.rebuilds = rebuilds;
        this.upkeep = upkeep;
        this.views = views;
        this.audit = audit;
        this.caller = caller;
    }

    /** A stalled population and the events parked for it. */
    public record Stalled(Views.Summary population, List<Views.Parked> parked) {
    }

    /** What the audit filters were set to. */
    public record Filters(String actor, String populationId, String kind, String since) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance admin(AppPages.Person person, List<Rebuilds.Status> rebuilds, boolean running,
                                             List<Stalled> stalled, AuditResource.Page audit, Filters filters, String next,
                                             String csrf, String message);
    }

    @GET
    @Operation(hidden = true)
    public Uni<Response> page(@QueryParam("actor") String actor, @QueryParam("populationId") String populationId,
                              @QueryParam("kind") String kind, @QueryParam("since") String since,
                              @QueryParam("before") String before, @QueryParam("done") String done,
                              @CookieParam(RecordPages.CSRF) String csrf) {
        String token = RecordPages.csrfToken(csrf);
        Filters filters = new Filters(blank(actor), blank(populationId), blank(kind), blank(since));
        return rebuilds.latest(5).chain(latest -> stalled().chain(stalled ->
                audit.read(filters.actor(), filters.populationId(), filters.kind(), filters.since(), blank(before), "50").map(page -> {
                    boolean running = latest.stream().anyMatch(r -> "running".equals(r.state()));
                    String next = page.next() == null ? null : "/app/admin" + page.next().substring(page.next().indexOf('?'));
                    return Response.ok(Templates.admin(AppPages.person(caller), latest, running, stalled, page, filters, next, token,
                            message(done))).cookie(RecordPages.csrfCookie(token)).build();
                })));
    }

    @POST
    @Path("rebuild")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> rebuild(@CookieParam(RecordPages.CSRF) String csrf, MultivaluedMap<String, String> form) {
        RecordPages.sameSite(csrf, form);
        return rebuilds.start(caller.identity().getPrincipal().getName())
                .map(asked -> back(asked.started() ? "rebuild-started" : "rebuild-running"));
    }

    @POST
    @Path("replay")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> replay(@CookieParam(RecordPages.CSRF) String csrf, MultivaluedMap<String, String> form) {
        RecordPages.sameSite(csrf, form);
        return upkeep.replay().map(replay -> back("replayed"));
    }

    private Uni<List<Stalled>> stalled() {
        return views.populations(Confidentiality.CONFIDENTIAL).chain(listing -> {
            List<Views.Summary> stalled = listing.shown().stream().filter(s -> s.stalledReason() != null).toList();
            Uni<List<Stalled>> out = Uni.createFrom().item(new ArrayList<>());
            for (Views.Summary s : stalled) {
                out = out.chain(list -> views.parked(s.populationId()).map(parked -> {
                    list.add(new Stalled(s, parked));
                    return list;
                }));
            }
            return out;
        });
    }

    private static Response back(String done) {
        return Response.seeOther(URI.create("/app/admin?done=" + done)).build();
    }

    private static String message(String done) {
        if (done == null) return null;
        return switch (done) {
            case "rebuild-started" -> "A rebuild began; its progress shows below.";
            case "rebuild-running" -> "A rebuild is already running (on this or another instance); it was left to finish.";
            case "replayed" -> "The parked events were applied again; populations still stalled are listed below.";
            default -> null;
        };
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
