package org.vigil.ingest.app;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import org.vigil.ingest.log.AppendRequest;
import org.vigil.ingest.log.AppendResult;
import org.vigil.ingest.log.AuditNote;
import org.vigil.ingest.log.EventLog;
import org.vigil.ingest.log.HashChain;
import org.vigil.ingest.population.AppendCommand;
import org.vigil.ingest.population.Decision;

/**
 * Records events: hands a decided-upon command to the log's writer, which decides it against the stream's state,
 * appends it with its audit line and commits, all in one transaction. The future completes only after commit.
 */
@ApplicationScoped
public class Recording {

    private final EventLog log;

    public Recording(EventLog log) {
        this.log = log;
    }

    /**
     * Appends {@code command} for {@code recordedBy}; {@code key} (may be null) makes a retry safe: the same key with
     * the same body answers what the first attempt did, with another body it is refused. {@code note} says who asked
     * and from where, for the audit line written with the events.
     */
    public CompletableFuture<AppendResult> append(AppendCommand command, String recordedBy, String key, byte[] body,
                                                  AuditNote note) {
        return log.append(new AppendRequest(command, recordedBy, key, key == null ? null : HashChain.sha256Hex(body), note));
    }

    /**
     * Decides {@code command} against the log as it stands, writing nothing: the refusal the append would meet now,
     * or null if it would be accepted.
     */
    public Decision.Rejected check(AppendCommand command, String recordedBy, byte[] body) {
        try {
            return log.check(new AppendRequest(command, recordedBy, null, null, null));
        } catch (java.sql.SQLException e) {
            throw new StoreFailure(e);
        }
    }
}
