package org.vigil.ingest.log;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * What this instance's log writer tells its relay after each commit: that a commit happened (so the relay need not
 * wait for its next poll), how far this instance's commits reach, and, while the relay here publishes, the committed
 * rows themselves, so it can publish them without reading them back from the log.
 *
 * <p>Only rows of a committed transaction are handed over, so nothing uncommitted can reach Kafka this way. The
 * relay takes rows from here only when they continue exactly where it stands; anything else (rows another instance
 * wrote, a republish from an earlier position, rows dropped because it fell behind) it reads from the log, which
 * stays the one source of truth. At most {@value #MAX_KEPT_EVENTS} rows wait here; older ones are dropped.
 */
@ApplicationScoped
public class LogSignal {

    static final int MAX_KEPT_EVENTS = 10_000;

    private final Semaphore commits = new Semaphore(0);
    private final ConcurrentLinkedQueue<List<RecordedEvent>> committed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();
    private final AtomicLong head = new AtomicLong();
    private volatile boolean handing;

    /** Called by the writer once the transaction holding these rows (contiguous positions, in order) has committed. */
    void committed(List<RecordedEvent> rows) {
        if (!rows.isEmpty()) {
            head.accumulateAndGet(rows.getLast().position(), Math::max);
            if (handing) {
                committed.add(rows);
                if (kept.addAndGet(rows.size()) > MAX_KEPT_EVENTS) dropOldest();
            }
        }
        if (commits.availablePermits() == 0) commits.release();
    }

    /** The last position this instance has committed since it started (0 if none). */
    public long committedHead() {
        return head.get();
    }

    /** The relay here publishes (true) or not: only while it does are committed rows kept for it. */
    public void handOver(boolean on) {
        handing = on;
        if (!on) {
            committed.clear();
            kept.set(0);
        }
    }

    /**
     * The committed rows that follow {@code position} without a hole, at most {@code max}, from those handed over;
     * empty when the next row is not among them (the relay then reads the log). Rows at or before
     * {@code position} are let go.
     */
    public List<RecordedEvent> takeAfter(long position, int max) {
        List<RecordedEvent> out = new ArrayList<>();
        long next = position + 1;
        List<RecordedEvent> rows;
        while (out.size() < max && (rows = committed.peek()) != null) {
            long first = rows.getFirst().position();
            if (rows.getLast().position() < next) {
                release(rows);
                continue;
            }
            if (first > next) break;
            int from = (int) (next - first);
            int take = Math.min(rows.size() - from, max - out.size());
            out.addAll(rows.subList(from, from + take));
            next += take;
            if (from + take < rows.size()) break;
            release(rows);
        }
        return out;
    }

    /** Whether any handed-over rows wait (that may not continue from the relay's position). */
    public boolean holdsRows() {
        return !committed.isEmpty();
    }

    /** Waits until a commit or the timeout, whichever comes first; true if a commit came. */
    public boolean await(long millis) throws InterruptedException {
        if (!commits.tryAcquire(millis, TimeUnit.MILLISECONDS)) return false;
        commits.drainPermits();
        return true;
    }

    private void dropOldest() {
        List<RecordedEvent> rows;
        while (kept.get() > MAX_KEPT_EVENTS && (rows = committed.peek()) != null) release(rows);
    }

    private void release(List<RecordedEvent> rows) {
        if (committed.remove(rows)) kept.addAndGet(-rows.size());
    }
}
