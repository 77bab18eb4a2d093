package org.vigil.ingest.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The rows a writer hands its relay: taken only where they continue exactly from the relay's position. */
class LogSignalTest {

    static List<RecordedEvent> rows(long first, long last) {
        List<RecordedEvent> rows = new ArrayList<>();
        for (long p = first; p <= last; p++) {
            rows.add(new RecordedEvent(p, UUID.randomUUID(), UUID.randomUUID(), p, "vigil.attack.recorded.v1", Instant.EPOCH,
                    "test", null, "public", "{}", "a", "b", null));
        }
        return rows;
    }

    static List<Long> positions(List<RecordedEvent> rows) {
        return rows.stream().map(RecordedEvent::position).toList();
    }

    @Test
    void rows_are_taken_in_order_across_commits_and_within_one_up_to_the_limit() {
        LogSignal signal = new LogSignal();
        signal.handOver(true);
        signal.committed(rows(1, 3));
        signal.committed(rows(4, 8));
        assertThat(positions(signal.takeAfter(0, 5))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(positions(signal.takeAfter(5, 5))).containsExactly(6L, 7L, 8L);
        assertThat(signal.takeAfter(8, 5)).isEmpty();
        assertThat(signal.committedHead()).isEqualTo(8);
    }

    @Test
    void a_hole_before_the_kept_rows_sends_the_relay_to_the_log_and_rows_behind_it_are_let_go() {
        LogSignal signal = new LogSignal();
        signal.handOver(true);
        signal.committed(rows(1, 2));
        signal.committed(rows(5, 6)); // 3 and 4 were written by another instance
        assertThat(positions(signal.takeAfter(0, 10))).containsExactly(1L, 2L);
        assertThat(signal.takeAfter(2, 10)).isEmpty();
        // the relay read 3..5 from the log: what it has published is let go, the rest continues from memory
        assertThat(positions(signal.takeAfter(5, 10))).containsExactly(6L);
        // a republish from an earlier position reads the log
        signal.committed(rows(7, 7));
        assertThat(signal.takeAfter(1, 10)).isEmpty();
    }

    @Test
    void nothing_is_kept_while_the_relay_here_does_not_publish_and_at_most_the_limit_while_it_does() {
        LogSignal signal = new LogSignal();
        signal.committed(rows(1, 10));
        assertThat(signal.takeAfter(0, 100)).isEmpty();
        assertThat(signal.committedHead()).isEqualTo(10);

        signal.handOver(true);
        long next = 11;
        for (int i = 0; i < 3; i++) {
            signal.committed(rows(next, next + LogSignal.MAX_KEPT_EVENTS / 2 - 1));
            next += LogSignal.MAX_KEPT_EVENTS / 2;
        }
        // the oldest commit was dropped: the relay at 10 must read it from the log; the newer ones are still here
        assertThat(signal.takeAfter(10, 100)).isEmpty();
        assertThat(signal.takeAfter(10 + LogSignal.MAX_KEPT_EVENTS / 2, 1).getFirst().position())
                .isEqualTo(11 + LogSignal.MAX_KEPT_EVENTS / 2);
        signal.handOver(false);
        assertThat(signal.takeAfter(10 + LogSignal.MAX_KEPT_EVENTS, 1)).isEmpty();
    }
}
