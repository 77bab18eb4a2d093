import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The fault run of deploy/local/faults.sh: two ingest-service and two casefile-service instances (one consumer group)
 * on databases and a topic of the run's own, a steady workload through the public API (single and batch appends over
 * many populations, each with an Idempotency-Key, retried until acknowledged), and faults injected one after another
 * with recovery time between: broker kills (SIGKILL, SIGTERM), PostgreSQL restarts (fast, immediate), kill -9 of an
 * ingest and of a casefile instance, and a network cut between a service and PostgreSQL. Then it checks the log, the
 * topic and the views against what was acknowledged, prints a table, and exits 1 if anything acknowledged was lost or
 * any effect doubled.
 *
 * <p>Run by deploy/local/faults.sh (which passes the settings as VIGIL_FAULTS_* variables); not a library.
 */
public class Faults {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final Random RANDOM = new Random(Long.getLong("seed", System.nanoTime()));

    final Map<String, String> env = System.getenv();
    final Path root = Path.of(env.get("VIGIL_ROOT"));
    final Path runDir = Path.of(env.get("VIGIL_FAULTS_DIR"));
    final String javaBin = env.get("JAVA_HOME") + "/bin/java";
    final String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    final String ingestDb = "vigil_faults_ingest_" + run;
    final String casefileDb = "vigil_faults_casefile_" + run;
    final String topic = "vigil.faults-" + run;
    final String pgHost = env.get("VIGIL_PG_HOST");
    final int pgPort = Integer.parseInt(env.get("VIGIL_PG_PORT"));
    final String password = env.get("VIGIL_DB_PASSWORD");
    final String recorder = env.get("VIGIL_FAULTS_RECORDER_TOKEN");
    final String admin = env.get("VIGIL_FAULTS_ADMIN_TOKEN");
    final boolean shortForm = "short".equals(env.getOrDefault("VIGIL_FAULTS_FORM", "full"));
    final int rate = Integer.parseInt(env.getOrDefault("VIGIL_FAULTS_RATE", shortForm ? "25" : "40"));
    final int populations = Integer.parseInt(env.getOrDefault("VIGIL_FAULTS_POPULATIONS", shortForm ? "12" : "40"));
    final int recoverySeconds = Integer.parseInt(env.getOrDefault("VIGIL_FAULTS_RECOVERY", shortForm ? "3" : "20"));

    final List<Service> ingest = new ArrayList<>();
    final List<Service> casefile = new ArrayList<>();
    Link pgLink;

    final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
    final Map<UUID, UUID> populationOf = new ConcurrentHashMap<>();
    final List<UUID> populationIds = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong requests = new AtomicLong();
    final AtomicLong attempts = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final List<Long> latenciesMillis = Collections.synchronizedList(new ArrayList<>());
    final List<String> refusals = Collections.synchronizedList(new ArrayList<>());
    final List<FaultRecord> faults = Collections.synchronizedList(new ArrayList<>());
    volatile boolean loading = true;

    record FaultRecord(String kind, long heldMillis, long writesBackMillis, long viewsBackMillis) {
    }

    public static void main(String[] args) throws Exception {
        int code = new Faults().run();
        System.exit(code);
    }

