package org.vigil.casefile.web;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.vigil.casefile.app.Views;
import org.vigil.casefile.projection.PopulationStatus;
import org.vigil.casefile.security.Caller;
import org.vigil.casefile.security.Roles;

/**
 * The researchers' web app: server-rendered pages behind the OIDC provider's sign-in (the authorization code flow of
 * the {@code web} tenant: see application.properties). Each page shows what the signed-in person's roles and
 * clearance allow, as the APIs do, and says how much it withheld.
 */
@Path("/app")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class AppPages {

    private final Views views;
    private final Caller caller;
    private final org.vigil.casefile.audit.AuditTrail audit;
    private final PopulationPages pages;

    public AppPages(Views views, Caller caller, org.vigil.casefile.audit.AuditTrail audit, PopulationPages pages) {
        this.views = views;
        this.caller = caller;
        this.audit = audit;
        this.pages = pages;
    }

    /** Who is signed in, as every page's header shows it. */
    public record Person(String name, List<String> roles, String clearance, boolean mayRecord) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance populations(Person person, Views.Listing listing);

        static native TemplateInstance population(Person person, PopulationStatus status, Views.Seen seen,
                                                  String asOf, String knownAt, List<String> errors, String recorded, long recordedVersion,
                                                  boolean live, String chart,
                                                  String map, List<org.vigil.casefile.projection.StatusView.Site> sites, Shown shown,
                                                  Long notDrawn);

        static native TemplateInstance pending(Person person, String population, String recorded);

        static native TemplateInstance signedOut(Person person);
    }

    /**
     * The long lists of a population's page, bounded so that a long history still makes a page one can read and
     * load quickly: the latest {@link #LATEST} entries of the timeline, of the documented incidents and of the headcount
     * claims, with how many came before and a link to the page with everything ({@code ?all=true}).
     */
    public record Shown(List<org.vigil.casefile.projection.PopulationStatus.TimelineItem> timeline, int timelineTotal,
                        List<org.vigil.casefile.projection.PopulationStatus.Casualties.Incident> incidents, int incidentsTotal,
                        List<org.vigil.casefile.projection.StatusView.HeadcountPoint> claims, int claimsTotal, String allLink,
                        List<Steps> refugeeSteps,
                        List<org.vigil.casefile.projection.PopulationStatus.Detention> detentions, int detentionsTotal,
                        List<org.vigil.casefile.projection.PopulationStatus.Intervention> interventions, int interventionsTotal) {

        /** One step of the refugee-status procedure ({@code registered}, {@code recognised}, ...) and what reached it. */
        public record Steps(String step, List<org.vigil.casefile.projection.PopulationStatus.RefugeeStatus.Step> steps, int total) {
        }

        static final int LATEST = 200;

        public int timelineStart() {
            return timelineTotal - timeline.size() + 1;
        }

        public boolean cut() {
            return timeline.size() < timelineTotal || incidents.size() < incidentsTotal || claims.size() < claimsTotal
                    || detentions.size() < detentionsTotal || interventions.size() < interventionsTotal
                    || refugeeSteps.stream().anyMatch(st -> st.steps().size() < st.total());
        }

        /** {@code timelineTotal}: how many entries the whole timeline has (the status may hold only the latest). */
        static Shown of(org.vigil.casefile.projection.PopulationStatus status, int timelineTotal,
                        List<org.vigil.casefile.projection.StatusView.HeadcountPoint> series,
                        boolean everything, UUID population, LocalDate day, Instant moment) {
            String link = "/app/populations/" + population + "?all=true" + (day == null ? "" : "&asOf=" + day)
                    + (moment == null ? "" : "&knownAt=" + moment.toString().substring(0, 16));
            var refugee = status.refugeeStatus();
            List<Steps> steps = new java.util.ArrayList<>();
            java.util.Map<String, List<org.vigil.casefile.projection.PopulationStatus.RefugeeStatus.Step>> byStep = new java.util.LinkedHashMap<>();
            byStep.put("registered", refugee.registered());
            byStep.put("recognised", refugee.recognised());
            byStep.put("rejected", refugee.rejected());
            byStep.put("resettled", refugee.resettled());
            byStep.forEach((step, list) -> {
                if (!list.isEmpty()) steps.add(new Steps(step, latest(list, everything), list.size()));
            });
            return new Shown(latest(status.timeline(), everything), timelineTotal,
                    latest(status.casualties().incidents(), everything), status.casualties().incidents().size(),
                    latest(series, everything), series.size(), link, List.copyOf(steps),
                    latest(status.detentions(), everything), status.detentions().size(),
                    latest(status.interventions(), everything), status.interventions().size());
        }

        private static <T> List<T> latest(List<T> all, boolean everything) {
            // a copy, not a view: a page kept by PageMemo must not keep the whole history's list behind it
            return everything || all.size() <= LATEST ? all : List.copyOf(all.subList(all.size() - LATEST, all.size()));
        }
    }

    @GET
    @Operation(hidden = true)
    public Response home() {
        return Response.seeOther(URI.create("/app/populations")).build();
    }

    @GET
    @Path("populations")
    @Operation(hidden = true)
    public Uni<TemplateInstance> populations() {
        return views.populations(caller.clearance()).map(listing -> {
            audit.disclosed(listing.held(), null, "populations listed (web app)"); // on the audit log, as the API's reads are
            return Templates.populations(person(), listing);
        });
    }

    @GET
    @Path("populations/{id}")
    @Operation(hidden = true)
    public Uni<TemplateInstance> population(@PathParam("id") String id, @QueryParam("asOf") String asOf,
                                            @QueryParam("knownAt") String knownAt, @QueryParam("recorded") String recorded,
                                            @QueryParam("version") @jakarta.ws.rs.DefaultValue("0") long recordedVersion,
                                            @QueryParam("all") @jakarta.ws.rs.DefaultValue("false") boolean everything) {
        List<String> errors = new java.util.ArrayList<>();
        UUID population;
        try {
            population = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        LocalDate day = null;
        Instant moment = null;
        if (asOf != null && !asOf.isBlank()) {
            try {
                day = LocalDate.parse(asOf);
            } catch (DateTimeParseException e) {
                errors.add(Words.text().population_bad_as_of());
            }
        }
        if (knownAt != null && !knownAt.isBlank()) {
            try {
                // the date picker sends a local date and time without a zone: read it as UTC, and say so on the page
                moment = knownAt.length() <= 16 ? Instant.parse(knownAt + ":00Z") : Instant.parse(knownAt);
            } catch (DateTimeParseException e) {
                errors.add(Words.text().population_bad_known_at());
            }
        }
        LocalDate d = day;
        Instant m = moment;
        String done = recorded == null || recorded.isBlank() ? null : Long.toString(recordedVersion);
        var clearance = caller.clearance();
        return views.row(population).chain(row -> {
            // a page computed before at this stream version, for the same reader and question, is the same page
            PageMemo.Model kept = row == null ? null : pages.kept(population, row.version, clearance, d, m, everything);
            Uni<PageMemo.Model> model = kept != null ? Uni.createFrom().item(kept) : pages.compute(population, clearance, d, m, everything);
            return model.map(page -> row == null ? page : page.withBookkeeping(row.stalledReason, row.stalledAt));
        }).map(model -> new Asked(model, d, m, null))
                // another date or moment of a history too long to read whole: today's page, saying why
                .onFailure(e -> (d != null || m != null) && PopulationPages.tooLong(e))
                .recoverWithUni(() -> pages.compute(population, clearance, null, null, false)
                        .map(model -> new Asked(model, null, null, Words.text().population_too_long(model.seen().version(), true))))
                .map(asked -> {
                    PageMemo.Model model = asked.model();
                    Views.Seen seen = model.seen();
                    audit.disclosed(seen.held(), population, "status (web app)");
                    List<String> said = new java.util.ArrayList<>(errors);
                    if (asked.error() != null) said.add(asked.error());
                    return Templates.population(person(), seen.status(), seen, asked.day() == null ? "" : asked.day().toString(),
                            asked.moment() == null ? "" : asked.moment().toString().substring(0, 16), List.copyOf(said), done, recordedVersion,
                            asked.day() == null && asked.moment() == null,
                            model.chart(), model.map(), model.sites(), model.shown(), model.notDrawn());
                })
                // registered a moment ago and not yet in the views: say so, rather than "unknown"
                .onFailure(e -> e instanceof jakarta.ws.rs.WebApplicationException w && w.getResponse().getStatus() == 404 && done != null)
                .recoverWithItem(() -> Templates.pending(person(), population.toString(), done));
    }

    /** The page shown for a request: its date and moment (none when today's is shown instead), and why, if so. */
    private record Asked(PageMemo.Model model, LocalDate day, Instant moment, String error) {
    }

    /**
     * The page's live feed: the population's stream version each time its view changes (Server-Sent Events, over the
     * session's cookie like the page itself); /assets/live.js then fetches the page again and swaps its content in.
     * It ends when the session's tokens expire, as the API's stream ends with its token.
     */
    @GET
    @Path("populations/{id}/changes")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @org.jboss.resteasy.reactive.RestStreamElementType(MediaType.TEXT_PLAIN)
    @Operation(hidden = true)
    public io.smallrye.mutiny.Multi<String> changes(@PathParam("id") String id) {
        UUID population;
        try {
            population = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        java.time.Duration validFor = java.time.Duration.between(Instant.now(), caller.expiresAt());
        return views.live(population, caller.clearance())
                .map(seen -> seen.version() + (seen.stalledReason() == null ? "" : "/stalled"))
                .select().first(validFor.isNegative() ? java.time.Duration.ZERO : validFor);
    }

    @GET
    @Path("signed-out")
    @jakarta.annotation.security.PermitAll
    @Operation(hidden = true)
    public TemplateInstance signedOut() {
        return Templates.signedOut(null);
    }

    private Person person() {
        return person(caller);
    }

    static Person person(Caller caller) {
        var identity = caller.identity();
        List<String> roles = identity.getRoles().stream()
                .filter(r -> List.of(Roles.RECORDER, Roles.ANALYST, Roles.VIEWER, Roles.ADMIN).contains(r)).sorted().toList();
        return new Person(identity.getPrincipal().getName(), roles, caller.clearance().label(),
                identity.hasRole(Roles.RECORDER));
    }

    /** Whether the person may read what is withheld from them: for the "withheld" line. */
    static boolean anyWithheld(Map<String, Integer> withheld) {
        return withheld.values().stream().anyMatch(n -> n > 0);
    }

}
