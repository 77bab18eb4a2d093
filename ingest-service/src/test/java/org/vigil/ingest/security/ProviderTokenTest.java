package org.vigil.ingest.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vigil.ingest.testing.Fixtures.registration;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.testing.IngestInfraResource;
import org.vigil.ingest.testing.LocalInfra;
import org.vigil.ingest.testing.Tokens;
import org.vigil.testing.Keycloak;

/**
 * Tokens of the real OIDC provider (the local Keycloak and its `vigil` realm) are taken as the test key's are: a
 * recorder's records under the user's name, a viewer's may not write, and the roles and the clearance come from the
 * provider's claims. A token signed with another key that claims the provider's issuer is refused: the issuer a token
 * names only picks whose keys must verify it.
 */
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class ProviderTokenTest {

    Map<String, String> env;

    @BeforeEach
    void setUp() {
        RestAssured.requestSpecification = null;
        env = LocalInfra.env();
        assumeTrue(Keycloak.issuer(env) != null, "no OIDC provider runs here (Testcontainers or VIGIL_KEYCLOAK=off)");
    }

    @Test
    void theProvidersTokensAreTakenWithTheirRolesAndClearance() {
        String recorder = Keycloak.accessToken(env, "recorder");
        String population = given().header("Authorization", "Bearer " + recorder).contentType(ContentType.JSON)
                .body(registration("Registered with a Keycloak token")).post("/populations")
                .then().statusCode(201).extract().path("populationId");
        String viewer = Keycloak.accessToken(env, "viewer");
        given().header("Authorization", "Bearer " + viewer).contentType(ContentType.JSON)
                .body(registration("A viewer may not")).post("/populations").then().statusCode(403);
        given().header("Authorization", "Bearer " + viewer).get("/populations/" + population).then().statusCode(200);

        // the audit log names the provider's user and the roles its token gave
        String admin = Keycloak.accessToken(env, "admin");
        var rows = given().header("Authorization", "Bearer " + admin).queryParam("actor", "recorder").get("/admin/audit")
                .then().statusCode(200).extract().jsonPath().getList("entries.findAll { it.path == '/populations' && it.method == 'POST' }");
        assertThat(rows).isNotEmpty();
    }

    @Test
    void aTokenClaimingTheProvidersIssuerMustCarryItsSignature() {
        String forged = Tokens.claimingIssuer(Keycloak.issuer(env), "recorder", "recorder", "admin");
        given().header("Authorization", "Bearer " + forged).contentType(ContentType.JSON)
                .body(registration("Not taken")).post("/populations").then().statusCode(401);
    }
}
