package org.vigil.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vigil.testing.Infrastructure;
import org.vigil.testing.Infrastructure.Source;

/**
 * The choice of the tests' infrastructure (org.vigil.testing.Infrastructure): Testcontainers when a Docker engine
 * answers, deploy/local's processes otherwise, VIGIL_TEST_INFRA forcing either. The containers path itself needs a
 * Docker engine, which this project's build machines do not have: there it compiles, and is documented in
 * docs/architecture.md.
 */
class InfrastructureTest {

    @Test
    void with_a_docker_engine_the_tests_use_containers_and_without_one_deploy_local() {
        assertThat(Infrastructure.choose(null, true)).isEqualTo(Source.CONTAINERS);
        assertThat(Infrastructure.choose("auto", true)).isEqualTo(Source.CONTAINERS);
        assertThat(Infrastructure.choose(null, false)).isEqualTo(Source.LOCAL);
        assertThat(Infrastructure.choose("", false)).isEqualTo(Source.LOCAL);
    }

    @Test
    void the_choice_can_be_forced_and_a_forced_choice_that_cannot_be_had_says_so() {
        assertThat(Infrastructure.choose("local", true)).isEqualTo(Source.LOCAL);
        assertThat(Infrastructure.choose("containers", true)).isEqualTo(Source.CONTAINERS);
        assertThatThrownBy(() -> Infrastructure.choose("containers", false)).hasMessageContaining("no Docker engine answers");
        assertThatThrownBy(() -> Infrastructure.choose("kubernetes", true)).hasMessageContaining("auto, local or containers");
    }

    @Test
    void the_tests_get_the_environment_of_the_infrastructure_chosen() throws Exception {
        java.util.Map<String, String> env = Infrastructure.env(LocalInfra.repoRoot());
        assertThat(env).containsKeys("VIGIL_PG_HOST", "VIGIL_PG_PORT", "VIGIL_KAFKA_BOOTSTRAP", "VIGIL_DB_PASSWORD");
        if (Infrastructure.source() == Source.LOCAL) {
            // deploy/local's: what infra.sh up wrote, and its password
            java.nio.file.Path state = LocalInfra.stateDir();
            for (String line : java.nio.file.Files.readAllLines(state.resolve("infra.env"))) {
                int eq = line.indexOf('=');
                if (eq > 0) assertThat(env).containsEntry(line.substring(0, eq), line.substring(eq + 1));
            }
            assertThat(env.get("VIGIL_DB_PASSWORD"))
                    .isEqualTo(java.nio.file.Files.readString(state.resolve("secrets/db-password")).strip());
        }
        // either way the admin role reaches the PostgreSQL it names
        try (var c = java.sql.DriverManager.getConnection(LocalInfra.jdbcUrl(env, "postgres"), "vigil_admin",
                env.get("VIGIL_DB_PASSWORD")); var s = c.createStatement(); var rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }
}
