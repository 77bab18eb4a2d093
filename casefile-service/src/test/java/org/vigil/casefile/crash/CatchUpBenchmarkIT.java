package org.vigil.casefile.crash;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.PackagedCasefile;
import org.vigil.casefile.testing.ProcessCpu;

/**
 * A measurement, not a test: fills a topic with events for many populations, starts the packaged service on it and
 * prints how fast it catches up, how long a rebuild takes, and its memory. Run by deploy/local/bench-casefile.sh.
 */
class CatchUpBenchmarkIT {

    static final int POPULATIONS = Integer.getInteger("bench.populations", 1_000);
    static final int PER_POPULATION = Integer.getInteger("bench.events.per.population", 1_000);
    static final ObjectMapper JSON = new ObjectMapper();

    final List<String> report = new ArrayList<>();

    @Test
    void measure() throws Exception {
        Map<String, String> env = CasefileInfraResource.env();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String database = "vigil_casefile_bench_" + run;
        String database2 = "vigil_casefile_bench2_" + run;
        String topic = "vigil.population-events.bench-" + run;
        String heap = System.getProperty("bench.heap", "1g");
        try (Connection c = admin(env); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database + " OWNER vigil_casefile_owner");
            s.execute("CREATE DATABASE " + database2 + " OWNER vigil_casefile_owner");
        }
        long total = (long) POPULATIONS * PER_POPULATION;
        long fillStart = System.nanoTime();
        fill(env.get("VIGIL_KAFKA_BOOTSTRAP"), topic);
        say("== casefile catch-up benchmark: %d populations x %d events = %d events over %d partitions; topic filled in %.1f s;"
                + " casefile at -Xmx%s; %d cores", POPULATIONS, PER_POPULATION, total, partitions(env, topic),
                (System.nanoTime() - fillStart) / 1e9, heap, Runtime.getRuntime().availableProcessors());

