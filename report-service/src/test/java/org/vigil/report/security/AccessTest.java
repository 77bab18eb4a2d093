package org.vigil.report.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.report.testing.ReportInfraResource.DEMO;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.report.testing.ReportInfraResource;
import org.vigil.report.testing.Tokens;

/**
 * Endpoint by endpoint: 401 without a token or with one that does not verify, 403 with a valid token of the wrong role
 * or below the internal edition's clearance, the right roles let through. The caller's token goes on to
 * ingest-service and casefile-service. No one below confidential clearance reads a confidential value in a report.
 */
@QuarkusTest
@QuarkusTestResource(value = ReportInfraResource.class, restrictToAnnotatedClass = false)
class AccessTest {

    static final String RECORDER = Tokens.token("rec-1", null, "recorder");
    static final String ANALYST = Tokens.token("ana-1", "restricted", "analyst");
    static final String VIEWER = Tokens.token("view-1", "confidential", "viewer"); // a viewer stays public whatever the claim says
    static final String ADMIN = Tokens.token("adm-1", null, "admin");
    static final Map<String, String> TOKENS = Map.of("recorder", RECORDER, "analyst", ANALYST, "viewer", VIEWER, "admin", ADMIN);
    /** Only the casebook's one confidential event (Dissidents living covertly in Turkey) holds this word. */
    static final String CONFIDENTIAL_VALUE = "covert";

    static String publicReport;
    static String internalReport;

    record Endpoint(String method, String path, String body, List<String> allowed) {
    }

    @BeforeEach
    void setUp() {
        RestAssured.requestSpecification = null;
        if (publicReport != null) return;
        publicReport = as(ADMIN).contentType("application/json").body(request("public")).post("/reports")
                .then().statusCode(201).extract().path("id");
        internalReport = as(ADMIN).contentType("application/json").body(request("internal")).post("/reports")
                .then().statusCode(201).extract().path("id");
    }

    static String request(String audience) {
        return "{\"populationId\":\"" + DEMO + "\",\"asOf\":\"2016-12-31\",\"audience\":\"" + audience + "\"}";
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    List<Endpoint> endpoints() {
        List<String> readers = List.of("viewer", "analyst", "recorder", "admin");
        List<String> writers = List.of("analyst", "admin");
        List<String> confidential = List.of("admin");
        return List.of(
                new Endpoint("POST", "/reports", request("public"), writers),
                new Endpoint("POST", "/reports", request("internal"), confidential),
                new Endpoint("GET", "/reports/" + publicReport + "?format=markdown", null, readers),
                new Endpoint("GET", "/reports/" + publicReport + "?format=html", null, readers),
                new Endpoint("GET", "/reports/" + publicReport + "?format=json", null, readers),
                new Endpoint("GET", "/reports/" + publicReport + "/verify", null, readers),
                new Endpoint("GET", "/reports/" + internalReport + "?format=markdown", null, confidential),
                new Endpoint("GET", "/reports/" + internalReport + "?format=pdf", null, confidential),
                new Endpoint("GET", "/reports/" + internalReport + "?format=json", null, confidential),
                new Endpoint("GET", "/reports/" + internalReport + "/verify", null, confidential),
                new Endpoint("GET", "/populations/" + DEMO + "/reports", null, readers),
                new Endpoint("GET", "/admin/audit", null, confidential));
    }

    private static Response call(RequestSpecification spec, Endpoint e) {
        if (e.body() != null) spec = spec.contentType("application/json").body(e.body());
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
        for (Endpoint e : endpoints()) {
            for (var role : TOKENS.entrySet()) {
                Response r = call(as(role.getValue()), e);
                String what = role.getKey() + " on " + e.method() + " " + e.path() + " " + e.body() + ": " + r.asString();
                if (e.allowed().contains(role.getKey())) {
                    assertThat(r.statusCode()).as(what).isBetween(200, 299);
                } else {
                    assertThat(r.statusCode()).as(what).isEqualTo(403);
                    assertThat(r.contentType()).as(what).startsWith("application/problem+json");
                    assertThat(r.asString()).as(what).doesNotContain(CONFIDENTIAL_VALUE);
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
    void no_reader_below_confidential_sees_a_confidential_value_and_listings_say_how_many_were_withheld() {
        assertThat(as(ADMIN).get("/reports/" + internalReport + "?format=markdown").asString()).contains(CONFIDENTIAL_VALUE);
        for (Endpoint e : endpoints()) {
            if (!e.method().equals("GET")) continue;
            for (String role : List.of("viewer", "analyst", "recorder")) {
                assertThat(call(as(TOKENS.get(role)), e).asString()).as(role + " on " + e.path())
                        .doesNotContain(CONFIDENTIAL_VALUE).doesNotContain(internalReport);
            }
        }
        Response viewer = as(VIEWER).get("/populations/" + DEMO + "/reports");
        assertThat(viewer.jsonPath().getString("clearance")).isEqualTo("public");
        assertThat(viewer.jsonPath().getInt("withheld")).isGreaterThanOrEqualTo(1);
        assertThat(viewer.jsonPath().getList("reports.audience", String.class)).containsOnly("public");
        Response admin = as(ADMIN).get("/populations/" + DEMO + "/reports");
        assertThat(admin.jsonPath().getInt("withheld")).isZero();
        assertThat(admin.jsonPath().getList("reports.audience", String.class)).contains("internal");
    }
}
