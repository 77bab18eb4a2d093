package org.vigil.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every overlay renders and passes the validator; each broken variant (src/test/resources/broken/NAME: a Kustomize
 * overlay on top of a real one that breaks one thing, and expected.txt with the line the validator must print) is
 * refused with exactly that complaint.
 */
class ManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayRendersAndValidates(String overlay) throws IOException {
        Path rendered = Tools.render(Tools.ROOT.resolve("deploy/k8s/overlays/" + overlay), overlay);
        Tools.Result result = Tools.validateManifests(rendered);
        assertThat(result.output()).as("validator output").doesNotContain("INVALID");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Deployment", "KafkaTopic", "Kafka", "KafkaNodePool", "Cluster", "Database",
                "PodDisruptionBudget", "Service", "ConfigMap");
        if (overlay.equals("prod")) {
            assertThat(result.output()).contains("HorizontalPodAutoscaler", "NetworkPolicy", "ServiceMonitor", "ScheduledBackup");
        }
    }

    static Stream<String> brokenCases() throws IOException {
        try (Stream<Path> dirs = Files.list(Tools.CHECKS.resolve("src/test/resources/broken"))) {
            return dirs.map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("brokenCases")
    void brokenManifestIsCaught(String name) throws IOException {
        Path dir = Tools.CHECKS.resolve("src/test/resources/broken/" + name);
        String expected = Files.readString(dir.resolve("expected.txt")).strip();
        Path rendered = Tools.render(dir, "broken-" + name);
        Tools.Result result = Tools.validateManifests(rendered);
        assertThat(result.exitCode()).as("exit code for " + name + ":\n" + result.output()).isEqualTo(1);
        assertThat(Tools.lines(result.output(), "INVALID")).as(result.output())
                .anySatisfy(line -> assertThat(line).contains(expected));
    }

    /** The image each Deployment runs is built by the service's Dockerfile.jvm, as the user the manifests expect. */
    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "casefile-service", "report-service"})
    void dockerfileMatchesTheDeployment(String service) throws IOException {
        String dockerfile = Files.readString(Tools.ROOT.resolve(service + "/src/main/docker/Dockerfile.jvm"));
        assertThat(dockerfile).contains("COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/")
                .contains("USER 185").contains("EXPOSE 8080").contains("/deployments/quarkus-run.jar");
        String deployment = Files.readString(Tools.ROOT.resolve("deploy/k8s/base/" + service + ".yaml"));
        assertThat(deployment).contains("runAsUser: 185").contains("containerPort: 8080").contains("image: vigil/" + service);
    }
}
