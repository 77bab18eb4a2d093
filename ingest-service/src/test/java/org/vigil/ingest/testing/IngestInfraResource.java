package org.vigil.ingest.testing;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test the real infrastructure: PostgreSQL and Kafka in Testcontainers when a Docker engine answers,
 * else deploy/local's, started through deploy/local/infra.sh (a no-op when they already run), makes a fresh database owned by the ingest owner role and a topic name of its own, and
 * points the service at them.
 */
public class IngestInfraResource implements QuarkusTestResourceLifecycleManager {

    private Map<String, String> env;
    private String database;

    @Override
    public Map<String, String> start() {
        env = LocalInfra.env();
        String run = UUID.randomUUID().toString().substring(0, 8);
        database = "vigil_ingest_test_" + run;
        try {
            LocalInfra.createDatabase(env, database, "vigil_ingest_owner");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the test database", e);
        }
        Map<String, String> config = new HashMap<>();
        String url = LocalInfra.jdbcUrl(env, database);
        config.put("quarkus.datasource.jdbc.url", url + "?reWriteBatchedInserts=true&${tls.postgresql}");
        config.put("quarkus.datasource.username", "vigil_ingest_app");
        config.put("quarkus.datasource.password", env.get("VIGIL_DB_PASSWORD"));
        config.put("vigil.migration.jdbc-url", url + "?${tls.postgresql}");
        config.put("vigil.migration.owner-username", "vigil_ingest_owner");
        config.put("vigil.migration.owner-password", env.get("VIGIL_DB_PASSWORD"));
        config.put("vigil.migration.app-role", "vigil_ingest_app");
        config.put("kafka.bootstrap.servers", env.get("VIGIL_KAFKA_BOOTSTRAP"));
        config.put("vigil.relay.topic", "vigil.population-events.test-" + run);
        config.put("mp.jwt.verify.publickey.location", Tokens.publicKeyLocation());
        config.put("mp.jwt.verify.issuer", Tokens.ISSUER);
        // and the OIDC provider's tokens, when one runs (ProviderTokenTest)
        String provider = org.vigil.testing.Keycloak.issuer(env);
        if (provider != null) config.put("vigil.oidc.issuer", provider);
        return config;
    }

    @Override
    public void stop() {
        if (env != null && database != null && !"true".equals(System.getenv("VIGIL_KEEP_TEST_DB"))) {
            LocalInfra.dropDatabase(env, database);
        }
    }
}
