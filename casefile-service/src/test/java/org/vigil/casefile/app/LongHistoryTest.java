package org.vigil.casefile.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;

/**
 * A history longer than the service puts together in memory at once (here 60 stream versions, as a million events are
 * at the production heap): the reads that need the whole case file answer 503 history-too-long, naming the population
 * and the rule, instead of running the service out of heap; today's status, the timeline and the dossier (read a slice
 * at a time) still answer, and the service goes on projecting.
 */
@QuarkusTest
@TestProfile(LongHistoryTest.ShortReads.class)
@QuarkusTestResource(CasefileInfraResource.class)
class LongHistoryTest {

    public static class ShortReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.reads.whole-history-max", "60", "vigil.reads.warm-up", "0");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.events-topic")
    String topic;

    @Inject
    Views views;

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.casefile.testing.Tokens.useEverywhere();
    }

    @Test
    void a_history_too_long_to_read_whole_is_refused_where_it_would_be_read_whole_and_answered_elsewhere() throws Exception {
        UUID population = UUID.randomUUID();
        List<EventPublisher.Logged> events = CurrentViewTest.generated(population, new Random(5), 150);
        CurrentViewTest.applied(bootstrap, topic, views, events);
        String path = "/populations/" + population;
        // read whole: refused, with the population and the rule named, and no promise that asking again helps
        for (String whole : List.of(path + "/status?asOf=2010-01-01", path + "/status?knownAt=2026-03-01T01:00:00Z")) {
            given().when().get(whole).then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", nullValue())
                    .body("type", equalTo("/problems/history-too-long"))
                    .body("errors[0].field", equalTo("populationId"), "errors[0].rule", equalTo("history.whole-read"));
        }
        // not read whole: answered
        given().when().get(path + "/status").then().statusCode(200).body("status.streamVersion", equalTo(events.size()));
        given().when().get(path + "/timeline?limit=20").then().statusCode(200);
        String dossier = given().when().get(path + "/dossier?audience=internal").then().statusCode(200).extract().asString();
        assertThat(dossier).contains("\"atVersion\":" + events.size());
        given().when().get(path + "/dossier?audience=public&atVersion=100").then().statusCode(200).body("atVersion", equalTo(100));
        // and the service goes on: a population of a short history reads whole as before
        UUID small = UUID.randomUUID();
        List<EventPublisher.Logged> few = CurrentViewTest.generated(small, new Random(6), 40);
        CurrentViewTest.applied(bootstrap, topic, views, few);
        given().when().get("/populations/" + small + "/status?asOf=2010-01-01").then().statusCode(200);

        // the web app's page: today's status from the current view, and why the chart and the map are not drawn
        Map<String, String> env = CasefileInfraResource.env();
        org.junit.jupiter.api.Assumptions.assumeTrue(org.vigil.testing.Keycloak.issuer(env) != null,
                "no OIDC provider runs here (Testcontainers or VIGIL_KEYCLOAK=off)");
        try (org.vigil.testing.HeadlessChromium chromium = new org.vigil.testing.HeadlessChromium()) {
            org.vigil.testing.Keycloak.signIn(chromium, env, base.resolve("/app/populations").toString(), "analyst");
            assertThat(chromium.waitFor("location.pathname", "/app/populations", Duration.ofSeconds(5))).isEqualTo("/app/populations");
            chromium.open(base.resolve("/app/populations/" + population).toString());
            assertThat(chromium.waitFor("document.getElementById('not-drawn') ? 'yes' : 'no'", "yes", Duration.ofSeconds(10))).isEqualTo("yes");
            String page = chromium.eval("document.body.innerText");
            assertThat(page).contains("Camp Ashraf residents").contains("not drawn for this population")
                    .contains("(" + events.size() + " events)").doesNotContain("history-too-long");
            assertThat(chromium.eval("document.getElementById('chart') ? 'yes' : 'no'")).isEqualTo("no");
            assertThat(chromium.eval("document.getElementById('timeline') ? 'yes' : 'no'")).isEqualTo("yes");
            chromium.screenshot(java.nio.file.Path.of("target/app-population-long-history.png"));
            // another date: today's page, saying why, the date field left empty
            chromium.open(base.resolve("/app/populations/" + population + "?asOf=2010-01-01").toString());
            assertThat(chromium.waitFor("document.getElementById('not-drawn') ? 'yes' : 'no'", "yes", Duration.ofSeconds(10))).isEqualTo("yes");
            assertThat(chromium.eval("document.body.innerText")).contains("cannot be shown for this population")
                    .contains("The status today is shown instead");
            assertThat(chromium.eval("document.querySelector('input[name=asOf]').value")).isEmpty();
            chromium.screenshot(java.nio.file.Path.of("target/app-population-long-history-date.png"));
        }
    }

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URI base;
}
