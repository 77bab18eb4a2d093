package org.vigil.ingest.api;

import static org.vigil.ingest.api.RequestChecks.populationId;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.vigil.access.Confidentiality;
import org.vigil.ingest.app.Found;
import org.vigil.ingest.app.Reading;
import org.vigil.ingest.audit.AuditTrail;
import org.vigil.ingest.log.LogReader;
import org.vigil.ingest.security.Caller;
import org.vigil.ingest.security.Roles;
import org.vigil.problems.Problem;

/** Exports of the log for analysts: a population's events as recorded, streamed (docs/exports.md). */
@Path("/populations")
public class ExportResource {

    static final String NDJSON = "application/x-ndjson";
    private static final Pattern TYPE = Pattern.compile("vigil\\.[a-z-]+\\.[a-z-]+(\\.v\\d+)?");

    private final Reading reading;
    private final Caller caller;
    private final AuditTrail audit;
    private final ObjectMapper json;

    public ExportResource(Reading reading, Caller caller, AuditTrail audit, ObjectMapper json) {
        this.reading = reading;
        this.caller = caller;
        this.audit = audit;
        this.json = json;
    }

    @GET
    @Path("{id}/events.ndjson")
    @Produces(NDJSON)
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @Blocking
    @Operation(summary = "A population's events as recorded, as NDJSON",
            description = "One line per event, as GET /populations/{id}/events/{eventId} answers it (metadata, position,"
                    + " hash links, and data, the payload as recorded), in the order recorded; streamed, a page of the log"
                    + " at a time, so an export of any size is never held in memory. Filters: types (comma-separated, with"
                    + " or without the version), knownAt (recorded at or before). Events above your clearance are left out"
                    + " and counted in the Vigil-Withheld header.")
    @APIResponse(responseCode = "200", description = "The events, one JSON object a line", content = @Content(mediaType = NDJSON))
    @APIResponse(responseCode = "400", description = "A filter is malformed",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The population's registration is above your clearance",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No population has this id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Response events(@PathParam("id") String id, @QueryParam("types") String types, @QueryParam("knownAt") String knownAt) {
        UUID population = populationId(id);
        Set<String> wanted = types(types);
        Instant moment = instant(knownAt);
        Confidentiality clearance = caller.clearance();
        switch (reading.population(population, clearance)) {
            case Found.Shown<LogReader.PopulationSummary> shown -> {
            }
            case Found.Withheld<LogReader.PopulationSummary> w -> throw new ProblemException(Problem.of("withheld",
                    "Above your clearance", 403, "this population's registration is above your clearance; it is withheld", null));
            case Found.Missing<LogReader.PopulationSummary> m -> throw new ProblemException(Problem.of("unknown-population",
                    "Unknown population", 404, "population " + population + " is not registered",
                    List.of(new Problem.FieldError(null, "populationId", "population.registered", "not registered"))));
        }
        Reading.Levels levels = reading.levels(population, moment, clearance);
        Map<String, Long> withheld = levels.withheld();
        audit.disclosed(levels.held(), population, "events exported");
        StreamingOutput body = out -> {
            OutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
            var writer = json.writerFor(EventView.class);
            reading.export(population, wanted, moment, clearance, e -> {
                try {
                    buffered.write(writer.writeValueAsBytes(EventView.of(e)));
                    buffered.write('\n');
                } catch (java.io.IOException io) {
                    throw new java.io.UncheckedIOException(io);
                }
            });
            buffered.flush();
        };
        String held = withheld.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        return Response.ok(body, NDJSON + ";charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + population + "-events.ndjson\"")
                .header("Vigil-Clearance", clearance.label())
                .header("Vigil-Withheld", held.isEmpty() ? "none" : held).build();
    }

    private static Set<String> types(String value) {
        if (value == null || value.isBlank()) return Set.of();
        Set<String> out = new LinkedHashSet<>();
        for (String t : value.split(",")) {
            String name = t.strip();
            if (!TYPE.matcher(name).matches()) {
                throw new ProblemException(Problem.of("bad-request", "Bad types", 400, "'" + name + "' is not an event type name",
                        List.of(new Problem.FieldError(null, "types", "type.format", "names such as vigil.attack.recorded or vigil.attack.recorded.v2"))));
            }
            out.add(name);
        }
        return out;
    }

    private static Instant instant(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(Problem.of("bad-request", "Bad knownAt", 400, "knownAt is an ISO-8601 instant",
                    List.of(new Problem.FieldError(null, "knownAt", "instant.format", "an instant such as 2026-11-23T12:00:00Z"))));
        }
    }
}
