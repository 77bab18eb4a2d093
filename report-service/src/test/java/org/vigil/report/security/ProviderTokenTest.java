package org.vigil.report.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vigil.report.testing.ReportInfraResource.DEMO;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.report.testing.ReportInfraResource;
import org.vigil.testing.Keycloak;

/**
 * A report written with a token of the real OIDC provider (the local Keycloak): report-service takes it, and so do
 * ingest-service and casefile-service, which it passes the caller's token on to; the report names the provider's user.
 */
@QuarkusTest
@QuarkusTestResource(value = ReportInfraResource.class, restrictToAnnotatedClass = false)
class ProviderTokenTest {

    Map<String, String> env;

    @BeforeEach
    void setUp() {
        RestAssured.requestSpecification = null;
        env = ReportInfraResource.env();
        assumeTrue(Keycloak.issuer(env) != null, "no OIDC provider runs here (Testcontainers or VIGIL_KEYCLOAK=off)");
    }

    @Test
    void aReportWrittenWithTheProvidersTokenGoesThroughEveryService() {
        String analyst = Keycloak.accessToken(env, "analyst");
        String id = given().header("Authorization", "Bearer " + analyst).contentType("application/json")
                .body("{\"populationId\":\"" + DEMO + "\",\"asOf\":\"2016-12-31\",\"audience\":\"public\"}")
                .post("/reports").then().statusCode(201).extract().path("id");
        String viewer = Keycloak.accessToken(env, "viewer");
        String markdown = given().header("Authorization", "Bearer " + viewer).queryParam("format", "markdown")
                .get("/reports/" + id).then().statusCode(200).extract().asString();
        assertThat(markdown).contains("Camp Ashraf");
        given().header("Authorization", "Bearer " + viewer).contentType("application/json")
                .body("{\"populationId\":\"" + DEMO + "\",\"asOf\":\"2016-12-31\",\"audience\":\"public\"}")
                .post("/reports").then().statusCode(403);
    }
}
