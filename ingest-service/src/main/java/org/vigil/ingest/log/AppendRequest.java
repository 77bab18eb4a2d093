package org.vigil.ingest.log;

import org.vigil.ingest.population.AppendCommand;

/**
 * A command on its way into the log, with who sent it and, when the client gave an {@code Idempotency-Key}, the key
 * and a hash of the request it was first used for.
 */
public record AppendRequest(AppendCommand command, String recordedBy, String idempotencyKey, String requestHash) {

    int size() {
        return command.events().size();
    }
}
