package org.vigil.casefile.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.testing.CasefileInfraResource;

/**
 * Transport settings are configuration: the reactive PostgreSQL connections are encrypted (ssl-mode prefer against
 * deploy/local's TLS-serving server), and every kafka.* setting reaches the rebuild's own consumer, as it reaches the
 * live one (a rebuild on a TLS or SASL cluster connects the same way).
 */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class TransportTest {

    @Inject
    Pool pool;

    @Inject
    org.vigil.casefile.rebuild.Rebuild rebuild;

    @Test
    void every_kafka_setting_reaches_the_rebuilds_consumer() {
        // security.protocol from application.properties; metadata.max.age.ms set for the tests alone (%test)
        assertThat(rebuild.consumerSettings()).containsEntry("security.protocol", "PLAINTEXT")
                .containsEntry("metadata.max.age.ms", "299999").containsKey("bootstrap.servers")
                .containsEntry("enable.auto.commit", "false").doesNotContainKey("group.id");
    }

    @Test
    void postgresql_connections_are_encrypted() {
        Row row = pool.query("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute()
                .await().atMost(Duration.ofSeconds(30)).iterator().next();
        assertThat(row.getBoolean("ssl")).as("this connection uses TLS").isTrue();
        assertThat(row.getString("version")).startsWith("TLSv1.");
    }
}
