package org.vigil.casefile.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.vigil.access.Confidentiality;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;

/**
 * Today's status read from the current view (a few bounded reads) says exactly what the status folded from the whole
 * case file says, for every clearance: on generated records of every type of fact, at every level, with corrections
 * that move facts in time and between levels, retractions, lifted restrictions, figures open above and below and
 * figures not stated, with the long lists cut short so that the latest entries are what is compared. Through the real
 * consumer (Kafka) and the real database, whose triggers keep the tallies.
 */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class CurrentViewTest {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.events-topic")
    String topic;

    @Inject
    Views views;

    @Inject
    org.vigil.casefile.store.CurrentStatus current;

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.casefile.testing.Tokens.useEverywhere();
    }

    @Test
    void the_current_view_says_what_the_whole_history_folded_says() throws Exception {
        Map<UUID, Integer> populations = new LinkedHashMap<>();
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            for (long seed : new long[]{1, 2, 3, 4, 5, 6, 7, 8}) {
                UUID population = UUID.randomUUID();
                List<EventPublisher.Logged> events = generated(population, new Random(seed), 400);
                publisher.publish(events);
                populations.put(population, events.size());
            }
        }
        for (var p : populations.entrySet()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var row = on(() -> views.row(p.getKey()));
                return row != null && row.version == p.getValue();
            });
        }
        assertThat(on(() -> current.ready())).as("every fact carries the current view's columns").isTrue();
        for (UUID p : populations.keySet()) {
            for (Confidentiality clearance : Confidentiality.values()) {
                for (int latest : new int[]{3, 1000}) {
                    Views.Seen now = on(() -> views.current(p, clearance, latest));
                    Views.Seen folded = on(() -> views.folded(p, null, null, clearance, latest));
                    assertThat(JSON.writeValueAsString(now)).as(p + " at " + clearance + ", latest " + latest)
                            .isEqualTo(JSON.writeValueAsString(folded));
                }
            }
            // the lists were cut: the comparison covered what paging keeps and the totals that are not cut
            Views.Seen cut = on(() -> views.current(p, Confidentiality.CONFIDENTIAL, 3));
            assertThat(cut.status().timeline()).hasSize(3);
            assertThat(cut.listed().get("timeline")).isGreaterThan(100L);
            assertThat(cut.listed().get("incidents")).isGreaterThan(3L);
            assertThat(cut.status().casualties().documented().incidents()).isEqualTo(cut.listed().get("incidents").intValue());
        }
    }

    @Test
    void a_documented_sum_of_single_numbers_says_about_when_one_of_them_is_approximate() throws Exception {
        UUID population = UUID.randomUUID();
        Map<String, ObjectNode> templates = templates();
        String registration = templates.keySet().stream().filter(t -> t.contains("registered")).findFirst().orElseThrow();
        String attack = templates.keySet().stream().filter(t -> t.contains("attack")).findFirst().orElseThrow();
        Instant recorded = Instant.parse("2026-04-01T00:00:00Z");
        List<EventPublisher.Logged> events = new ArrayList<>();
        ObjectNode first = templates.get(registration).deepCopy();
        first.remove("type");
        events.add(new EventPublisher.Logged(UUID.randomUUID(), population, 1, 1, registration, recorded, first));
        String[][] killed = {{"about", "50"}, {"exact", "30"}};
        for (int i = 0; i < killed.length; i++) {
            ObjectNode fact = templates.get(attack).deepCopy();
            fact.remove("type");
            fact.put("confidentiality", "public");
            for (String field : List.of("injured", "abducted")) fact.remove(field);
            String source = fact.path("sources").path(0).path("ref").asText();
            fact.putArray("killed").addObject().put("source", source).put("qualifier", killed[i][0]).put("best", Long.parseLong(killed[i][1]));
            events.add(new EventPublisher.Logged(UUID.randomUUID(), population, i + 2, i + 2, attack, recorded.plusSeconds(i + 1), fact));
        }
        applied(bootstrap, topic, views, events);
        assertThat(on(() -> current.ready())).isTrue();
        Views.Seen now = on(() -> views.current(population, Confidentiality.PUBLIC, 1000));
        assertThat(now.status().casualties().documented().killed().words()).isEqualTo("about 80");
        assertThat(JSON.writeValueAsString(now))
                .isEqualTo(JSON.writeValueAsString(on(() -> views.folded(population, null, null, Confidentiality.PUBLIC, 1000))));
    }

    @Test
    void paging_through_the_timeline_gives_the_whole_timeline_in_order() throws Exception {
        UUID population = UUID.randomUUID();
        List<EventPublisher.Logged> events = generated(population, new Random(11), 300);
        applied(bootstrap, topic, views, events);
        for (Confidentiality clearance : Confidentiality.values()) {
            List<org.vigil.casefile.projection.PopulationStatus.TimelineItem> whole =
                    on(() -> views.folded(population, null, null, clearance, Integer.MAX_VALUE)).status().timeline();
            List<org.vigil.casefile.projection.PopulationStatus.TimelineItem> paged = new ArrayList<>();
            UUID[] before = {null};
            int pages = 0;
            do {
                Views.TimelinePage page = on(() -> views.timeline(population, before[0], 37, clearance));
                assertThat(page.total()).isEqualTo(whole.size());
                assertThat(page.items().size()).isLessThanOrEqualTo(37);
                paged.addAll(0, page.items());
                before[0] = page.before();
                pages++;
            } while (before[0] != null && pages < 100);
            assertThat(pages).as("pages of 37 at " + clearance).isEqualTo((whole.size() + 36) / 37);
            assertThat(JSON.writeValueAsString(paged)).as("the timeline paged at " + clearance).isEqualTo(JSON.writeValueAsString(whole));
        }

        // over HTTP: the first page, and every parameter at fault named at once
        io.restassured.RestAssured.given().get("/populations/" + population + "/timeline?limit=5").then().statusCode(200)
                .body("timeline.size()", org.hamcrest.Matchers.equalTo(5))
                .body("total", org.hamcrest.Matchers.greaterThan(100));
        io.restassured.RestAssured.given().get("/populations/" + population + "/timeline?limit=0&before=yesterday").then().statusCode(400)
                .contentType("application/problem+json").body("type", org.hamcrest.Matchers.equalTo("/problems/bad-request"))
                .body("errors.field", org.hamcrest.Matchers.contains("before", "limit"))
                .body("errors.rule", org.hamcrest.Matchers.contains("uuid.format", "page.size"));
        io.restassured.RestAssured.given().get("/populations/" + population + "/timeline?before=" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("before"));
        io.restassured.RestAssured.given().get("/populations/" + population + "/status").then().statusCode(200)
                .body("listed.timeline", org.hamcrest.Matchers.greaterThan(100))
                .body("status.timeline.size()", org.hamcrest.Matchers.equalTo(100));
    }

    /** Publishes one population's events and waits until its view has applied them all. */
    static void applied(String bootstrap, String topic, Views views, List<EventPublisher.Logged> events) throws Exception {
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events);
        }
        UUID population = events.getFirst().populationId();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            var row = on(() -> views.row(population));
            return row != null && row.version == events.getLast().version();
        });
    }

    /** The item of a Uni, subscribed to on a Vert.x context of its own (as a request's would be). */
    static <T> T on(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) throws Exception {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(work);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The first fact of each type in the demo casebook, as a shape to vary. */
    static Map<String, ObjectNode> templates() throws Exception {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(CasefileInfraResource.repoRoot().resolve("docs/examples/camp-ashraf.ndjson"))) {
            if (line.isBlank()) continue;
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            String type = node.get("type").asText();
            if (type.contains("corrected") || type.contains("retracted")) continue;
            node.remove("eventId");
            out.putIfAbsent(type, node);
        }
        return out;
    }

    static final String[] LEVELS = {"public", "public", "public", "public", "restricted", "confidential"};
    static final String[] SITES = {"Camp Ashraf", "Camp Liberty", "مخيم أشرف", "Site 4"};

    /** A record of {@code count} events: a registration, then facts of every type, corrections and retractions. */
    static List<EventPublisher.Logged> generated(UUID population, Random random, int count) throws Exception {
        Map<String, ObjectNode> templates = templates();
        List<String> types = templates.keySet().stream().filter(t -> !t.contains("registered")).toList();
        List<EventPublisher.Logged> out = new ArrayList<>();
        Map<UUID, ObjectNode> facts = new LinkedHashMap<>(); // every fact recorded, as it reads now
        List<UUID> restrictions = new ArrayList<>();
        Instant recorded = Instant.parse("2026-03-01T00:00:00Z");
        String registration = templates.keySet().stream().filter(t -> t.contains("registered")).findFirst().orElseThrow();
        ObjectNode first = templates.get(registration).deepCopy();
        first.remove("type");
        first.put("confidentiality", random.nextInt(4) == 0 ? "restricted" : "public");
        UUID firstId = UUID.randomUUID();
        out.add(new EventPublisher.Logged(firstId, population, 1, 1, registration, recorded, first));
        while (out.size() < count) {
            long version = out.size() + 1;
            UUID id = UUID.randomUUID();
            int roll = random.nextInt(100);
            String type;
            ObjectNode data;
            if (roll < 18 && facts.size() > 3) {
                UUID target = pick(random, new ArrayList<>(facts.keySet()));
                ObjectNode corrected = vary(facts.get(target).deepCopy(), random, restrictions);
                facts.put(target, corrected);
                data = JSON.createObjectNode();
                data.put("target", target.toString());
                data.put("reason", "a later source says otherwise (" + version + ")");
                data.set("corrected", corrected);
                type = "vigil.event.corrected.v2";
            } else if (roll < 26 && facts.size() > 3) {
                UUID target = pick(random, new ArrayList<>(facts.keySet()));
                data = JSON.createObjectNode();
                data.put("target", target.toString());
                data.put("reason", "not what the source said (" + version + ")");
                type = "vigil.event.retracted.v2";
            } else {
                String factType = types.get(random.nextInt(types.size()));
                if (factType.contains("lifted") && restrictions.isEmpty()) factType = types.getFirst();
                ObjectNode fact = vary(templates.get(factType).deepCopy(), random, restrictions);
                facts.put(id, fact);
                if (factType.contains("restriction.recorded")) restrictions.add(id);
                data = fact.deepCopy();
                data.remove("type");
                type = factType;
            }
            data.put("confidentiality", LEVELS[random.nextInt(LEVELS.length)]);
            recorded = recorded.plusSeconds(30);
            out.add(new EventPublisher.Logged(id, population, version, version, type, recorded, data));
        }
        return out;
    }

    static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** A fact (with its "type") given another date, place, figures and the like, as a source might state them. */
    static ObjectNode vary(ObjectNode fact, Random random, List<UUID> restrictions) {
        String type = fact.get("type").asText();
        fact.set("occurred", occurred(random));
        if (fact.has("place") || type.contains("count-reported")) {
            ObjectNode place = JSON.createObjectNode();
            place.put("name", SITES[random.nextInt(SITES.length)]);
            place.put("country", random.nextBoolean() ? "IQ" : "AL");
            fact.set("place", place);
        }
        String source = fact.path("sources").path(0).path("ref").asText("s");
        for (String field : List.of("count", "killed", "injured", "abducted")) {
            if (fact.has(field) || (type.contains("attack") && random.nextBoolean()) || type.contains("count-reported") && field.equals("count")) {
                if (random.nextInt(6) == 0 && !field.equals("count")) fact.remove(field);
                else fact.set(field, figures(random, source));
            }
        }
        if (type.contains("count-reported")) {
            if (random.nextBoolean()) fact.put("subgroup", "residents");
            else fact.remove("subgroup");
        }
        if (type.contains("relocation")) {
            String[] kinds = {"internal_transfer", "resettlement_to_third_country", "departure", "return_to_origin"};
            fact.put("kind", kinds[random.nextInt(kinds.length)]);
            ObjectNode to = JSON.createObjectNode();
            to.put("name", SITES[random.nextInt(SITES.length)]);
            to.put("country", "IQ");
            fact.set("to", to);
        }
        if (type.contains("designation")) {
            String[] actions = {"designated", "revoked", "contested", "designated"};
            fact.put("action", actions[random.nextInt(actions.length)]);
            fact.put("authority", random.nextBoolean() ? "United States Department of State" : "Council of the European Union");
        }
        if (type.contains("refugee-status")) {
            String[] steps = {"registered", "recognised", "rejected", "resettled"};
            fact.put("step", steps[random.nextInt(steps.length)]);
        }
        if (type.contains("restriction.lifted")) fact.put("restriction", pick(random, restrictions).toString());
        return fact;
    }

    static ObjectNode occurred(Random random) {
        ObjectNode when = JSON.createObjectNode();
        LocalDate day = LocalDate.of(2005, 1, 1).plusDays(random.nextInt(12) * 30L + random.nextInt(3));
        switch (random.nextInt(5)) {
            case 0 -> when.put("precision", "year").put("date", Integer.toString(day.getYear()));
            case 1 -> when.put("precision", "month").put("date", day.toString().substring(0, 7));
            case 2 -> when.put("precision", "approximate").put("date", Integer.toString(day.getYear()));
            case 3 -> when.put("precision", "range").put("earliest", day.toString()).put("latest", day.plusDays(random.nextInt(40)).toString());
            default -> when.put("precision", "day").put("date", day.toString());
        }
        return when;
    }

    static ArrayNode figures(Random random, String source) {
        ArrayNode out = JSON.createArrayNode();
        int n = 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            ObjectNode f = out.addObject();
            f.put("source", source);
            int v = 10 + random.nextInt(300);
            switch (random.nextInt(6)) {
                case 0 -> f.put("qualifier", "exact").put("best", v);
                case 1 -> f.put("qualifier", "about").put("best", v);
                case 2 -> f.put("qualifier", "at_least").put("low", v);
                case 3 -> f.put("qualifier", "up_to").put("high", v);
                case 4 -> f.put("qualifier", "between").put("low", v).put("high", v + 20);
                default -> f.put("says", "dozens");
            }
        }
        return out;
    }
}
