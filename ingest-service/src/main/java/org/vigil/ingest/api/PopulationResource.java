package org.vigil.ingest.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.vigil.problems.Problem;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.vigil.ingest.app.Found;
import org.vigil.ingest.app.Reading;
import org.vigil.ingest.app.Recording;
import org.vigil.ingest.config.IngestConfig;
import org.vigil.access.Confidentiality;
import org.vigil.ingest.log.RecordedEvent;
import org.vigil.ingest.security.Caller;
import org.vigil.ingest.security.Roles;
import org.vigil.ingest.event.EventType;
import org.vigil.ingest.json.EventJson;
import org.vigil.ingest.log.AppendResult;
import org.vigil.ingest.log.AuditNote;
import org.vigil.ingest.log.LogReader;
import static org.vigil.ingest.api.RequestChecks.*;
import org.vigil.ingest.population.AppendCommand;
import org.vigil.ingest.population.Decision;

/** The ingest API: register populations, record events one at a time or in bulk, read streams back. */
@Path("/populations")
@Produces(MediaType.APPLICATION_JSON)
public class PopulationResource {

    public static final String NDJSON = "application/x-ndjson";
    public static final String CSV = "text/csv";

    private final Recording recording;
    private final Reading reading;
    private final IngestConfig config;
    private final Caller caller;
    private final org.vigil.ingest.audit.AuditTrail audit;
    private final io.quarkus.vertx.http.runtime.CurrentVertxRequest http;

    public PopulationResource(Recording recording, Reading reading, IngestConfig config, Caller caller,
                              org.vigil.ingest.audit.AuditTrail audit, io.quarkus.vertx.http.runtime.CurrentVertxRequest http) {
        this.caller = caller;
        this.audit = audit;
        this.http = http;
        this.recording = recording;
        this.reading = reading;
        this.config = config;
    }

