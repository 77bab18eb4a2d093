package org.vigil.ingest.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.core.Response;
import org.vigil.problems.Problem;

/**
 * A file checked and not recorded ({@code POST /populations/{id}/events:batch?dryRun=}): {@code lines} reads and
 * checks each line on its own (its syntax, the published schema, the rules of its type), so a large file can be
 * checked a part at a time; {@code true} checks the whole file as the append would, against the log as it stands
 * (references, corrections' patches, the population). Either writes nothing and answers 200, or the same problem the
 * append would.
 */
enum DryRun {
    NONE, LINES, FILE;

    static DryRun of(String value) {
        if (value == null || value.isBlank() || value.equals("false")) return NONE;
        return switch (value) {
            case "lines" -> LINES;
            case "true", "file" -> FILE;
            default -> throw new ProblemException(Problem.of("bad-request", "Bad query parameter", 400,
                    "dryRun is lines (each line on its own) or true (the whole file against the record)",
                    List.of(new Problem.FieldError(null, "dryRun", "dry-run.value", "lines or true"))));
        };
    }

    /** The answer to a dry run that found nothing wrong. */
    static Response passed(UUID populationId, int count, DryRun check) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("populationId", populationId);
        body.put("dryRun", check == LINES ? "lines" : "file");
        body.put("count", count);
        body.put("recorded", 0);
        return Response.ok(body).build();
    }
}
