package org.vigil.ingest.app;

/**
 * The log could not be read (its cause says why: the database unreachable, restarting, or a fault). Unchecked, so
 * the HTTP layer sees no JDBC types; it answers 503 when the cause is the database out of reach, 500 otherwise.
 */
public final class StoreFailure extends RuntimeException {

    StoreFailure(Exception cause) {
        super(cause.getMessage(), cause);
    }
}
