package org.vigil.ingest.api;

import static org.vigil.ingest.api.RequestChecks.uuid;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.vigil.access.Confidentiality;
import org.vigil.ingest.app.Reading;
import org.vigil.ingest.audit.AuditLog;
import org.vigil.ingest.audit.AuditTrail;
import org.vigil.ingest.config.IngestConfig;
import org.vigil.ingest.log.AuditNote;
import org.vigil.ingest.log.RecordedEvent;
import org.vigil.ingest.security.Caller;
import org.vigil.ingest.security.Roles;
import org.vigil.problems.Problem;

/**
 * The log as a feed, for clients that do not run a Kafka consumer: what changed after a log position, page by page,
 * and the same live as Server-Sent Events whose {@code id} is the log position, so that a client reconnecting with
 * {@code Last-Event-ID} gets exactly what it missed, nothing twice. Positions have no gaps and commit in order.
 */
@Path("/log")
public class FeedResource {

    /** Events read from the log at a time, for one page of a live feed. */
    static final int STREAM_PAGE = 500;
    /** How long a live feed waits before it looks at the log again, when nothing was new. */
    static final Duration IDLE = Duration.ofMillis(200);

    private final Reading reading;
    private final IngestConfig config;
    private final Caller caller;
    private final AuditTrail audit;
    private final AuditLog auditLog;

    public FeedResource(Reading reading, IngestConfig config, Caller caller, AuditTrail audit, AuditLog auditLog) {
        this.reading = reading;
        this.config = config;
        this.caller = caller;
        this.audit = audit;
        this.auditLog = auditLog;
    }

    @GET
    @Path("events")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @Blocking
    @Operation(summary = "What changed after a log position",
            description = "The events recorded after log position after (default 0: from the start), of one population or"
                    + " all, in position order, limit read at most; events above your clearance are counted in withheld."
                    + " next asks for the page after, from lastPosition: poll it to follow the log.")
    @APIResponse(responseCode = "400", description = "after, limit or populationId is malformed",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Map<String, Object> changes(@QueryParam("after") @DefaultValue("0") String after,
                                       @QueryParam("limit") @DefaultValue("100") int limit,
                                       @QueryParam("populationId") String populationId) {
        long from = position("after", after);
        if (limit < 1 || limit > config.limits().maxPageSize()) {
            throw new ProblemException(Problem.of("bad-request", "Bad page size", 400, "limit is between 1 and "
                    + config.limits().maxPageSize(), List.of(new Problem.FieldError(null, "limit", "page.size",
                    "between 1 and " + config.limits().maxPageSize()))));
        }
        UUID population = populationId == null || populationId.isBlank() ? null : uuid("populationId", populationId);
        Confidentiality clearance = caller.clearance();
        Reading.Changes changes = reading.changes(from, limit, population, clearance);
        audit.disclosed(changes.held(), population, "changes after position " + from);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("after", from);
        answer.put("events", changes.shown().stream().map(EventView::of).toList());
        answer.put("clearance", clearance.label());
        answer.put("withheld", changes.withheld());
        answer.put("lastPosition", changes.lastPosition());
        answer.put("next", "/log/events?after=" + changes.lastPosition() + "&limit=" + limit
                + (population == null ? "" : "&populationId=" + population));
        return answer;
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @Operation(summary = "The log, live",
            description = "Server-Sent Events: each event recorded after the start, as GET /populations/{id}/events/{eventId}"
                    + " answers it, with id: its log position. The start is Last-Event-ID when a client reconnects, else"
                    + " after, else the head (only what is recorded from now on). An event above your clearance is not"
                    + " sent; when a page ends with one, an event named withheld carries its position as id, so a"
                    + " reconnect starts after it. Ends when your token expires; reconnect with a fresh one.")
    @APIResponse(responseCode = "400", description = "Last-Event-ID, after or populationId is malformed",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Multi<OutboundSseEvent> stream(@HeaderParam("Last-Event-ID") String lastEventId, @QueryParam("after") String after,
                                          @QueryParam("populationId") String populationId, @Context Sse sse,
                                          @Context io.vertx.core.http.HttpServerRequest http) {
        UUID population = populationId == null || populationId.isBlank() ? null : uuid("populationId", populationId);
        Long start = lastEventId != null && !lastEventId.isBlank() ? position("Last-Event-ID", lastEventId)
                : after != null && !after.isBlank() ? position("after", after) : null;
        Confidentiality clearance = caller.clearance(); // taken now: the stream outlives the request
        AuditNote note = AuditLog.note(http, caller.identity());
        Duration validFor = Duration.between(Instant.now(), caller.expiresAt());
        AtomicLong cursor = new AtomicLong(start == null ? -1 : start);
        Multi<Reading.Changes> pages = Multi.createBy().repeating().uni(() -> Uni.createFrom().item(() -> {
                    if (cursor.get() < 0) cursor.set(reading.head().position());
                    long from = cursor.get();
                    Reading.Changes page = reading.changes(from, STREAM_PAGE, population, clearance);
                    if (!page.held().isEmpty()) {
                        // every page that shows records above public is a read: on record before it is sent
                        auditLog.streamed(note, population, Collections.max(page.held().keySet()).label(),
                                "live feed, positions " + (from + 1) + " to " + page.lastPosition() + ":" + counts(page.held()));
                    }
                    cursor.set(page.lastPosition());
                    return page;
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .call(page -> page.shown().isEmpty() && page.withheld() == 0
                        ? Uni.createFrom().voidItem().onItem().delayIt().by(IDLE) : Uni.createFrom().voidItem()))
                .indefinitely();
        return pages.onItem().transformToIterable(page -> events(sse, page))
                .select().first(validFor.isNegative() ? Duration.ZERO : validFor);
    }

    private static List<OutboundSseEvent> events(Sse sse, Reading.Changes page) {
        List<OutboundSseEvent> out = new ArrayList<>();
        long lastSent = -1;
        for (RecordedEvent e : page.shown()) {
            out.add(sse.newEventBuilder().id(Long.toString(e.position())).mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(EventView.class, EventView.of(e)).build());
            lastSent = e.position();
        }
        if (page.withheld() > 0 && page.lastPosition() > lastSent) {
            out.add(sse.newEventBuilder().name("withheld").id(Long.toString(page.lastPosition()))
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(Map.class, Map.of("lastPosition", page.lastPosition(), "withheld", page.withheld())).build());
        }
        return out;
    }

    private static String counts(Map<Confidentiality, Integer> held) {
        StringBuilder b = new StringBuilder();
        held.forEach((level, n) -> b.append(' ').append(n).append(' ').append(level.label()));
        return b.toString();
    }

    private static long position(String field, String value) {
        try {
            long p = Long.parseLong(value.strip());
            if (p >= 0) return p;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(Problem.of("bad-request", "Bad " + field, 400, field + " is a log position, 0 or more",
                List.of(new Problem.FieldError(null, field, "position.format", "'" + value + "' is not a position"))));
    }
}
