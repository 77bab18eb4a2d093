package org.vigil.casefile.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real PostgreSQL and Kafka of deploy/local/infra.sh (started if needed) for casefile-service tests: a fresh
 * database owned by the casefile owner role, and topics and a consumer group of the run's own.
 */
public class CasefileInfraResource implements QuarkusTestResourceLifecycleManager {

    public static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    public static final String EVENTS_TOPIC = "vigil.population-events.casefile-test-" + RUN;
    private Map<String, String> env;
    private String database;

    @Override
    public Map<String, String> start() {
        env = env();
        database = "vigil_casefile_test_" + RUN;
        try (Connection c = admin("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database + " OWNER vigil_casefile_owner");
        } catch (Exception e) {
            throw new IllegalStateException("could not create the test database", e);
        }
        String host = env.get("VIGIL_PG_HOST") + ":" + env.get("VIGIL_PG_PORT");
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.reactive.url", "postgresql://" + host + "/" + database);
        config.put("quarkus.datasource.username", "vigil_casefile_app");
        config.put("quarkus.datasource.password", env.get("VIGIL_DB_PASSWORD"));
        config.put("vigil.migration.jdbc-url", "jdbc:postgresql://" + host + "/" + database + "?sslmode=${VIGIL_PG_SSLMODE:prefer}");
        config.put("vigil.migration.owner-username", "vigil_casefile_owner");
        config.put("vigil.migration.owner-password", env.get("VIGIL_DB_PASSWORD"));
        config.put("vigil.migration.app-role", "vigil_casefile_app");
        config.put("kafka.bootstrap.servers", env.get("VIGIL_KAFKA_BOOTSTRAP"));
        config.put("vigil.events-topic", EVENTS_TOPIC);
        config.put("mp.jwt.verify.publickey.location", Tokens.publicKeyLocation());
        config.put("mp.jwt.verify.issuer", Tokens.ISSUER);
        String provider = org.vigil.testing.Keycloak.issuer(env);
        if (provider != null) {
            config.put("vigil.oidc.issuer", provider);
            // the web app signs in with it (WebAppTest), as the confidential client deploy/local/infra.sh registered
            config.put("quarkus.oidc.web.auth-server-url", provider);
            config.put("quarkus.oidc.web.credentials.secret", org.vigil.testing.Keycloak.secret(env, "keycloak-web-client"));
        } else {
            config.put("quarkus.oidc.web.tenant-enabled", "false");
        }
        config.put("vigil.status-topic", "vigil.population-status.casefile-test-" + RUN);
        config.put("vigil.consumer-group", "vigil-casefile-test-" + RUN);
        return config;
    }

    @Override
    public void stop() {
        if (database == null || "true".equals(System.getenv("VIGIL_KEEP_TEST_DB"))) return;
        try (Connection c = admin("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (Exception ignored) {
            // the next run of the same name drops it first
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

    private Connection admin(String db) throws Exception {
        // the driver itself, not DriverManager: a test profile starts this resource again in a class loader of its own,
        // whose driver DriverManager does not hand to it
        java.util.Properties login = new java.util.Properties();
        login.setProperty("user", "vigil_admin");
        login.setProperty("password", env.get("VIGIL_DB_PASSWORD"));
        return new org.postgresql.Driver().connect("jdbc:postgresql://" + env.get("VIGIL_PG_HOST") + ":" + env.get("VIGIL_PG_PORT") + "/" + db, login);
    }
}
