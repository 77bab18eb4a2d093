package org.vigil.casefile.api;

import org.vigil.problems.Problem;
import org.vigil.casefile.wire.LoggedEvent;
import org.vigil.casefile.audit.AuditTrail;
import org.vigil.casefile.security.Caller;
import org.vigil.casefile.security.Roles;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.vigil.casefile.consume.StatusChanges;
import org.vigil.casefile.projection.CaseFile;
import org.vigil.casefile.projection.Dossier;
import org.vigil.casefile.projection.PopulationStatus;
import org.vigil.casefile.projection.StatusView;
import org.vigil.casefile.store.ProjectionStore;

/** The views: a population's status on any date as known at any moment, its facts' histories, live changes. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class CaseFileResource {

    private final ProjectionStore store;
    private final StatusChanges changes;
    private final org.vigil.casefile.rebuild.Rebuild rebuild;
    private final org.vigil.casefile.consume.EventsConsumer consumer;
    private final Caller caller;
    private final AuditTrail audit;
    private final org.vigil.casefile.audit.AuditLog auditLog;
    private final org.vigil.casefile.store.UnreadableRecords unreadables;
    private final org.vigil.casefile.store.CaseFileReads reads;

    public CaseFileResource(ProjectionStore store, StatusChanges changes, org.vigil.casefile.rebuild.Rebuild rebuild,
                            org.vigil.casefile.consume.EventsConsumer consumer, Caller caller, AuditTrail audit,
                            org.vigil.casefile.audit.AuditLog auditLog, org.vigil.casefile.store.UnreadableRecords unreadables,
                            org.vigil.casefile.store.CaseFileReads reads) {
        this.auditLog = auditLog;
        this.reads = reads;
        this.unreadables = unreadables;
        this.caller = caller;
        this.audit = audit;
        this.store = store;
        this.changes = changes;
        this.rebuild = rebuild;
        this.consumer = consumer;
    }

    /** What a status answer carries besides the status: whether the view is stalled, and why. */
    public record StatusAnswer(PopulationStatus status, String stalledReason, Instant stalledAt, String clearance,
                               Map<String, Integer> withheld) {
    }

    /** One line per population, from the stored bookkeeping alone, so the list stays fast for large streams. */
    public record Summary(UUID populationId, String name, long streamVersion, long logPosition, Instant lastRecordedAt,
                          String stalledReason, String status) {
    }

    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations")
    public Uni<Map<String, Object>> populations() {
        String clearance = caller.clearance();
        int allowed = CaseFile.LEVELS.indexOf(clearance);
        // one after the other: two reactive sessions at once on one context do not mix
        return reads.populations().chain(rows -> reads.registrationLevels().map(levels -> {
            List<Summary> shown = rows.stream().filter(r -> level(levels.getOrDefault(r.populationId, "public")) <= allowed)
                    .map(r -> new Summary(r.populationId, r.name, r.version, r.position, r.lastRecordedAt, r.stalledReason,
                            "/populations/" + r.populationId + "/status")).toList();
            Map<String, Integer> listed = new java.util.HashMap<>();
            shown.forEach(r -> listed.merge(levels.getOrDefault(r.populationId(), "public"), 1, Integer::sum));
            audit.disclosed(listed, null, "populations listed");
            return Map.of("populations", shown, "clearance", clearance, "withheld", rows.size() - shown.size());
        }));
    }

    /** {@code asOf}: the situation on that date (YYYY-MM-DD); {@code knownAt}: as the record stood then (ISO instant). */
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations/{id}/status")
    public Uni<StatusAnswer> status(@PathParam("id") String id, @QueryParam("asOf") String asOf,
                                    @QueryParam("knownAt") String knownAt) {
        UUID populationId = populationId(id);
        LocalDate day = asOf(asOf);
        Instant moment = knownAt(knownAt);
        String clearance = caller.clearance();
        return loaded(populationId).map(l -> {
            CaseFile.Visible visible = l.file().visibleTo(clearance);
            audit.disclosed(visible.file().heldAbovePublic(), populationId, "status");
            return new StatusAnswer(StatusView.of(visible.file(), day, moment), l.row().stalledReason, l.row().stalledAt,
                    clearance, visible.withheld());
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
    public Uni<String> dossier(@PathParam("id") String id, @QueryParam("asOf") String asOf,
                                @QueryParam("atVersion") Long atVersion, @QueryParam("audience") String audience) {
        UUID populationId = populationId(id);
        LocalDate day = asOf(asOf);
        String who = audience == null || audience.isEmpty() ? "public" : audience;
        if (!who.equals("public") && !who.equals("internal")) {
            throw Problem.of(400, "bad-request", "Bad audience", "audience is public or internal", "audience", "audience.known");
        }
        if (who.equals("internal") && !caller.clearance().equals("confidential")) {
            throw Problem.of(403, "forbidden", "Not cleared for the internal edition",
                    "the internal edition holds confidential records; your clearance is " + caller.clearance(), "audience", "clearance");
        }
        if (atVersion != null && atVersion < 1) {
            throw Problem.of(400, "bad-request", "Bad atVersion", "atVersion is a stream version, 1 or more", "atVersion", "version.positive");
        }
        return loaded(populationId).map(l -> {
            long version = atVersion == null ? l.file().version() : atVersion;
            if (version > l.file().version()) {
                throw Problem.of(409, "not-yet-projected", "View behind the log", "the view of population " + populationId
                        + " has applied stream version " + l.file().version() + ", not yet " + version
                        + (l.row().stalledReason == null ? "" : "; it is stalled: " + l.row().stalledReason), "atVersion", "version.projected");
            }
            if (who.equals("internal")) audit.disclosed(l.file().heldAbovePublic(), populationId, "internal dossier");
            String key = populationId + "|" + version + "|" + day + "|" + who;
            return reads.dossier(key, l, file -> {
                try {
                    return DOSSIER_JSON.writeValueAsString(Dossier.of(file, version, day, who));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            });
        });
    }

    /** The dossier's JSON leaves out empty fields: a large population's dossier is megabytes of mostly absent URLs. */
    private static final com.fasterxml.jackson.databind.ObjectMapper DOSSIER_JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .findAndRegisterModules().disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    public record RevisionView(String kind, UUID byEvent, long streamVersion, Instant recordedAt, String reason,
                               String confidentiality, JsonNode data) {
    }

    /** Every revision of one fact, oldest first: superseded figures stay visible. */
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations/{id}/events/{eventId}/history")
    public Uni<Map<String, Object>> history(@PathParam("id") String id, @PathParam("eventId") String eventId) {
        UUID populationId = populationId(id);
        UUID entryId = uuid("eventId", eventId);
        String clearance = caller.clearance();
        return loaded(populationId).map(l -> {
            CaseFile.Entry entry = l.file().entry(entryId);
            if (entry == null) {
                throw Problem.of(404, "not-found", "No such fact", "population " + populationId + " has no fact recorded by event " + entryId, "eventId", "fact.exists");
            }
            int allowed = CaseFile.LEVELS.indexOf(clearance);
            if (!entry.revisions().isEmpty() && level(entry.revisions().getFirst().confidentiality()) > allowed) {
                throw Problem.of(403, "withheld", "Above your clearance", "this fact is above your clearance; it is withheld", "eventId", "clearance");
            }
            List<RevisionView> revisions = entry.revisions().stream().filter(r -> level(r.confidentiality()) <= allowed)
                    .map(r -> new RevisionView(r.kind().name().toLowerCase(), r.byEvent(), r.streamVersion(), r.recordedAt(),
                            r.reason(), r.confidentiality(), json(r.text()))).toList();
            Map<String, Integer> shown = new java.util.HashMap<>();
            revisions.forEach(r -> shown.merge(r.confidentiality(), 1, Integer::sum));
            audit.disclosed(shown, populationId, "history of " + entryId);
            return Map.of("eventId", entryId, "type", entry.type(), "revisions", revisions,
                    "withheld", entry.revisions().size() - revisions.size());
        });
    }

    /**
     * Server-Sent Events: the current status first, then the status again each time the view changes, until the
     * caller's token expires (the stream then ends; a client reconnects with a fresh token).
     */
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations/{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<StatusAnswer> stream(@PathParam("id") String id, @jakarta.ws.rs.core.Context io.vertx.core.http.HttpServerRequest http) {
        UUID populationId = populationId(id);
        String clearance = caller.clearance(); // taken now: the stream outlives the request
        java.time.Duration validFor = java.time.Duration.between(java.time.Instant.now(), caller.expiresAt());
        org.vigil.casefile.audit.AuditLog.Reader reader = auditLog.reader(http, caller.identity());
        Multi<UUID> updates = changes.stream().filter(populationId::equals);
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(populationId), updates)
                .onItem().transformToUniAndConcatenate(x -> reads.load(populationId).chain(l -> {
                    if (l == null) return Uni.createFrom().<StatusAnswer>nullItem();
                    CaseFile.Visible visible = l.file().visibleTo(clearance);
                    StatusAnswer answer = new StatusAnswer(StatusView.of(visible.file(), null, null), l.row().stalledReason,
                            l.row().stalledAt, clearance, visible.withheld());
                    Map<String, Integer> held = visible.file().heldAbovePublic();
                    // Every status that shows restricted or confidential records is a read: on record before it is sent.
                    return held.isEmpty() ? Uni.createFrom().item(answer)
                            : auditLog.streamed(reader, populationId, l.file().version(), held).replaceWith(answer);
                }))
                .filter(java.util.Objects::nonNull)
                .select().first(validFor.isNegative() ? java.time.Duration.ZERO : validFor);
    }

    /** Events parked because they could not be applied (dead letters), for inspection. */
    @RolesAllowed(Roles.ADMIN) // dead letters are raw events of every level: an operator's tool
    @GET
    @Path("populations/{id}/parked")
    public Uni<Map<String, Object>> parked(@PathParam("id") String id) {
        UUID populationId = populationId(id);
        return reads.parked(populationId).map(list -> {
            if (!list.isEmpty()) audit.disclosed("confidential", populationId, list.size() + " parked events, of any level");
            return Map.of("populationId", populationId, "parked", list);
        });
    }

    /** Applies the parked events of every stalled population again, once the cause is fixed. */
    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("admin/replay")
    public Uni<Map<String, Object>> replay() {
        return replayUnreadable().chain(unreadable -> replayStalled().map(stalled -> Map.<String, Object>of(
                "replayed", stalled, "unreadable", unreadable)));
    }

    /**
     * Reads the kept unreadable records again (the cause fixed, e.g. an upcaster added): each one that now reads as a
     * Vigil event is applied, or parked behind its population if that one stalled meanwhile, and forgotten; the
     * others stay.
     */
    private Uni<Map<String, Object>> replayUnreadable() {
        java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
        return unreadables.all().onItem().transformToMulti(records -> Multi.createFrom().iterable(records))
                .onItem().transformToUniAndConcatenate(r -> {
                    org.vigil.casefile.wire.LoggedEvent event;
                    try {
                        event = org.vigil.casefile.consume.EventsConsumer.readKept(r);
                    } catch (Exception stillUnreadable) {
                        return Uni.createFrom().item(false);
                    }
                    return store.apply(List.of(event)).invoke(result -> {
                        changes.changed(result.changed(), result.stalled().keySet());
                        consumer.stalled(result.stalled().keySet());
                    }).call(() -> unreadables.forget(r)).invoke(() -> read.incrementAndGet()).replaceWith(true);
                })
                .collect().asList().map(results -> Map.of("readNow", read.get(), "stillUnreadable", results.size() - read.get()));
    }

    /** Every record kept because it was not a Vigil CloudEvent: where it was, its headers and bytes (base64), why. */
    @RolesAllowed(Roles.ADMIN)
    @GET
    @Path("admin/unreadable")
    public Uni<Map<String, Object>> unreadable() {
        return unreadables.all().map(records -> Map.of("unreadable", records.stream().map(r -> {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("topic", r.topic());
            out.put("partition", r.partition());
            out.put("offset", r.offset());
            out.put("reason", r.reason());
            out.put("keyBase64", r.key() == null ? null : java.util.Base64.getEncoder().encodeToString(r.key()));
            out.put("headers", r.headers().stream().map(h -> Map.of("name", h.name(), "base64",
                    h.value() == null ? "" : java.util.Base64.getEncoder().encodeToString(h.value()))).toList());
            out.put("valueBase64", r.value() == null ? null : java.util.Base64.getEncoder().encodeToString(r.value()));
            return out;
        }).toList()));
    }

    private Uni<List<Map<String, Object>>> replayStalled() {
        return store.stalledPopulations().onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(pid -> store.replay(pid)
                        // Refused again for its data (e.g. an event id used twice): nothing changed, still stalled.
                        .onFailure(org.vigil.casefile.store.Failures::causedByData).recoverWithItem(refused -> new ProjectionStore.Result(
                                java.util.Set.of(), Map.of(pid, org.vigil.casefile.store.Failures.describe(refused)), 0, 0, null))
                        .invoke(r -> {
                            changes.changed(r.changed(), r.stalled().keySet());
                            if (!r.stalled().containsKey(pid)) consumer.unstalled(List.of(pid));
                        })
                        .map(r -> Map.<String, Object>of("populationId", pid, "applied", r.applied(), "stillStalled", r.stalled().containsKey(pid))))
                .collect().asList();
    }

    /** Rebuilds every view from the log (the whole events topic) and answers when done. */
    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("admin/rebuild")
    public Uni<org.vigil.casefile.rebuild.Rebuild.Report> rebuild() {
        return rebuild.run().invoke(r -> {
            consumer.unstalled(r.populationIds());
            consumer.stalled(r.stalled().keySet());
        });
    }

    private Uni<org.vigil.casefile.store.CaseFileReads.Loaded> loaded(UUID populationId) {
        return reads.load(populationId).onItem().ifNull().failWith(() -> Problem.of(404, "unknown-population",
                "Unknown population", "no view of population " + populationId + " (not registered, or not yet projected)",
                "populationId", "population.projected"));
    }

    /** A malformed id is a bad request (400), not an unknown population: nothing could ever be found under it. */
    /** A revision's JSON as stored, as it is answered. */
    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return DOSSIER_JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored revision does not read back", e);
        }
    }

    private static UUID populationId(String id) {
        if (id == null || !UUID_TEXT.matcher(id).matches()) {
            throw Problem.of(400, "malformed-id", "The id is not a UUID", "'" + id + "' is not a population id (a UUID)",
                    "populationId", "uuid.format");
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

    private static int level(String confidentiality) {
        int i = CaseFile.LEVELS.indexOf(confidentiality);
        return i < 0 ? CaseFile.LEVELS.size() - 1 : i;
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

    private static Instant knownAt(String value) {
        if (value == null || value.isEmpty()) return null;
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw Problem.of(400, "bad-request", "Bad knownAt", "knownAt is an ISO-8601 instant, e.g. 2026-11-23T12:00:00Z", "knownAt", "instant.format");
        }
    }
}
