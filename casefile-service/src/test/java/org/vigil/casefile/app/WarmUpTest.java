package org.vigil.casefile.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.api.CaseFileApiTest;
import org.vigil.casefile.store.CaseFileReads;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;

/** After a start, the case files of the populations changed last are read and kept before anyone asks. */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class WarmUpTest {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.casefile.testing.Tokens.useEverywhere();
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.events-topic")
    String topic;

    @Inject
    WarmUp warmUp;

    @Inject
    CaseFileReads reads;

    @Inject
    org.vigil.casefile.web.PopulationPages pages;

    /** The demo casebook for a population, projected; its last stream version. */
    int publishCasebook(UUID population) throws Exception {
        List<EventPublisher.Logged> events = EventPublisher.casebook(population, Instant.parse("2026-01-01T00:00:00Z"));
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events);
        }
        CaseFileApiTest.awaitVersion(population, events.size());
        return events.size();
    }

    @Test
    void the_warm_up_after_the_start_ran_to_its_end() throws Exception {
        assertThat(warmUp.afterStart().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void the_population_changed_last_is_kept_after_a_warm_up_without_a_read() throws Exception {
        UUID population = UUID.randomUUID();
        int version = publishCasebook(population);
        reads.forgetLoaded(); // as after a restart: nothing kept
        assertThat(reads.kept(population, version)).isFalse();
        assertThat(pages.keptDefault(population, version, org.vigil.access.Confidentiality.PUBLIC)).isNull();

        List<WarmUp.Warmed> warmed = warmUp.run().await().atMost(Duration.ofSeconds(60));

        assertThat(warmed).contains(new WarmUp.Warmed(population, version));
        assertThat(reads.kept(population, version)).isTrue();
        // what is kept is in the metrics, against its budget (a quarter of the heap)
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        double kept = org.vigil.casefile.testing.MetricsText.sum(metrics, "vigil_reads_kept_bytes");
        double budget = org.vigil.casefile.testing.MetricsText.sum(metrics, "vigil_reads_kept_budget_bytes");
        assertThat(kept).isPositive().isLessThanOrEqualTo(budget); // 0 if the metric were missing
        assertThat(budget).isEqualTo(Runtime.getRuntime().maxMemory() / 4.0);
        // and the web app's default page of the population, for a reader of each clearance
        for (org.vigil.access.Confidentiality clearance : org.vigil.access.Confidentiality.values()) {
            Views.Seen page = pages.keptDefault(population, version, clearance);
            assertThat(page).as(clearance.label()).isNotNull();
            assertThat(page.version()).isEqualTo(version);
            assertThat(page.status().name()).isEqualTo("Camp Ashraf residents");
        }
    }

    @Test
    void two_reads_of_a_history_nothing_keeps_read_it_once() throws Exception {
        UUID population = UUID.randomUUID();
        int version = publishCasebook(population);
        reads.forgetLoaded();
        long before = reads.historiesRead();

        var first = reads.load(population).subscribeAsCompletionStage();
        var second = reads.load(population).subscribeAsCompletionStage();

        // the second waited for the first and found its case file kept
        assertThat(second.get(60, java.util.concurrent.TimeUnit.SECONDS).file()).isSameAs(first.get(60, java.util.concurrent.TimeUnit.SECONDS).file());
        assertThat(reads.historiesRead() - before).isEqualTo(1);
    }
}
