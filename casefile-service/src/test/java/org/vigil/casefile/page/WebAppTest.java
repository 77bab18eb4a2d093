package org.vigil.casefile.page;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Path;
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
import org.vigil.testing.HeadlessChromium;
import org.vigil.casefile.testing.EventPublisher;
import org.vigil.casefile.testing.Tokens;
import org.vigil.testing.Keycloak;

/**
 * The web app in a real headless Chromium, signing in through the real OIDC provider's login page (the local
 * Keycloak): the populations list, a population's status (and as of an earlier date), who is signed in with which
 * roles and clearance, what is withheld from a viewer, and signing out. Screenshots go to target/.
 */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class WebAppTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.events-topic")
    String topic;

    @TestHTTPResource("/")
    URI base;

    @Test
    void a_researcher_signs_in_reads_a_population_and_signs_out() throws Exception {
        Map<String, String> env = CasefileInfraResource.env();
        assumeTrue(Keycloak.issuer(env) != null, "no OIDC provider runs here (Testcontainers or VIGIL_KEYCLOAK=off)");
        UUID population = UUID.randomUUID();
        List<EventPublisher.Logged> events = EventPublisher.casebook(population, Instant.parse("2026-01-01T00:00:00Z"));
        // the camps' coordinates on the facts that name them, for the map (the casebook itself gives none)
        for (EventPublisher.Logged e : events) {
            if (!(e.data().path("place") instanceof com.fasterxml.jackson.databind.node.ObjectNode place)) continue;
            String name = place.path("name").asText();
            if (name.equals("Camp Ashraf")) place.put("latitude", 33.86).put("longitude", 44.62).put("coordinatePrecision", "site");
            if (name.startsWith("Camp Liberty")) place.put("latitude", 33.29).put("longitude", 44.24).put("coordinatePrecision", "site");
        }
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().header("Authorization", "Bearer " + Tokens.everything())
                .get("/populations/" + population + "/status").then().statusCode(200).body("status.streamVersion", equalTo(events.size())));

        // without a session the API still answers 401, and the app sends the browser to the provider
        given().redirects().follow(false).get("/populations").then().statusCode(401);
        given().redirects().follow(false).get("/app/populations").then().statusCode(302);

        try (HeadlessChromium chromium = new HeadlessChromium()) {
            signIn(chromium, env, "analyst");
            String list = chromium.eval("document.body.innerText");
            assertThat(list).contains("Populations").contains("Camp Ashraf residents").contains("Signed in as analyst")
                    .contains("analyst; cleared for restricted");
            chromium.screenshot(Path.of("target/app-populations.png"));

            chromium.open(base.resolve("/app/populations/" + population).toString());
            expect(chromium, "document.getElementById('name') ? document.getElementById('name').textContent : ''", "Camp Ashraf residents", Duration.ofSeconds(10));
            // the whole page, not the part parsed when its heading appeared
            expect(chromium, "document.readyState", "complete", Duration.ofSeconds(10));
            String page = chromium.eval("document.body.innerText");
            assertThat(page).contains("Protected persons (Fourth Geneva Convention, Article 27)").contains("between 164 and 165")
                    .contains("Timeline").doesNotContain("protected_persons");
            // refugee-status progress, by step, each record as its source gives it (a count not stated is said so)
            String refugee = chromium.eval("document.getElementById('refugee-status').innerText");
            assertThat(refugee).contains("Registered (1 record(s))").contains("Recognised as refugees (1 record(s))")
                    .contains("Resettled (3 record(s))").contains("more than 280").contains("recorded as a movement").contains("how many not stated");
            assertThat(chromium.eval("document.getElementById('interventions') ? document.getElementById('interventions').innerText : document.getElementById('interventions-h').parentElement.innerText"))
                    .isNotBlank();
            assertThat(chromium.eval("document.getElementById('aliases').innerHTML"))
                    .contains("<bdi>\u0633\u0627\u0632\u0645\u0627\u0646 \u0645\u062c\u0627\u0647\u062f\u06cc\u0646 \u062e\u0644\u0642 \u0627\u06cc\u0631\u0627\u0646</bdi>");
            chromium.screenshot(Path.of("target/app-population.png"));
            // the map: each site with coordinates a dot on Natural Earth's boundaries, named, and listed in words
            assertThat(chromium.eval("String(document.querySelectorAll('#map svg .site').length)"))
                    .isEqualTo(chromium.eval("String(document.querySelectorAll('#sites li').length)")).isNotEqualTo("0");
            assertThat(chromium.eval("document.getElementById('sites').innerText")).contains("Camp Ashraf (33.86, 44.62, to the site)");
            assertThat(chromium.eval("[...document.querySelectorAll('#map svg path title')].map(t => t.textContent).join(',')"))
                    .contains("Iraq").contains("Iran");
            chromium.eval("document.getElementById('map').scrollIntoView(); 'ok'");
            chromium.screenshot(Path.of("target/app-map.png"));

            // as of an earlier date, through the form
            chromium.eval("document.getElementById('asOf').value = '2009-01-01'; document.querySelector('form.when').submit(); 'ok'");
            expect(chromium, "document.getElementById('version').textContent.includes('as of 2009-01-01') ? 'yes' : 'no'", "yes", Duration.ofSeconds(10));

            // search from the population's page, in Persian: the results link to their events
            chromium.open(base.resolve("/app/populations/" + population).toString());
            expect(chromium, "document.getElementById('within') ? 'yes' : 'no'", "yes", Duration.ofSeconds(10));
            chromium.eval("document.getElementById('within').value = '\u0627\u0634\u0631\u0641'; document.getElementById('search-within').click(); 'ok'");
            expect(chromium, "document.getElementById('results') ? 'yes' : 'no'", "yes", Duration.ofSeconds(10));
            for (int i = 0; i < 60 && chromium.eval("String(document.querySelectorAll('#results li').length)").equals("0"); i++) {
                Thread.sleep(500); // the words are indexed a moment behind the view
                chromium.open(chromium.eval("location.href"));
                expect(chromium, "document.getElementById('results') ? 'yes' : 'no'", "yes", Duration.ofSeconds(10));
            }
            assertThat(Integer.parseInt(chromium.eval("String(document.querySelectorAll('#results li').length)"))).isPositive();
            assertThat(chromium.eval("document.getElementById('populationId').value")).isEqualTo(population.toString());
            accessibleEnough(chromium);
            chromium.screenshot(Path.of("target/app-search.png"));
            chromium.eval("document.querySelector('#results a.hit').click(); 'ok'");
            expect(chromium, "location.pathname.includes('/events/') && document.getElementById('history') ? 'event' : 'no'", "event", Duration.ofSeconds(10));

            // signing out ends the session: the app asks to sign in again
            chromium.eval("document.getElementById('sign-out').click(); 'ok'");
            expect(chromium, "location.pathname", "/app/signed-out", Duration.ofSeconds(15));
            chromium.open(base.resolve("/app/populations").toString());
            expect(chromium, "document.getElementById('username') ? 'login' : location.href", "login", Duration.ofSeconds(15));
        }

        // an admin: the operator's page, with the audit log of these reads, a rebuild with its progress, a replay
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            signIn(chromium, env, "admin");
            chromium.open(base.resolve("/app/populations/" + population).toString()); // a read above public: on the log
            expect(chromium, "document.getElementById('name') ? 'shown' : 'no'", "shown", Duration.ofSeconds(10));
            chromium.eval("document.getElementById('admin').click(); 'ok'");
            expect(chromium, "location.pathname", "/app/admin", Duration.ofSeconds(10));
            chromium.eval("document.getElementById('actor').value = 'admin'; document.querySelector('form.when').submit(); 'ok'");
            expect(chromium, "location.search.includes('actor=admin') && document.getElementById('audit') ? 'yes' : 'no'", "yes", Duration.ofSeconds(10));
            assertThat(chromium.eval("document.getElementById('audit').innerText")).contains("status (web app)").doesNotContain("analyst");
            accessibleEnough(chromium);
            chromium.eval("document.getElementById('rebuild').click(); 'ok'");
            expect(chromium, "document.getElementById('message') ? document.getElementById('message').textContent : ''",
                    "A rebuild began; its progress shows below.", Duration.ofSeconds(10));
            for (int i = 0; i < 60 && !chromium.eval("document.getElementById('rebuilds').innerText").contains("done"); i++) {
                Thread.sleep(500);
                chromium.open(base.resolve("/app/admin").toString());
                expect(chromium, "document.getElementById('rebuilds') ? 'yes' : 'no'", "yes", Duration.ofSeconds(10));
            }
            assertThat(chromium.eval("document.getElementById('rebuilds').innerText")).contains("done").contains("admin");
            chromium.eval("document.getElementById('replay').click(); 'ok'");
            expect(chromium, "document.getElementById('message') ? document.getElementById('message').textContent.substring(0, 27) : ''",
                    "The parked events were appl", Duration.ofSeconds(10));
            chromium.screenshot(Path.of("target/app-admin.png"));
        }

        // a viewer: public data only, and told what was withheld
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            signIn(chromium, env, "viewer");
            chromium.open(base.resolve("/app/populations/" + population).toString());
            expect(chromium, "document.getElementById('name') ? 'shown' : 'no'", "shown", Duration.ofSeconds(10));
            assertThat(chromium.eval("document.body.innerText")).contains("viewer; cleared for public");
            // a search says what is withheld, and shows none of it
            chromium.open(base.resolve("/app/search?q=covertly&populationId=" + population).toString());
            expect(chromium, "document.getElementById('count') ? 'yes' : 'no'", "yes", Duration.ofSeconds(10));
            assertThat(chromium.eval("document.getElementById('withheld').textContent")).contains("1 more above your clearance");
            assertThat(chromium.eval("document.getElementById('none') ? 'none' : 'some'")).isEqualTo("none");
            chromium.screenshot(Path.of("target/app-population-viewer.png"));
        }
    }

    /** The page has a heading, a main landmark and labelled fields (the full axe-core check runs in report-service's WebAppRecordingTest). */
    private static void accessibleEnough(HeadlessChromium chromium) throws Exception {
        assertThat(chromium.eval("String([...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
                + ".filter(e => !document.querySelector('label[for=\"' + e.id + '\"]')).length)")).isEqualTo("0");
        assertThat(chromium.eval("document.querySelector('main h1') ? 'yes' : 'no'")).isEqualTo("yes");
    }

    /** Waits until the expression's value is the expected one, and fails if it never is. */
    private static void expect(HeadlessChromium chromium, String expression, String expected, Duration timeout) throws Exception {
        assertThat(chromium.waitFor(expression, expected, timeout)).as(expression).isEqualTo(expected);
    }

    /** Opens the app, is sent to the provider's login page, and signs in there as the local user {@code user}. */
    private void signIn(HeadlessChromium chromium, Map<String, String> env, String user) throws Exception {
        Keycloak.signIn(chromium, env, base.resolve("/app/populations").toString(), user);
        expect(chromium, "location.pathname", "/app/populations", Duration.ofSeconds(5));
    }
}