    int run() throws Exception {
        Files.createDirectories(runDir);
        freshDatabase(ingestDb, "vigil_ingest_owner");
        freshDatabase(casefileDb, "vigil_casefile_owner");
        pgLink = new Link(pgHost, pgPort);
        // Instance 2 of each service reaches PostgreSQL through a link the run can cut (a network cut on loopback).
        ingest.add(new Service("ingest-1", "ingest-service", false));
        ingest.add(new Service("ingest-2", "ingest-service", true));
        casefile.add(new Service("casefile-1", "casefile-service", false));
        casefile.add(new Service("casefile-2", "casefile-service", true));
        say("run %s: databases %s, %s; topic %s (6 partitions); %s form, %d requests/s over %d populations",
                run, ingestDb, casefileDb, topic, shortForm ? "short" : "full", rate, populations);
        ingest.get(0).start();
        ingest.get(0).awaitReady(120);
        ingest.get(1).start();
        for (Service s : casefile) s.start();
        for (Service s : ingest) s.awaitReady(120);
        for (Service s : casefile) s.awaitReady(120);
        say("services up: %s", String.join(", ", ingest.stream().map(Service::describe).toList()) + ", "
                + String.join(", ", casefile.stream().map(Service::describe).toList()));

        for (int i = 0; i < populations; i++) register(i);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        ExecutorService workers = Executors.newFixedThreadPool(32);
        long startLoad = System.nanoTime();
        pacer.scheduleAtFixedRate(() -> {
            if (loading) workers.submit(this::oneRequest);
        }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);

        List<String> plan = plan();
        say("faults planned: %s", plan);
        for (String kind : plan) {
            sleep(recoverySeconds * 1000L);
            inject(kind);
        }
        sleep(recoverySeconds * 1000L);
        loading = false;
        pacer.shutdown();
        workers.shutdown();
        if (!workers.awaitTermination(180, TimeUnit.SECONDS)) say("some requests were still being retried after 180 s");
        double loadSeconds = (System.nanoTime() - startLoad) / 1e9;

        int code = check(loadSeconds);
        for (Service s : ingest) s.stop();
        for (Service s : casefile) s.stop();
        pgLink.close();
        return code;
    }

    List<String> plan() {
        List<String> plan = new ArrayList<>();
        if (shortForm) {
            plan.addAll(List.of("kafka-kill9", "pg-immediate", "ingest-kill9", "casefile-kill9", "kafka-term", "pg-cut"));
            return plan;
        }
        for (int i = 0; i < 10; i++) plan.add(i % 2 == 0 ? "kafka-kill9" : "kafka-term");
        plan.addAll(List.of("pg-fast", "pg-immediate", "pg-fast", "pg-immediate", "ingest-kill9", "ingest-kill9",
                "casefile-kill9", "casefile-kill9", "pg-cut", "pg-cut"));
        Collections.shuffle(plan, RANDOM);
        return plan;
    }

    // ---------------------------------------------------------------------------------------------- faults

    void inject(String kind) throws Exception {
        long start = System.nanoTime();
        switch (kind) {
            case "kafka-kill9" -> infra("kafka-kill", "KILL", "2");
            case "kafka-term" -> infra("kafka-kill", "TERM", "2");
            case "pg-fast" -> infra("pg-restart", "fast", "1");
            case "pg-immediate" -> infra("pg-restart", "immediate", "1");
            case "ingest-kill9" -> {
                Service victim = ingest.get(RANDOM.nextInt(2));
                victim.kill9();
                sleep(1000);
                victim.start();
                victim.awaitReady(120);
            }
            case "casefile-kill9" -> {
                Service victim = casefile.get(RANDOM.nextInt(2));
                victim.kill9();
                sleep(1000);
                victim.start();
                victim.awaitReady(120);
            }
            case "pg-cut" -> {
                pgLink.cut();
                sleep(12_000); // longer than the pool's acquisition timeout (5 s) and the clients' connect timeouts
                pgLink.restore();
            }
            default -> throw new IllegalArgumentException(kind);
        }
        long held = (System.nanoTime() - start) / 1_000_000;
        long back = System.nanoTime();
        UUID probePopulation = populationIds.get(RANDOM.nextInt(populationIds.size()));
        long version = probe(probePopulation);
        long writesBack = (System.nanoTime() - back) / 1_000_000;
        awaitProjected(probePopulation, version, 300);
        long viewsBack = (System.nanoTime() - back) / 1_000_000;
        faults.add(new FaultRecord(kind, held, writesBack, viewsBack));
        say("fault %-15s held %6d ms; writes back after %6d ms, views after %6d ms", kind, held, writesBack, viewsBack);
    }

