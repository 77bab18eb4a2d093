package org.vigil.casefile.store;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether this instance's views are working through a backlog: the live consumer writing events recorded long before
 * (a catch-up after a start, an outage, a new consumer group) or a rebuild writing its chunks. Work that can wait
 * behind the views (the search index's words, {@link SearchIndex}) waits while it lasts, so that on a few cores the
 * views reach the log's end first; on a live system the views run a fraction of a second behind the log and nothing
 * waits.
 */
@ApplicationScoped
public class Backlog {

    /** A batch whose newest event was recorded this long before it was written came from a backlog. */
    static final Duration BEHIND = Duration.ofSeconds(5);
    /** How long a sign of a backlog holds: about a poll's time, so a backlog's end is seen soon after it ends. */
    static final Duration HOLD = Duration.ofSeconds(2);

    private volatile long until = System.nanoTime();

    /** The live consumer wrote a batch whose newest event was recorded at {@code newest}. */
    public void wrote(Instant newest) {
        if (newest != null && Duration.between(newest, Instant.now()).compareTo(BEHIND) > 0) busy();
    }

    /** A rebuild wrote, or is about to write, a chunk. */
    public void rebuilding() {
        busy();
    }

    private void busy() {
        until = System.nanoTime() + HOLD.toNanos();
    }

    public boolean now() {
        return System.nanoTime() - until < 0;
    }
}