    /** Registers a population under a new id: the body is a PopulationRegistered event ("type" may be left out). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @NonBlocking
    @RolesAllowed(Roles.RECORDER)
    @Operation(summary = "Register a population",
            description = "The body is a vigil.population.registered event (its type may be left out). With an "
                + "Idempotency-Key a retry lands on the same population and answers what the first attempt "
                + "did.")
    @APIResponse(responseCode = "201", description = "Registered: Location names the population, ETag holds its stream version (1)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = org.vigil.ingest.api.AppendResponses.SingleReceipt.class)))
    @APIResponse(responseCode = "400", description = "The body is not JSON, or a header is malformed",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "422", description = "The event breaks a rule; every field and rule at fault is listed, nothing is recorded",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "503", description = "The log cannot be written just now; retry after Retry-After with the same Idempotency-Key",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    public Uni<Response> register(byte[] body, @HeaderParam("Idempotency-Key") String key) {
        JsonNode node = parse(body);
        if (node instanceof ObjectNode object && !object.has(EventJson.TYPE)) {
            object.put(EventJson.TYPE, EventType.POPULATION_REGISTERED.typeName());
        }
        EventJson.Decoded decoded = decode(node);
        if (decoded.type() != EventType.POPULATION_REGISTERED) {
            throw invalid("type", "type.registration", "POST /populations takes a " + EventType.POPULATION_REGISTERED.typeName()
                    + "; record other events under /populations/{id}/events");
        }
        // Keys are scoped to a population. A retried registration must land on the same population to find its key,
        // so with a key the new id is derived from it; without one it is fresh.
        UUID populationId = key == null ? ImportParser.newEventId()
                : UUID.nameUUIDFromBytes(("vigil-registration:" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AppendCommand command = new AppendCommand(populationId, 0L, List.of(newEvent(decoded)), false);
        return onThisContext(append(command, key, body)).invoke(this::audited).map(AppendResponses::registered);
    }

    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Blocking
    @Operation(summary = "List the populations you may see",
            description = "Populations in id order, a page at a time; a population whose registration is above your "
                + "clearance is counted in withheld, not shown.")
    public Map<String, Object> list(@QueryParam("after") String after, @QueryParam("limit") @DefaultValue("100") int limit) {
        int size = pageSize(limit);
        Confidentiality clearance = caller.clearance();
        var page = reading.populations(after == null ? null : uuid("after", after), size, clearance);
        audit.disclosed(page.held(), null, "populations listed");
        String next = page.nextAfter() == null ? "" : page.nextAfter().populationId().toString();
        return Map.of("populations", page.shown(), "clearance", clearance.label(), "withheld", page.withheld(), "next", next);
    }

    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("{id}")
    @Blocking
    @Operation(summary = "Read one population",
            description = "Its name, stream version and when it was registered and last updated.")
    @APIResponse(responseCode = "200", description = "The population",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = org.vigil.ingest.log.LogReader.PopulationSummary.class)))
    @APIResponse(responseCode = "403", description = "Its registration is above your clearance",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "404", description = "No population has this id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    public LogReader.PopulationSummary one(@PathParam("id") String id) {
        UUID populationId = populationId(id);
        return switch (reading.population(populationId, caller.clearance())) {
            case Found.Shown<LogReader.PopulationSummary>(var found) -> {
                audit.disclosed(Confidentiality.ofRecord(found.confidentiality()), populationId, "population " + populationId);
                yield found;
            }
            case Found.Withheld<LogReader.PopulationSummary> w -> throw new ProblemException(Problem.of("withheld",
                    "Above your clearance", 403, "this population's registration is above your clearance; it is withheld", null));
            case Found.Missing<LogReader.PopulationSummary> m -> throw unknown(populationId);
        };
    }

    /** The population's stream version once the log reached a position: what a view at that position must have applied. */
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("{id}/version")
    @Blocking
    @Operation(summary = "A population's stream version at a log position",
            description = "The stream version the population had once the log reached atPosition (default: the head): "
                + "what a view at that position must have applied.")
    @APIResponse(responseCode = "400", description = "atPosition is not a position",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "404", description = "No population has this id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    public Map<String, Object> versionAt(@PathParam("id") String id, @QueryParam("atPosition") String atPosition) {
        UUID populationId = populationId(id);
        long position;
        try {
            position = atPosition == null ? 0 : Long.parseLong(atPosition);
        } catch (NumberFormatException e) {
            position = -1;
        }
        if (position < 0) {
            throw new ProblemException(Problem.of("bad-request", "Bad atPosition", 400, "atPosition is a log position, 0 or more",
                    List.of(new Problem.FieldError(null, "atPosition", "position.positive", "'" + atPosition + "' is not a position"))));
        }
        Long at = atPosition == null ? null : position;
        long head = at == null ? reading.head().position() : at;
        long version = reading.versionAt(populationId, head).orElseThrow(() -> unknown(populationId));
        return Map.of("populationId", populationId, "atPosition", head, "version", version);
    }

