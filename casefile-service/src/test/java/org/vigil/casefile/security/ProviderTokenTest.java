package org.vigil.casefile.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.testing.Keycloak;

/** casefile-service takes the real OIDC provider's tokens (the local Keycloak's) with their roles, and no others. */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class ProviderTokenTest {

    Map<String, String> env;

    @BeforeEach
    void setUp() {
        RestAssured.requestSpecification = null;
        env = CasefileInfraResource.env();
        assumeTrue(Keycloak.issuer(env) != null, "no OIDC provider runs here (Testcontainers or VIGIL_KEYCLOAK=off)");
    }

    @Test
    void theProvidersTokensAreTakenWithTheirRoles() {
        given().header("Authorization", "Bearer " + Keycloak.accessToken(env, "viewer")).get("/populations").then().statusCode(200);
        given().header("Authorization", "Bearer " + Keycloak.accessToken(env, "viewer")).post("/admin/rebuild").then().statusCode(403);
        given().header("Authorization", "Bearer " + Keycloak.accessToken(env, "recorder") + "x").get("/populations").then().statusCode(401);
    }
}
