package org.vigil.ingest.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vigil.ingest.event.EventRules;
import org.vigil.ingest.event.EventType;
import org.vigil.ingest.event.PopulationEvent;
import org.vigil.ingest.event.Violation;
import org.vigil.ingest.json.EventJson;
import org.vigil.ingest.json.MergePatch;
import org.vigil.ingest.json.Upcasters;
import org.vigil.ingest.population.AppendCommand;
import org.vigil.ingest.population.Decision;
import org.vigil.ingest.population.NewEvent;

/** Corrections sent as JSON Merge Patches, made whole against the fact as it stands in the log. */
final class Patches {

    /** Every name these types were written under: the log keeps old events as written. Worked out once. */
    static final Object[] CORRECTED_NAMES = Upcasters.allNames(EventType.EVENT_CORRECTED.typeName()).toArray();

    record Patched(AppendRequest request, Decision.Rejected refused) {
    }

    /** Each correction that carries a patch, made whole (JSON Merge Patch on the fact as it stands); or why not. */
    static Patched resolvePatches(Connection c, AppendRequest request) throws SQLException {
        AppendCommand command = request.command();
        List<NewEvent> events = new ArrayList<>(command.events());
        List<String> payloads = new ArrayList<>(request.payloads());
        List<Violation> problems = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < events.size(); i++) {
            if (!(events.get(i).event() instanceof PopulationEvent.EventCorrected correction)
                    || correction.patch() == null || correction.corrected() != null || correction.target() == null) continue;
            String at = command.batch() ? "events[" + i + "]." : "";
            Optional<ObjectNode> current = currentFact(c, command.populationId(), correction.target());
            if (current.isEmpty()) {
                problems.add(new Violation(at + "target", "target.exists", "event " + correction.target()
                        + " is not a recorded fact of this population: a patch needs the fact as it stands"));
                continue;
            }
            JsonNode whole = MergePatch.apply(current.get(), EventJson.mapper().valueToTree(correction.patch()));
            try {
                PopulationEvent made = EventJson.decode(whole).event();
                // the event the patch makes meets every rule, named where the client can act: under patch.
                List<Violation> broken = EventRules.check(made);
                if (!broken.isEmpty()) {
                    broken.forEach(v -> problems.add(v.prefixed(at + "patch")));
                    continue;
                }
                PopulationEvent.EventCorrected resolved = correction.resolved(made);
                events.set(i, new NewEvent(events.get(i).eventId(), resolved, events.get(i).idChosenByClient()));
                payloads.set(i, EventJson.payloadText(resolved));
                changed = true;
            } catch (EventJson.Invalid invalid) {
                invalid.violations().forEach(v -> problems.add(v.prefixed(at + "patch")));
            }
        }
        if (!problems.isEmpty()) return new Patched(request, new Decision.Rejected(Decision.Refusal.INVALID, problems));
        if (!changed) return new Patched(request, null);
        AppendCommand whole = new AppendCommand(command.populationId(), command.expectedVersion(), events, command.batch());
        return new Patched(new AppendRequest(whole, request.recordedBy(), request.idempotencyKey(), request.requestHash(),
                payloads, request.audit()), null);
    }

    /** A fact as it stands, with its type: its latest correction's event, or the event as first recorded. */
    static Optional<ObjectNode> currentFact(Connection c, UUID populationId, UUID eventId) throws SQLException {
        String sql = """
                (SELECT type, payload::text, 1 AS rank, position FROM events
                  WHERE target_event_id = ? AND stream_id = ? AND type = ANY (?)
                  ORDER BY position DESC LIMIT 1)
                UNION ALL
                (SELECT type, payload::text, 2 AS rank, position FROM events WHERE event_id = ? AND stream_id = ?)
                ORDER BY rank LIMIT 1""";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, eventId);
            s.setObject(2, populationId);
            s.setArray(3, c.createArrayOf("text", CORRECTED_NAMES));
            s.setObject(4, eventId);
            s.setObject(5, populationId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                PopulationEvent stored = EventJson.fromPayload(rs.getString(1), rs.getString(2));
                if (stored instanceof PopulationEvent.EventCorrected corrected) {
                    return corrected.corrected() == null ? Optional.empty() : Optional.of(EventJson.withType(corrected.corrected()));
                }
                if (stored instanceof PopulationEvent.EventRetracted) return Optional.empty();
                return Optional.of(EventJson.withType(stored));
            }
        }
    }

    private Patches() {
    }
}