    /** Records one event. {@code If-Match} carries the expected stream version, {@code Idempotency-Key} makes retries safe. */
    @RolesAllowed(Roles.RECORDER)
    @POST
    @Path("{id}/events")
    @Consumes(MediaType.APPLICATION_JSON)
    @NonBlocking
    @Operation(summary = "Record one event",
            description = "The body is one event of any current type (see the examples). If-Match carries the stream "
                + "version you expect (412 when the stream has moved on); Idempotency-Key makes a retry safe. "
                + "A 201 means the event is committed to the log.")
    @APIResponse(responseCode = "201", description = "Recorded: Location names the event, ETag holds the stream version",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = org.vigil.ingest.api.AppendResponses.SingleReceipt.class)))
    @APIResponse(responseCode = "400", description = "The body is not JSON, or a header is malformed",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "404", description = "No population has this id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "409", description = "The event conflicts with the record (its id is taken, or it refers to a retracted fact)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match names a stream version the stream has moved on from",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "422", description = "The event breaks a rule; every field and rule at fault is listed, nothing is recorded",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "503", description = "The log cannot be written just now; retry after Retry-After with the same Idempotency-Key",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    public Uni<Response> append(@PathParam("id") String id, byte[] body,
                                            @HeaderParam("If-Match") String ifMatch,
                                            @HeaderParam("Idempotency-Key") String key) {
        UUID populationId = populationId(id);
        Long expected = expectedVersion(ifMatch);
        EventJson.Decoded decoded = decode(parse(body));
        AppendCommand command = new AppendCommand(populationId, expected, List.of(newEvent(decoded)), false);
        String base = "/populations/" + populationId + "/events";
        return onThisContext(append(command, key, body)).invoke(this::audited).map(r -> AppendResponses.single(r, base));
    }

    /** Records a whole file, all or nothing: NDJSON, or CSV with field paths as column headers. */
    @RolesAllowed(Roles.RECORDER)
    @POST
    @Path("{id}/events:batch")
    @Consumes({NDJSON, CSV, "application/jsonl", "text/plain"})
    @Blocking
    @Operation(summary = "Record a file of events, all or nothing",
            description = "NDJSON (one event a line) or CSV whose column headers are field paths (type, "
                + "occurred.precision, sources[0].publisher, count[0].best); empty cells are absent fields. "
                + "Every error of every line is listed with its line number, and then nothing is recorded. "
                + "dryRun=lines checks each line on its own and dryRun=true the whole file against the record as the "
                + "append would; neither writes anything.")
    @APIResponse(responseCode = "200", description = "A dry run found nothing wrong; nothing was recorded",
            content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "201", description = "Every event recorded, in file order",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = org.vigil.ingest.api.AppendResponses.BatchReceipt.class)))
    @APIResponse(responseCode = "400", description = "The file is not UTF-8, or a header is malformed",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "404", description = "No population has this id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "409", description = "An event conflicts with the record",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match names a stream version the stream has moved on from",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "413", description = "More events than one request may carry",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "422", description = "Lines break rules; each error names its line, field and rule, nothing is recorded",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    public Response batch(@PathParam("id") String id, byte[] body,
                                           @HeaderParam("Content-Type") String contentType,
                                           @HeaderParam("If-Match") String ifMatch,
                                           @HeaderParam("Idempotency-Key") String key,
                                           @QueryParam("dryRun") String dryRun) {
        UUID populationId = populationId(id);
        Long expected = expectedVersion(ifMatch);
        DryRun check = DryRun.of(dryRun);
        String text = ImportParser.utf8(body);
        ImportParser.Parsed parsed = contentType != null && contentType.toLowerCase().startsWith(CSV)
                ? ImportParser.csv(text) : ImportParser.ndjson(text);
        if (!parsed.errors().isEmpty()) {
            throw new ProblemException(Problem.of("invalid-import", "The file has errors", 422,
                    parsed.errors().size() + " error(s); nothing was recorded. Each is listed with its line.", parsed.errors()));
        }
        if (parsed.events().isEmpty()) {
            throw invalid("", "required", "the file holds no events");
        }
        if (parsed.events().size() > config.limits().maxBatchEvents()) {
            throw new ProblemException(Problem.of("batch-too-large", "Too many events in one request", 413,
                    "at most " + config.limits().maxBatchEvents() + " events per request; split the file", null));
        }
        AppendCommand command = new AppendCommand(populationId, expected, parsed.events(), true);
        if (check == DryRun.LINES) return DryRun.passed(populationId, parsed.events().size(), check);
        if (check == DryRun.FILE) {
            Decision.Rejected refusal = recording.check(command, recorder(), body);
            if (refusal != null) throw new ProblemException(AppendResponses.fromRejection(refusal, parsed.lines()));
            return DryRun.passed(populationId, parsed.events().size(), check);
        }
        String stream = "/populations/" + populationId + "/events";
        AppendResult result = await(append(command, key, body));
        audited(result);
        return AppendResponses.batch(result, stream, parsed.lines());
    }

    /** Pages through a stream in the order it was recorded. */
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("{id}/events")
    @Blocking
    @Operation(summary = "Page through a population's events",
            description = "In the order they were recorded, after a stream version; events above your clearance are "
                + "counted in withheld, not shown.")
    @APIResponse(responseCode = "400", description = "after or limit is out of range",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "404", description = "No population has this id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    public Map<String, Object> events(@PathParam("id") String id, @QueryParam("after") @DefaultValue("0") long afterVersion,
                                      @QueryParam("limit") @DefaultValue("100") int limit) {
        UUID populationId = populationId(id);
        int size = pageSize(limit);
        if (afterVersion < 0) {
            throw new ProblemException(Problem.of("bad-request", "Bad query parameter", 400, "after is a stream version, 0 or more",
                    List.of(new Problem.FieldError(null, "after", "version.non-negative", "0 or more"))));
        }
        Confidentiality clearance = caller.clearance();
        if (!(reading.events(populationId, afterVersion, size, clearance) instanceof Found.Shown<Reading.Page<RecordedEvent>>(var page))) {
            throw unknown(populationId);
        }
        audit.disclosed(page.held(), populationId, "events");
        RecordedEvent last = page.nextAfter();
        return Map.of("populationId", populationId, "events", page.shown().stream().map(EventView::of).toList(),
                "clearance", clearance.label(), "withheld", page.withheld(),
                "next", last == null ? "" : "/populations/" + populationId + "/events?after=" + last.streamVersion() + "&limit=" + size);
    }

    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("{id}/events/{eventId}")
    @Blocking
    @Operation(summary = "Read one event",
            description = "As recorded: its data byte for byte, who recorded it, its position and hash links.")
    @APIResponse(responseCode = "200", description = "The event",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = org.vigil.ingest.api.EventView.class)))
    @APIResponse(responseCode = "403", description = "The event is above your clearance",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "404", description = "The population has no such event",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    public EventView event(@PathParam("id") String id, @PathParam("eventId") String eventId) {
        UUID populationId = populationId(id);
        UUID event = uuid("eventId", eventId);
        return switch (reading.event(populationId, event, caller.clearance())) {
            case Found.Shown<RecordedEvent>(var found) -> {
                audit.disclosed(Confidentiality.ofRecord(found.confidentiality()), populationId,
                        "event " + event + " (" + found.confidentiality() + ")");
                yield EventView.of(found);
            }
            case Found.Withheld<RecordedEvent> w -> throw new ProblemException(Problem.of("withheld", "Above your clearance", 403,
                    "this event is above your clearance; it is withheld", null));
            case Found.Missing<RecordedEvent> m -> throw new ProblemException(
                    Problem.of("not-found", "No such event", 404, "population " + populationId + " has no event " + event, null));
        };
    }

    /**
     * Lets the event loop go while the writer commits, and comes back to this request's own Vert.x context to answer:
     * the response is built where the request lives, never on the writer's thread.
     */
    private static Uni<AppendResult> onThisContext(CompletableFuture<AppendResult> pending) {
        Context context = Vertx.currentContext();
        return Uni.createFrom().completionStage(pending)
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .ifNoItem().after(java.time.Duration.ofSeconds(60))
                .failWith(() -> new RejectedExecutionException("the log did not commit within 60 s; the append may still complete"));
    }

    /**
     * Waits, on this worker thread, for the transaction that holds the append to commit. The writer completes the
     * future only after commit, so a 201 always means the events are durable.
     */
    private static AppendResult await(CompletableFuture<AppendResult> pending) {
        try {
            return pending.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while waiting for the log");
        } catch (TimeoutException e) {
            throw new RejectedExecutionException("the log did not commit within 60 s; the append may still complete");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("the append failed", e.getCause());
        }
    }

    /** Checks who records and the Idempotency-Key, and hands the command to the application layer. */
    private CompletableFuture<AppendResult> append(AppendCommand command, String key, byte[] body) {
        String by = recorder();
        idempotencyKey(key);
        // who appends and from where, for the audit line the append's transaction writes with the events
        AuditNote note = org.vigil.ingest.audit.AuditLog.note(http.getCurrent().request(), caller.identity());
        return recording.append(command, by, key, body, note);
    }

    /** Who records: the token's name, 1 to 200 characters. */
    private String recorder() {
        String by = caller.name().strip();
        if (by.isEmpty() || by.length() > 200) {
            throw new ProblemException(Problem.of("bad-token", "The token names no recorder", 403,
                    "the token's name (upn, preferred_username or sub) is 1 to 200 characters", null));
        }
        return by;
    }

    /** A committed append wrote its own audit line; anything else (a refusal, a replay) is recorded by the filter. */
    private void audited(AppendResult result) {
        if (result instanceof AppendResult.Appended a && !a.replayed()) audit.markRecorded();
    }


    private int pageSize(int limit) {
        if (limit < 1 || limit > config.limits().maxPageSize()) {
            throw new ProblemException(Problem.of("bad-request", "Bad page size", 400,
                    "limit is between 1 and " + config.limits().maxPageSize(),
                    List.of(new Problem.FieldError(null, "limit", "page.size", "between 1 and " + config.limits().maxPageSize()))));
        }
        return limit;
    }
}