    void infra(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("deploy/local/infra.sh").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("infra.log").toFile())).start();
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("infra.sh " + List.of(args) + " failed");
    }

    // ---------------------------------------------------------------------------------------------- workload

    void register(int i) throws Exception {
        String key = "faults-" + run + "-population-" + i;
        String body = """
                {"type": "vigil.population.registered.v1", "occurred": {"precision": "year", "date": "2012"},
                 "place": {"name": "Camp Liberty", "country": "IQ"},
                 "sources": [{"ref": "s", "publisher": "Fault run", "title": "Synthetic population %d", "affiliation": "ngo", "reliability": "c"}],
                 "confidentiality": "public", "name": "Fault run population %d"}""".formatted(i, i);
        JsonNode answer = sendUntilAcknowledged("/populations", "application/json", body, key);
        UUID population = UUID.fromString(answer.path("populationId").asText());
        populationIds.add(population);
        acknowledged.add(UUID.fromString(answer.path("eventId").asText(answer.path("events").path(0).path("eventId").asText())));
    }

    void oneRequest() {
        try {
            UUID population = populationIds.get(RANDOM.nextInt(populationIds.size()));
            boolean batch = RANDOM.nextInt(5) == 0;
            List<UUID> ids = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < (batch ? 5 : 1); i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                body.append(countEvent(id, 100 + RANDOM.nextInt(3000))).append('\n');
            }
            String path = "/populations/" + population + (batch ? "/events:batch" : "/events");
            sendUntilAcknowledged(path, batch ? "application/x-ndjson" : "application/json", body.toString().strip(),
                    "faults-" + UUID.randomUUID());
            for (UUID id : ids) populationOf.put(id, population);
            acknowledged.addAll(ids);
        } catch (Exception e) {
            refusals.add(e.toString());
        }
    }

    static String countEvent(UUID id, int n) {
        return """
                {"type": "vigil.population.count-reported.v1", "eventId": "%s", "occurred": {"precision": "day", "date": "2013-02-09"}, \
                "place": {"name": "Camp Liberty", "country": "IQ"}, "sources": [{"ref": "s", "publisher": "Fault run", \
                "title": "Headcount", "affiliation": "ngo", "reliability": "c"}], "confidentiality": "public", \
                "count": [{"source": "s", "low": %d, "best": %d, "high": %d, "qualifier": "about"}]}""".formatted(id, n, n, n);
    }

    /** Sends until a 2xx (alternating instances, honouring Retry-After); a 4xx other than 408/429 is a refusal. */
    JsonNode sendUntilAcknowledged(String path, String type, String body, String key) throws Exception {
        requests.incrementAndGet();
        long first = System.nanoTime();
        Instant deadline = Instant.now().plusSeconds(240);
        int attempt = 0;
        while (Instant.now().isBefore(deadline)) {
            Service target = ingest.get((attempt + RANDOM.nextInt(2)) % 2);
            attempt++;
            attempts.incrementAndGet();
            long wait = 250;
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(target.url() + path))
                        .timeout(Duration.ofSeconds(15)).header("Content-Type", type).header("Idempotency-Key", key)
                        .header("Authorization", "Bearer " + recorder).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    latenciesMillis.add((System.nanoTime() - first) / 1_000_000);
                    return JSON.readTree(r.body());
                }
                if (r.statusCode() / 100 == 4 && r.statusCode() != 408 && r.statusCode() != 429) {
                    refused.incrementAndGet();
                    throw new IllegalStateException("refused " + r.statusCode() + " " + path + ": " + r.body());
                }
                wait = r.headers().firstValue("Retry-After").map(s -> Long.parseLong(s) * 200).orElse(250L);
            } catch (IOException e) {
                // connection refused or reset, timeout: the instance or its database is away; try again
            }
            sleep(Math.min(wait, 1000) + RANDOM.nextInt(100));
        }
        throw new IllegalStateException("not acknowledged within 240 s: " + path);
    }

    long probe(UUID population) throws Exception {
        UUID id = UUID.randomUUID();
        JsonNode answer = sendUntilAcknowledged("/populations/" + population + "/events", "application/json",
                countEvent(id, 1), "faults-probe-" + id);
        populationOf.put(id, population);
        acknowledged.add(id);
        return answer.path("streamVersion").asLong(answer.path("events").path(0).path("streamVersion").asLong());
    }

    void awaitProjected(UUID population, long version, int seconds) throws Exception {
        Instant deadline = Instant.now().plusSeconds(seconds);
        while (Instant.now().isBefore(deadline)) {
            for (Service s : casefile) {
                try {
                    JsonNode status = getJson(s.url() + "/populations/" + population + "/status", admin);
                    if (status != null && status.path("status").path("streamVersion").asLong() >= version) return;
                } catch (IOException e) {
                    // that instance is away
                }
            }
            sleep(100);
        }
        throw new IllegalStateException("population " + population + " not projected to version " + version + " within " + seconds + " s");
    }

    static JsonNode getJson(String url, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    // ---------------------------------------------------------------------------------------------- checks

    int check(double loadSeconds) throws Exception {
        say("load stopped after %.0f s; checking", loadSeconds);
        // The views catch up with the log.
        Map<UUID, Long> logVersions = new HashMap<>();
        Set<UUID> inLog = new HashSet<>();
        Set<UUID> gapped = new HashSet<>();
        long logRows;
        try (Connection c = db(ingestDb, "vigil_ingest_owner"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT stream_id, count(*), min(stream_version), max(stream_version) FROM events GROUP BY stream_id")) {
                while (rs.next()) {
                    UUID stream = (UUID) rs.getObject(1);
                    logVersions.put(stream, rs.getLong(4));
                    if (rs.getLong(2) != rs.getLong(4) || rs.getLong(3) != 1) gapped.add(stream);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT event_id FROM events")) {
                while (rs.next()) inLog.add((UUID) rs.getObject(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
                rs.next();
                logRows = rs.getLong(1);
            }
        }
        long catchUp = System.nanoTime();
        for (var e : logVersions.entrySet()) awaitProjected(e.getKey(), e.getValue(), 300);
        say("views caught up with the log %.1f s after the load stopped", (System.nanoTime() - catchUp) / 1e9);

        Map<UUID, Integer> onTopic = readTopic();
        Map<UUID, Integer> inViews = new HashMap<>();
        long viewRows;
        Map<UUID, Long> viewVersions = new HashMap<>();
        int stalled = 0;
        try (Connection c = db(casefileDb, "vigil_casefile_owner"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT by_event FROM facts")) {
                while (rs.next()) inViews.merge((UUID) rs.getObject(1), 1, Integer::sum);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM facts")) {
                rs.next();
                viewRows = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT population_id, version, stalled_reason FROM case_files")) {
                while (rs.next()) {
                    viewVersions.put((UUID) rs.getObject(1), rs.getLong(2));
                    if (rs.getString(3) != null) {
                        stalled++;
                        say("stalled: %s: %s", rs.getObject(1), rs.getString(3));
                    }
                }
            }
        }
        long lost = acknowledged.stream().filter(id -> !inLog.contains(id)).count();
        long notOnTopic = acknowledged.stream().filter(id -> !onTopic.containsKey(id)).count();
        long topicDuplicates = onTopic.values().stream().filter(n -> n > 1).count();
        long notInViews = acknowledged.stream().filter(id -> !inViews.containsKey(id)).count();
        long doubledInViews = inViews.values().stream().filter(n -> n > 1).count() + (viewRows - inViews.size());
        long versionsDiffer = logVersions.entrySet().stream().filter(e -> !e.getValue().equals(viewVersions.get(e.getKey()))).count();
        JsonNode verification = getJson(ingest.get(0).url() + "/log/verify", admin);
        boolean chainValid = verification != null && verification.path("valid").asBoolean();

        // The views equal a fresh rebuild of them from the topic.
        Map<UUID, String> before = dossiers();
        HttpResponse<String> rebuilt = HTTP.send(HttpRequest.newBuilder(URI.create(casefile.get(0).url() + "/admin/rebuild"))
                .timeout(Duration.ofMinutes(10)).header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        Map<UUID, String> after = dossiers();
        long differ = before.keySet().stream().filter(id -> !before.get(id).equals(after.get(id))).count();
        boolean rebuildOk = rebuilt.statusCode() == 200;

        List<Long> latencies = new ArrayList<>(latenciesMillis);
        Collections.sort(latencies);
        String table = """

                Fault run %s (%s form), %s
                  load                          %.0f s at %d requests/s asked; %d requests, %d attempts (retries %d), %d refused
                  acknowledged latency (ms)     p50 %d, p99 %d, max %d (first attempt to acknowledgement, retries included)
                  faults                        %d
                %s
                  acknowledged events           %d
                  in the log (once: unique id)  %d of %d acknowledged; log rows %d
                  lost                          %d
                  on the topic                  %d of %d acknowledged; ids on the topic more than once: %d (at-least-once relay)
                  applied in the views          %d of %d acknowledged; view rows %d
                  doubled in the views          %d
                  versions without gaps         %s (%d streams with a gap)
                  view version = log version    %s (%d populations differ)
                  populations stalled           %d
                  chain verified                %s
                  views equal a fresh rebuild   %s (%d of %d dossiers differ; rebuild answered %d)
                """.formatted(run, shortForm ? "short" : "full", Instant.now(), loadSeconds, rate, requests.get(), attempts.get(),
                attempts.get() - requests.get(), refused.get(), pct(latencies, 50), pct(latencies, 99),
                latencies.isEmpty() ? 0 : latencies.getLast(), faults.size(), faultTable(), acknowledged.size(),
                acknowledged.size() - lost, acknowledged.size(), logRows, lost, acknowledged.size() - notOnTopic,
                acknowledged.size(), topicDuplicates, acknowledged.size() - notInViews, acknowledged.size(), viewRows,
                doubledInViews, gapped.isEmpty() ? "yes" : "NO", gapped.size(), versionsDiffer == 0 ? "yes" : "NO", versionsDiffer,
                stalled, chainValid ? "yes" : "NO", differ == 0 && rebuildOk ? "yes" : "NO", differ, before.size(), rebuilt.statusCode());
        System.out.println(table);
        Files.writeString(runDir.resolve("faults-" + run + ".txt"), table);
        for (String r : refusals.subList(0, Math.min(5, refusals.size()))) say("refusal: %s", r);
        boolean ok = lost == 0 && doubledInViews == 0 && notInViews == 0 && notOnTopic == 0 && gapped.isEmpty()
                && versionsDiffer == 0 && stalled == 0 && chainValid && differ == 0 && rebuildOk && refused.get() == 0;
        say(ok ? "PASS: nothing acknowledged was lost, no effect doubled" : "FAIL: see the table above");
        return ok ? 0 : 1;
    }

    String faultTable() {
        StringBuilder out = new StringBuilder("    fault            held (ms)  writes back (ms)  views back (ms)\n");
        for (FaultRecord f : faults) {
            out.append("    %-16s %9d %17d %16d%n".formatted(f.kind(), f.heldMillis(), f.writesBackMillis(), f.viewsBackMillis()));
        }
        return out.toString().stripTrailing();
    }

    static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    Map<UUID, String> dossiers() throws Exception {
        Map<UUID, String> out = new LinkedHashMap<>();
        for (UUID id : populationIds) {
            JsonNode d = getJson(casefile.get(0).url() + "/populations/" + id + "/dossier?audience=internal", admin);
            out.put(id, d == null ? "missing" : d.toString());
        }
        return out;
    }

    Map<UUID, Integer> readTopic() {
        Properties p = new Properties();
        p.put("bootstrap.servers", env.get("VIGIL_KAFKA_BOOTSTRAP"));
        p.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        p.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        p.put("enable.auto.commit", "false");
        Map<UUID, Integer> seen = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    var h = r.headers().lastHeader("ce_id");
                    if (h != null) seen.merge(UUID.fromString(new String(h.value(), StandardCharsets.UTF_8)), 1, Integer::sum);
                }
            }
        }
        return seen;
    }

    // ---------------------------------------------------------------------------------------------- plumbing

    void freshDatabase(String name, String owner) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + pgHost + ":" + pgPort + "/postgres", owner, password);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
    }

    Connection db(String name, String owner) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + name, owner, password);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void say(String format, Object... args) {
        System.out.printf("%s  %s%n", Instant.now().toString().substring(11, 23), format.formatted(args));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** One service instance: a process of the packaged jar, with its own port, killed and started again at will. */
    final class Service {
        final String name;
        final String module;
        final boolean throughLink;
        final int port;
        Process process;

        Service(String name, String module, boolean throughLink) throws IOException {
            this.name = name;
            this.module = module;
            this.throughLink = throughLink;
            this.port = freePort();
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        String describe() {
            return name + " " + url() + (throughLink ? " (PostgreSQL through the cuttable link)" : "");
        }

        void start() throws IOException {
            ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx384m", "-jar",
                    root.resolve(module + "/target/quarkus-app/quarkus-run.jar").toString());
            Map<String, String> e = pb.environment();
            e.put("VIGIL_LOG_JSON", "false");
            e.put("VIGIL_PG_PORT", Integer.toString(throughLink ? pgLink.port() : pgPort));
            e.put("VIGIL_DB_NAME", ingestDb);
            e.put("VIGIL_CASEFILE_DB_NAME", casefileDb);
            e.put("VIGIL_EVENTS_TOPIC", topic);
            e.put("VIGIL_STATUS_TOPIC", topic + ".status");
            e.put("VIGIL_CASEFILE_GROUP", "vigil-faults-" + run);
            e.put("VIGIL_INGEST_PORT", Integer.toString(port));
            e.put("VIGIL_CASEFILE_PORT", Integer.toString(port));
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve(name + ".log").toFile()));
            process = pb.start();
        }

        void awaitReady(int seconds) throws Exception {
            Instant deadline = Instant.now().plusSeconds(seconds);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) throw new IllegalStateException(name + " exited; see " + runDir.resolve(name + ".log"));
                try {
                    HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) return;
                } catch (IOException ignored) {
                    // not listening yet
                }
                sleep(250);
            }
            throw new IllegalStateException(name + " not ready within " + seconds + " s; see " + runDir.resolve(name + ".log"));
        }

        void kill9() throws Exception {
            new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start().waitFor();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        void stop() throws Exception {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
            }
        }
    }

    /**
     * A TCP link on loopback between services and PostgreSQL that the run cuts (every connection closed, new ones
     * refused) and restores: a network cut that touches only the services behind it.
     */
    static final class Link implements AutoCloseable {
        final String host;
        final int targetPort;
        final int port;
        final Set<Socket> open = ConcurrentHashMap.newKeySet();
        volatile ServerSocket server;

        Link(String host, int targetPort) throws IOException {
            this.host = host;
            this.targetPort = targetPort;
            ServerSocket first = listen(0);
            this.port = first.getLocalPort();
            accept(first);
        }

        int port() {
            return port;
        }

        synchronized void cut() throws IOException {
            ServerSocket s = server;
            server = null;
            if (s != null) s.close();
            for (Socket socket : open) quietly(socket);
            open.clear();
        }

        synchronized void restore() throws IOException {
            if (server == null) accept(listen(port));
        }

        @Override
        public void close() throws IOException {
            cut();
        }

        static ServerSocket listen(int port) throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return s;
        }

        void accept(ServerSocket s) {
            server = s;
            Thread t = new Thread(() -> {
                while (!s.isClosed()) {
                    try {
                        Socket client = s.accept();
                        Socket upstream;
                        try {
                            upstream = new Socket(host, targetPort);
                        } catch (IOException e) {
                            quietly(client);
                            continue;
                        }
                        open.add(client);
                        open.add(upstream);
                        pump(client, upstream);
                        pump(upstream, client);
                    } catch (IOException e) {
                        // closed by cut()
                    }
                }
            }, "link-accept");
            t.setDaemon(true);
            t.start();
        }

        void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[16384];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // cut or closed
                } finally {
                    quietly(from);
                    quietly(to);
                    open.remove(from);
                    open.remove(to);
                }
            }, "link-pump");
            t.setDaemon(true);
            t.start();
        }

        static void quietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
