package org.vigil.ingest.log;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Tells a failure of a dependency (the database unreachable, restarting, out of connections) from a failure of the
 * request itself. The first is answered 503 with Retry-After and is retried by the client with the same
 * Idempotency-Key; the second is a bug or a refusal.
 */
public final class Unavailable {

    private Unavailable() {
    }

    /** True when anything in the cause chain says the database could not be reached or is going away. */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")
                        || state.equals("40001") || state.equals("40P01") || state.equals("55000"))) {
                    return true;
                }
                String message = s.getMessage();
                // Agroal's pool: no connection could be had within the acquisition timeout.
                if (message != null && message.contains("acquisition timeout")) return true;
            }
        }
        return false;
    }
}
