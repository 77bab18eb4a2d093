package org.vigil.casefile.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;
import org.vigil.casefile.testing.Tokens;

/**
 * Endpoint by endpoint, the live stream and the page included: 401 without a token or with one that does not verify,
 * 403 with a valid token of the wrong role (or a clearance below the internal edition), the right roles let through.
 * Views show a reader only what its clearance allows and how much was withheld.
 */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class AccessTest {

    static final String RECORDER = Tokens.token("rec-1", null, "recorder");
    static final String ANALYST = Tokens.token("ana-1", "restricted", "analyst");
    static final String VIEWER = Tokens.token("view-1", "confidential", "viewer"); // a viewer stays public whatever the claim says
    static final String ADMIN = Tokens.token("adm-1", null, "admin");
    static final Map<String, String> TOKENS = Map.of("recorder", RECORDER, "analyst", ANALYST, "viewer", VIEWER, "admin", ADMIN);
    /** Only the casebook's one confidential event (Dissidents living covertly in Turkey) holds this word. */
    static final String CONFIDENTIAL_VALUE = "covert";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.events-topic")
    String topic;

    @TestHTTPResource("/")
    URI base;

    static UUID population;
    static UUID publicFact;
    static UUID confidentialFact;
    static int events;

    record Endpoint(String method, String path, List<String> allowed) {
    }

    @BeforeEach
    void setUp() throws Exception {
        RestAssured.requestSpecification = null;
        if (population != null) return;
        population = UUID.randomUUID();
        List<EventPublisher.Logged> casebook = EventPublisher.casebook(population, Instant.parse("2026-01-01T00:00:00Z"));
        events = casebook.size();
        publicFact = casebook.get(1).eventId();
        confidentialFact = casebook.stream().filter(e -> e.data().path("confidentiality").asText().equals("confidential"))
                .findFirst().orElseThrow().eventId();
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(casebook);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(ADMIN).get("/populations/" + population + "/status")
                .then().statusCode(200).body("status.streamVersion", equalTo(events)));
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    List<Endpoint> endpoints() {
        List<String> readers = List.of("viewer", "analyst", "recorder", "admin");
        List<String> admin = List.of("admin");
        String p = "/populations/" + population;
        return List.of(
                new Endpoint("GET", "/populations", readers),
                new Endpoint("GET", "/search?q=Ashraf", readers),
                new Endpoint("GET", p + "/status", readers),
                new Endpoint("GET", p + "/status?asOf=2010-01-01", readers),
                new Endpoint("GET", p + "/dossier", readers),
                new Endpoint("GET", p + "/dossier?audience=internal", admin), // the analyst here is cleared for restricted only
                new Endpoint("GET", p + "/events/" + publicFact + "/history", readers),
                new Endpoint("GET", p + "/stream", readers),
                new Endpoint("GET", p + "/figures.csv", readers),
                new Endpoint("GET", p + "/places.geojson", readers),
                new Endpoint("GET", p + "/figures.xlsx", readers),
                new Endpoint("POST", p + "/exports", readers),
                new Endpoint("GET", p + "/parked", admin),
                new Endpoint("GET", "/admin/audit", admin),
                new Endpoint("GET", "/admin/unreadable", admin), // kept records are raw bytes of any level
                new Endpoint("POST", "/admin/replay", admin),
                new Endpoint("GET", "/admin/rebuilds", admin),
                new Endpoint("POST", "/admin/rebuild", admin));
    }

    /** The answer's status, content type and (except for the endless stream) body. */
    record Answer(int status, String contentType, String challenge, String body) {
    }

    /**
     * The streams are read over HTTP/1.1, as a browser's EventSource reads them: the JDK client's default (HTTP/2 by a
     * cleartext upgrade) once failed here with a protocol error on the stream's first bytes.
     */
    static final HttpClient HTTP1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    Answer call(String authorization, Endpoint e) throws Exception {
        if (e.path().endsWith("/stream")) { // an endless answer: read the status and the first event, then hang up
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(e.path().substring(1)));
            if (authorization != null) request.header("Authorization", authorization);
            HttpResponse<InputStream> r = HTTP1.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                String body = r.statusCode() == 200 ? firstEvent(in) : new String(in.readAllBytes());
                return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                        r.headers().firstValue("WWW-Authenticate").orElse(null), body);
            }
        }
        RequestSpecification spec = authorization == null ? given() : given().header("Authorization", authorization);
        if (e.path().endsWith("/exports")) spec = spec.contentType("application/json").body("{\"format\": \"csv\"}");
        Response r = spec.request(e.method(), e.path());
        return new Answer(r.statusCode(), r.contentType(), r.header("WWW-Authenticate"), r.asString());
    }

    private static String firstEvent(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                if (line.toString().startsWith("data:")) return line.toString();
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Test
    void every_endpoint_refuses_a_missing_or_forged_token() throws Exception {
        String forged = Tokens.forged();
        for (Endpoint e : endpoints()) {
            for (String authorization : java.util.Arrays.asList(null, "Bearer " + forged, "Basic YWRtaW46YWRtaW4=")) {
                Answer a = call(authorization, e);
                String what = e.method() + " " + e.path() + " with " + authorization;
                assertThat(a.status()).as(what).isEqualTo(401);
                assertThat(a.challenge()).as(what).isEqualTo("Bearer");
                assertThat(a.contentType()).as(what).startsWith("application/problem+json");
                assertThat(a.body()).as(what).doesNotContain(CONFIDENTIAL_VALUE).doesNotContain("Camp Ashraf");
            }
        }
    }

    @Test
    void every_endpoint_lets_its_roles_in_and_refuses_the_others() throws Exception {
        for (Endpoint e : endpoints()) {
            for (var role : TOKENS.entrySet()) {
                Answer a = call("Bearer " + role.getValue(), e);
                String what = role.getKey() + " on " + e.method() + " " + e.path() + ": " + a.body();
                if (e.allowed().contains(role.getKey())) {
                    assertThat(a.status()).as(what).isBetween(200, 299);
                } else {
                    assertThat(a.status()).as(what).isEqualTo(403);
                    assertThat(a.contentType()).as(what).startsWith("application/problem+json");
                }
            }
        }
    }

    @Test
    void the_root_sends_a_browser_to_the_web_app_and_a_cookie_carries_no_token() {
        // the root sends a browser to the web app; a token in a cookie is no longer taken (tokens travel in the header)
        given().redirects().follow(false).get("/").then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/app/populations"));
        given().cookie("vigil_token", VIEWER).get("/populations/" + population + "/status").then().statusCode(401);
    }

    @Test
    void each_role_sees_only_what_its_clearance_allows_and_how_much_was_withheld() throws Exception {
        for (Endpoint e : endpoints()) {
            if (!e.method().equals("GET")) continue;
            for (var role : TOKENS.entrySet()) {
                Answer a = call("Bearer " + role.getValue(), e);
                if (a.status() != 200) continue;
                String what = role.getKey() + " on " + e.path();
                if (role.getKey().equals("admin")) continue; // cleared for everything
                assertThat(a.body()).as(what).doesNotContain(CONFIDENTIAL_VALUE).doesNotContain(confidentialFact.toString());
            }
        }
        Response viewer = as(VIEWER).get("/populations/" + population + "/status");
        assertThat(viewer.jsonPath().getString("clearance")).isEqualTo("public");
        assertThat(viewer.jsonPath().getInt("withheld.confidential")).isEqualTo(1);
        Response admin = as(ADMIN).get("/populations/" + population + "/status");
        assertThat(admin.jsonPath().getString("clearance")).isEqualTo("confidential");
        assertThat(admin.asString()).contains(CONFIDENTIAL_VALUE);
        assertThat(admin.jsonPath().getMap("withheld")).isEmpty();
        as(ANALYST).get("/populations/" + population + "/events/" + confidentialFact + "/history").then().statusCode(403)
                .contentType("application/problem+json");
        as(ADMIN).get("/populations/" + population + "/events/" + confidentialFact + "/history").then().statusCode(200);
    }

    @Test
    void a_population_registered_in_confidence_is_listed_only_to_readers_cleared_for_it() throws Exception {
        UUID hidden = UUID.randomUUID();
        String name = "Covert group " + hidden;
        List<EventPublisher.Logged> events = EventPublisher.casebook(hidden, Instant.parse("2026-01-01T00:00:00Z")).subList(0, 2);
        events.getFirst().data().put("confidentiality", "confidential").put("name", name);
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(as(ADMIN).get("/populations").asString()).contains(name));
        for (String token : List.of(VIEWER, ANALYST, RECORDER)) {
            Response list = as(token).get("/populations");
            assertThat(list.asString()).doesNotContain(name).doesNotContain(hidden.toString());
            assertThat(list.jsonPath().getInt("withheld")).isGreaterThanOrEqualTo(1);
            assertThat(as(token).get("/populations/" + hidden + "/status").asString()).doesNotContain(name);
        }
    }

    @Test
    void the_live_stream_ends_when_the_token_expires() throws Exception {
        String token = Tokens.expiringIn(3, "short-lived", "viewer");
        HttpRequest request = HttpRequest.newBuilder(base.resolve("populations/" + population + "/stream"))
                .header("Authorization", "Bearer " + token).build();
        long started = System.nanoTime();
        HttpResponse<InputStream> r = HTTP1.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        var done = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (InputStream in = r.body()) {
                return new String(in.readAllBytes()); // returns only when the server ends the stream
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String body = done.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(body).contains("data:");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }
}
