package org.vigil.casefile.page;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;
import org.vigil.testing.HeadlessChromium;
import org.vigil.testing.Keycloak;

/**
 * The web app's population page in a real headless Chromium, signed in through the local Keycloak: it shows the
 * status and follows changes live (the page's Server-Sent Events), without a reload; figures in words with their
 * sources, earlier figures kept beside corrected ones, Persian laid out right to left.
 */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class LivePageTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.events-topic")
    String topic;

    @TestHTTPResource("/")
    URI base;

    @Test
    void the_page_shows_the_status_and_updates_itself_when_an_event_arrives() throws Exception {
        Map<String, String> env = CasefileInfraResource.env();
        assumeTrue(Keycloak.issuer(env) != null, "no OIDC provider runs here (Testcontainers or VIGIL_KEYCLOAK=off)");
        UUID population = UUID.randomUUID();
        List<EventPublisher.Logged> events = EventPublisher.casebook(population, Instant.parse("2026-01-01T00:00:00Z"));
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events.subList(0, 3));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().header("Authorization", "Bearer " + org.vigil.casefile.testing.Tokens.everything())
                .get("/populations/" + population + "/status").then().statusCode(200).body("status.streamVersion", equalTo(3)));

        try (HeadlessChromium chromium = new HeadlessChromium()) {
            String page = base.resolve("/app/populations/" + population).toString();
            Keycloak.signIn(chromium, env, page, "admin");
            assertThat(chromium.waitFor("document.getElementById('live').dataset.version", "3", Duration.ofSeconds(20))).isEqualTo("3");
            assertThat(chromium.eval("document.getElementById('name').textContent")).isEqualTo("Camp Ashraf residents");
            assertThat(chromium.eval("document.getElementById('location').textContent")).contains("Camp Ashraf");
            chromium.eval("window.vigilMarker = 'not reloaded'");

            try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
                publisher.publish(events.subList(3, 6));
            }
            assertThat(chromium.waitFor("document.getElementById('live').dataset.version", "6", Duration.ofSeconds(30))).isEqualTo("6");
            assertThat(chromium.eval("window.vigilMarker")).isEqualTo("not reloaded");
            assertThat(Integer.parseInt(chromium.eval("document.getElementById('live').dataset.updates"))).isGreaterThanOrEqualTo(1);

            // the whole casebook: words, not codes; figures with their sources; earlier figures kept; Persian right to left
            try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
                publisher.publish(events.subList(6, events.size()));
            }
            String last = String.valueOf(events.size());
            assertThat(chromium.waitFor("document.getElementById('live').dataset.version", last, Duration.ofSeconds(30))).isEqualTo(last);
            assertThat(chromium.eval("window.vigilMarker")).isEqualTo("not reloaded");
            String text = chromium.eval("document.body.innerText");
            assertThat(text).contains("Protected persons (Fourth Geneva Convention, Article 27)").contains("Medical supplies")
                    .contains("between 164 and 165").contains("more than 1,300, according to Political Platform")
                    .doesNotContain("vigil.").doesNotContain("protected_persons").doesNotContain("medical_supplies")
                    .doesNotContain("legal-designation")
                    .containsPattern("between 35 and 36, according to News report.*earlier \\(until \\d{4}-\\d{2}-\\d{2}\\): 35, according to News report");
            assertThat(chromium.eval("document.getElementById('aliases').innerHTML"))
                    .contains("<bdi>\u0633\u0627\u0632\u0645\u0627\u0646 \u0645\u062c\u0627\u0647\u062f\u06cc\u0646 \u062e\u0644\u0642 \u0627\u06cc\u0631\u0627\u0646</bdi>");
            // the headcount chart: one bar per claim, each with its words; the list under it says the same
            int claims = Integer.parseInt(chromium.eval("String(document.querySelectorAll('#claims li').length)"));
            assertThat(claims).isGreaterThanOrEqualTo(5);
            assertThat(chromium.eval("String(document.querySelectorAll('#chart svg rect title').length)")).isEqualTo(String.valueOf(claims));
            assertThat(chromium.eval("document.getElementById('claims').textContent")).contains("about 3,400, according to Amnesty International");
            chromium.screenshot(java.nio.file.Path.of("target/live-page.png"));
        }
    }
}
