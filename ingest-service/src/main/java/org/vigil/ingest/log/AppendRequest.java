package org.vigil.ingest.log;

import java.util.List;

import org.vigil.ingest.json.EventJson;
import org.vigil.ingest.population.AppendCommand;

/**
 * A command on its way into the log, with who sent it and, when the client gave an {@code Idempotency-Key}, the key
 * and a hash of the request it was first used for. The events' stored JSON is made here, on the caller's thread, so
 * that the single writer thread spends its time only on what must be serial: deciding, linking and writing.
 * {@code audit}, when given, is written as an audit log line in the same transaction as the events it appends.
 */
public record AppendRequest(AppendCommand command, String recordedBy, String idempotencyKey, String requestHash,
                            List<String> payloads, AuditNote audit) {

    public AppendRequest {
        payloads = List.copyOf(payloads);
        if (payloads.size() != command.events().size()) {
            throw new IllegalArgumentException("one payload per event");
        }
    }

    public AppendRequest(AppendCommand command, String recordedBy, String idempotencyKey, String requestHash, AuditNote audit) {
        this(command, recordedBy, idempotencyKey, requestHash,
                command.events().stream().map(e -> EventJson.payloadText(e.event())).toList(), audit);
    }

    public AppendRequest(AppendCommand command, String recordedBy, String idempotencyKey, String requestHash) {
        this(command, recordedBy, idempotencyKey, requestHash, null);
    }

    int size() {
        return command.events().size();
    }
}
