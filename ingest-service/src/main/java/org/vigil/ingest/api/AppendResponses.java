package org.vigil.ingest.api;

import org.vigil.problems.Problem;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;
import org.vigil.ingest.event.Violation;
import org.vigil.ingest.log.AppendResult;
import org.vigil.ingest.population.Decision;

/** Turns what the log says of an append into the HTTP answer. */
final class AppendResponses {

    private static final Pattern BATCH_FIELD = Pattern.compile("^events\\[(\\d+)](?:\\.(.*))?$");

    private AppendResponses() {
    }

    record SingleReceipt(UUID populationId, UUID eventId, long streamVersion, long position, String recordedAt, String hash) {
    }

    record BatchReceipt(UUID populationId, long streamVersion, int count, List<AppendResult.Receipt> events) {
    }

    static Response single(AppendResult result, String basePath) {
        return switch (result) {
            case AppendResult.Appended a -> {
                AppendResult.Receipt r = a.events().getFirst();
                yield created(URI.create(basePath + "/" + r.eventId()), a,
                        new SingleReceipt(a.populationId(), r.eventId(), r.streamVersion(), r.position(), r.recordedAt(), r.hash()));
            }
            default -> refused(result, null);
        };
    }

    static Response registered(AppendResult result) {
        return switch (result) {
            case AppendResult.Appended a -> {
                AppendResult.Receipt r = a.events().getFirst();
                yield created(URI.create("/populations/" + a.populationId()), a,
                        new SingleReceipt(a.populationId(), r.eventId(), r.streamVersion(), r.position(), r.recordedAt(), r.hash()));
            }
            default -> refused(result, null);
        };
    }

    static Response batch(AppendResult result, String streamPath, List<Integer> lines) {
        return switch (result) {
            case AppendResult.Appended a -> created(URI.create(streamPath), a,
                    new BatchReceipt(a.populationId(), a.streamVersion(), a.events().size(), a.events()));
            default -> refused(result, lines);
        };
    }

    private static Response created(URI location, AppendResult.Appended a, Object body) {
        Response.ResponseBuilder b = Response.status(201).location(location).entity(body)
                .header("ETag", "\"" + a.streamVersion() + "\"");
        if (a.replayed()) b.header("Idempotent-Replayed", "true");
        return b.build();
    }

    static Response refused(AppendResult result, List<Integer> lines) {
        Problem problem = switch (result) {
            case AppendResult.KeyReused k -> Problem.of("idempotency-key-reused", "Idempotency key already used", 422,
                    "the Idempotency-Key '" + k.key() + "' was used for a different request; use a new key",
                    List.of(new Problem.FieldError(null, "Idempotency-Key", "idempotency.same-request",
                            "a key may only be reused for the same request")));
            case AppendResult.Refused r -> fromRejection(r.rejection(), lines);
            case AppendResult.Appended a -> throw new IllegalArgumentException("not a refusal");
        };
        return problem.toResponse();
    }

    static Problem fromRejection(Decision.Rejected rejected, List<Integer> lines) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (Violation v : rejected.violations()) errors.add(fieldError(v, lines));
        String first = errors.getFirst().field() + ": " + errors.getFirst().message();
        return switch (rejected.refusal()) {
            case INVALID -> Problem.of("invalid-event", "The event breaks a rule", 422,
                    errors.size() == 1 ? first : errors.size() + " rules broken; nothing was recorded", errors);
            case UNKNOWN_POPULATION -> Problem.of("unknown-population", "Unknown population", 404, first, errors);
            case VERSION_CONFLICT -> Problem.of("version-conflict", "The stream has moved on", 412, first, errors);
            case CONFLICT -> Problem.of("conflict", "Conflicts with the record", 409, first, errors);
            case INVALID_REFERENCE -> Problem.of("invalid-reference", "Refers to an event it may not", 422, first, errors);
        };
    }

    private static Problem.FieldError fieldError(Violation v, List<Integer> lines) {
        if (lines != null && v.field() != null) {
            Matcher m = BATCH_FIELD.matcher(v.field());
            if (m.matches()) {
                int index = Integer.parseInt(m.group(1));
                return new Problem.FieldError(index < lines.size() ? lines.get(index) : null,
                        m.group(2) == null ? "" : m.group(2), v.rule(), v.message());
            }
        }
        return new Problem.FieldError(null, v.field(), v.rule(), v.message());
    }
}
