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

    private final Ingest ingest;
    private final Reports reports;
    private final SessionToken token;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public AdminPages(Rebuilds rebuilds, Upkeep upkeep, Views views, AuditResource audit, Caller caller, Ingest ingest, Reports reports,
                      SessionToken token, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.ingest = ingest;
        this.reports = reports;
        this.token = token;
        this.json = json;
        this.rebuilds = rebuilds;
        this.upkeep = upkeep;
        this.views = views;
        this.audit = audit;
        this.caller = caller;
    }

    /** A stalled population and the events parked for it. */
    public record Stalled(Views.Summary population, List<Views.Parked> parked) {
    }

    /** What the audit filters were set to, and whose log is read. */
    public record Filters(String actor, String populationId, String kind, String since, String service) {
    }

    /** The services whose audit logs the page reads: this one's directly, the others' over HTTP with the admin's token. */
    static final List<String> SERVICES = List.of("casefile-service", "ingest-service", "report-service");

    /** A page of a service's audit log, or why it could not be read (the service's problem, or that it is unreachable). */
    public record AuditView(AuditResource.Page page, String error) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance admin(AppPages.Person person, List<Rebuilds.Status> rebuilds, boolean running,
                                             List<Stalled> stalled, AuditView audit, Filters filters, List<String> services, String next,
                                             String csrf, String message);
    }

    @GET
    @Operation(hidden = true)
    public Uni<Response> page(@QueryParam("actor") String actor, @QueryParam("populationId") String populationId,
                              @QueryParam("kind") String kind, @QueryParam("since") String since,
                              @QueryParam("before") String before, @QueryParam("done") String done,
                              @QueryParam("service") String service, @CookieParam(RecordPages.CSRF) String csrf) {
        String token = RecordPages.csrfToken(csrf);
        String whose = service != null && SERVICES.contains(service) ? service : SERVICES.getFirst();
        Filters filters = new Filters(blank(actor), blank(populationId), blank(kind), blank(since), whose);
        return rebuilds.latest(5).chain(latest -> stalled().chain(stalled -> audit(filters, blank(before)).map(view -> {
            boolean running = latest.stream().anyMatch(r -> "running".equals(r.state()));
            String next = view.page() == null || view.page().next() == null ? null
                    : "/app/admin" + view.page().next().substring(view.page().next().indexOf('?')) + "&service=" + whose;
            return Response.ok(Templates.admin(AppPages.person(caller), latest, running, stalled, view, filters, SERVICES, next, token,
                    message(done))).cookie(RecordPages.csrfCookie(token)).build();
        })));
    }

    /**
     * A page of the chosen service's audit log: casefile-service's read here, ingest-service's and report-service's
     * through their {@code GET /admin/audit} with the admin's own token (so reading them is in their own logs). A day
     * typed as the start (the form's date picker) counts from its first instant, UTC.
     */
    private Uni<AuditView> audit(Filters filters, String before) {
        String since = filters.since() != null && filters.since().matches("\\d{4}-\\d{2}-\\d{2}") ? filters.since() + "T00:00:00Z" : filters.since();
        if (filters.service().equals("casefile-service")) {
            return audit.read(filters.actor(), filters.populationId(), filters.kind(), since, before, "50")
                    .map(page -> new AuditView(page, null))
                    .onFailure(jakarta.ws.rs.WebApplicationException.class).recoverWithItem(e -> new AuditView(null, e.getMessage()));
        }
        StringBuilder path = new StringBuilder("/admin/audit?limit=50");
        java.util.function.BiConsumer<String, String> param = (name, value) -> {
            if (value != null) path.append('&').append(name).append('=').append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        };
        param.accept("actor", filters.actor());
        param.accept("populationId", filters.populationId());
        param.accept("kind", filters.kind());
        param.accept("since", since);
        param.accept("before", before);
        Uni<Ingest.Answer> answer = filters.service().equals("ingest-service") ? ingest.get(path.toString(), token.get())
                : reports.get(path.toString(), "application/json", token.get())
                        .map(a -> new Ingest.Answer(a.status(), new String(a.body(), java.nio.charset.StandardCharsets.UTF_8)));
        return answer.map(a -> {
            if (!a.ok()) {
                return new AuditView(null, Words.text().admin_answered(filters.service(), a.status(), FormFields.refusalsInOneLine(a.body())));
            }
            try {
                return new AuditView(json.readValue(a.body(), AuditResource.Page.class), null);
            } catch (java.io.IOException e) {
                return new AuditView(null, Words.text().admin_not_a_page(filters.service(), e.getMessage()));
            }
        }).onFailure().recoverWithItem(e -> new AuditView(null, Words.text().admin_unreachable(filters.service(), e)));
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
            case "rebuild-started" -> Words.text().admin_rebuild_started();
            case "rebuild-running" -> Words.text().admin_rebuild_running();
            case "replayed" -> Words.text().admin_replayed();
            default -> null;
        };
    }


    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
