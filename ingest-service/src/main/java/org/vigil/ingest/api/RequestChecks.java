package org.vigil.ingest.api;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.vigil.ingest.json.EventJson;
import org.vigil.ingest.population.NewEvent;
import org.vigil.problems.Problem;

/**
 * What the ingest API checks of a request before the application layer sees it: ids, headers, the body as JSON and
 * as an event. Each fault is a problem naming its field and rule.
 */
final class RequestChecks {

    private static final Pattern IF_MATCH = Pattern.compile("^(?:W/)?\"?(\\d{1,18})\"?$");
    private static final Pattern KEY = Pattern.compile("^[\\x21-\\x7E]{1,200}$");

    private RequestChecks() {
    }

    static void idempotencyKey(String key) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw new ProblemException(Problem.of("bad-request", "Bad Idempotency-Key", 400,
                    "an Idempotency-Key is 1 to 200 visible ASCII characters",
                    List.of(new Problem.FieldError(null, "Idempotency-Key", "idempotency.format", "1 to 200 visible ASCII characters"))));
        }
    }

    static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) return null;
        Matcher m = IF_MATCH.matcher(ifMatch.strip());
        if (!m.matches()) {
            throw new ProblemException(Problem.of("bad-request", "Bad If-Match", 400,
                    "If-Match carries the stream version you expect, such as \"12\"",
                    List.of(new Problem.FieldError(null, "If-Match", "version.format", "a stream version such as \"12\""))));
        }
        return Long.parseLong(m.group(1));
    }

    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) throw invalid("", "required", "the body is empty; send one event as JSON");
        try {
            return EventJson.mapper().readTree(ImportParser.utf8(body));
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.of("malformed-json", "The body is not valid JSON", 400,
                    EventJson.syntax(e), List.of(new Problem.FieldError(null, "", "json.syntax", EventJson.syntax(e)))));
        }
    }

    static EventJson.Decoded decode(JsonNode node) {
        try {
            return EventJson.decode(node);
        } catch (EventJson.Invalid invalid) {
            boolean unknownType = invalid.violations().stream().anyMatch(v -> v.rule().equals("type.known"));
            var errors = invalid.violations().stream()
                    .map(v -> new Problem.FieldError(null, v.field(), v.rule(), v.message())).toList();
            throw new ProblemException(unknownType
                    ? Problem.of("unknown-event-type", "Unknown event type", 422, errors.getFirst().message(), errors)
                    : Problem.of("invalid-event", "The event breaks a rule", 422,
                    errors.getFirst().field() + ": " + errors.getFirst().message(), errors));
        }
    }

    static NewEvent newEvent(EventJson.Decoded decoded) {
        return decoded.eventId().map(id -> new NewEvent(id, decoded.event(), true))
                .orElseGet(() -> new NewEvent(ImportParser.newEventId(), decoded.event(), false));
    }

    /** A malformed id is a bad request (400), not an unknown population: nothing could ever be found under it. */
    static UUID populationId(String id) {
        if (id == null || !UUID_TEXT.matcher(id).matches()) {
            throw new ProblemException(Problem.of("malformed-id", "The id is not a UUID", 400,
                    "'" + id + "' is not a population id (a UUID such as 8f3e2a41-5a0c-4c0e-9d7b-2a7d1f6c0a51)",
                    List.of(new Problem.FieldError(null, "populationId", "uuid.format", "a population id is a UUID"))));
        }
        return UUID.fromString(id);
    }

    static final java.util.regex.Pattern UUID_TEXT =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    static UUID uuid(String field, String value) {
        if (value == null || !UUID_TEXT.matcher(value).matches()) {
            throw new ProblemException(Problem.of("malformed-id", "The id is not a UUID", 400, "'" + value + "' is not a UUID",
                    List.of(new Problem.FieldError(null, field, "uuid.format", "an id is a UUID"))));
        }
        return UUID.fromString(value);
    }

    static ProblemException unknown(UUID populationId) {
        return new ProblemException(Problem.of("unknown-population", "Unknown population", 404,
                "population " + populationId + " is not registered",
                List.of(new Problem.FieldError(null, "populationId", "population.registered", "not registered"))));
    }

    static ProblemException invalid(String field, String rule, String message) {
        return new ProblemException(Problem.of("invalid-event", "The event breaks a rule", 422,
                (field.isEmpty() ? "" : field + ": ") + message, List.of(new Problem.FieldError(null, field, rule, message))));
    }
}