        Map<String, String> jfr = System.getProperty("bench.jfr") == null ? Map.of() : Map.of("JAVA_TOOL_OPTIONS",
                "-XX:StartFlightRecording=duration=60s,filename=" + System.getProperty("bench.jfr") + ",settings=profile");
        double catchUpRate;
        double secondHalfRate;
        double rebuildRate = 0;
        try {
            try (PackagedCasefile service = PackagedCasefile.start(database, topic, "bench-" + run, PackagedCasefile.freePort(),
                    heap, "benchmark-casefile-" + run + ".log", jfr)) {
                long pid = service.process().pid();
                try (Peaks peaks = new Peaks(List.of(service))) {
                    ProcessCpu.Reading before = ProcessCpu.Reading.of(pid);
                    long start = System.nanoTime();
                    // the second half timed apart: a fresh JVM compiles its hot code during the first (the JIT's
                    // threads took 0.4-0.8 of a core through a 40 s catch-up), a running one does not
                    PackagedCasefile.waitUntil(() -> service.metric("vigil_projection_events_applied_total") >= total / 2, Duration.ofMinutes(30));
                    long half = System.nanoTime();
                    double halfApplied = service.metric("vigil_projection_events_applied_total");
                    PackagedCasefile.waitUntil(() -> service.metric("vigil_projection_events_applied_total") >= total, Duration.ofMinutes(30));
                    long end = System.nanoTime();
                    double seconds = (end - start) / 1e9;
                    catchUpRate = total / seconds;
                    secondHalfRate = (total - halfApplied) / ((end - half) / 1e9);
                    say("catch-up, one instance: %d events in %.1f s = %.0f events/s (the first half %.0f events/s, the second %.0f);"
                            + " %s; RSS at most %d MB, heap used at most %d MB", total, seconds, catchUpRate,
                            halfApplied / ((half - start) / 1e9), secondHalfRate, before.per1000(ProcessCpu.Reading.of(pid), total),
                            peaks.rss(), peaks.heap());
                }
                // The search index waits while the views work through a backlog (store/Backlog); then it makes the words.
                {
                    ProcessCpu.Reading before = ProcessCpu.Reading.of(pid);
                    long start = System.nanoTime();
                    PackagedCasefile.waitUntil(() -> searchPending(env, database) == 0, Duration.ofMinutes(30));
                    say("search index: every fact's words indexed %.1f s after the views had caught up; %s", (System.nanoTime() - start) / 1e9,
                            before.per1000(ProcessCpu.Reading.of(pid), total));
                }
                try (Peaks peaks = new Peaks(List.of(service))) {
                    ProcessCpu.Reading before = ProcessCpu.Reading.of(pid);
                    long rebuildStart = System.nanoTime();
                    var r = service.post("/admin/rebuild", Duration.ofMinutes(30));
                    double rebuild = (System.nanoTime() - rebuildStart) / 1e9;
                    if (r.statusCode() == 200) {
                        rebuildRate = total / rebuild;
                        say("rebuild: %d events in %.1f s = %.0f events/s; %s; RSS at most %d MB, heap used at most %d MB", total,
                                rebuild, rebuildRate, before.per1000(ProcessCpu.Reading.of(pid), total), peaks.rss(), peaks.heap());
                    } else {
                        say("rebuild failed after %.1f s: HTTP %d %s", rebuild, r.statusCode(), r.body());
                    }
                }
            }
            // The limit, the service stopped: the same facts and positions written straight into copies of the views'
            // tables, by JDBC, in the live consumer's batch shape: no Kafka, no JSON parsing, no folding.
            double limit = limit(env, database);
            say("limit: the same %d facts written by JDBC in batches of %d (one transaction each: the rows read, the facts"
                    + " inserted, the case files updated) = %.0f events/s; catch-up %.2f of it (its second half %.2f), rebuild %.2f",
                    total, BATCH, limit, catchUpRate / limit, secondHalfRate / limit, rebuildRate / limit);

            // Two instances in one consumer group, on a fresh database, over the same topic.
            int port1 = PackagedCasefile.freePort();
            int port2 = PackagedCasefile.freePort();
            var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> start(database2, topic, "bench2-" + run, port1, heap));
            var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> start(database2, topic, "bench2-" + run, port2, heap));
            try (PackagedCasefile a = first.join(); PackagedCasefile b = second.join(); Peaks peaks = new Peaks(List.of(a, b))) {
                ProcessCpu.Reading before = ProcessCpu.Reading.of(a.process().pid(), b.process().pid());
                double atStart = a.metric("vigil_projection_events_applied_total") + b.metric("vigil_projection_events_applied_total");
                long start = System.nanoTime();
                PackagedCasefile.waitUntil(() -> a.metric("vigil_projection_events_applied_total")
                        + b.metric("vigil_projection_events_applied_total") >= total, Duration.ofMinutes(30));
                double seconds = (System.nanoTime() - start) / 1e9;
                double rate = (total - atStart) / seconds;
                if (atStart > total / 2.0) say("(two instances: %.0f of %d events were applied before both were ready: too few left"
                        + " to measure; run with more events)", atStart, total);
                say("catch-up, two instances in one group: %.0f events (after both were ready) in %.1f s = %.0f events/s, %.2f of"
                        + " one instance; %s (both instances); RSS at most %d MB, heap used at most %d MB (the larger of the two)",
                        total - atStart, seconds, rate, rate / catchUpRate,
                        before.per1000(ProcessCpu.Reading.of(a.process().pid(), b.process().pid()), (long) (total - atStart)),
                        peaks.rss(), peaks.heap());
            }
            Map<UUID, String> one = views(env, database);
            Map<UUID, String> two = views(env, database2);
            long differ = one.keySet().stream().filter(id -> !one.get(id).equals(two.get(id))).count() + (two.size() > one.size() ? two.size() - one.size() : 0);
            say("views of two instances equal one instance's: %s (%d of %d populations differ)", differ == 0 ? "yes" : "NO", differ, one.size());
            if (differ != 0) throw new AssertionError(differ + " populations differ between one instance and two");
        } finally {
            try (Connection c = admin(env); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                s.execute("DROP DATABASE IF EXISTS " + database2 + " WITH (FORCE)");
            }
            // A million events a run: the topic goes once measured, so repeated runs do not fill the disk.
            Properties props = new Properties();
            props.put("bootstrap.servers", env.get("VIGIL_KAFKA_BOOTSTRAP"));
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
                admin.deleteTopics(List.of(topic, "vigil.population-status.bench-" + run, "vigil.population-status.bench2-" + run)).all().get();
            }
        }
        Files.write(Path.of("target/benchmark-casefile.txt"), report);
    }

    static PackagedCasefile start(String database, String topic, String run, int port, String heap) {
        try {
            return PackagedCasefile.start(database, topic, run, port, heap, "benchmark-casefile-" + run + "-" + port + ".log", Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static int partitions(Map<String, String> env, String topic) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", env.get("VIGIL_KAFKA_BOOTSTRAP"));
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }

    /** Events per transaction in the limit: what the live consumer gets in a poll (max.poll.records). */
    static final int BATCH = 5_000;

    /**
     * Writes the facts the catch-up wrote into copies of the facts and case_files tables (same columns, indexes and
     * constraints; the current view's columns as stored, and the triggers that keep its tallies), in the order they
     * were published, {@link #BATCH} per transaction as the live consumer does: the shared lock, the batch's case
     * files read, its facts inserted in one statement, its case files inserted or updated. Only the writing is timed:
     * the facts are read into memory first.
     */
    static double limit(Map<String, String> env, String database) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + env.get("VIGIL_PG_HOST") + ":" + env.get("VIGIL_PG_PORT")
                + "/" + database, "vigil_admin", env.get("VIGIL_DB_PASSWORD")); Statement s = c.createStatement()) {
            // what the service left for autovacuum (a million facts, their words, a rebuild's deletions) done first,
            // untimed, so that it does not run during the limit's writes
            s.execute("VACUUM (ANALYZE)");
            s.execute("CREATE TABLE facts_limit (LIKE facts INCLUDING ALL)");
            s.execute("CREATE TABLE case_files_limit (LIKE case_files INCLUDING ALL)");
            for (String op : List.of("INSERT", "DELETE")) {
                s.execute("CREATE TRIGGER facts_limit_tally_" + op.toLowerCase() + " AFTER " + op + " ON facts_limit REFERENCING "
                        + (op.equals("INSERT") ? "NEW TABLE AS added" : "OLD TABLE AS removed") + " FOR EACH STATEMENT EXECUTE FUNCTION facts_tally()");
            }
            List<Object[]> facts = new ArrayList<>();
            try (var rs = s.executeQuery("SELECT by_event, population_id, entry_id, stream_version, kind, type, recorded_at::text,"
                    + " reason, confidentiality, data, level, entry_level, earliest::text, latest::text, fold_key, figures::text"
                    + " FROM facts ORDER BY stream_version, population_id")) {
                while (rs.next()) {
                    Object[] row = new Object[16];
                    for (int i = 0; i < 16; i++) row[i] = rs.getObject(i + 1);
                    facts.add(row);
                }
            }
            c.setAutoCommit(false);
            long start = System.nanoTime();
            for (int from = 0; from < facts.size(); from += BATCH) {
                List<Object[]> batch = facts.subList(from, Math.min(facts.size(), from + BATCH));
                Map<UUID, Object[]> last = new java.util.LinkedHashMap<>();
                for (Object[] f : batch) last.put((UUID) f[1], f);
                try (var lock = c.prepareStatement("SELECT pg_advisory_xact_lock_shared(42)")) {
                    lock.execute();
                }
                java.util.Set<UUID> known = new java.util.HashSet<>();
                try (var read = c.prepareStatement("SELECT population_id, version FROM case_files_limit WHERE population_id = ANY (?)")) {
                    read.setArray(1, c.createArrayOf("uuid", last.keySet().toArray()));
                    try (var rs = read.executeQuery()) {
                        while (rs.next()) known.add((UUID) rs.getObject(1));
                    }
                }
                try (var insert = c.prepareStatement("INSERT INTO facts_limit (by_event, population_id, entry_id, stream_version, kind,"
                        + " type, recorded_at, reason, confidentiality, data, level, entry_level, earliest, latest, fold_key, figures)"
                        + " SELECT u.c1, u.c2, u.c3, u.c4, u.c5, u.c6, u.c7, u.c8, u.c9, u.c10, u.c11, u.c12, u.c13, u.c14, u.c15,"
                        + " CAST(u.c16 AS bigint[]) FROM unnest(?::uuid[], ?::uuid[], ?::uuid[],"
                        + " ?::bigint[], ?::text[], ?::text[], ?::text[]::timestamptz[], ?::text[], ?::text[], ?::text[], ?::smallint[],"
                        + " ?::smallint[], ?::text[]::date[], ?::text[]::date[], ?::text[], ?::text[])"
                        + " AS u(c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16)")) {
                    String[] types = {"uuid", "uuid", "uuid", "bigint", "text", "text", "text", "text", "text", "text", "smallint",
                            "smallint", "text", "text", "text", "text"};
                    for (int col = 0; col < 16; col++) {
                        Object[] values = new Object[batch.size()];
                        for (int i = 0; i < values.length; i++) values[i] = batch.get(i)[col];
                        insert.setArray(col + 1, c.createArrayOf(types[col], values));
                    }
                    insert.executeUpdate();
                }
                try (var add = c.prepareStatement("INSERT INTO case_files_limit (population_id, name, version, position, last_recorded_at,"
                        + " updated_at) VALUES (?, ?, ?, ?, ?::timestamptz, now())");
                     var update = c.prepareStatement("UPDATE case_files_limit SET name = ?, version = ?, position = ?,"
                             + " last_recorded_at = ?::timestamptz, stalled_reason = NULL, stalled_at = NULL, updated_at = now()"
                             + " WHERE population_id = ?")) {
                    for (var e : last.entrySet()) {
                        Object[] f = e.getValue();
                        long version = (Long) f[3];
                        if (known.contains(e.getKey())) {
                            update.setString(1, "Population " + e.getKey());
                            update.setLong(2, version);
                            update.setLong(3, version);
                            update.setString(4, (String) f[6]);
                            update.setObject(5, e.getKey());
                            update.addBatch();
                        } else {
                            add.setObject(1, e.getKey());
                            add.setString(2, "Population " + e.getKey());
                            add.setLong(3, version);
                            add.setLong(4, version);
                            add.setString(5, (String) f[6]);
                            add.addBatch();
                        }
                    }
                    add.executeBatch();
                    update.executeBatch();
                }
                c.commit();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return facts.size() / seconds;
        }
    }

    /** Per population: its case file's version and position, and a digest of its facts in version order. */
    /** Populations whose facts are not all in the search index yet (store/SearchIndex's marks behind their views). */
    static long searchPending(Map<String, String> env, String database) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + env.get("VIGIL_PG_HOST") + ":" + env.get("VIGIL_PG_PORT")
                + "/" + database, "vigil_admin", env.get("VIGIL_DB_PASSWORD")); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM case_files c LEFT JOIN search_marks m ON m.population_id = c.population_id"
                     + " WHERE m.indexed_version IS DISTINCT FROM c.version")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<UUID, String> views(Map<String, String> env, String database) throws Exception {
        Map<UUID, String> out = new java.util.HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + env.get("VIGIL_PG_HOST") + ":" + env.get("VIGIL_PG_PORT")
                + "/" + database, "vigil_admin", env.get("VIGIL_DB_PASSWORD")); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT c.population_id, c.version, c.position, c.stalled_reason, f.digest FROM case_files c"
                     + " LEFT JOIN (SELECT population_id, md5(string_agg(concat_ws('|', by_event, entry_id, stream_version, kind, type,"
                     + " recorded_at, reason, confidentiality, data), E'\\n' ORDER BY stream_version, by_event)) AS digest FROM facts"
                     + " GROUP BY population_id) f ON f.population_id = c.population_id")) {
            while (rs.next()) {
                out.put((UUID) rs.getObject(1), rs.getLong(2) + "/" + rs.getLong(3) + "/" + rs.getString(4) + "/" + rs.getString(5));
            }
        }
        return out;
    }

    /** The highest RSS and heap used of some running services, sampled every 250 ms until closed. */
    static final class Peaks implements AutoCloseable {
        private final java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        private final java.util.concurrent.atomic.AtomicLong rss = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong heap = new java.util.concurrent.atomic.AtomicLong();

        Peaks(List<PackagedCasefile> services) {
            timer.scheduleAtFixedRate(() -> {
                for (PackagedCasefile s : services) {
                    rss.accumulateAndGet(CatchUpBenchmarkIT.rss(s.process().pid()), Math::max);
                    heap.accumulateAndGet(heapUsed(s) >> 20, Math::max);
                }
            }, 0, 250, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        long rss() {
            return rss.get();
        }

        long heap() {
            return heap.get();
        }

        static long heapUsed(PackagedCasefile s) {
            try {
                long sum = 0;
                for (String line : s.fetch("/q/metrics").body().split("\n")) {
                    if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
                return sum;
            } catch (Exception e) {
                return 0;
            }
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /** Each population: a registration, then attacks, as ingest-service publishes them (types of the current version). */
    void fill(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("linger.ms", "20");
        p.put("batch.size", String.valueOf(512 * 1024));
        p.put("compression.type", "lz4");
        ObjectNode registration = (ObjectNode) JSON.readTree("""
                {"occurred":{"precision":"year","date":"1986"},"place":{"name":"Camp Ashraf","region":"Diyala","country":"IQ"},
                 "sources":[{"ref":"ai","publisher":"Amnesty International","title":"t","affiliation":"ngo","reliability":"b"}],
                 "confidentiality":"public","name":"Population","aliases":[],"size":[]}""");
        byte[] attack = JSON.writeValueAsBytes(JSON.readTree("""
                {"occurred":{"precision":"day","date":"2013-09-01"},"place":{"name":"Camp Ashraf","country":"IQ"},
                 "sources":[{"ref":"un","publisher":"UN","title":"report","affiliation":"un","reliability":"b"}],
                 "confidentiality":"public","attribution":"disputed",
                 "killed":[{"source":"un","best":52,"qualifier":"exact"}]}"""));
        long position = 0;
        Instant recorded = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            List<UUID> populations = new ArrayList<>();
            for (int i = 0; i < POPULATIONS; i++) populations.add(UUID.randomUUID());
            for (int v = 1; v <= PER_POPULATION; v++) {
                for (UUID population : populations) {
                    position++;
                    byte[] data = v == 1 ? JSON.writeValueAsBytes(registration.put("name", "Population " + population)) : attack;
                    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, population.toString(), data);
                    header(r, "ce_specversion", "1.0");
                    header(r, "ce_id", UUID.randomUUID().toString());
                    header(r, "ce_source", "/vigil/ingest-service");
                    header(r, "content-type", "application/json");
                    // the current versions, as ingest-service publishes them (a retired one would be upcast first)
                    header(r, "ce_type", v == 1 ? "vigil.population.registered.v2" : "vigil.attack.recorded.v2");
                    header(r, "ce_subject", population.toString());
                    header(r, "ce_time", recorded.toString());
                    header(r, "ce_streamversion", Integer.toString(v));
                    header(r, "ce_logposition", Long.toString(position));
                    header(r, "ce_confidentiality", "public");
                    producer.send(r);
                }
            }
            producer.flush();
        }
    }

    static void header(ProducerRecord<String, byte[]> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        } catch (Exception ignored) {
            // gone
        }
        return -1;
    }

    static Connection admin(Map<String, String> env) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + env.get("VIGIL_PG_HOST") + ":" + env.get("VIGIL_PG_PORT") + "/postgres",
                "vigil_admin", env.get("VIGIL_DB_PASSWORD"));
    }

    void say(String format, Object... args) {
        String line = String.format(format, args);
        report.add(line);
        System.out.println(line);
    }
}
