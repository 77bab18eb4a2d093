package org.vigil.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Where the tests' PostgreSQL and Kafka come from. With a Docker engine that answers, Testcontainers starts them
 * (images pinned by version, PostgreSQL serving TLS like deploy/local's, the same roles), so a contributor with Docker
 * runs {@code ./mvnw verify} and nothing else. Without one (this project's CI and build machines), deploy/local's
 * processes are used, started by {@code deploy/local/infra.sh} when they do not run. {@code VIGIL_TEST_INFRA} forces
 * the choice: {@code local} or {@code containers}; {@code auto} (the default) picks as said.
 *
 * <p>Either way the tests get the same environment: {@code VIGIL_PG_HOST}, {@code VIGIL_PG_PORT},
 * {@code VIGIL_KAFKA_BOOTSTRAP} and {@code VIGIL_DB_PASSWORD}, the password of the admin role ({@code vigil_admin})
 * and of each service's owner and app roles. One source file compiled into each service's tests (no shared jar).
 */
public final class Infrastructure {

    /** The PostgreSQL image the containers path uses: the major version deploy/local runs (Debian 12's). */
    public static final String POSTGRES_IMAGE = "postgres:15.10";
    /** The Kafka image: the broker version of the Kafka client the Quarkus BOM brings. */
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.0";

    /** Where the tests' infrastructure comes from. */
    public enum Source { LOCAL, CONTAINERS }

    private static Map<String, String> started;

    private Infrastructure() {
    }

    /** The choice for {@code VIGIL_TEST_INFRA} ({@code auto} when unset) when a Docker engine does or does not answer. */
    public static Source choose(String wanted, boolean dockerAnswers) {
        String w = wanted == null || wanted.isBlank() ? "auto" : wanted.trim().toLowerCase();
        return switch (w) {
            case "local" -> Source.LOCAL;
            case "containers" -> {
                if (!dockerAnswers) {
                    throw new IllegalStateException("VIGIL_TEST_INFRA=containers, but no Docker engine answers; unset it"
                            + " to use deploy/local's PostgreSQL and Kafka");
                }
                yield Source.CONTAINERS;
            }
            case "auto" -> dockerAnswers ? Source.CONTAINERS : Source.LOCAL;
            default -> throw new IllegalStateException("VIGIL_TEST_INFRA is auto, local or containers, not '" + wanted + "'");
        };
    }

    /** Whether a Docker engine answers here (Testcontainers' own check); false when there is none, or it fails. */
    public static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable none) {
            return false;
        }
    }

    /** The choice for this run. */
    public static Source source() {
        return choose(System.getenv("VIGIL_TEST_INFRA"), dockerAnswers());
    }

    /** The infrastructure's environment, started on first use (once per test JVM). */
    public static synchronized Map<String, String> env(Path repoRoot) {
        if (started == null) started = source() == Source.CONTAINERS ? containers() : local(repoRoot);
        return started;
    }

    private static Map<String, String> local(Path repoRoot) {
        try {
            Process p = new ProcessBuilder("bash", repoRoot.resolve("deploy/local/infra.sh").toString(), "up")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("deploy/local/infra.sh up failed:\n" + out);
            }
            String dir = System.getenv("VIGIL_STATE_DIR");
            Path state = Path.of(dir == null || dir.isBlank() ? "/var/tmp/vigil" : dir);
            Map<String, String> env = new HashMap<>();
            for (String line : Files.readAllLines(state.resolve("infra.env"))) {
                int eq = line.indexOf('=');
                if (eq > 0) env.put(line.substring(0, eq), line.substring(eq + 1));
            }
            env.put("VIGIL_DB_PASSWORD", Files.readString(state.resolve("secrets/db-password")).strip());
            return env;
        } catch (IOException e) {
            throw new IllegalStateException("could not run deploy/local/infra.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * PostgreSQL and Kafka in containers, for the whole test JVM (Testcontainers' Ryuk removes them after it). The
     * roles and databases are those deploy/local/infra.sh makes; TLS with the image's own snakeoil certificate, as the
     * services ask for it ({@code sslmode=prefer}) and {@code TransportTest} checks.
     */
    @SuppressWarnings("resource")
    private static Map<String, String> containers() {
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        StringBuilder init = new StringBuilder();
        for (String service : new String[]{"ingest", "casefile", "report"}) {
            init.append("CREATE ROLE vigil_").append(service).append("_owner LOGIN CREATEDB PASSWORD '").append(password).append("';\n")
                    .append("CREATE ROLE vigil_").append(service).append("_app LOGIN PASSWORD '").append(password).append("';\n")
                    .append("CREATE DATABASE vigil_").append(service).append(" OWNER vigil_").append(service).append("_owner;\n");
        }
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withUsername("vigil_admin").withPassword(password).withDatabaseName("postgres")
                .withCommand("postgres", "-c", "ssl=on", "-c", "ssl_cert_file=/etc/ssl/certs/ssl-cert-snakeoil.pem",
                        "-c", "ssl_key_file=/etc/ssl/private/ssl-cert-snakeoil.key", "-c", "max_connections=300")
                .withCopyToContainer(org.testcontainers.images.builder.Transferable.of(init.toString()),
                        "/docker-entrypoint-initdb.d/vigil-roles.sql");
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        postgres.start();
        kafka.start();
        Map<String, String> env = new HashMap<>();
        env.put("VIGIL_PG_HOST", postgres.getHost());
        env.put("VIGIL_PG_PORT", String.valueOf(postgres.getMappedPort(5432)));
        env.put("VIGIL_KAFKA_BOOTSTRAP", kafka.getBootstrapServers());
        env.put("VIGIL_DB_PASSWORD", password);
        return Map.copyOf(env);
    }
}
