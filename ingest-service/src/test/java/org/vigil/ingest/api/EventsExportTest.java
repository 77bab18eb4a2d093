package org.vigil.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.testing.Fixtures;
import org.vigil.ingest.testing.IngestInfraResource;
import org.vigil.ingest.testing.Tokens;

/** A population's events as NDJSON: all of them, a page of the log at a time, in order, for the reader's clearance. */
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class EventsExportTest {

    @BeforeEach
    void authenticate() {
        Tokens.useEverywhere();
    }

    private static void batch(String population, int n) {
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < n; i++) file.append(Fixtures.attack(i % 50 + 1).replace("\n", " ")).append('\n');
        given().urlEncodingEnabled(false).contentType("application/x-ndjson").body(file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/populations/" + population + "/events:batch").then().statusCode(201);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static List<com.fasterxml.jackson.databind.JsonNode> lines(Response r) {
        return r.asString().lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new AssertionError("not a JSON line: " + l, e);
            }
        }).toList();
    }

    @Test
    void every_event_comes_out_once_in_order_across_pages_and_the_withheld_are_counted() throws Exception {
        String population = IngestApiTest.register("Export");
        batch(population, 700);
        given().contentType("application/json").body(Fixtures.count(300, "restricted"))
                .post("/populations/" + population + "/events").then().statusCode(201);
        batch(population, 700);
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        batch(population, 700);

        Response all = given().get("/populations/" + population + "/events.ndjson");
        all.then().statusCode(200).contentType("application/x-ndjson").header("Vigil-Withheld", "none");
        List<com.fasterxml.jackson.databind.JsonNode> lines = lines(all);
        assertThat(lines).hasSize(1 + 700 + 1 + 700 + 700);
        assertThat(lines.stream().map(l -> l.path("streamVersion").asLong()).toList()).as("in order, each once")
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 2102).boxed().toList());
        assertThat(lines.get(701).path("confidentiality").asText()).isEqualTo("restricted");
        assertThat(lines.get(1).path("data").path("killed").path(0).path("source").asText()).isEqualTo("boumedra");

        io.restassured.RestAssured.requestSpecification = null;
        String viewer = "Bearer " + Tokens.token("a-viewer", "public", "viewer");
        Response seen = given().header("Authorization", viewer).get("/populations/" + population + "/events.ndjson");
        seen.then().statusCode(200).header("Vigil-Withheld", "restricted=1").header("Vigil-Clearance", "public");
        assertThat(lines(seen)).hasSize(2101).allSatisfy(l -> assertThat(l.path("confidentiality").asText()).isEqualTo("public"));

        List<com.fasterxml.jackson.databind.JsonNode> attacks = lines(given().header("Authorization", viewer)
                .get("/populations/" + population + "/events.ndjson?types=vigil.attack.recorded").then().statusCode(200)
                .extract().response());
        assertThat(attacks).hasSize(2100).allSatisfy(l -> assertThat(l.path("type").asText()).startsWith("vigil.attack.recorded."));
        List<com.fasterxml.jackson.databind.JsonNode> before = lines(given().header("Authorization", viewer)
                .get("/populations/" + population + "/events.ndjson?knownAt=" + between).then().statusCode(200).extract().response());
        assertThat(before).hasSize(1 + 700 + 700);

        given().header("Authorization", viewer).get("/populations/" + population + "/events.ndjson?types=DROP%20TABLE")
                .then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", viewer).get("/populations/" + population + "/events.ndjson?knownAt=yesterday")
                .then().statusCode(400);
        given().header("Authorization", viewer).get("/populations/" + UUID.randomUUID() + "/events.ndjson").then().statusCode(404);
    }
}
