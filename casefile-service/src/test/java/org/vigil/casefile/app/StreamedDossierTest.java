package org.vigil.casefile.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.vigil.access.Audience;
import org.vigil.casefile.store.CaseFileReads;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;

/**
 * A dossier read straight from the stored revisions, slice by slice (the tests' slices are 7 versions), without the
 * case file (what a history too long for the heap gets), is byte for byte the dossier folded from the whole case file,
 * and says the same about what it holds above public: for both audiences, several dates and versions, on generated
 * records of every type of fact at every level, with corrections and retractions, and many plain headcount reports.
 * Through the real consumer and database.
 */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class StreamedDossierTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.events-topic")
    String topic;

    @Inject
    Views views;

    @Inject
    CaseFileReads reads;

    @Test
    void a_streamed_dossier_is_the_one_folded_from_the_whole_case_file() throws Exception {
        Map<UUID, Integer> populations = new LinkedHashMap<>();
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            for (long seed : new long[]{11, 12, 13}) {
                UUID population = UUID.randomUUID();
                List<EventPublisher.Logged> events = withHeadcounts(CurrentViewTest.generated(population, new Random(seed), 300),
                        new Random(seed), 300);
                publisher.publish(events);
                populations.put(population, events.size());
            }
        }
        for (var p : populations.entrySet()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var row = CurrentViewTest.on(() -> views.row(p.getKey()));
                return row != null && row.version == p.getValue();
            });
        }
        int compared = 0;
        for (var p : populations.entrySet()) {
            var row = CurrentViewTest.on(() -> reads.row(p.getKey()));
            for (Long version : Arrays.asList(null, (long) p.getValue() / 2, (long) p.getValue() - 5)) {
                for (LocalDate day : Arrays.asList(null, LocalDate.of(2012, 6, 30))) {
                    for (Audience audience : Audience.values()) {
                        reads.forgetLoaded();
                        Views.DossierText streamed = CurrentViewTest.on(() -> views.streamedDossier(row, day, version, audience));
                        reads.forgetLoaded();  // the dossier kept by the streamed read must not answer the next one
                        Views.DossierText folded = CurrentViewTest.on(() -> views.dossier(p.getKey(), day, version, audience));
                        String what = p.getKey() + " at " + version + " as of " + day + " for " + audience;
                        assertThat(new String(streamed.json(), java.nio.charset.StandardCharsets.UTF_8)).as(what)
                                .isEqualTo(new String(folded.json(), java.nio.charset.StandardCharsets.UTF_8));
                        assertThat(streamed.held()).as(what).isEqualTo(folded.held());
                        compared++;
                    }
                }
            }
            // asked again, the streamed dossier is the one kept, and says the same
            Views.DossierText again = CurrentViewTest.on(() -> views.streamedDossier(row, null, null, Audience.INTERNAL));
            Views.DossierText first = CurrentViewTest.on(() -> views.streamedDossier(row, null, null, Audience.INTERNAL));
            assertThat(again.json()).isSameAs(first.json());
        }
        assertThat(compared).isEqualTo(3 * 3 * 2 * 2);

        // a caller that goes away does not stop the read: the next finds the dossier kept
        var row = CurrentViewTest.on(() -> reads.row(populations.keySet().iterator().next()));
        reads.forgetLoaded();
        views.streamedDossier(row, null, null, Audience.PUBLIC).subscribe().with(done -> { }).cancel();
        String key = row.populationId + "|" + row.version + "|null|public";
        await().atMost(Duration.ofSeconds(30)).until(() -> reads.keptDossier(key) != null);
    }

    @Test
    void a_later_dossier_adds_what_was_recorded_since_and_reads_the_history_again_when_a_summed_report_is_amended() throws Exception {
        UUID population = UUID.randomUUID();
        Random random = new Random(21);
        List<EventPublisher.Logged> events = withHeadcounts(CurrentViewTest.generated(population, random, 200), random, 300);
        LocalDate day = LocalDate.of(2012, 6, 30);
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events);
            awaitVersion(population, events.size());
            for (Audience audience : Audience.values()) sameAsFolded(population, day, audience);
            long whole = reads.wholeStreams();

            // more headcounts, facts of other types, corrections and retractions of facts kept whole and of new ones:
            // each dossier after it adds what was recorded since
            for (int round = 0; round < 3; round++) {
                List<EventPublisher.Logged> more = withHeadcounts(events, random, 40).subList(events.size(), events.size() + 40);
                List<EventPublisher.Logged> amending = new ArrayList<>();
                for (EventPublisher.Logged e : more) {
                    boolean amends = e.type().contains("corrected") || e.type().contains("retracted");
                    // amendments only of facts recorded in this round: those of older headcounts are the case below
                    if (amends && more.stream().noneMatch(m -> m.eventId().toString().equals(e.data().path("target").asText()))) continue;
                    amending.add(new EventPublisher.Logged(e.eventId(), e.populationId(), events.size() + amending.size() + 1,
                            events.size() + amending.size() + 1, e.type(), e.recordedAt(), e.data()));
                }
                amending.add(correction(events, population, wholeFact(events), events.size() + amending.size() + 1));
                publisher.publish(amending);
                events.addAll(amending);
                awaitVersion(population, events.size());
                for (Audience audience : Audience.values()) sameAsFolded(population, day, audience);
            }
            assertThat(reads.wholeStreams()).as("later dossiers added what was recorded since").isEqualTo(whole);

            // a correction of a headcount report kept only as its sums: the history is read again
            UUID summed = events.stream().filter(e -> e.type().contains("count-reported") && e.data().path("confidentiality").asText().equals("public"))
                    .filter(e -> events.stream().noneMatch(o -> o.data().path("target").asText().equals(e.eventId().toString())))
                    .map(EventPublisher.Logged::eventId).findFirst().orElseThrow();
            var fix = CurrentViewTest.JSON.createObjectNode().put("target", summed.toString()).put("reason", "misread")
                    .put("confidentiality", "public");
            fix.set("corrected", headcount(random, true));
            EventPublisher.Logged correction = new EventPublisher.Logged(UUID.randomUUID(), population, events.size() + 1,
                    events.size() + 1, "vigil.event.corrected.v2", events.getLast().recordedAt().plusSeconds(30), fix);
            publisher.publish(List.of(correction));
            events.add(correction);
            awaitVersion(population, events.size());
            long before = reads.wholeStreams();
            sameAsFolded(population, day, Audience.PUBLIC);
            assertThat(reads.wholeStreams()).isEqualTo(before + 1);
        }
    }

    /** A fact of a type other than a headcount, never retracted: kept whole by the dossier's parts. */
    private static EventPublisher.Logged wholeFact(List<EventPublisher.Logged> events) {
        return events.stream().filter(e -> e.version() > 1 && !e.type().contains("count-reported") && !e.type().contains("corrected")
                        && !e.type().contains("retracted") && !e.type().contains("lifted"))
                .filter(e -> events.stream().noneMatch(o -> o.type().contains("retracted") && o.data().path("target").asText().equals(e.eventId().toString())))
                .findFirst().orElseThrow();
    }

    /** A correction of {@code target} that changes only its summary. */
    private static EventPublisher.Logged correction(List<EventPublisher.Logged> events, UUID population, EventPublisher.Logged target, long version) {
        EventPublisher.Logged latest = events.stream().filter(e -> e.data().path("target").asText().equals(target.eventId().toString())
                && e.type().contains("corrected")).reduce((a, b) -> b).orElse(target);
        var corrected = (com.fasterxml.jackson.databind.node.ObjectNode) (latest == target ? target.data() : latest.data().get("corrected")).deepCopy();
        corrected.put("type", target.type());
        corrected.remove("confidentiality");
        corrected.put("summary", "Restated " + version);
        var data = CurrentViewTest.JSON.createObjectNode().put("target", target.eventId().toString()).put("reason", "restated")
                .put("confidentiality", "public");
        data.set("corrected", corrected);
        return new EventPublisher.Logged(UUID.randomUUID(), population, version, version, "vigil.event.corrected.v2",
                events.getLast().recordedAt().plusSeconds(30), data);
    }

    private void awaitVersion(UUID population, long version) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            var row = CurrentViewTest.on(() -> views.row(population));
            return row != null && row.version == version;
        });
    }

    /** The streamed dossier at the latest version is the one folded from the whole case file, as is what it holds. */
    private void sameAsFolded(UUID population, LocalDate day, Audience audience) throws Exception {
        var row = CurrentViewTest.on(() -> reads.row(population));
        Views.DossierText streamed = CurrentViewTest.on(() -> views.streamedDossier(row, day, null, audience));
        var loaded = CurrentViewTest.on(() -> reads.load(population));
        assertThat(loaded.file().version()).isEqualTo(row.version);
        String folded = new String(Views.json(org.vigil.casefile.projection.Dossier.of(loaded.file(), row.version, day, audience)),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new String(streamed.json(), java.nio.charset.StandardCharsets.UTF_8)).as("version %d for %s", row.version, audience)
                .isEqualTo(folded);
        assertThat(streamed.held()).isEqualTo(audience == Audience.PUBLIC ? Map.of() : loaded.file().heldAbovePublic());
    }

    /**
     * The events, then {@code more} events of which most are headcount reports (plain, at every level), some corrections
     * and retractions of them: what a long monitoring record looks like.
     */
    static List<EventPublisher.Logged> withHeadcounts(List<EventPublisher.Logged> events, Random random, int more) {
        List<EventPublisher.Logged> out = new ArrayList<>(events);
        EventPublisher.Logged last = out.getLast();
        List<UUID> counts = new ArrayList<>();
        java.time.Instant recorded = last.recordedAt();
        for (int i = 0; i < more; i++) {
            long version = out.size() + 1;
            UUID id = UUID.randomUUID();
            int roll = random.nextInt(20);
            var data = CurrentViewTest.JSON.createObjectNode();
            String type;
            if (roll == 0 && !counts.isEmpty()) {
                type = "vigil.event.retracted.v2";
                data.put("target", CurrentViewTest.pick(random, counts).toString()).put("reason", "entered twice");
            } else if (roll <= 2 && !counts.isEmpty()) {
                type = "vigil.event.corrected.v2";
                data.put("target", CurrentViewTest.pick(random, counts).toString()).put("reason", "misread");
                data.set("corrected", headcount(random, true));
            } else {
                type = "vigil.population.count-reported.v3";
                data = headcount(random, false);
                counts.add(id);
            }
            data.put("confidentiality", CurrentViewTest.LEVELS[random.nextInt(CurrentViewTest.LEVELS.length)]);
            recorded = recorded.plusSeconds(30);
            out.add(new EventPublisher.Logged(id, last.populationId(), version, version, type, recorded, data));
        }
        return out;
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode headcount(Random random, boolean typed) {
        var fact = CurrentViewTest.JSON.createObjectNode();
        if (typed) fact.put("type", "vigil.population.count-reported.v3");
        var dated = CurrentViewTest.vary(fact.deepCopy().put("type", "vigil.population.count-reported.v3")
                .set("sources", CurrentViewTest.JSON.createArrayNode().add(CurrentViewTest.JSON.createObjectNode()
                        .put("ref", "s" + random.nextInt(3)).put("publisher", "Publisher " + random.nextInt(3))
                        .put("title", "Site count"))), random, List.of());
        if (!typed) dated.remove("type");
        dated.put("summary", "Headcount");
        return dated;
    }
}
