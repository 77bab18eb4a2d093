package org.vigil.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import javax.sql.DataSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.publish.OutboxRelay;
import org.vigil.ingest.testing.IngestInfraResource;

/**
 * Transport settings are configuration: the service's PostgreSQL connections are encrypted (deploy/local's server
 * offers TLS and the default sslmode is prefer), and the Kafka security settings reach the relay's own clients.
 */
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class TransportTest {

    @Inject
    DataSource dataSource;

    @Inject
    OutboxRelay relay;

    @Test
    void postgresql_connections_are_encrypted() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean("ssl")).as("this connection uses TLS").isTrue();
            assertThat(rs.getString("version")).startsWith("TLSv1.");
        }
    }

    @Test
    void kafka_security_settings_reach_the_relay() {
        assertThat(relay.clientSettings()).containsEntry("security.protocol", "PLAINTEXT")
                .containsKey("bootstrap.servers");
    }
}
