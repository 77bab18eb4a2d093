package org.vigil.ingest.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.vigil.access.Confidentiality;
import org.vigil.ingest.config.IngestConfig;
import org.vigil.ingest.log.LogReader;
import org.vigil.ingest.log.RecordedEvent;

/**
 * Sends webhooks. The log is their outbox: for each enabled subscription, the committed events after its position
 * that it asked for (types, populations, up to its clearance) become deliveries, written with the new position in
 * one transaction; deliveries that are due are then sent, signed per Standard Webhooks, and each attempt is written
 * down. A failed attempt is retried with exponential backoff and jitter; a subscription whose every attempt has failed
 * for {@code vigil.webhooks.disable-after} is disabled, saying why. At least once: a crash between sending and writing
 * the attempt sends again, with the same {@code webhook-id}.
 *
 * <p>It reads the log table, not Kafka, and never touches the projection's path. One instance dispatches at a time,
 * holding a PostgreSQL advisory lock as the relay does.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final long LOCK_KEY = 0x5649_4749_4C57_4B48L; // "VIGILWKH"
    private static final int PAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final DataSource dataSource;
    private final LogReader reader;
    private final WebhookStore store;
    private final IngestConfig.Webhooks config;
    private final Destinations destinations;
    private final Counter delivered;
    private final Counter failed;
    private volatile boolean running;
    private volatile boolean leader;
    private Thread thread;
    private HttpClient client;
    private ExecutorService senders;

    public WebhookDispatcher(DataSource dataSource, LogReader reader, WebhookStore store, IngestConfig config,
                             MeterRegistry registry) {
        this.dataSource = dataSource;
        this.reader = reader;
        this.store = store;
        this.config = config.webhooks();
        this.destinations = new Destinations(this.config.allow().orElse(List.of()));
        this.delivered = Counter.builder("vigil.webhooks.delivered").description("Webhook deliveries a receiver accepted").register(registry);
        this.failed = Counter.builder("vigil.webhooks.failed.attempts").description("Webhook attempts that failed").register(registry);
    }

    public Destinations destinations() {
        return destinations;
    }

    public boolean isLeader() {
        return leader;
    }

    void start(@Observes @Priority(40) StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("webhook dispatch is disabled by configuration");
            return;
        }
        client = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
        senders = Executors.newVirtualThreadPerTaskExecutor();
        running = true;
        thread = Thread.ofPlatform().name("vigil-webhooks").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
        }
        if (senders != null) senders.shutdownNow();
    }

    private void run() {
        while (running) {
            try (Connection lock = dataSource.getConnection()) {
                if (!tryLock(lock)) {
                    leader = false;
                    Thread.sleep(2_000);
                    continue;
                }
                leader = true;
                LOG.info("this instance now dispatches webhooks");
                while (running) {
                    // The lock lives as long as its session: one the database ended (a restart, a cut) took the lock
                    // with it, and another instance may hold it now. Looked at before every round, so a dispatcher
                    // whose session ended sends at most the round under way beside the new one, then takes the
                    // lock again (or waits for it) instead of going on without it.
                    if (!lock.isValid(5)) throw new SQLException("the session holding the webhook lock has ended");
                    boolean busy = fanOut() | send();
                    if (!busy) Thread.sleep(config.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) return;
                LOG.warnf("webhook dispatch stopped (%s); starting again in 1 s", e.toString());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ie) {
                    return;
                }
            } finally {
                leader = false;
            }
        }
    }

    /** Turns new events into deliveries, a page per subscription; true when a page was full (more may wait). */
    boolean fanOut() throws SQLException {
        boolean more = false;
        for (WebhookStore.Subscription s : store.subscriptions(null)) {
            if (!s.enabled()) continue;
            List<RecordedEvent> page = reader.after(s.position(), PAGE, s.populations().size() == 1 ? s.populations().getFirst() : null);
            if (page.isEmpty()) continue;
            List<RecordedEvent> wanted = page.stream().filter(e -> wants(s, e)).toList();
            store.fanOut(s.id(), s.position(), page.getLast().position(), wanted, Instant.now());
            more |= page.size() == PAGE;
        }
        return more;
    }

    /** Whether a subscription takes an event: of its types and populations, and within its clearance. */
    static boolean wants(WebhookStore.Subscription s, RecordedEvent e) {
        if (!Confidentiality.ofRecord(s.clearance()).mayRead(Confidentiality.ofRecord(e.confidentiality()))) return false;
        if (!s.populations().isEmpty() && !s.populations().contains(e.populationId())) return false;
        if (s.eventTypes().isEmpty()) return true;
        for (String t : s.eventTypes()) if (e.type().equals(t) || e.type().startsWith(t + ".v")) return true;
        return false;
    }

    /**
     * Sends what is due, a round at a time (up to {@code round} deliveries, {@code concurrency} of them at once), then
     * writes the round's attempts in one transaction; true when any was sent.
     */
    boolean send() throws Exception {
        List<WebhookStore.Due> due = store.due(Instant.now(), config.round());
        if (due.isEmpty()) return false;
        Map<Long, RecordedEvent> events = new HashMap<>();
        for (RecordedEvent e : reader.at(due.stream().map(d -> d.delivery().position()).distinct().toList())) {
            events.put(e.position(), e);
        }
        // an event goes to many subscriptions with the same body (only the signature differs): written once a round
        Map<Long, byte[]> bodies = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(config.concurrency());
        List<Future<WebhookStore.Outcome>> sending = new ArrayList<>();
        for (WebhookStore.Due d : due) {
            RecordedEvent e = events.get(d.delivery().position());
            inFlight.acquire();
            sending.add(senders.submit(() -> {
                try {
                    return attempt(d, e, bodies);
                } finally {
                    inFlight.release();
                }
            }));
        }
        List<WebhookStore.Outcome> outcomes = new ArrayList<>(sending.size());
        for (Future<WebhookStore.Outcome> f : sending) {
            WebhookStore.Outcome o = f.get();
            if (o != null) outcomes.add(o);
        }
        Map<java.util.UUID, String> disabled = store.recordAttempts(outcomes, Instant.now().minus(config.disableAfter()));
        for (WebhookStore.Outcome o : outcomes) (o.ok() ? delivered : failed).increment();
        disabled.forEach((id, why) -> LOG.warnf("webhook subscription %s disabled: %s", id, why));
        return true;
    }

    /** One attempt at a delivery; what came of it (null if interrupted: nothing is written, it stays due). */
    private WebhookStore.Outcome attempt(WebhookStore.Due d, RecordedEvent event, Map<Long, byte[]> bodies) {
        WebhookStore.Delivery delivery = d.delivery();
        Instant at = Instant.now();
        long started = System.nanoTime();
        Integer status = null;
        String error;
        try {
            URI url = URI.create(d.url());
            String refusal = destinations.refusal(url);
            if (event == null) {
                error = "not sent: no event at log position " + delivery.position();
            } else if (refusal != null) {
                error = "not sent: " + refusal;
            } else {
                byte[] body = bodies.get(event.position());
                if (body == null) {
                    body = body(event);
                    bodies.put(event.position(), body);
                }
                long timestamp = at.getEpochSecond();
                String id = delivery.id().toString();
                HttpRequest request = HttpRequest.newBuilder(url).timeout(config.requestTimeout())
                        .header("content-type", "application/json").header("user-agent", "Vigil-Webhooks/1")
                        .header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
                        .header("webhook-signature", Signature.sign(d.secret(), id, timestamp, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                status = response.statusCode();
                String answer;
                try (InputStream in = response.body()) {
                    answer = new String(in.readNBytes(config.maxResponseBytes()), StandardCharsets.UTF_8);
                }
                error = status >= 200 && status < 300 ? null : "the receiver answered " + status + (answer.isBlank() ? "" : ": " + answer);
            }
        } catch (HttpTimeoutException e) {
            error = "no answer within " + config.requestTimeout().toMillis() + " ms (" + e.getMessage() + ")";
        } catch (IOException | IllegalArgumentException e) {
            error = "could not send: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        int took = (int) ((System.nanoTime() - started) / 1_000_000);
        boolean ok = error == null;
        if (error != null && error.length() > 1024) error = error.substring(0, 1024);
        int n = delivery.attempts() + 1;
        return new WebhookStore.Outcome(delivery, new WebhookStore.Attempt(n, at, status, error, took), ok, at.plus(backoff(n)));
    }

    /** How long to wait after the {@code n}th failed attempt: base x 2^(n-1), at most the cap, then a random half to whole of it. */
    Duration backoff(int n) {
        double full = Math.min(config.retryCap().toMillis(), config.retryBase().toMillis() * Math.pow(2, Math.min(n - 1, 30)));
        return Duration.ofMillis((long) (full / 2 + ThreadLocalRandom.current().nextDouble() * full / 2));
    }

    /** The body of one delivery: {type, timestamp, data}; data is the event as the API shows it, payload byte for byte. */
    byte[] body(RecordedEvent e) throws IOException {
        Payload data = new Payload(e.eventId().toString(), e.populationId().toString(), e.streamVersion(), e.position(), e.type(),
                e.recordedAt(), e.recordedBy(), e.confidentiality(), e.targetEventId() == null ? null : e.targetEventId().toString(),
                e.previousHash(), e.hash(), e.payload(), null);
        byte[] body = JSON.writeValueAsBytes(new Message(e.type(), e.recordedAt(), data));
        if (body.length <= config.maxPayloadBytes()) return body;
        Payload thin = new Payload(data.eventId(), data.populationId(), data.streamVersion(), data.position(), data.type(),
                data.recordedAt(), data.recordedBy(), data.confidentiality(), data.targetEventId(), data.previousHash(), data.hash(),
                null, "/populations/" + e.populationId() + "/events/" + e.eventId());
        return JSON.writeValueAsBytes(new Message(e.type(), e.recordedAt(), thin));
    }

    record Message(String type, Instant timestamp, Payload data) {
    }

    /** {@code href}: where to read an event too large to travel in the delivery (its {@code data} is then absent). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Payload(String eventId, String populationId, long streamVersion, long position, String type, Instant recordedAt,
                   String recordedBy, String confidentiality, String targetEventId, String previousHash, String hash,
                   @JsonRawValue String data, String href) {
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            s.setLong(1, LOCK_KEY);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
