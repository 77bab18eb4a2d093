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

    final boolean soak = "soak".equals(env.getOrDefault("VIGIL_FAULTS_FORM", "full"));
    final int soakMinutes = Integer.parseInt(env.getOrDefault("VIGIL_SOAK_MINUTES", "30"));

    final List<Service> ingest = new ArrayList<>();
    final List<Service> casefile = new ArrayList<>();
    Link pgLink;
    Link kafkaLink;
    Broker broker;

    final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
    final Map<UUID, UUID> populationOf = new ConcurrentHashMap<>();
    final List<UUID> populationIds = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong requests = new AtomicLong();
    final AtomicLong attempts = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final List<Long> latenciesMillis = Collections.synchronizedList(new ArrayList<>());
    /** Acknowledgements as {nanoTime when acknowledged, latency in ms}, for the soak's windows. */
    final java.util.concurrent.ConcurrentLinkedQueue<long[]> acks = new java.util.concurrent.ConcurrentLinkedQueue<>();
    final List<String> refusals = Collections.synchronizedList(new ArrayList<>());
    final List<FaultRecord> faults = Collections.synchronizedList(new ArrayList<>());
    volatile boolean loading = true;
    int ingestKills;

    record FaultRecord(String kind, long heldMillis, long writesBackMillis, long viewsBackMillis) {
    }

    public static void main(String[] args) throws Exception {
        int code = new Faults().run();
        System.exit(code);
    }

    int run() throws Exception {
        Files.createDirectories(runDir);
        // Bounded in time whatever happens: past its limit the run stops, says so and fails; its processes go with it.
        long limitMinutes = soak ? soakMinutes + 20 : shortForm ? 10 : 45;
        Thread watchdog = new Thread(() -> {
            sleep(limitMinutes * 60_000);
            say("FAIL: the run did not finish within %d minutes; stopping it", limitMinutes);
            System.exit(2);
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopEverything, "stop-everything"));
        freshDatabase(ingestDb, "vigil_ingest_owner");
        freshDatabase(casefileDb, "vigil_casefile_owner");
        pgLink = new Link(pgHost, pgPort);
        // A broker of the run's own, its data on a small filesystem made for it (when this machine lets the run mount
        // one), reached directly on one listener and through a link the run can cut on another.
        broker = new Broker();
        broker.start();
        broker.awaitReady(120);
        // Instance 2 of each service reaches PostgreSQL and the broker through links the run can cut (network cuts on
        // loopback that touch only that instance).
        ingest.add(new Service("ingest-1", "ingest-service", false));
        ingest.add(new Service("ingest-2", "ingest-service", true));
        casefile.add(new Service("casefile-1", "casefile-service", false));
        casefile.add(new Service("casefile-2", "casefile-service", true));
        say("run %s: databases %s, %s; topic %s (6 partitions) on the run's broker %s (data on %s); %s form, %d requests/s over %d populations",
                run, ingestDb, casefileDb, topic, broker.bootstrap(), broker.small ? "a " + broker.diskMb + " MB tmpfs" : "the state folder",
                form(), rate, populations);
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

        if (soak) {
            soak();
        } else {
            List<String> plan = plan();
            say("faults planned: %s", plan);
            for (String kind : plan) {
                sleep(recoverySeconds * 1000L);
                inject(kind);
            }
            sleep(recoverySeconds * 1000L);
        }
        loading = false;
        pacer.shutdown();
        workers.shutdown();
        if (!workers.awaitTermination(180, TimeUnit.SECONDS)) say("some requests were still being retried after 180 s");
        double loadSeconds = (System.nanoTime() - startLoad) / 1e9;

        return check(loadSeconds);
    }

    /** Stops every process the run started and unmounts the broker's filesystem (also on Ctrl-C and on the watchdog). */
    void stopEverything() {
        List<Service> all = new ArrayList<>(ingest);
        all.addAll(casefile);
        for (Service s : all) {
            try {
                s.stop();
            } catch (Exception ignored) {
                // already gone
            }
        }
        try {
            if (pgLink != null) pgLink.close();
            if (kafkaLink != null) kafkaLink.close();
            if (broker != null) broker.close();
        } catch (Exception ignored) {
            // best effort
        }
    }

    String form() {
        return soak ? "soak" : shortForm ? "short" : "full";
    }

    List<String> plan() {
        List<String> plan = new ArrayList<>();
        if (shortForm) {
            plan.addAll(List.of("kafka-kill9", "pg-immediate", "ingest-kill9", "casefile-kill9", "pg-cut"));
            return plan;
        }
        for (int i = 0; i < 10; i++) plan.add(i % 2 == 0 ? "kafka-kill9" : "kafka-term");
        plan.addAll(List.of("pg-fast", "pg-immediate", "pg-fast", "pg-immediate", "ingest-kill9", "ingest-kill9",
                "casefile-kill9", "casefile-kill9", "pg-cut", "pg-cut", "kafka-cut", "kafka-cut", "disk-full"));
        Collections.shuffle(plan, RANDOM);
        return plan;
    }

    // ---------------------------------------------------------------------------------------------- faults

    void inject(String planned) throws Exception {
        String kind = planned;
        long start = System.nanoTime();
        switch (planned) {
            case "kafka-kill9" -> {
                broker.kill("KILL");
                sleep(2000);
                broker.start();
                broker.awaitReady(120);
            }
            case "kafka-term" -> {
                broker.kill("TERM");
                sleep(2000);
                broker.start();
                broker.awaitReady(120);
            }
            case "kafka-cut" -> {
                kafkaLink.cut();
                sleep(40_000); // longer than the clients' request timeout (30 s) and the consumer session (10 s)
                kafkaLink.restore();
            }
            case "disk-full" -> {
                if (!broker.small) {
                    say("disk-full skipped: no small filesystem could be mounted for the broker's data here");
                    return;
                }
                long filled = broker.fill();
                sleep(10_000); // appends fail meanwhile; a broker whose only log folder fails shuts itself down
                broker.unfill();
                boolean survived = broker.alive();
                if (survived) broker.kill("KILL"); // its log folder is offline until it starts again
                broker.start();
                broker.awaitReady(120);
                say("disk-full: filled %d MB; the broker %s", filled >> 20, survived ? "stayed up with its log folder offline; restarted" : "shut itself down; started again");
            }
            case "pg-fast" -> infra("pg-restart", "fast", "1");
            case "pg-immediate" -> infra("pg-restart", "immediate", "1");
            case "ingest-kill9" -> {
                // The first kill takes the instance that publishes the log (its lock must move to the other), the
                // next the other one, and so on.
                boolean wantLeader = ingestKills++ % 2 == 0;
                Service victim = ingest.get(RANDOM.nextInt(2));
                for (Service candidate : ingest) {
                    JsonNode relay = getJson(candidate.url() + "/admin/relay", admin);
                    if (relay != null && relay.path("leader").asBoolean() == wantLeader) victim = candidate;
                }
                JsonNode relay = getJson(victim.url() + "/admin/relay", admin);
                if (relay != null && relay.path("leader").asBoolean()) kind = "ingest-kill9*"; // it held the relay's lock
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
            default -> throw new IllegalArgumentException(planned);
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
                    long now = System.nanoTime();
                    latenciesMillis.add((now - first) / 1_000_000);
                    acks.add(new long[] {now, (now - first) / 1_000_000});
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

    // ---------------------------------------------------------------------------------------------- soak

    /** One sample of the soak: per service RSS, heap and GC pause time in the window; lag and latency in the window. */
    record Sample(double minute, double[] rssMb, double[] heapMb, double[] gcMillis, double gcMaxMillis, long lagMillis,
                  long p50, long p99, double acksPerSecond, double[] keptMb) {
    }

    /**
     * A steady load for {@code VIGIL_SOAK_MINUTES} without faults, sampled every 15 s: RSS, heap and GC pauses of each
     * instance, the end-to-end lag of a probe (acknowledged write to projected view) and the acknowledgement latency
     * of the window. Printed as a table, written as CSV and plotted as an SVG.
     */
    void soak() throws Exception {
        List<Service> all = new ArrayList<>(ingest);
        all.addAll(casefile);
        List<Sample> samples = new ArrayList<>();
        double[] gcBefore = new double[all.size()];
        for (int i = 0; i < all.size(); i++) gcBefore[i] = metric(all.get(i), "jvm_gc_pause_seconds_sum", null);
        long start = System.nanoTime();
        long end = start + soakMinutes * 60_000_000_000L;
        long windowStart = System.nanoTime();
        say("soak: %d minutes at %d requests/s", soakMinutes, rate);
        System.out.println("  minute   RSS MB (i1 i2 c1 c2)        heap MB (i1 i2 c1 c2)      GC ms/window  GC max  lag ms   p50   p99  acks/s"
                + "  kept MB (c1 c2)");
        while (System.nanoTime() < end) {
            sleep(15_000);
            double[] rss = new double[all.size()];
            double[] heap = new double[all.size()];
            double[] gc = new double[all.size()];
            double[] kept = new double[casefile.size()];
            double gcMax = 0;
            for (int i = 0; i < casefile.size(); i++) kept[i] = metric(casefile.get(i), "vigil_reads_kept_bytes", null) / 1048576.0;
            for (int i = 0; i < all.size(); i++) {
                Service svc = all.get(i);
                rss[i] = rssMb(svc.process.pid());
                heap[i] = metric(svc, "jvm_memory_used_bytes", "area=\"heap\"") / 1048576.0;
                double total = metric(svc, "jvm_gc_pause_seconds_sum", null);
                gc[i] = (total - gcBefore[i]) * 1000;
                gcBefore[i] = total;
                gcMax = Math.max(gcMax, metricMax(svc, "jvm_gc_pause_seconds_max") * 1000);
            }
            UUID population = populationIds.get(RANDOM.nextInt(populationIds.size()));
            long probeStart = System.nanoTime();
            long version = probe(population);
            awaitProjected(population, version, 120);
            long lag = (System.nanoTime() - probeStart) / 1_000_000;
            long now = System.nanoTime();
            List<Long> window = new ArrayList<>();
            for (long[] a : acks) if (a[0] >= windowStart && a[0] < now) window.add(a[1]);
            acks.removeIf(a -> a[0] < now);
            Collections.sort(window);
            Sample sample = new Sample((now - start) / 60e9, rss, heap, gc, gcMax, lag, pct(window, 50), pct(window, 99),
                    window.size() / ((now - windowStart) / 1e9), kept);
            windowStart = now;
            samples.add(sample);
            System.out.printf("  %6.1f   %5.0f %5.0f %5.0f %5.0f    %5.0f %5.0f %5.0f %5.0f    %10.0f  %6.0f  %6d %5d %5d  %6.1f  %5.0f %5.0f%n",
                    sample.minute(), rss[0], rss[1], rss[2], rss[3], heap[0], heap[1], heap[2], heap[3],
                    java.util.Arrays.stream(gc).sum(), gcMax, lag, sample.p50(), sample.p99(), sample.acksPerSecond(), kept[0], kept[1]);
        }
        writeSoak(samples);
    }

    void writeSoak(List<Sample> samples) throws IOException {
        StringBuilder csv = new StringBuilder("minute,rss_ingest1_mb,rss_ingest2_mb,rss_casefile1_mb,rss_casefile2_mb,heap_ingest1_mb,"
                + "heap_ingest2_mb,heap_casefile1_mb,heap_casefile2_mb,gc_ms_window,gc_max_ms,lag_ms,p50_ms,p99_ms,acks_per_s,"
                + "kept_casefile1_mb,kept_casefile2_mb\n");
        for (Sample x : samples) {
            csv.append("%.2f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%d,%d,%d,%.1f,%.0f,%.0f%n".formatted(x.minute(), x.rssMb()[0],
                    x.rssMb()[1], x.rssMb()[2], x.rssMb()[3], x.heapMb()[0], x.heapMb()[1], x.heapMb()[2], x.heapMb()[3],
                    java.util.Arrays.stream(x.gcMillis()).sum(), x.gcMaxMillis(), x.lagMillis(), x.p50(), x.p99(), x.acksPerSecond(),
                    x.keptMb()[0], x.keptMb()[1]));
        }
        Files.writeString(runDir.resolve("soak-" + run + ".csv"), csv);
        int third = Math.max(1, samples.size() / 3);
        List<Sample> first = samples.subList(0, third);
        List<Sample> last = samples.subList(samples.size() - third, samples.size());
        System.out.printf("%n  soak, first third vs last third: RSS (all) %.0f -> %.0f MB, heap (all) %.0f -> %.0f MB, lag %.0f -> %.0f ms, p99 %.0f -> %.0f ms%n",
                avg(first, x -> sum(x.rssMb())), avg(last, x -> sum(x.rssMb())), avg(first, x -> sum(x.heapMb())),
                avg(last, x -> sum(x.heapMb())), avg(first, x -> x.lagMillis()), avg(last, x -> x.lagMillis()),
                avg(first, x -> x.p99()), avg(last, x -> x.p99()));
        String[] names = {"ingest-1", "ingest-2", "casefile-1", "casefile-2"};
        String[] colours = {"#1f77b4", "#6baed6", "#d62728", "#fc9272"};
        StringBuilder svg = new StringBuilder();
        int width = 900;
        int panel = 170;
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n"
                .formatted(width, 5 * panel + 60));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"10\" y=\"20\" font-size=\"15\">Vigil soak: %d min at %d requests/s, 2 ingest + 2 casefile instances (deploy/local/faults.sh --soak, run %s)</text>%n"
                .formatted(soakMinutes, rate, run));
        panel(svg, samples, 0, panel, width, "RSS (MB)", names, colours, x -> x.rssMb());
        panel(svg, samples, 1, panel, width, "heap used (MB)", names, colours, x -> x.heapMb());
        panel(svg, samples, 2, panel, width, "case files kept for reading (MB, estimated; budget a quarter of the heap)",
                new String[] {"casefile-1", "casefile-2"}, new String[] {"#d62728", "#fc9272"}, x -> x.keptMb());
        panel(svg, samples, 3, panel, width, "end-to-end lag of a probe (ms)", new String[] {"lag"}, new String[] {"#2ca02c"},
                x -> new double[] {x.lagMillis()});
        panel(svg, samples, 4, panel, width, "acknowledgement latency (ms) per 15 s window", new String[] {"p50", "p99"},
                new String[] {"#9467bd", "#ff7f0e"}, x -> new double[] {x.p50(), x.p99()});
        svg.append("</svg>\n");
        Path out = Path.of(env.getOrDefault("VIGIL_SOAK_SVG", runDir.resolve("soak-" + run + ".svg").toString()));
        Files.writeString(out, svg);
        say("soak plot: %s; samples: %s", out, runDir.resolve("soak-" + run + ".csv"));
    }

    static void panel(StringBuilder svg, List<Sample> samples, int index, int height, int width, String title, String[] names,
                      String[] colours, java.util.function.Function<Sample, double[]> values) {
        int top = 40 + index * height;
        int left = 70;
        int plotWidth = width - left - 130;
        int plotHeight = height - 50;
        double max = 1;
        for (Sample x : samples) for (double v : values.apply(x)) max = Math.max(max, v);
        max = niceCeiling(max);
        double minutes = samples.isEmpty() ? 1 : Math.max(samples.getLast().minute(), 1);
        svg.append("<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n".formatted(left, top + 12, title));
        int y0 = top + 20;
        svg.append("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n".formatted(left, y0, plotWidth, plotHeight));
        for (int g = 0; g <= 2; g++) {
            double v = max * g / 2;
            int y = y0 + plotHeight - (int) (plotHeight * g / 2.0);
            svg.append("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n".formatted(left - 6, y + 4, fmt(v)));
            if (g > 0 && g < 2) svg.append("<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>%n".formatted(left, left + plotWidth, y, y));
        }
        svg.append("<text x=\"%d\" y=\"%d\">0</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.0f min</text>%n"
                .formatted(left, y0 + plotHeight + 14, left + plotWidth, y0 + plotHeight + 14, minutes));
        for (int k = 0; k < names.length; k++) {
            StringBuilder points = new StringBuilder();
            for (Sample x : samples) {
                double v = values.apply(x)[k];
                points.append("%.1f,%.1f ".formatted(left + plotWidth * x.minute() / minutes, y0 + plotHeight - plotHeight * v / max));
            }
            svg.append("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\" points=\"%s\"/>%n".formatted(colours[k], points.toString().strip()));
            svg.append("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n"
                    .formatted(left + plotWidth + 12, y0 + 10 + 16 * k, colours[k], left + plotWidth + 28, y0 + 15 + 16 * k, names[k]));
        }
    }

    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) if (m * p >= v) return m * p;
        return 10 * p;
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : "%.1f".formatted(v);
    }

    static double sum(double[] values) {
        return java.util.Arrays.stream(values).sum();
    }

    static double avg(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        return samples.stream().mapToDouble(f).average().orElse(0);
    }

    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException gone) {
            // the process ended
        }
        return 0;
    }

    /** The sum of a Prometheus metric's series (those whose labels contain {@code labels}, when given). */
    double metric(Service svc, String name, String labels) throws Exception {
        double total = 0;
        for (String line : metricsText(svc).split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                if (labels != null && !line.contains(labels)) continue;
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    double metricMax(Service svc, String name) throws Exception {
        double max = 0;
        for (String line : metricsText(svc).split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) max = Math.max(max, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
        return max;
    }

    String metricsText(Service svc) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(svc.url() + "/q/metrics")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : "";
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
        boolean caughtUp = true;
        try {
            for (var e : logVersions.entrySet()) {
                int left = (int) Math.max(1, 300 - (System.nanoTime() - catchUp) / 1_000_000_000L);
                awaitProjected(e.getKey(), e.getValue(), left);
            }
            say("views caught up with the log %.1f s after the load stopped", (System.nanoTime() - catchUp) / 1e9);
        } catch (IllegalStateException behind) {
            caughtUp = false;
            say("FAIL: the views did not catch up with the log within 300 s: %s", behind.getMessage());
        }

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

        // The views equal a fresh rebuild of them from the topic (not tried when they never caught up): each
        // population's dossier (folded from its whole history) and its status (read from the current view, whose
        // tallies the database keeps through every redelivery and restart of the run).
        Map<UUID, String> before = caughtUp ? dossiersAndStatuses() : Map.of();
        int rebuildStatus = -1;
        if (caughtUp) {
            rebuildStatus = HTTP.send(HttpRequest.newBuilder(URI.create(casefile.get(0).url() + "/admin/rebuild"))
                    .timeout(Duration.ofMinutes(10)).header("Authorization", "Bearer " + admin)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        }
        Map<UUID, String> after = caughtUp ? dossiersAndStatuses() : Map.of();
        long differ = before.keySet().stream().filter(id -> !before.get(id).equals(after.get(id))).count();
        boolean rebuildOk = rebuildStatus == 200;

        String restored = soak ? "not tried (soak)" : caughtUp ? restore(dossiers(casefile.get(0)), logVersions) : "not tried (the views did not catch up)";

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
                  views equal a fresh rebuild   %s (%d of %d populations' dossier or status differ; rebuild answered %d)
                  backup and restore            %s
                """.formatted(run, form(), Instant.now(), loadSeconds, rate, requests.get(), attempts.get(),
                attempts.get() - requests.get(), refused.get(), pct(latencies, 50), pct(latencies, 99),
                latencies.isEmpty() ? 0 : latencies.getLast(), faults.size(), faultTable(), acknowledged.size(),
                acknowledged.size() - lost, acknowledged.size(), logRows, lost, acknowledged.size() - notOnTopic,
                acknowledged.size(), topicDuplicates, acknowledged.size() - notInViews, acknowledged.size(), viewRows,
                doubledInViews, gapped.isEmpty() ? "yes" : "NO", gapped.size(), versionsDiffer == 0 ? "yes" : "NO", versionsDiffer,
                stalled, chainValid ? "yes" : "NO", differ == 0 && rebuildOk ? "yes" : "NO", differ, before.size(), rebuildStatus,
                restored);
        System.out.println(table);
        Files.writeString(runDir.resolve("faults-" + run + ".txt"), table);
        for (String r : refusals.subList(0, Math.min(5, refusals.size()))) say("refusal: %s", r);
        boolean ok = caughtUp && lost == 0 && doubledInViews == 0 && notInViews == 0 && notOnTopic == 0 && gapped.isEmpty()
                && versionsDiffer == 0 && stalled == 0 && chainValid && differ == 0 && rebuildOk && refused.get() == 0
                && (soak || restored.startsWith("yes"));
        say(ok ? "PASS: nothing acknowledged was lost, no effect doubled" : "FAIL: see the table above");
        return ok ? 0 : 1;
    }

    /**
     * The documented backup and restore, tried: the run's event store backed up with deploy/local/backup.sh and
     * restored with deploy/local/restore.sh into a fresh cluster; an ingest instance on it verifies the chain and,
     * its topic lost (a new one), refills it from the log (POST /admin/relay/republish); a casefile instance with empty
     * views projects it; its dossiers must equal the ones the run's views hold.
     */
    String restore(Map<UUID, String> expected, Map<UUID, Long> logVersions) {
        Path backup = runDir.resolve("backup-" + run);
        List<Service> restoredServices = new ArrayList<>();
        long start = System.nanoTime();
        try {
            script("deploy/local/backup.sh", backup.toString(), ingestDb);
            int port = freePort();
            script("deploy/local/restore.sh", backup.toString(), Integer.toString(port));
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "vigil_casefile_owner", password);
                 Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE vigil_casefile_restored");
            }
            String refilled = topic + ".refilled";
            Service restoredIngest = new Service("ingest-restored", "ingest-service", false)
                    .with("VIGIL_PG_PORT", Integer.toString(port)).with("VIGIL_EVENTS_TOPIC", refilled);
            Service restoredCasefile = new Service("casefile-restored", "casefile-service", false)
                    .with("VIGIL_PG_PORT", Integer.toString(port)).with("VIGIL_EVENTS_TOPIC", refilled)
                    .with("VIGIL_CASEFILE_DB_NAME", "vigil_casefile_restored").with("VIGIL_STATUS_TOPIC", refilled + ".status")
                    .with("VIGIL_CASEFILE_GROUP", "vigil-faults-restored-" + run);
            restoredServices.add(restoredIngest);
            restoredServices.add(restoredCasefile);
            restoredIngest.start();
            restoredCasefile.start();
            restoredIngest.awaitReady(120);
            restoredCasefile.awaitReady(120);
            JsonNode verification = getJson(restoredIngest.url() + "/log/verify", admin);
            JsonNode head = getJson(restoredIngest.url() + "/log/head", admin);
            JsonNode originalHead = getJson(ingest.get(0).url() + "/log/head", admin);
            if (verification == null || !verification.path("valid").asBoolean()) return "NO: the restored chain does not verify";
            if (head == null || !head.equals(originalHead)) return "NO: the restored log's head differs: " + head + " vs " + originalHead;
            int republish = 0;
            for (int i = 0; i < 120 && republish != 200; i++) {
                republish = HTTP.send(HttpRequest.newBuilder(URI.create(restoredIngest.url() + "/admin/relay/republish?fromPosition=0"))
                        .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (republish != 200) sleep(500);
            }
            if (republish != 200) return "NO: republish answered " + republish;
            Instant deadline = Instant.now().plusSeconds(300);
            for (var e : logVersions.entrySet()) {
                while (true) {
                    JsonNode st = getJson(restoredCasefile.url() + "/populations/" + e.getKey() + "/status", admin);
                    if (st != null && st.path("status").path("streamVersion").asLong() >= e.getValue()) break;
                    if (Instant.now().isAfter(deadline)) return "NO: the views of the refilled topic did not catch up";
                    sleep(200);
                }
            }
            Map<UUID, String> rebuilt = dossiers(restoredCasefile);
            long differ = expected.keySet().stream().filter(id -> !expected.get(id).equals(rebuilt.get(id))).count();
            if (differ > 0) return "NO: " + differ + " dossiers from the restored log differ";
            return "yes (pg_dump, a fresh cluster, chain verified, head equal, topic refilled from position 0, %d dossiers equal; %.0f s)"
                    .formatted(expected.size(), (System.nanoTime() - start) / 1e9);
        } catch (Exception e) {
            return "NO: " + e;
        } finally {
            for (Service svc : restoredServices) {
                try {
                    svc.stop();
                } catch (Exception ignored) {
                    // best effort
                }
            }
            try {
                script("deploy/local/restore.sh", "stop", backup.toString());
            } catch (Exception ignored) {
                // already stopped
            }
        }
    }

    void script(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve(script).toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("infra.log").toFile())).start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(script + " " + List.of(args) + " failed; see " + runDir.resolve("infra.log"));
        }
    }

    String faultTable() {
        StringBuilder out = new StringBuilder("    fault            held (ms)  writes back (ms)  views back (ms)   (* the relay's leader)\n");
        for (FaultRecord f : faults) {
            out.append("    %-16s %9d %17d %16d%n".formatted(f.kind(), f.heldMillis(), f.writesBackMillis(), f.viewsBackMillis()));
        }
        return out.toString().stripTrailing();
    }

    static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Each population's dossier, then its status as casefile-service answers it. */
    Map<UUID, String> dossiersAndStatuses() throws Exception {
        Map<UUID, String> out = dossiers(casefile.get(0));
        for (UUID id : populationIds) {
            JsonNode status = getJson(casefile.get(0).url() + "/populations/" + id + "/status", admin);
            out.merge(id, status == null ? "status missing" : status.toString(), (d, st) -> d + "\n" + st);
        }
        return out;
    }

    Map<UUID, String> dossiers(Service from) throws Exception {
        Map<UUID, String> out = new LinkedHashMap<>();
        for (UUID id : populationIds) {
            JsonNode d = getJson(from.url() + "/populations/" + id + "/dossier?audience=internal", admin);
            out.put(id, d == null ? "missing" : d.toString());
        }
        return out;
    }

    Map<UUID, Integer> readTopic() {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrap());
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

    /**
     * The run's own Kafka broker (KRaft, single node), from the jars deploy/local/infra.sh fetched: a PLAINTEXT listener
     * for direct clients and a LINKED one advertised at the Kafka link's port, so that clients that bootstrap through
     * the link also send everything else through it. Its data folder is a tmpfs of {@code diskMb} when the machine lets
     * the run mount one (the disk-full fault needs it), else a plain folder.
     */
    final class Broker implements AutoCloseable {
        final Path dir = runDir.resolve("broker-" + run);
        final Path data = dir.resolve("data");
        final int diskMb = Integer.parseInt(env.getOrDefault("VIGIL_FAULTS_DISK_MB", "512"));
        final int port;
        final int controllerPort;
        final int linkedPort;
        final boolean small;
        Process process;

        Broker() throws Exception {
            port = freePort();
            controllerPort = freePort();
            linkedPort = freePort();
            kafkaLink = new Link("127.0.0.1", linkedPort);
            Files.createDirectories(data);
            Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + diskMb + "m", "vigil-faults", data.toString())
                    .redirectErrorStream(true).start();
            small = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
            Path props = dir.resolve("server.properties");
            Files.writeString(props, String.join("\n",
                    "process.roles=broker,controller", "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort + ",LINKED://127.0.0.1:" + linkedPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",LINKED://127.0.0.1:" + kafkaLink.port(),
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,LINKED:PLAINTEXT",
                    "controller.listener.names=CONTROLLER", "inter.broker.listener.name=PLAINTEXT",
                    "log.dirs=" + data, "num.partitions=6",
                    "offsets.topic.replication.factor=1", "offsets.topic.num.partitions=6",
                    "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0", "auto.create.topics.enable=true", ""));
            Process format = new ProcessBuilder(javaBin, "-cp", env.get("VIGIL_KAFKA_LIBS") + "/*", "kafka.tools.StorageTool", "format",
                    "-t", org.apache.kafka.common.Uuid.randomUuid().toString(), "-c", props.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("format.log").toFile())).start();
            if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) throw new IllegalStateException("could not format the run's broker; see " + dir);
        }

        String bootstrap() {
            return "127.0.0.1:" + port;
        }

        void start() throws IOException {
            process = new ProcessBuilder(javaBin, "-Xms128m", "-Xmx512m",
                    "-Dlog4j2.configurationFile=" + env.get("VIGIL_KAFKA_LOG4J"), "-cp", env.get("VIGIL_KAFKA_LIBS") + "/*",
                    "kafka.Kafka", dir.resolve("server.properties").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
        }

        void awaitReady(int seconds) throws Exception {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap());
            p.put("request.timeout.ms", "2000");
            p.put("default.api.timeout.ms", "3000");
            Instant deadline = Instant.now().plusSeconds(seconds);
            try (var admin = org.apache.kafka.clients.admin.Admin.create(p)) {
                while (Instant.now().isBefore(deadline)) {
                    if (!process.isAlive()) throw new IllegalStateException("the run's broker exited; see " + dir.resolve("broker.log"));
                    try {
                        if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) return;
                    } catch (Exception notYet) {
                        sleep(250);
                    }
                }
            }
            throw new IllegalStateException("the run's broker is not ready after " + seconds + " s");
        }

        boolean alive() {
            return process != null && process.isAlive();
        }

        void kill(String signal) throws Exception {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }

        /** Fills the broker's filesystem to the last byte; answers how much it wrote. */
        long fill() {
            long written = 0;
            byte[] block = new byte[1 << 20];
            try (OutputStream out = Files.newOutputStream(data.resolve("filler"))) {
                while (true) {
                    out.write(block);
                    written += block.length;
                }
            } catch (IOException full) {
                return written; // no space left on the device
            }
        }

        void unfill() throws IOException {
            Files.deleteIfExists(data.resolve("filler"));
        }

        @Override
        public void close() throws Exception {
            if (alive()) kill("TERM");
            if (small) new ProcessBuilder("umount", "-l", data.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** One service instance: a process of the packaged jar, with its own port, killed and started again at will. */
    final class Service {
        final String name;
        final String module;
        final boolean throughLink;
        final int port;
        final Map<String, String> overrides = new HashMap<>();
        Process process;

        Service(String name, String module, boolean throughLink) throws IOException {
            this.name = name;
            this.module = module;
            this.throughLink = throughLink;
            this.port = freePort();
        }

        Service with(String variable, String value) {
            overrides.put(variable, value);
            return this;
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        String describe() {
            return name + " " + url() + (throughLink ? " (PostgreSQL and Kafka through the cuttable links)" : "");
        }

        void start() throws IOException {
            ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx384m", "-jar",
                    root.resolve(module + "/target/quarkus-app/quarkus-run.jar").toString());
            Map<String, String> e = pb.environment();
            e.put("VIGIL_LOG_JSON", "false");
            e.put("VIGIL_PG_PORT", Integer.toString(throughLink ? pgLink.port() : pgPort));
            e.put("VIGIL_KAFKA_BOOTSTRAP", throughLink ? "127.0.0.1:" + kafkaLink.port() : broker.bootstrap());
            e.put("VIGIL_DB_NAME", ingestDb);
            e.put("VIGIL_CASEFILE_DB_NAME", casefileDb);
            e.put("VIGIL_EVENTS_TOPIC", topic);
            e.put("VIGIL_STATUS_TOPIC", topic + ".status");
            e.put("VIGIL_CASEFILE_GROUP", "vigil-faults-" + run);
            e.put("VIGIL_INGEST_PORT", Integer.toString(port));
            e.put("VIGIL_CASEFILE_PORT", Integer.toString(port));
            e.putAll(overrides);
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
