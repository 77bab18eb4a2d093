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
        String topic = "vigil.population-events.bench-" + run;
        try (Connection c = admin(env); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database + " OWNER vigil_casefile_owner");
        }
        long total = (long) POPULATIONS * PER_POPULATION;
        long fillStart = System.nanoTime();
        fill(env.get("VIGIL_KAFKA_BOOTSTRAP"), topic);
        say("== casefile catch-up benchmark: %d populations x %d events = %d events; topic filled in %.1f s",
                POPULATIONS, PER_POPULATION, total, (System.nanoTime() - fillStart) / 1e9);

        Map<String, String> jfr = System.getProperty("bench.jfr") == null ? Map.of() : Map.of("JAVA_TOOL_OPTIONS",
                "-XX:StartFlightRecording=duration=60s,filename=" + System.getProperty("bench.jfr") + ",settings=profile");
        try (PackagedCasefile service = PackagedCasefile.start(database, topic, "bench-" + run, PackagedCasefile.freePort(),
                System.getProperty("bench.heap", "3g"), "benchmark-casefile-" + run + ".log", jfr)) {
            long start = System.nanoTime();
            PackagedCasefile.waitUntil(() -> service.metric("vigil_projection_events_applied_total") >= total, Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - start) / 1e9;
            say("catch-up: %d events applied in %.1f s = %.0f events/s (target >= 30,000)", total, seconds, total / seconds);
            say("service RSS after catch-up: %d MB", rss(service.process().pid()));

            long rebuildStart = System.nanoTime();
            var r = service.post("/admin/rebuild", Duration.ofMinutes(30));
            double rebuild = (System.nanoTime() - rebuildStart) / 1e9;
            if (r.statusCode() == 200) {
                say("rebuild: %d events in %.1f s = %.0f events/s (target >= 30,000)", total, rebuild, total / rebuild);
            } else {
                say("rebuild failed after %.1f s: HTTP %d %s", rebuild, r.statusCode(), r.body());
            }
            say("service RSS after rebuild: %d MB", rss(service.process().pid()));
        } finally {
            try (Connection c = admin(env); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
            // A million events a run: the topic goes once measured, so repeated runs do not fill the disk.
            Properties props = new Properties();
            props.put("bootstrap.servers", env.get("VIGIL_KAFKA_BOOTSTRAP"));
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
                admin.deleteTopics(List.of(topic, "vigil.population-status.bench-" + run)).all().get();
            }
        }
        Files.write(Path.of("target/benchmark-casefile.txt"), report);
    }

    /** Each population: a registration, then attacks and counts, as ingest-service would publish them. */
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
                 "killed":[{"source":"un","low":52,"best":52,"high":52,"qualifier":"exact"}]}"""));
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
                    header(r, "ce_type", v == 1 ? "vigil.population.registered.v1" : "vigil.attack.recorded.v1");
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
