package org.vigil.casefile.consume;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The status-change notices on the Kafka topic {@code vigil.population-status}, derived from the committed views: every
 * pass compares each population's view (its stream version, stalled or not) with the last notice Kafka acknowledged
 * for it ({@code status_published}) and publishes what differs, then records it. Nothing is sent before the view is
 * committed, and a notice Kafka could not take (down at commit, or this service killed) is sent on a later pass: at
 * least once, with a stable CloudEvents id ({@code <population>/<version>[/stalled]}) by which readers drop repeats.
 * A burst of changes to one population between passes gives one notice, for its latest view.
 */
@ApplicationScoped
public class StatusNotices {

    private static final Logger LOG = Logger.getLogger(StatusNotices.class);

    private static final String PENDING = """
            SELECT c.population_id, c.version, c.position, c.stalled_reason IS NOT NULL
              FROM case_files c LEFT JOIN status_published p ON p.population_id = c.population_id
             WHERE p.population_id IS NULL OR p.version <> c.version OR p.stalled <> (c.stalled_reason IS NOT NULL)
             LIMIT $1""";

    private static final String PUBLISHED = """
            INSERT INTO status_published (population_id, version, stalled, published_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (population_id) DO UPDATE
               SET version = EXCLUDED.version, stalled = EXCLUDED.stalled, published_at = EXCLUDED.published_at""";

    private final Pool pool;
    private final MutinyEmitter<String> topic;
    private final Vertx vertx;
    private final long intervalMillis;
    private final int batch;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long timer = -1;

    /** One notice: the view of one population as committed. */
    record Notice(UUID populationId, long version, long position, boolean stalled) {
        String id() {
            return populationId + "/" + version + (stalled ? "/stalled" : "");
        }

        String body() {
            return "{\"populationId\":\"" + populationId + "\",\"streamVersion\":" + version + ",\"logPosition\":" + position
                    + ",\"stalled\":" + stalled + ",\"status\":\"/populations/" + populationId + "/status\"}";
        }
    }

    public StatusNotices(Pool pool, @Channel("population-status") MutinyEmitter<String> topic, Vertx vertx,
                         org.vigil.casefile.config.CasefileConfig config) {
        this.pool = pool;
        this.topic = topic;
        this.vertx = vertx;
        this.intervalMillis = config.statusNotices().intervalMs();
        this.batch = config.statusNotices().batch();
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(intervalMillis, id -> pass());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    /** One pass, unless the last one is still running; a failure (Kafka or the database down) waits for the next. */
    private void pass() {
        if (!running.compareAndSet(false, true)) return;
        publishPending().subscribe().with(n -> running.set(false), failure -> {
            running.set(false);
            LOG.debugf("status notices wait for the next pass: %s", failure.toString());
        });
    }

    /** Publishes the notices the committed views call for, up to one batch; how many were published. */
    public Uni<Integer> publishPending() {
        return pool.preparedQuery(PENDING).execute(Tuple.of(batch)).chain(rows -> {
            List<Notice> notices = new ArrayList<>();
            for (Row r : rows) notices.add(new Notice(r.getUUID(0), r.getLong(1), r.getLong(2), r.getBoolean(3)));
            if (notices.isEmpty()) return Uni.createFrom().item(0);
            List<Uni<Void>> sends = notices.stream().map(this::send).toList();
            // Every notice acknowledged by Kafka, then recorded; one not acknowledged fails the pass and is sent again.
            return Uni.join().all(sends).andFailFast().chain(() -> {
                OffsetDateTime now = Instant.now().atOffset(ZoneOffset.UTC);
                List<Tuple> published = notices.stream()
                        .map(n -> Tuple.of(n.populationId(), n.version(), n.stalled(), now)).toList();
                return pool.preparedQuery(PUBLISHED).executeBatch(published);
            }).replaceWith(notices.size());
        });
    }

    private Uni<Void> send(Notice n) {
        return topic.sendMessage(Message.of(n.body())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(n.populationId().toString()).build())
                .addMetadata(OutgoingCloudEventMetadata.builder().withId(n.id()).withSubject(n.populationId().toString())
                        .withType("vigil.population.status-changed.v1").build()))
                .ifNoItem().after(Duration.ofSeconds(30)).fail();
    }
}
