package org.vigil.ingest.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The real PostgreSQL and Kafka that deploy/local/infra.sh runs, found or started for the tests. Nothing here mocks
 * them: tests get a database of their own on the real server and a topic of their own on the real broker.
 */
public final class LocalInfra {

    private LocalInfra() {
    }

    public static Path repoRoot() {
        String configured = System.getProperty("project.root.dir");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("deploy/local/infra.sh"))) return p;
        }
        throw new IllegalStateException("cannot find deploy/local/infra.sh above " + start);
    }

    /** Runs infra.sh with the given verb and fails loudly with its output if it fails. */
    public static void infra(String verb) {
        try {
            Process p = new ProcessBuilder("bash", repoRoot().resolve("deploy/local/infra.sh").toString(), verb)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("deploy/local/infra.sh " + verb + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run deploy/local/infra.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** PostgreSQL and Kafka: Testcontainers when a Docker engine answers, deploy/local's otherwise (org.vigil.testing.Infrastructure). */
    public static Map<String, String> env() {
        return new HashMap<>(org.vigil.testing.Infrastructure.env(repoRoot()));
    }

    /** The database name of a JDBC URL, whatever its parameters say (sslrootcert holds slashes too). */
    public static String databaseOf(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        String path = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public static Path stateDir() {
        String dir = System.getenv("VIGIL_STATE_DIR");
        return Path.of(dir == null || dir.isBlank() ? "/var/tmp/vigil" : dir);
    }

    public static String jdbcUrl(Map<String, String> env, String database) {
        return "jdbc:postgresql://" + env.get("VIGIL_PG_HOST") + ":" + env.get("VIGIL_PG_PORT") + "/" + database;
    }

    /** A connection as the cluster's superuser: for set-up, and for tests that go behind the application's back. */
    public static Connection admin(Map<String, String> env, String database) throws SQLException {
        Properties props = new Properties();
        props.put("user", "vigil_admin");
        props.put("password", env.get("VIGIL_DB_PASSWORD"));
        return DriverManager.getConnection(jdbcUrl(env, database), props);
    }

    /**
     * Takes a database away from its clients, as an outage does: every connection to it is ended and new ones are
     * refused (the server answers "database does not allow connections") until {@link #restoreDatabase}.
     */
    public static void cutDatabase(Map<String, String> env, String name) throws SQLException {
        try (Connection c = admin(env, "postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "' AND pid <> pg_backend_pid()");
        }
    }

    public static void restoreDatabase(Map<String, String> env, String name) throws SQLException {
        try (Connection c = admin(env, "postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
        }
    }

    public static void createDatabase(Map<String, String> env, String name, String owner) throws SQLException {
        try (Connection c = admin(env, "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name + " OWNER " + owner);
        }
    }

    public static void dropDatabase(Map<String, String> env, String name) {
        try (Connection c = admin(env, "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // A database left behind by a failed run is dropped by the next run of the same name; nothing to do here.
        }
    }
}
