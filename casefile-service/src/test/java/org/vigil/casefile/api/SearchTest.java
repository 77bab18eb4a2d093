package org.vigil.casefile.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;
import org.vigil.casefile.testing.Tokens;

/**
 * Search over the facts' words: within a population and across, in Latin and Persian script (an Arabic keyboard's
 * spelling finds a Persian word), filtered by type, period and source, never showing what the clearance may not read
 * (counted as withheld), and refusing a question at fault with every parameter named.
 */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class SearchTest {

    static final String VIEWER = Tokens.token("search-viewer", null, "viewer");
    static final String ADMIN = Tokens.token("search-admin", null, "admin");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.events-topic")
    String topic;

    static UUID population;
    static List<EventPublisher.Logged> casebook;

    @BeforeEach
    void publish() throws Exception {
        io.restassured.RestAssured.requestSpecification = null;
        if (population != null) return;
        Tokens.useEverywhere();
        population = UUID.randomUUID();
        casebook = EventPublisher.casebook(population, Instant.parse("2026-01-01T00:00:00Z"));
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(casebook);
        }
        CaseFileApiTest.awaitVersion(population, casebook.size());
        io.restassured.RestAssured.requestSpecification = null; // each request below names its own token
        // the words are indexed just behind the views: wait until this population's are
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(search(ADMIN, "q=arrested" + within()).jsonPath().getList("results")).isNotEmpty());
    }

    private static Response search(String token, String query) {
        return given().header("Authorization", "Bearer " + token).urlEncodingEnabled(true).when().get("/search?" + query);
    }

    private String within() {
        return "&populationId=" + population;
    }

    @Test
    void words_are_found_within_a_population_and_link_to_their_events() {
        String lastGroup = casebook.stream().filter(e -> e.data().path("summary").asText().startsWith("The last group leaves"))
                .findFirst().orElseThrow().eventId().toString();
        search(VIEWER, "q=Liberty" + within()).then().statusCode(200)
                .body("results.eventId", hasItem(lastGroup), "results.populationId", everyItem(equalTo(population.toString())),
                        "results.find { it.eventId == '" + lastGroup + "' }.occurred", equalTo("9 September 2016"),
                        "clearance", equalTo("public"), "pending", equalTo(0));
        // a phrase, and a word left out
        search(VIEWER, "q=\"last group\"" + within()).then().statusCode(200).body("results.eventId", hasItem(lastGroup));
        search(VIEWER, "q=Liberty -resettlement" + within()).then().statusCode(200)
                .body("results.eventId", org.hamcrest.Matchers.not(hasItem(lastGroup)));
        // across every population one may see, too
        search(VIEWER, "q=Liberty&limit=200").then().statusCode(200).body("results.populationId", hasItem(population.toString()));
    }

    @Test
    void persian_words_are_found_however_the_keyboard_spelled_their_letters() {
        // the casebook names the camp اردوگاه اشرف and the organisation سازمان مجاهدین خلق ایران (Persian yeh, ی)
        search(VIEWER, "q=اشرف" + within()).then().statusCode(200).body("results", org.hamcrest.Matchers.not(hasSize(0)));
        // typed with an Arabic keyboard: Arabic yeh (ي) and a kasra; the same word
        String arabicSpelling = "مُجاهدين";
        Response asArabic = search(VIEWER, "q=" + arabicSpelling + within());
        asArabic.then().statusCode(200);
        assertThat(asArabic.jsonPath().getList("results")).isNotEmpty();
        assertThat(asArabic.jsonPath().getList("results.eventId"))
                .isEqualTo(search(VIEWER, "q=مجاهدین" + within()).jsonPath().getList("results.eventId"));
    }

    @Test
    void type_period_and_source_narrow_the_results() {
        search(VIEWER, "q=Camp&type=vigil.attack.recorded.v2" + within()).then().statusCode(200)
                .body("results.type", everyItem(equalTo("vigil.attack.recorded.v2")), "results", org.hamcrest.Matchers.not(hasSize(0)));
        // a fact's dates at their precision: "2016-09-09" lies in 2016; facts of 2012 do not
        Response in2016 = search(VIEWER, "q=Liberty&from=2016&to=2016" + within());
        in2016.then().statusCode(200);
        assertThat(in2016.jsonPath().getList("results.occurredTo", String.class)).isNotEmpty().allMatch(d -> d.compareTo("2016-01-01") >= 0);
        assertThat(in2016.jsonPath().getList("results.occurredFrom", String.class)).allMatch(d -> d.compareTo("2016-12-31") <= 0);
        Response all = search(VIEWER, "q=Liberty" + within());
        assertThat(all.jsonPath().getList("results")).hasSizeGreaterThan(in2016.jsonPath().getList("results").size());
        // by a source's publisher, in part
        Response byUnhcr = search(VIEWER, "q=Camp&source=UNHCR" + within());
        byUnhcr.then().statusCode(200);
        assertThat(byUnhcr.jsonPath().getList("results.sources", List.class)).isNotEmpty()
                .allMatch(sources -> sources.stream().anyMatch(s -> s.toString().contains("UNHCR")));
        // the source's words are taken as typed: "_" is no wildcard
        search(VIEWER, "q=Camp&source=_" + within()).then().statusCode(200).body("results", hasSize(0));
    }

    @Test
    void what_the_clearance_may_not_read_is_counted_never_shown() {
        // only the casebook's confidential fact says "covertly"
        search(VIEWER, "q=covertly" + within()).then().statusCode(200).body("results", hasSize(0), "withheld", equalTo(1));
        search(ADMIN, "q=covertly" + within()).then().statusCode(200).body("results", hasSize(1), "withheld", equalTo(0),
                "results[0].confidentiality", equalTo("confidential"));
    }

    /**
     * Events recorded long before they reach the views (a catch-up, here a casebook recorded an hour ago) are a
     * backlog: the words wait until the views have worked through it (store/Backlog), then are indexed. Without the
     * wait they would be searchable within the index's half-second turn.
     */
    @Test
    void the_words_of_a_backlog_wait_until_the_views_are_through_it() throws Exception {
        UUID late = UUID.randomUUID();
        List<EventPublisher.Logged> events = EventPublisher.casebook(late, Instant.now().minus(java.time.Duration.ofHours(2)));
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events);
        }
        Tokens.useEverywhere();
        CaseFileApiTest.awaitVersion(late, events.size());
        io.restassured.RestAssured.requestSpecification = null;
        Thread.sleep(800); // within the 2 s a backlog's last batch holds the index back; four of its turns
        search(ADMIN, "q=arrested&populationId=" + late).then().statusCode(200)
                .body("results", hasSize(0), "pending", org.hamcrest.Matchers.greaterThan(0));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                search(ADMIN, "q=arrested&populationId=" + late).then().statusCode(200)
                        .body("results", org.hamcrest.Matchers.not(hasSize(0)), "pending", equalTo(0)));
    }

    @Test
    void a_question_at_fault_names_every_parameter() {
        search(VIEWER, "from=2016-13&to=soon&limit=0&populationId=nope&type=vigil.nothing.v1").then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors.field", hasItems("q", "from", "to", "limit", "populationId", "type"),
                        "errors.rule", hasItems("required", "date.format", "page.size", "uuid.format"));
        search(VIEWER, "q=Liberty&from=2016&to=2012").then().statusCode(400).body("errors[0].field", equalTo("to"),
                "errors[0].rule", equalTo("interval.ordered"));
        given().when().get("/search?q=x").then().statusCode(401);
        given().header("Authorization", "Bearer " + Tokens.forged()).when().get("/search?q=x").then().statusCode(401);
    }
}
