package org.vigil.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Files;
import java.util.List;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.testing.IngestInfraResource;
import org.vigil.ingest.testing.LocalInfra;

/**
 * docs/examples/figures.ndjson goes through the real API as a recorder would send it, line by line: every qualifier
 * in words, a note, fields no source states left out, Persian and Arabic names, and a correction that sends only
 * what changes. What is stored is what the examples say.
 */
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class ExamplesTest {

    @BeforeEach
    void authenticate() {
        org.vigil.ingest.testing.Tokens.useEverywhere();
    }

    @Test
    void the_figure_examples_are_recorded_as_they_say() throws Exception {
        List<String> lines = Files.readAllLines(LocalInfra.repoRoot().resolve("docs/examples/figures.ndjson")).stream()
                .filter(l -> !l.isBlank()).toList();
        String population = given().contentType(ContentType.JSON).body(lines.getFirst()).when().post("/populations")
                .then().statusCode(201).extract().path("populationId");
        for (String line : lines.subList(1, lines.size())) {
            given().contentType(ContentType.JSON).body(line).when().post("/populations/" + population + "/events")
                    .then().statusCode(201);
        }
        var events = given().when().get("/populations/" + population + "/events").then().statusCode(200).extract().jsonPath();
        assertThat(events.getList("events.data.aliases[0]", String.class).getFirst()).isEqualTo("\u0627\u0631\u062f\u0648\u06af\u0627\u0647 \u0646\u0645\u0648\u0646\u0647");
        // the words and the numbers they give, stored together; what no source states is absent
        given().when().get("/populations/" + population + "/events/0193f0a0-0000-7000-8000-0000000000e2").then().statusCode(200)
                .body("data.killed[0].qualifier", equalTo("at_least"), "data.killed[0].low", equalTo(12), "data.killed[0].high", nullValue(),
                        "data.injured[0].qualifier", equalTo("up_to"), "data.injured[0].high", equalTo(250), "data.injured[0].low", nullValue(),
                        "data.injured[1].low", equalTo(90), "data.injured[1].best", equalTo(95), "data.injured[1].high", equalTo(100),
                        "data.injured[2].qualifier", equalTo("nearly"), "data.abducted[0].qualifier", equalTo("reported"),
                        "data.abducted[0].note", equalTo("bodies counted at the hospital"), "data.attribution", nullValue(),
                        "data.perpetrator", nullValue());
        // the partial correction made the whole event: the changed figure, everything else as it stood
        String correction = events.getString("events.find { it.type == 'vigil.event.corrected.v2' }.eventId");
        given().when().get("/populations/" + population + "/events/" + correction).then().statusCode(200)
                .body("data.corrected.killed[2].best", equalTo(22), "data.corrected.injured[0].says", equalTo("up to 250"),
                        "data.corrected.means", equalTo("shelling"));
    }
}
