package org.vigil.casefile.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.vigil.problems.Problem;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.vigil.casefile.app.Rebuilds;
import org.vigil.casefile.app.Upkeep;
import org.vigil.casefile.app.Views;
import org.vigil.casefile.audit.AuditLog;
import org.vigil.casefile.audit.AuditTrail;
import org.vigil.access.Confidentiality;
import org.vigil.access.Audience;
import org.vigil.casefile.projection.Dossier;
import org.vigil.casefile.projection.PopulationStatus;
import org.vigil.casefile.security.Caller;
import org.vigil.casefile.security.Roles;

/**
 * The views over HTTP: a population's status on any date as known at any moment, its dossier, its facts' histories,
 * live changes, and the operator's replay and rebuild. Reads what {@link Views} and {@link Upkeep} answer, and puts
 * on record what each answer disclosed above public.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class CaseFileResource {

    private final Views views;
    private final Upkeep upkeep;
    private final Rebuilds rebuilds;
    private final Caller caller;
    private final AuditTrail audit;
    private final AuditLog auditLog;

    public CaseFileResource(Views views, Upkeep upkeep, Rebuilds rebuilds, Caller caller, AuditTrail audit, AuditLog auditLog) {
        this.views = views;
        this.upkeep = upkeep;
        this.rebuilds = rebuilds;
        this.caller = caller;
        this.audit = audit;
        this.auditLog = auditLog;
    }

    /**
     * What a status answer carries besides the status: whether the view is stalled, and why; what was withheld; and
     * {@code listed}, how many entries each long list of the status has in all (the status shows the latest of each).
     */
    public record StatusAnswer(PopulationStatus status, String stalledReason, Instant stalledAt, String clearance,
                               Map<String, Integer> withheld, Map<String, Long> listed) {

        static StatusAnswer of(Views.Seen seen, Confidentiality clearance) {
            return new StatusAnswer(seen.status(), seen.stalledReason(), seen.stalledAt(), clearance.label(), seen.withheld(),
                    seen.listed());
        }
    }

    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations")
    @Operation(summary = "List the populations you may see",
            description = "One line per projected population, from the view's bookkeeping; a population whose "
                + "registration is above your clearance is counted in withheld, not shown.")
    public Uni<Map<String, Object>> populations() {
        Confidentiality clearance = caller.clearance();
        return views.populations(clearance).map(listing -> {
            audit.disclosed(listing.held(), null, "populations listed");
            return Map.of("populations", listing.shown(), "clearance", clearance.label(), "withheld", listing.withheld());
        });
    }

    /** {@code asOf}: the situation on that date (YYYY-MM-DD); {@code knownAt}: as the record stood then (ISO instant). */
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations/{id}/status")
    @Operation(summary = "A population's status on a date, as known at a moment",
            description = "Where it is, how many (every claim with its source), designations, refugee status, "
                + "restrictions in force, casualties, detentions, interventions and the timeline, on asOf "
                + "(default: today) as the record stood at knownAt (default: now). Records above your "
                + "clearance are left out and counted in withheld; a stalled view says so.")
    @APIResponse(responseCode = "400", description = "asOf or knownAt is malformed, or the id is not a UUID",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "404", description = "No view of this population (not registered, or not yet projected)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "503", description = "The views cannot be read just now (unavailable, with Retry-After); or, for "
                + "another asOf or knownAt, the history is longer than the service reads into memory at once (history-too-long)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    public Uni<StatusAnswer> status(@PathParam("id") String id, @QueryParam("asOf") String asOf,
                                    @QueryParam("knownAt") String knownAt) {
        UUID populationId = populationId(id);
        LocalDate day = asOf(asOf);
        Instant moment = knownAt(knownAt);
        Confidentiality clearance = caller.clearance();
        return views.status(populationId, day, moment, clearance).map(seen -> {
            audit.disclosed(seen.held(), populationId, "status");
            return StatusAnswer.of(seen, clearance);
        });
    }

    /** A page of the timeline, with how to ask for the page before it. */
    public record TimelineAnswer(UUID populationId, String clearance, long total, List<PopulationStatus.TimelineItem> timeline,
                                 String before) {
    }

    /** The most a timeline page holds. */
    static final int TIMELINE_PAGE_MAX = 1000;

    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations/{id}/timeline")
    @Operation(summary = "The timeline, a page at a time",
            description = "Today's timeline as the record stands now, in the status's order, the latest page first: "
                + "limit facts (default 100, at most 1000) just before the fact recorded by event 'before' (default: the "
                + "latest). 'before' in the answer is the value to send for the page ahead of this one; null when this "
                + "page reaches the first fact. A status shows the latest entries of its timeline and says how many there "
                + "are in all (listed.timeline); this pages through the rest. Facts above your clearance are left out.")
    @APIResponse(responseCode = "400", description = "The id or 'before' is not a UUID, or limit is not 1 to 1000",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "404", description = "No view of this population, or 'before' names no fact in its timeline",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    public Uni<TimelineAnswer> timeline(@PathParam("id") String id, @QueryParam("before") String before,
                                        @QueryParam("limit") String limit) {
        UUID populationId = populationId(id);
        List<Problem.FieldError> errors = new java.util.ArrayList<>();
        UUID beforeId = null;
        if (before != null) {
            if (UUID_TEXT.matcher(before).matches()) beforeId = UUID.fromString(before);
            else errors.add(new Problem.FieldError(null, "before", "uuid.format", "'" + before + "' is not a fact's id (the UUID of the event that recorded it)"));
        }
        int n = 100;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > TIMELINE_PAGE_MAX) {
                errors.add(new Problem.FieldError(null, "limit", "page.size", "limit must be a whole number from 1 to "
                        + TIMELINE_PAGE_MAX + ", not '" + limit + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.of(400, "bad-request", "Bad query", errors.size() == 1 ? errors.getFirst().message() : "before and limit are both invalid", errors);
        }
        Confidentiality clearance = caller.clearance();
        return views.timeline(populationId, beforeId, n, clearance).map(page -> {
            audit.disclosed(page.held(), populationId, "timeline");
            return new TimelineAnswer(populationId, clearance.label(), page.total(), page.items(),
                    page.before() == null ? null : page.before().toString());
        });
    }

    /**
     * What a report needs, as the case file stood at stream version {@code atVersion} (default: the latest applied),
     * for an audience ({@code public}: public records only, with how many were withheld; {@code internal}: all).
     * Answers 409 when the view has not yet applied {@code atVersion}.
     */
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations/{id}/dossier")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200",
            description = "The dossier: the status on asOf, the headcount history and series, every correction and"
                    + " retraction, and how many records were withheld; fields without a value are left out",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = Dossier.class)))
    @Operation(summary = "What a report needs, at a stream version",
            description = "The status on asOf, the headcount history and series, every correction and retraction, for "
                + "an audience (public: public records only, with how many were withheld; internal: all, for "
                + "confidential clearance).")
    @APIResponse(responseCode = "400", description = "A parameter is malformed",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "403", description = "The internal edition needs confidential clearance",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "404", description = "No view of this population",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "409", description = "The view has not yet applied atVersion; ask again shortly",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    public Uni<byte[]> dossier(@PathParam("id") String id, @QueryParam("asOf") String asOf,
                                @QueryParam("atVersion") Long atVersion, @QueryParam("audience") String audience) {
        UUID populationId = populationId(id);
        LocalDate day = asOf(asOf);
        Audience who = Audience.named(audience == null || audience.isEmpty() ? "public" : audience).orElseThrow(() ->
                Problem.of(400, "bad-request", "Bad audience", "audience is public or internal", "audience", "audience.known"));
        Confidentiality clearance = caller.clearance();
        if (!clearance.mayRead(who.clearance())) {
            throw Problem.of(403, "forbidden", "Not cleared for the " + who.label() + " edition", "the " + who.label()
                    + " edition holds " + who.clearance().label() + " records; your clearance is " + clearance.label(), "audience", "clearance");
        }
        if (atVersion != null && atVersion < 1) {
            throw Problem.of(400, "bad-request", "Bad atVersion", "atVersion is a stream version, 1 or more", "atVersion", "version.positive");
        }
        return views.dossier(populationId, day, atVersion, who).map(d -> {
            audit.disclosed(d.held(), populationId, who.label() + " dossier");
            return d.json();
        });
    }

    /** Every revision of one fact, oldest first: superseded figures stay visible. */
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations/{id}/events/{eventId}/history")
    @Operation(summary = "Every revision of one fact",
            description = "The fact as first recorded and each correction or retraction after it, oldest first; "
                + "superseded figures stay visible. Revisions above your clearance are left out and counted.")
    @APIResponse(responseCode = "403", description = "The fact is above your clearance",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "404", description = "No such population or fact",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "503", description = "The population's history is longer than the service reads into memory at once (history-too-long)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    public Uni<Map<String, Object>> history(@PathParam("id") String id, @PathParam("eventId") String eventId) {
        UUID populationId = populationId(id);
        UUID entryId = uuid("eventId", eventId);
        return views.history(populationId, entryId, caller.clearance()).map(h -> {
            audit.disclosed(h.held(), populationId, "history of " + entryId);
            return Map.of("eventId", h.eventId(), "type", h.type(), "revisions", h.revisions(), "withheld", h.withheld());
        });
    }

    /**
     * Server-Sent Events: the current status first, then the status again each time the view changes, until the
     * caller's token expires (the stream then ends; a client reconnects with a fresh token). Each status's id is its
     * stream version ({@code <version>/stalled} when the view is stalled there): a client that reconnects with
     * {@code Last-Event-ID} is sent the current status only when it is not the one it holds.
     */
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations/{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "The status, live",
            description = "Server-Sent Events: the current status, then the status again each time the view changes, "
                + "until your token expires. Each status's id is its stream version (<version>/stalled when the view is "
                + "stalled there); reconnecting with Last-Event-ID, a client is sent the current status only when it is "
                + "not the one it holds.")
    public Multi<OutboundSseEvent> stream(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
                                          @Context Sse sse, @Context io.vertx.core.http.HttpServerRequest http) {
        UUID populationId = populationId(id);
        Confidentiality clearance = caller.clearance(); // taken now: the stream outlives the request
        java.time.Duration validFor = java.time.Duration.between(java.time.Instant.now(), caller.expiresAt());
        AuditLog.Reader reader = auditLog.reader(http, caller.identity());
        return views.live(populationId, clearance)
                // a client that comes back with the id of the status it holds is not sent that status again
                .filter(seen -> !eventId(seen).equals(lastEventId))
                .onItem().transformToUniAndConcatenate(seen -> {
                    StatusAnswer answer = StatusAnswer.of(seen, clearance);
                    OutboundSseEvent event = sse.newEventBuilder().id(eventId(seen)).mediaType(MediaType.APPLICATION_JSON_TYPE)
                            .data(StatusAnswer.class, answer).build();
                    // Every status that shows restricted or confidential records is a read: on record before it is sent.
                    return seen.held().isEmpty() ? Uni.createFrom().item(event)
                            : auditLog.streamed(reader, populationId, seen.version(), seen.held()).replaceWith(event);
                })
                .select().first(validFor.isNegative() ? java.time.Duration.ZERO : validFor);
    }

    /** A status's id on the stream: its stream version, and whether the view is stalled there. */
    private static String eventId(Views.Seen seen) {
        return seen.version() + (seen.stalledReason() == null ? "" : "/stalled");
    }

    /** Events parked because they could not be applied (dead letters), for inspection. */
    @RolesAllowed(Roles.ADMIN) // dead letters are raw events of every level: an operator's tool
    @GET
    @Path("populations/{id}/parked")
    @Operation(summary = "Events parked for a population",
            description = "Events that could not be applied (dead letters) and why, as stored; for admins.")
    public Uni<Map<String, Object>> parked(@PathParam("id") String id) {
        UUID populationId = populationId(id);
        return views.parked(populationId).map(list -> {
            if (!list.isEmpty()) audit.disclosed(Confidentiality.CONFIDENTIAL, populationId, list.size() + " parked events, of any level");
            return Map.of("populationId", populationId, "parked", list);
        });
    }

    /** Applies the parked events of every stalled population again, once the cause is fixed. */
    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("admin/replay")
    @Operation(summary = "Apply parked and unreadable records again",
            description = "Once their cause is fixed: the parked events of every stalled population, and the kept "
                + "records that were not Vigil CloudEvents; answers what each now did.")
    public Uni<Upkeep.Replay> replay() {
        return upkeep.replay();
    }

    /** Every record kept because it was not a Vigil CloudEvent: where it was, its headers and bytes (base64), why. */
    @RolesAllowed(Roles.ADMIN)
    @GET
    @Path("admin/unreadable")
    @Operation(summary = "Records that are not Vigil events",
            description = "Every record kept because it was not a Vigil CloudEvent: where it was, its key, headers "
                + "and bytes (base64), and why.")
    public Uni<Map<String, Object>> unreadable() {
        return upkeep.unreadable().map(list -> Map.of("unreadable", list));
    }

    /**
     * Rebuilds every view from the log (the whole events topic): answers when done, or at once with
     * {@code Prefer: respond-async} (202, Location the rebuild). Refused (409) while a rebuild runs on any instance.
     */
    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("admin/rebuild")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rebuild every view from the log",
            description = "Reads the whole events topic again and writes every view anew. Answers when done (200) with "
                + "the rebuild: events read, populations, which it left stalled and why; with the header "
                + "'Prefer: respond-async' it answers at once (202, Location: /admin/rebuilds/{id}) and runs on. One "
                + "rebuild at a time across every instance: while one runs, the answer is 409 (rebuild-running) naming "
                + "it. If the instance running it dies, another instance starts it over (docs/runbook.md).")
    @APIResponse(responseCode = "200", description = "Done",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Rebuilds.Status.class)))
    @APIResponse(responseCode = "202", description = "Started (Prefer: respond-async); Location is the rebuild",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Rebuilds.Status.class)))
    @APIResponse(responseCode = "500", description = "The rebuild failed or was interrupted (rebuild-failed names why)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A rebuild is running already (on this or another instance)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<jakarta.ws.rs.core.Response> rebuild(@HeaderParam("Prefer") String prefer) {
        boolean async = prefer != null && java.util.Arrays.stream(prefer.split(","))
                .anyMatch(p -> p.trim().equalsIgnoreCase("respond-async"));
        return rebuilds.start(caller.identity().getPrincipal().getName()).chain(asked -> {
            Rebuilds.Status s = asked.rebuild();
            java.net.URI location = java.net.URI.create("/admin/rebuilds/" + s.id());
            if (!asked.started()) {
                throw new jakarta.ws.rs.WebApplicationException(Problem.of("rebuild-running", "A rebuild is running", 409,
                        "rebuild " + s.id() + " is running on " + s.instance() + " (" + s.eventsDone() + " of "
                                + (s.eventsTotal() == null ? "?" : s.eventsTotal()) + " events); follow it at " + location
                                + " and ask again when it has ended", null).toResponse());
            }
            if (async) {
                return Uni.createFrom().item(jakarta.ws.rs.core.Response.accepted(s).location(location)
                        .header("Preference-Applied", "respond-async").build());
            }
            return rebuilds.awaitEnd(s.id()).map(ended -> {
                if (!"done".equals(ended.state())) {
                    throw new jakarta.ws.rs.WebApplicationException(Problem.of("rebuild-failed", "The rebuild did not finish", 500,
                            "rebuild " + ended.id() + " ended " + ended.state() + ": " + ended.error()
                                    + (ended.restartedAs() == null ? "" : " (rebuild " + ended.restartedAs() + " started it over)"), null)
                            .toResponse());
                }
                return jakarta.ws.rs.core.Response.ok(ended).location(location).build();
            });
        });
    }

    @RolesAllowed(Roles.ADMIN)
    @GET
    @Path("admin/rebuilds")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The latest rebuilds", description = "The twenty latest rebuilds, the latest first, each as "
            + "GET /admin/rebuilds/{id} shows it.")
    public Uni<Map<String, Object>> rebuilds() {
        return rebuilds.latest(20).map(list -> Map.of("rebuilds", list));
    }

    @RolesAllowed(Roles.ADMIN)
    @GET
    @Path("admin/rebuilds/{rebuildId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A rebuild and its progress",
            description = "state (running, done, failed, interrupted), the instance running it, eventsDone of eventsTotal "
                + "(the records on the topic when it began), percent, eventsPerSecond, secondsLeft; once done, the "
                + "populations and those left stalled and why. An interrupted rebuild (its instance died) names the "
                + "rebuild that started it over in restartedAs.")
    @APIResponse(responseCode = "200", description = "The rebuild",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Rebuilds.Status.class)))
    @APIResponse(responseCode = "404", description = "No rebuild has this id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Rebuilds.Status> rebuildStatus(@PathParam("rebuildId") String rebuildId) {
        return rebuilds.find(uuid(rebuildId, "rebuildId", "rebuild")).onItem().ifNull().failWith(() -> Problem.of(404, "not-found",
                "No such rebuild", "no rebuild has the id " + rebuildId, "rebuildId", "rebuild.exists"));
    }

    /** A malformed id is a bad request (400), not an unknown population: nothing could ever be found under it. */
    static UUID populationId(String id) {
        return uuid(id, "populationId", "population");
    }

    /** An id in the path, or 400 malformed-id naming the parameter. */
    static UUID uuid(String id, String field, String what) {
        if (id == null || !UUID_TEXT.matcher(id).matches()) {
            throw Problem.of(400, "malformed-id", "The id is not a UUID", "'" + id + "' is not a " + what + " id (a UUID)",
                    field, "uuid.format");
        }
        return UUID.fromString(id);
    }

    private static final java.util.regex.Pattern UUID_TEXT =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static UUID uuid(String field, String value) {
        if (value == null || !UUID_TEXT.matcher(value).matches()) {
            throw Problem.of(400, "malformed-id", "The id is not a UUID", "'" + value + "' is not a UUID", field, "uuid.format");
        }
        return UUID.fromString(value);
    }

    private static LocalDate asOf(String value) {
        if (value == null || value.isEmpty()) return null;
        LocalDate day;
        try {
            day = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Problem.of(400, "bad-request", "Bad asOf", "asOf is a date, YYYY-MM-DD", "asOf", "date.format");
        }
        if (day.getYear() < 1 || day.getYear() > 9999) {
            throw Problem.of(400, "bad-request", "Bad asOf", "asOf lies between the years 1 and 9999", "asOf", "date.range");
        }
        return day;
    }

    static Instant knownAt(String value) {
        if (value == null || value.isEmpty()) return null;
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw Problem.of(400, "bad-request", "Bad knownAt", "knownAt is an ISO-8601 instant, e.g. 2026-11-23T12:00:00Z", "knownAt", "instant.format");
        }
    }
}
