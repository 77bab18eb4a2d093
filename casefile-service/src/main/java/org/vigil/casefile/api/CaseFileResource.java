package org.vigil.casefile.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
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

    public CaseFileResource(ProjectionStore store, StatusChanges changes, org.vigil.casefile.rebuild.Rebuild rebuild,
                            org.vigil.casefile.consume.EventsConsumer consumer) {
        this.store = store;
        this.changes = changes;
        this.rebuild = rebuild;
        this.consumer = consumer;
    }

    /** What a status answer carries besides the status: whether the view is stalled, and why. */
    public record StatusAnswer(PopulationStatus status, String stalledReason, Instant stalledAt) {
    }

    /** One line per population, from the stored bookkeeping alone, so the list stays fast for large streams. */
    public record Summary(UUID populationId, String name, long streamVersion, long logPosition, Instant lastRecordedAt,
                          String stalledReason, String status) {
    }

    @GET
    @Path("populations")
    public Uni<Map<String, List<Summary>>> populations() {
        return store.populations().map(rows -> Map.of("populations", rows.stream()
                .map(r -> new Summary(r.populationId, r.name, r.version, r.position, r.lastRecordedAt, r.stalledReason,
                        "/populations/" + r.populationId + "/status")).toList()));
    }

    /** {@code asOf}: the situation on that date (YYYY-MM-DD); {@code knownAt}: as the record stood then (ISO instant). */
    @GET
    @Path("populations/{id}/status")
    public Uni<StatusAnswer> status(@PathParam("id") String id, @QueryParam("asOf") String asOf,
                                    @QueryParam("knownAt") String knownAt) {
        UUID populationId = populationId(id);
        LocalDate day = asOf(asOf);
        Instant moment = knownAt(knownAt);
        return loaded(populationId).map(l -> new StatusAnswer(StatusView.of(l.file(), day, moment),
                l.row().stalledReason, l.row().stalledAt));
    }

    /**
     * What a report needs, as the case file stood at stream version {@code atVersion} (default: the latest applied),
     * for an audience ({@code public}: public records only, with how many were withheld; {@code internal}: all).
     * Answers 409 when the view has not yet applied {@code atVersion}.
     */
    @GET
    @Path("populations/{id}/dossier")
    public Uni<String> dossier(@PathParam("id") String id, @QueryParam("asOf") String asOf,
                                @QueryParam("atVersion") Long atVersion, @QueryParam("audience") String audience) {
        UUID populationId = populationId(id);
        LocalDate day = asOf(asOf);
        String who = audience == null || audience.isEmpty() ? "public" : audience;
        if (!who.equals("public") && !who.equals("internal")) {
            throw Problem.of(400, "bad-request", "Bad audience", "audience is public or internal", "audience", "audience.known");
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
            String key = populationId + "|" + version + "|" + day + "|" + who;
            return store.dossier(key, l, file -> {
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
    @GET
    @Path("populations/{id}/events/{eventId}/history")
    public Uni<Map<String, Object>> history(@PathParam("id") String id, @PathParam("eventId") String eventId) {
        UUID populationId = populationId(id);
        UUID entryId = uuid("eventId", eventId);
        return loaded(populationId).map(l -> {
            CaseFile.Entry entry = l.file().entry(entryId);
            if (entry == null) {
                throw Problem.of(404, "not-found", "No such fact", "population " + populationId + " has no fact recorded by event " + entryId, "eventId", "fact.exists");
            }
            List<RevisionView> revisions = entry.revisions().stream().map(r -> new RevisionView(r.kind().name().toLowerCase(),
                    r.byEvent(), r.streamVersion(), r.recordedAt(), r.reason(), r.confidentiality(), r.data())).toList();
            return Map.of("eventId", entryId, "type", entry.type(), "revisions", revisions);
        });
    }

    /** Server-Sent Events: the current status first, then the status again each time the view changes. */
    @GET
    @Path("populations/{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<StatusAnswer> stream(@PathParam("id") String id) {
        UUID populationId = populationId(id);
        Multi<UUID> updates = changes.stream().filter(populationId::equals);
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(populationId), updates)
                .onItem().transformToUniAndConcatenate(x -> store.load(populationId)
                        .map(l -> l == null ? null : new StatusAnswer(StatusView.of(l.file(), null, null), l.row().stalledReason, l.row().stalledAt)))
                .filter(java.util.Objects::nonNull);
    }

    /** Events parked because they could not be applied (dead letters), for inspection. */
    @GET
    @Path("populations/{id}/parked")
    public Uni<Map<String, Object>> parked(@PathParam("id") String id) {
        UUID populationId = populationId(id);
        return store.parked(populationId).map(list -> Map.of("populationId", populationId, "parked", list));
    }

    /** Applies the parked events of every stalled population again, once the cause is fixed. */
    @POST
    @Path("admin/replay")
    public Uni<Map<String, Object>> replay() {
        return store.stalledPopulations().onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(pid -> store.replay(pid).invoke(r -> {
                            changes.changed(r.changed(), r.stalled().keySet());
                            if (!r.stalled().containsKey(pid)) consumer.unstalled(List.of(pid));
                        })
                        .map(r -> Map.of("populationId", pid, "applied", r.applied(), "stillStalled", r.stalled().containsKey(pid))))
                .collect().asList().map(results -> Map.of("replayed", results));
    }

    /** Rebuilds every view from the log (the whole events topic) and answers when done. */
    @POST
    @Path("admin/rebuild")
    public Uni<org.vigil.casefile.rebuild.Rebuild.Report> rebuild() {
        return rebuild.run().invoke(r -> {
            consumer.unstalled(r.populationIds());
            consumer.stalled(r.stalled().keySet());
        });
    }

    private Uni<ProjectionStore.Loaded> loaded(UUID populationId) {
        return store.load(populationId).onItem().ifNull().failWith(() -> Problem.of(404, "unknown-population",
                "Unknown population", "no view of population " + populationId + " (not registered, or not yet projected)",
                "populationId", "population.projected"));
    }

    private static UUID populationId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problem.of(404, "unknown-population", "Unknown population", "'" + id + "' is not a population id", "populationId", "uuid.format");
        }
    }

    private static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw Problem.of(400, "bad-request", "Not a UUID", "'" + value + "' is not a UUID", field, "uuid.format");
        }
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
