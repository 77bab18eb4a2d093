package org.vigil.report.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The whole chain under report-service's tests, all real: deploy/local/infra.sh's PostgreSQL and Kafka, fresh
 * databases and a topic of the run's own, the packaged ingest-service and casefile-service as processes, and the
 * Camp Ashraf casebook loaded and projected before the first test.
 */
public class ReportInfraResource implements QuarkusTestResourceLifecycleManager {

    public static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    public static final String DEMO = "8f3e2a41-5a0c-4c0e-9d7b-2a7d1f6c0a51";
    public static final String TOPIC = "vigil.population-events.report-test-" + RUN;
    public static Upstream ingest;
    public static Upstream casefile;
    private Map<String, String> env;
    private int reportPort;

    @Override
    public Map<String, String> start() {
        env = env();
        for (String service : new String[]{"ingest", "casefile", "report"}) {
            database(service, "DROP DATABASE IF EXISTS vigil_" + service + "_rt_" + RUN + " WITH (FORCE)",
                    "CREATE DATABASE vigil_" + service + "_rt_" + RUN + " OWNER vigil_" + service + "_owner");
        }
        try {
            Map<String, String> common = new HashMap<>(env);
            common.put("VIGIL_EVENTS_TOPIC", TOPIC);
            common.put("VIGIL_JWT_PUBLIC_KEY", Tokens.publicKeyLocation());
            common.put("VIGIL_JWT_ISSUER", Tokens.ISSUER);
            String provider = org.vigil.testing.Keycloak.issuer(env);
            if (provider != null) common.put("VIGIL_OIDC_ISSUER", provider);
            Map<String, String> ingestEnv = new HashMap<>(common);
            ingestEnv.put("VIGIL_DB_NAME", "vigil_ingest_rt_" + RUN);
            ingest = new Upstream("ingest-service", ingestEnv).start(Map.of());
            Map<String, String> casefileEnv = new HashMap<>(common);
            casefileEnv.put("VIGIL_CASEFILE_DB_NAME", "vigil_casefile_rt_" + RUN);
            casefileEnv.put("VIGIL_STATUS_TOPIC", "vigil.population-status.report-test-" + RUN);
            casefileEnv.put("VIGIL_CASEFILE_GROUP", "vigil-casefile-report-test-" + RUN);
            // its web app records through this ingest-service and signs people in with the local Keycloak (WebAppRecordingTest)
            casefileEnv.put("VIGIL_INGEST_URL", ingest.url());
            // ...and writes and reads reports through this report-service, whose test port is chosen now for it
            reportPort = Upstream.freePort();
            casefileEnv.put("VIGIL_REPORT_URL", "http://127.0.0.1:" + reportPort);
            if (provider != null) {
                casefileEnv.put("VIGIL_OIDC_CLIENT_SECRET", org.vigil.testing.Keycloak.secret(env, "keycloak-web-client"));
            } else {
                casefileEnv.put("VIGIL_WEB_ENABLED", "false");
            }
            casefile = new Upstream("casefile-service", casefileEnv).start(Map.of());
            String casebook = Files.readString(repoRoot().resolve("docs/examples/camp-ashraf.ndjson"));
            var loaded = ingest.post("/populations/" + DEMO + "/events:batch", "application/x-ndjson", casebook);
            if (loaded.statusCode() != 201) throw new IllegalStateException("loading the casebook failed: " + loaded.body());
            awaitVersion(DEMO, casebook.strip().split("\n").length);
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("could not start the upstream services", e);
        }
        String host = env.get("VIGIL_PG_HOST") + ":" + env.get("VIGIL_PG_PORT");
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.reactive.url", "postgresql://" + host + "/vigil_report_rt_" + RUN);
        config.put("quarkus.datasource.username", "vigil_report_app");
        config.put("quarkus.datasource.password", env.get("VIGIL_DB_PASSWORD"));
        config.put("vigil.migration.jdbc-url", "jdbc:postgresql://" + host + "/vigil_report_rt_" + RUN);
        config.put("vigil.migration.owner-username", "vigil_report_owner");
        config.put("vigil.migration.owner-password", env.get("VIGIL_DB_PASSWORD"));
        config.put("vigil.migration.app-role", "vigil_report_app");
        config.put("quarkus.rest-client.ingest.url", ingest.url());
        config.put("quarkus.rest-client.casefile.url", casefile.url());
        config.put("quarkus.rest-client.casefile.read-timeout", System.getProperty("bench.casefile.read-timeout", "3000"));
        config.put("vigil.report.wait-for-views", "2000");
        config.put("mp.jwt.verify.publickey.location", Tokens.publicKeyLocation());
        config.put("mp.jwt.verify.issuer", Tokens.ISSUER);
        config.put("quarkus.http.test-port", Integer.toString(reportPort));
        String oidc = org.vigil.testing.Keycloak.issuer(env);
        if (oidc != null) config.put("vigil.oidc.issuer", oidc);
        return config;
    }

    /** Restarts casefile-service, reading another topic than ingest-service writes to when {@code topic} is given. */
    public static void restartCasefile(String topic) throws Exception {
        casefile.stop();
        Map<String, String> overrides = new HashMap<>();
        if (topic != null) {
            overrides.put("VIGIL_EVENTS_TOPIC", topic);
            overrides.put("VIGIL_CASEFILE_GROUP", "vigil-casefile-report-test-" + RUN + "-" + topic.hashCode());
        }
        casefile.start(overrides);
    }

    /** Waits until casefile-service has applied the population's stream up to the version. */
    public static void awaitVersion(String population, long version) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            var r = casefile.get("/populations/" + population + "/status");
            if (r.statusCode() == 200 && r.body().contains("\"streamVersion\":" + version + ",")) return;
            if (Instant.now().isAfter(deadline)) throw new AssertionError("casefile did not reach version " + version + ": " + r.body());
            Thread.sleep(100);
        }
    }

    @Override
    public void stop() {
        try {
            if (casefile != null) casefile.stop();
            if (ingest != null) ingest.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if ("true".equals(System.getenv("VIGIL_KEEP_TEST_DB"))) return;
        for (String service : new String[]{"ingest", "casefile", "report"}) {
            try {
                database(service, "DROP DATABASE IF EXISTS vigil_" + service + "_rt_" + RUN + " WITH (FORCE)");
            } catch (RuntimeException ignored) {
                // the next run of the same name drops it first
            }
        }
    }

    private void database(String service, String... statements) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + env.get("VIGIL_PG_HOST") + ":"
                + env.get("VIGIL_PG_PORT") + "/postgres", "vigil_admin", env.get("VIGIL_DB_PASSWORD"));
             Statement s = c.createStatement()) {
            for (String sql : statements) s.execute(sql);
        } catch (Exception e) {
            throw new IllegalStateException("database set-up for " + service + " failed", e);
        }
    }

    public static Path repoRoot() {
        String configured = System.getProperty("project.root.dir");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("deploy/local/infra.sh"))) return p;
        }
        throw new IllegalStateException("cannot find deploy/local/infra.sh above " + start);
    }

    static void infra(String verb) {
        try {
            Process p = new ProcessBuilder("bash", repoRoot().resolve("deploy/local/infra.sh").toString(), verb)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("deploy/local/infra.sh " + verb + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** PostgreSQL and Kafka: Testcontainers when a Docker engine answers, deploy/local's otherwise (org.vigil.testing.Infrastructure). */
    public static Map<String, String> env() {
        return new HashMap<>(org.vigil.testing.Infrastructure.env(repoRoot()));
    }
}
