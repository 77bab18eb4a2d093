package org.vigil.ingest.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.log.HashChain;
import org.vigil.ingest.log.LogReader;
import org.vigil.ingest.publish.OutboxRelay;
import org.vigil.ingest.testing.Fixtures;
import org.vigil.ingest.testing.IngestInfraResource;
import org.vigil.ingest.testing.LocalInfra;

/**
 * Not a test of speed: a measurement that prints figures. Run it with deploy/local/bench.sh. It asserts only that
 * the work was done (every event committed and published), never how fast.
 */
@Tag("benchmark")
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class IngestBenchmark {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.ingest.testing.Tokens.useEverywhere();
    }

    static final int BULK_EVENTS = Integer.getInteger("bench.bulk.events", 100_000);
    static final int BULK_BATCH = Integer.getInteger("bench.bulk.batch", 1_000);
    static final int SINGLE_EVENTS = Integer.getInteger("bench.single.events", 30_000);
    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);

    @TestHTTPResource("/")
    URI base;

    @Inject
    OutboxRelay relay;

    @Inject
    LogReader reader;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /** Every request carries a recorder's token, as a real client's would: its verification is part of the cost. */
    static final String BEARER = "Bearer " + org.vigil.ingest.testing.Tokens.token("benchmark", null, "recorder");

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<String> report = new ArrayList<>();

    @Test
    void measure() throws Exception {
        String eventLine = Fixtures.line(Fixtures.attack(13));
        say("== Vigil ingest benchmark: %d cores, max heap %d MB, Java %s", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));

        double limit = rawInsertLimit(eventLine);
        double bulk = bulk(eventLine);
        say("bulk / raw limit ratio: %.2f", bulk / limit);
        single(Fixtures.attack(13));
        say("process RSS after the run: %d MB (service and load generator share this JVM); heap used %d MB",
                rssMegabytes(), (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        Path out = Path.of("target/benchmark-ingest.txt");
        Files.write(out, report);
        System.out.println("figures written to " + out.toAbsolutePath());
    }

    /** The same rows, straight into a copy of the events table with JDBC batches: what PostgreSQL alone can take. */
    double rawInsertLimit(String eventLine) throws Exception {
        Map<String, String> env = LocalInfra.env();
        String database = LocalInfra.databaseOf(jdbcUrl);
        String payload = org.vigil.ingest.json.EventJson.payloadText(
                org.vigil.ingest.json.EventJson.decode(org.vigil.ingest.json.EventJson.mapper().readTree(eventLine)).event());
        try (Connection c = java.sql.DriverManager.getConnection(LocalInfra.jdbcUrl(env, database) + "?reWriteBatchedInserts=true",
                "vigil_ingest_owner", env.get("VIGIL_DB_PASSWORD"))) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE raw_limit (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)");
            }
            c.setAutoCommit(false);
            UUID stream = UUID.randomUUID();
            String prev = HashChain.GENESIS;
            long start = System.nanoTime();
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO raw_limit (position, event_id, stream_id, stream_version, type, recorded_at, recorded_by,
                                           target_event_id, confidentiality, payload, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json, ?, ?)""")) {
                for (int i = 1; i <= BULK_EVENTS; i++) {
                    s.setLong(1, i);
                    s.setObject(2, UUID.randomUUID());
                    s.setObject(3, stream);
                    s.setLong(4, i);
                    s.setString(5, "vigil.attack.recorded.v1");
                    s.setTimestamp(6, Timestamp.from(Instant.now()));
                    s.setString(7, "bench");
                    s.setObject(8, null);
                    s.setString(9, "public");
                    s.setString(10, payload);
                    s.setString(11, prev);
                    s.setString(12, prev); // the hash value's cost is measured in the service, not here
                    s.addBatch();
                    if (i % BULK_BATCH == 0) {
                        s.executeBatch();
                        c.commit();
                    }
                }
                s.executeBatch();
                c.commit();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = BULK_EVENTS / seconds;
            say("raw PostgreSQL batched insert (limit): %d rows in %.2f s = %.0f rows/s (batches of %d, one commit each)",
                    BULK_EVENTS, seconds, rate, BULK_BATCH);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE raw_limit");
            }
            c.commit();
            return rate;
        }
    }

    /** NDJSON batches over HTTP, two clients at a time, until every event is committed and acknowledged by Kafka. */
    double bulk(String eventLine) throws Exception {
        String population = register("bulk");
        String body = (eventLine + "\n").repeat(BULK_BATCH);
        int requests = BULK_EVENTS / BULK_BATCH;
        long start = System.nanoTime();
        long[] latencies = runConcurrently(2, requests, i -> post("populations/" + population + "/events:batch",
                "application/x-ndjson", body));
        long committed = System.nanoTime();
        long head = reader.headPosition();
        while (relay.publishedPosition() < head) Thread.sleep(5);
        long published = System.nanoTime();
        double rate = BULK_EVENTS / ((published - start) / 1e9);
        say("bulk: %d events in %d requests of %d: committed in %.2f s, committed and published in %.2f s = %.0f events/s; request p50 %.1f ms, p99 %.1f ms",
                BULK_EVENTS, requests, BULK_BATCH, (committed - start) / 1e9, (published - start) / 1e9, rate,
                percentile(latencies, 0.50), percentile(latencies, 0.99));
        return rate;
    }

    void single(String eventJson) throws Exception {
        List<String> populations = new ArrayList<>();
        for (int i = 0; i < 100; i++) populations.add(register("single " + i));
        runConcurrently(CONCURRENCY, 10_000, i -> post("populations/" + populations.get(i % 100) + "/events", "application/json", eventJson)); // warm-up
        long start = System.nanoTime();
        long[] latencies = runConcurrently(CONCURRENCY, SINGLE_EVENTS,
                i -> post("populations/" + populations.get(i % 100) + "/events", "application/json", eventJson));
        long committed = System.nanoTime();
        long head = reader.headPosition();
        while (relay.publishedPosition() < head) Thread.sleep(5);
        long published = System.nanoTime();
        say("single POST at concurrency %d: %d events committed in %.2f s = %.0f events/s; committed and published %.0f events/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                CONCURRENCY, SINGLE_EVENTS, (committed - start) / 1e9, SINGLE_EVENTS / ((committed - start) / 1e9),
                SINGLE_EVENTS / ((published - start) / 1e9), percentile(latencies, 0.50), percentile(latencies, 0.99),
                percentile(latencies, 1.0));
    }

    interface Call {
        int run(int i) throws Exception;
    }

    long[] runConcurrently(int threads, int total, Call call) throws Exception {
        long[] latencies = new long[total];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        long t0 = System.nanoTime();
                        int status = call.run(i);
                        latencies[i] = System.nanoTime() - t0;
                        assertThat(status).isEqualTo(201);
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) w.get();
        } finally {
            pool.shutdownNow();
        }
        return latencies;
    }

    int post(String path, String contentType, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType).header("Authorization", BEARER)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    String register(String name) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("populations")).header("Content-Type", "application/json").header("Authorization", BEARER)
                .POST(HttpRequest.BodyPublishers.ofString(Fixtures.registration(name))).build();
        String response = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        return org.vigil.ingest.json.EventJson.mapper().readTree(response).get("populationId").asText();
    }

    static double percentile(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    static long rssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    void say(String format, Object... args) {
        String line = String.format(format, args);
        report.add(line);
        System.out.println(line);
    }
}
