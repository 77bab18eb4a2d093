package org.vigil.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.testing.IngestInfraResource;
import org.vigil.ingest.testing.LocalInfra;

/**
 * With sslmode=verify-full and the server's CA certificate (deploy/local's self-signed one) the service checks the
 * server's certificate and name, as production should be configured (VIGIL_PG_SSLMODE, VIGIL_PG_CA_FILE). A wrong
 * CA makes the connection fail: checked by hand, see docs/data-protection.md.
 */
@QuarkusTest
@TestProfile(VerifiedTransportTest.VerifyFull.class)
@QuarkusTestResource(IngestInfraResource.class)
class VerifiedTransportTest {

    public static class VerifyFull implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tls.postgresql", "sslmode=verify-full&sslrootcert="
                    + LocalInfra.stateDir().resolve("postgres/tls/server.crt"));
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void the_server_certificate_is_verified() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(c.getMetaData().getURL()).contains("sslmode=verify-full");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean("ssl")).isTrue();
        }
    }
}
