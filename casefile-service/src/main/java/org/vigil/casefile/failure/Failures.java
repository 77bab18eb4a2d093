package org.vigil.casefile.failure;

import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Tells a failure that one event causes, whenever it is applied (the database refusing its data, the projection code
 * throwing on it), from a failure of the moment (the database restarting, unreachable, out of connections, a
 * deadlock). The first is isolated: the event is parked and only its population stalls. The second is retried with
 * backoff until the database answers again; it never stops the consumer and never parks anything.
 */
public final class Failures {

    /**
     * SQLSTATE classes that depend on the data written, not on the moment: data exceptions (22, e.g. 22021, the
     * U+0000 PostgreSQL cannot store in text), integrity constraint violations (23) and program limits such as a value
     * too large (54).
     */
    private static final Set<String> DATA_CLASSES = Set.of("22", "23", "54");

    private Failures() {
    }

    /** True when the failure comes from the data of what was applied: the same events would fail again. */
    public static boolean causedByData(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String state = sqlState(t);
            if (state != null) return state.length() >= 2 && DATA_CLASSES.contains(state.substring(0, 2));
            if (t instanceof NullPointerException || t instanceof IllegalArgumentException || t instanceof ClassCastException
                    || t instanceof ArithmeticException || t instanceof IndexOutOfBoundsException
                    || t instanceof JsonProcessingException) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the database could not be reached or went away (refused or closed connections, SQLSTATE classes 08,
     * 53, 57, and 55000 for a database that does not allow connections): a read is answered 503 with Retry-After, a batch is retried.
     */
    public static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof io.vertx.sqlclient.ClosedConnectionException
                    || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
            String state = sqlState(t);
            if (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                    || state.equals("55000"))) { // 55000: the database does not allow connections (being restored, taken away)
                return true;
            }
        }
        return false;
    }

    /** The SQLSTATE of the driver's error, or of Hibernate's translation of it (a JDBCException over an SQLException). */
    private static String sqlState(Throwable t) {
        return t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState()
                : t instanceof org.hibernate.JDBCException jdbc ? jdbc.getSQLState()
                : t instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
    }

    /** One line for a log or a stall reason, without U+0000 (which a text column refuses). */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String text = root == failure ? failure.toString() : failure.getClass().getSimpleName() + ": " + root;
        return storable(text.length() > 1000 ? text.substring(0, 1000) + "..." : text);
    }

    /** The text with U+0000 written as a backslash, u and four zeros, which every text column takes. */
    public static String storable(String text) {
        return text == null ? null : text.replace("\u0000", "\\u0000");
    }
}
