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

/** The reactive PostgreSQL connections are encrypted: ssl-mode prefer against deploy/local's TLS-serving server. */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class TransportTest {

    @Inject
    Pool pool;

    @Test
    void postgresql_connections_are_encrypted() {
        Row row = pool.query("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute()
                .await().atMost(Duration.ofSeconds(30)).iterator().next();
        assertThat(row.getBoolean("ssl")).as("this connection uses TLS").isTrue();
        assertThat(row.getString("version")).startsWith("TLSv1.");
    }
}
