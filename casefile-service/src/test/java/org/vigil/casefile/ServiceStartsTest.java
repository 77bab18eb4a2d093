package org.vigil.casefile;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The service starts and says it is alive: what the start command waits for. */
@QuarkusTest
class ServiceStartsTest {

    @Test
    void it_reports_itself_up() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
