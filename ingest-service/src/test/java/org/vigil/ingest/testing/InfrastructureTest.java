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
    void this_run_uses_what_this_machine_has() {
        boolean docker = Infrastructure.dockerAnswers();
        String wanted = System.getenv("VIGIL_TEST_INFRA");
        assertThat(Infrastructure.source()).isEqualTo(Infrastructure.choose(wanted, docker));
        if (wanted == null || wanted.isBlank()) {
            assertThat(Infrastructure.source()).isEqualTo(docker ? Source.CONTAINERS : Source.LOCAL);
        }
    }
}
