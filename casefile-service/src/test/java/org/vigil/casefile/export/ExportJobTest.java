package org.vigil.casefile.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.api.CaseFileApiTest;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;
import org.vigil.casefile.testing.Tokens;

/**
 * Exports as jobs: a job reads the casebook a few facts at a time (the test profile's page), reports its progress,
 * and offers a download link that opens without a token, gives byte for byte what the direct export gives, and
 * expires (410); another reader cannot see the job, a wrong token opens nothing, and a bad request names every
 * member at fault.
 */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class ExportJobTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.events-topic")
    String topic;

    @BeforeEach
    void authenticate() {
        Tokens.useEverywhere();
    }

    private UUID casebook() throws Exception {
        UUID population = UUID.randomUUID();
        var events = EventPublisher.casebook(population, Instant.parse("2026-01-01T00:00:00Z"));
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events);
        }
        CaseFileApiTest.awaitVersion(population, events.size());
        return population;
    }

    private static JsonPath awaitDone(String location) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            JsonPath job = given().get(location).then().statusCode(200).extract().jsonPath();
            if (!job.getString("state").equals("running")) return job;
            if (Instant.now().isAfter(until)) throw new AssertionError("the export did not finish: " + job.prettify());
            Thread.sleep(50);
        }
    }

    @Test
    void a_csv_job_reports_its_progress_and_its_link_gives_the_direct_export_until_it_expires() throws Exception {
        UUID population = casebook();
        String direct = given().get("/populations/" + population + "/figures.csv?hxl=true&from=2009-01-01").then().statusCode(200)
                .extract().asString();
        var started = given().contentType(ContentType.JSON).body("{\"format\": \"csv\", \"hxl\": true, \"from\": \"2009-01-01\"}")
                .post("/populations/" + population + "/exports").then().statusCode(202).extract();
        String location = started.header("Location");
        assertThat(location).contains("/exports/");
        assertThat(started.jsonPath().getString("state")).isIn("running", "done");
        assertThat(started.jsonPath().getLong("factsTotal")).isGreaterThan(7); // more than one page

        JsonPath job = awaitDone(location);
        assertThat(job.getString("state")).isEqualTo("done");
        assertThat(job.getLong("factsDone")).isEqualTo(job.getLong("factsTotal"));
        assertThat(job.getDouble("progress")).isEqualTo(1.0);
        assertThat(job.getLong("bytes")).isEqualTo(direct.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(job.getLong("rows")).isEqualTo(direct.lines().count() - 2); // less the header and the hashtags
        String link = job.getString("download");
        assertThat(link).contains("/file?token=");

        // the link opens without a token, and gives what the direct export gives
        RestAssured.requestSpecification = null;
        var file = given().get(link).then().statusCode(200).contentType("text/csv").header("Vigil-Withheld", "none").extract();
        assertThat(file.asString()).isEqualTo(direct);
        given().get(link.replaceAll("token=.*", "token=guessed")).then().statusCode(404).contentType("application/problem+json");
        given().get(location).then().statusCode(401);

        // another reader sees no such job
        given().header("Authorization", "Bearer " + Tokens.token("someone-else", "restricted", "analyst")).get(location)
                .then().statusCode(404);

        // and once the link has expired (8 s in the test profile), it answers 410
        Instant expires = Instant.parse(job.getString("expiresAt"));
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expires).toMillis()) + 500);
        given().get(link).then().statusCode(410).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/problems/expired"));
    }

    @Test
    void an_xlsx_job_and_a_geojson_job_hold_the_same_facts_as_the_direct_exports() throws Exception {
        UUID population = casebook();
        String geoDirect = given().get("/populations/" + population + "/places.geojson").then().statusCode(200).extract().asString();
        String csv = given().get("/populations/" + population + "/figures.csv").then().statusCode(200).extract().asString();
        for (String format : new String[] {"xlsx", "geojson"}) {
            String location = given().contentType(ContentType.JSON).body("{\"format\": \"" + format + "\"}")
                    .post("/populations/" + population + "/exports").then().statusCode(202).extract().header("Location");
            JsonPath job = awaitDone(location);
            assertThat(job.getString("state")).as(format).isEqualTo("done");
            byte[] bytes = given().get(job.getString("download")).then().statusCode(200).extract().asByteArray();
            if (format.equals("geojson")) {
                // the same document (the direct answer may have line breaks between its chunks: JSON whitespace)
                var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                assertThat(mapper.readTree(bytes)).isEqualTo(mapper.readTree(geoDirect));
            } else {
                try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(bytes))) {
                    assertThat(workbook.getSheet("figures").getLastRowNum()).isEqualTo(csv.lines().count() - 1);
                }
            }
        }
    }

    @Test
    void a_bad_export_request_names_every_member_at_fault_and_starts_nothing() throws Exception {
        UUID population = UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body("{\"format\": \"pdf\", \"from\": \"2009-13-01\", \"knownAt\": \"yesterday\", \"types\": \"vigil.nothing.v1\", \"colour\": 1, \"hxl\": \"yes\"}")
                .post("/populations/" + population + "/exports").then().statusCode(400).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/problems/invalid-request"))
                .body("errors.field", hasItems("format", "from", "knownAt", "types", "colour", "hxl"))
                .body("errors.rule", hasItems("format.known", "date.format", "instant.format", "type.known", "member.known", "boolean"));
        given().contentType(ContentType.JSON).body("{\"format\": \"csv\"}").post("/populations/" + population + "/exports")
                .then().statusCode(404).body("type", org.hamcrest.Matchers.endsWith("/problems/unknown-population"));
        given().get("/exports/" + UUID.randomUUID()).then().statusCode(404);
        given().get("/exports/not-an-id").then().statusCode(400);
    }
}
