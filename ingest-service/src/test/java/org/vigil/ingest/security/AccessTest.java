package org.vigil.ingest.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.ingest.testing.Fixtures.count;
import static org.vigil.ingest.testing.Fixtures.registration;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.testing.IngestInfraResource;
import org.vigil.ingest.testing.Tokens;

/**
 * Endpoint by endpoint: 401 (problem+json, Bearer challenge) without a token or with one that does not verify,
 * 403 with a valid token of the wrong role, and the right roles let through. Writes are recorded under the token's
 * name. Event listings show a reader only what its clearance allows and say how many were withheld.
 */
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class AccessTest {

    static final String RECORDER = Tokens.token("rec-1", null, "recorder");
    static final String ANALYST = Tokens.token("ana-1", "restricted", "analyst");
    static final String VIEWER = Tokens.token("view-1", "confidential", "viewer"); // a viewer stays public whatever the claim says
    static final String ADMIN = Tokens.token("adm-1", null, "admin");

    /** The figure only the confidential event holds. */
    static final long CONFIDENTIAL_COUNT = 9_876_543;

    record Endpoint(String method, String path, String body, List<String> allowed) {
    }

    String population;
    String confidentialEvent;

    @BeforeEach
    void setUp() {
        RestAssured.requestSpecification = null;
        if (population != null) return;
        population = as(RECORDER).contentType(ContentType.JSON).body(registration("Access test")).post("/populations")
                .then().statusCode(201).extract().path("populationId");
        as(RECORDER).contentType(ContentType.JSON).body(count(100, "public")).post("/populations/" + population + "/events").then().statusCode(201);
        as(RECORDER).contentType(ContentType.JSON).body(count(101, "restricted")).post("/populations/" + population + "/events").then().statusCode(201);
        confidentialEvent = as(RECORDER).contentType(ContentType.JSON).body(count(CONFIDENTIAL_COUNT, "confidential"))
                .post("/populations/" + population + "/events").then().statusCode(201).extract().path("eventId");
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    List<Endpoint> endpoints() {
        List<String> readers = List.of("viewer", "analyst", "recorder", "admin");
        List<String> recorders = List.of("recorder");
        String p = "/populations/" + population;
        return List.of(
                new Endpoint("POST", "/populations", registration("Access " + UUID.randomUUID()), recorders),
                new Endpoint("GET", "/populations", null, readers),
                new Endpoint("GET", p, null, readers),
                new Endpoint("GET", p + "/version", null, readers),
                new Endpoint("POST", p + "/events", count(5, "public"), recorders),
                new Endpoint("POST", p + "/events:batch", count(6, "public").replace("\n", " ") + "\n", recorders),
                new Endpoint("GET", p + "/events", null, readers),
                new Endpoint("GET", "/log/head", null, readers),
                new Endpoint("GET", "/log/positions/1", null, readers),
                new Endpoint("GET", "/log/verify", null, readers),
                new Endpoint("GET", "/log/events", null, readers),
                new Endpoint("GET", p + "/events.ndjson", null, readers),
                new Endpoint("POST", "/webhooks", "{\"url\": \"http://127.0.0.1:9/hook\", \"populations\": [\"" + population + "\"]}",
                        List.of("analyst", "admin")),
                new Endpoint("GET", "/webhooks", null, List.of("analyst", "admin")),
                new Endpoint("GET", "/admin/audit", null, List.of("admin")),
                new Endpoint("GET", "/admin/relay", null, List.of("admin")));
    }

    private static Response call(RequestSpecification spec, Endpoint e) {
        spec = spec.urlEncodingEnabled(false); // keep the ':' of events:batch as it is
        if (e.body() != null) {
            spec = spec.contentType(e.path().endsWith(":batch") ? "application/x-ndjson" : "application/json")
                    .body(e.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return spec.request(e.method(), e.path());
    }

    @Test
    void every_endpoint_refuses_a_missing_or_forged_token() {
        String forged = Tokens.forged();
        for (Endpoint e : endpoints()) {
            for (RequestSpecification spec : List.of(given(), as(forged), given().header("Authorization", "Basic YWRtaW46YWRtaW4="))) {
                Response r = call(spec, e);
                assertThat(r.statusCode()).as(e.method() + " " + e.path()).isEqualTo(401);
                assertThat(r.contentType()).as(e.method() + " " + e.path()).startsWith("application/problem+json");
                assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
            }
        }
    }

    @Test
    void every_endpoint_lets_its_roles_in_and_refuses_the_others() {
        Map<String, String> tokens = Map.of("recorder", RECORDER, "analyst", ANALYST, "viewer", VIEWER, "admin", ADMIN);
        for (Endpoint e : endpoints()) {
            for (var role : tokens.entrySet()) {
                Response r = call(as(role.getValue()), e);
                String what = role.getKey() + " on " + e.method() + " " + e.path();
                if (e.allowed().contains(role.getKey())) {
                    assertThat(r.statusCode()).as(what + ": " + r.asString()).isBetween(200, 299);
                } else {
                    assertThat(r.statusCode()).as(what + ": " + r.asString()).isEqualTo(403);
                    assertThat(r.contentType()).as(what).startsWith("application/problem+json");
                }
            }
        }
    }

    @Test
    void health_and_the_openapi_document_stay_open_and_metrics_need_a_token() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(401);
        as(VIEWER).get("/q/metrics").then().statusCode(200);
    }

    @Test
    void writes_are_recorded_under_the_token_name() {
        String id = as(RECORDER).contentType(ContentType.JSON).body(count(7, "public")).post("/populations/" + population + "/events")
                .then().statusCode(201).extract().path("eventId");
        assertThat((String) as(ADMIN).get("/populations/" + population + "/events/" + id).then().statusCode(200)
                .extract().path("recordedBy")).isEqualTo("rec-1");
    }

    @Test
    void a_reader_sees_only_what_its_clearance_allows_and_how_much_was_withheld() {
        String path = "/populations/" + population + "/events?limit=4";
        Response viewer = as(VIEWER).get(path);
        assertThat(viewer.jsonPath().getList("events.confidentiality", String.class)).containsOnly("public");
        assertThat(viewer.jsonPath().getInt("withheld")).isEqualTo(2);
        assertThat(viewer.asString()).doesNotContain(Long.toString(CONFIDENTIAL_COUNT)).doesNotContain("\"best\":101");
        Response analyst = as(ANALYST).get(path);
        assertThat(analyst.jsonPath().getList("events.confidentiality", String.class)).contains("restricted").doesNotContain("confidential");
        assertThat(analyst.jsonPath().getInt("withheld")).isEqualTo(1);
        Response admin = as(ADMIN).get(path);
        assertThat(admin.jsonPath().getList("events.confidentiality", String.class)).contains("confidential");
        assertThat(admin.jsonPath().getInt("withheld")).isZero();

        Response withheld = as(VIEWER).get("/populations/" + population + "/events/" + confidentialEvent);
        assertThat(withheld.statusCode()).isEqualTo(403);
        assertThat(withheld.asString()).doesNotContain("\"count\"").doesNotContain("\"best\"");
        as(ADMIN).get("/populations/" + population + "/events/" + confidentialEvent).then().statusCode(200);
    }

    @Test
    void no_endpoint_shows_a_confidential_value_to_a_reader_below_confidential() {
        Map<String, String> below = Map.of("recorder", RECORDER, "analyst", ANALYST, "viewer", VIEWER);
        List<Endpoint> reads = new java.util.ArrayList<>(endpoints().stream().filter(e -> e.method().equals("GET")).toList());
        reads.add(new Endpoint("GET", "/populations/" + population + "/events/" + confidentialEvent, null, List.of("admin")));
        reads.add(new Endpoint("GET", "/populations/" + population + "/events?limit=1000", null, List.of("admin")));
        assertThat(call(as(ADMIN), reads.getLast()).asString()).contains(Long.toString(CONFIDENTIAL_COUNT)); // the value is there to find
        for (Endpoint e : reads) {
            for (var role : below.entrySet()) {
                String body = call(as(role.getValue()), e).asString();
                assertThat(body).as(role.getKey() + " on " + e.path()).doesNotContain(Long.toString(CONFIDENTIAL_COUNT));
                if (!e.path().contains(confidentialEvent)) { // a refusal names the path it was asked for, no more
                    assertThat(body).as(role.getKey() + " on " + e.path()).doesNotContain(confidentialEvent);
                }
            }
        }
    }

    @Test
    void a_population_registered_in_confidence_is_listed_only_to_readers_cleared_for_it() {
        String name = "Covert group " + UUID.randomUUID();
        String hidden = as(RECORDER).contentType(ContentType.JSON)
                .body(registration(name).replace("\"confidentiality\": \"public\"", "\"confidentiality\": \"confidential\""))
                .post("/populations").then().statusCode(201).extract().path("populationId");
        for (String token : List.of(VIEWER, ANALYST, RECORDER)) {
            Response list = as(token).get("/populations?limit=1000");
            assertThat(list.asString()).doesNotContain(name).doesNotContain(hidden);
            assertThat(list.jsonPath().getInt("withheld")).isGreaterThanOrEqualTo(1);
            Response one = as(token).get("/populations/" + hidden);
            assertThat(one.statusCode()).isEqualTo(403);
            assertThat(one.asString()).doesNotContain(name);
        }
        assertThat(as(ADMIN).get("/populations?limit=1000").asString()).contains(name);
        assertThat(as(ADMIN).get("/populations/" + hidden).then().statusCode(200).extract().<String>path("name")).isEqualTo(name);
    }

    @jakarta.inject.Inject
    VerifiedTokenCache cache;

    @Test
    void a_verified_token_is_remembered_until_it_expires_and_not_beyond() throws Exception {
        String token = Tokens.expiringIn(3, "short-lived", "viewer");
        long before = cache.verifications();
        as(token).get("/log/head").then().statusCode(200);
        assertThat(cache.verifications()).isEqualTo(before + 1);
        as(token).get("/log/head").then().statusCode(200);
        assertThat(cache.verifications()).isEqualTo(before + 1); // answered from the cache: no second signature check
        Thread.sleep(4_000);
        as(token).get("/log/head"); // past its expiry: checked again (accepted or not by the parser's own clock skew)
        assertThat(cache.verifications()).isEqualTo(before + 2);
        String forged = Tokens.forged();
        as(forged).get("/log/head").then().statusCode(401);
        as(forged).get("/log/head").then().statusCode(401);
        assertThat(cache.verifications()).isEqualTo(before + 4); // a token that failed is checked again, never remembered
    }
}
