package org.vigil.casefile.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.api.CaseFileApiTest;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;
import org.vigil.casefile.testing.Tokens;

/** The figures export, on the casebook: one row per figure claim, as the sources stated it, for the reader's clearance. */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class ExportTest {

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
        var events = EventPublisher.casebook(population, java.time.Instant.parse("2026-01-01T00:00:00Z"));
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events);
        }
        CaseFileApiTest.awaitVersion(population, events.size());
        return population;
    }

    private static List<Map<String, String>> rows(String csv) throws Exception {
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            return it.readAll();
        }
    }

    @Test
    void each_figure_claim_is_a_row_as_its_source_stated_it() throws Exception {
        UUID population = casebook();
        Response answer = given().get("/populations/" + population + "/figures.csv");
        answer.then().statusCode(200).contentType("text/csv").header("Vigil-Withheld", "none");
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/casebook-figures.csv"), answer.asString());
        List<Map<String, String>> rows = rows(answer.asString());
        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(r -> assertThat(r.get("population_id")).isEqualTo(population.toString()));

        // "about 3,400" in 2003 (Amnesty): a best figure with its words, no invented bounds, a year's precision
        Map<String, String> about = rows.stream().filter(r -> "about 3,400".equals(r.get("says"))).findFirst().orElseThrow();
        assertThat(about).containsEntry("category", "count").containsEntry("best", "3400").containsEntry("low", "")
                .containsEntry("high", "").containsEntry("qualifier", "about").containsEntry("date", "2003")
                .containsEntry("date_precision", "year").containsEntry("date_precision_code", "5")
                .containsEntry("date_edtf", "2003").containsEntry("publisher", "Amnesty International")
                .containsEntry("corrected", "false");
        // "more than 3,000": a lower bound only
        Map<String, String> moreThan = rows.stream().filter(r -> "more than 3,000".equals(r.get("says"))).findFirst().orElseThrow();
        assertThat(moreThan).containsEntry("low", "3000").containsEntry("best", "").containsEntry("high", "");
        // the July 2009 raid: a two-day range, in EDTF, killed 13 per Boumedra
        Map<String, String> raid = rows.stream().filter(r -> "2009-07-28/2009-07-29".equals(r.get("date_edtf"))
                && "killed".equals(r.get("category"))).findFirst().orElseThrow();
        assertThat(raid).containsEntry("date_precision", "range").containsEntry("date_precision_code", "2")
                .containsEntry("best", "13").containsEntry("type", "vigil.attack.recorded.v2");
        // the corrected raid of April 2011 reads as corrected; the retracted duplicate is not there
        assertThat(rows).anyMatch(r -> "true".equals(r.get("corrected")) && r.get("date").startsWith("2011-04"));
        assertThat(rows).noneMatch(r -> r.get("event_id").endsWith("000000000002"));
        // a fact with no figure (a designation) still has its row
        assertThat(rows).anyMatch(r -> r.get("type").startsWith("vigil.legal-designation") && r.get("category").isEmpty());

        // filters: one type, a period
        List<Map<String, String>> attacks = rows(given().get("/populations/" + population
                + "/figures.csv?types=vigil.attack.recorded.v2&from=2009-01-01&to=2009-12-31").then().statusCode(200).extract().asString());
        assertThat(attacks).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("type")).isEqualTo("vigil.attack.recorded.v2");
            assertThat(r.get("date_edtf")).contains("2009");
        });
        // HXL: the second row holds the hashtags
        String hxl = given().get("/populations/" + population + "/figures.csv?hxl=true").then().statusCode(200).extract().asString();
        Map<String, String> tags = rows(hxl).getFirst();
        assertThat(tags).containsEntry("event_id", "#event+id").containsEntry("date", "#date").containsEntry("latitude", "#geo+lat")
                .containsEntry("publisher", "#meta+source");
        // bad filters
        given().get("/populations/" + population + "/figures.csv?types=vigil.nothing.v1").then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/populations/" + population + "/figures.csv?from=2010-01-01&to=2009-01-01").then().statusCode(400);
    }

    @Test
    void a_reader_gets_what_their_clearance_allows_and_the_count_of_the_rest() throws Exception {
        UUID population = casebook();
        String all = given().get("/populations/" + population + "/figures.csv").then().statusCode(200).extract().asString();
        io.restassured.RestAssured.requestSpecification = null;
        Response viewer = given().header("Authorization", "Bearer " + Tokens.token("a-viewer", "public", "viewer"))
                .get("/populations/" + population + "/figures.csv");
        viewer.then().statusCode(200).header("Vigil-Clearance", "public").header("Vigil-Withheld", "restricted=0, confidential=1");
        List<Map<String, String>> seen = rows(viewer.asString());
        assertThat(seen).allSatisfy(r -> assertThat(r.get("confidentiality")).isEqualTo("public"));
        assertThat(rows(all)).anyMatch(r -> "confidential".equals(r.get("confidentiality")));
        assertThat(seen.size()).isLessThan(rows(all).size());
    }

    @Test
    void the_same_rows_come_as_a_workbook_with_numbers_as_numbers() throws Exception {
        UUID population = casebook();
        byte[] xlsx = given().get("/populations/" + population + "/figures.xlsx").then().statusCode(200)
                .contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").extract().asByteArray();
        List<Map<String, String>> csv = rows(given().get("/populations/" + population + "/figures.csv").then().statusCode(200)
                .extract().asString());
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx))) {
            var sheet = workbook.getSheet("figures");
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("event_id");
            assertThat(sheet.getLastRowNum()).as("one row per CSV row").isEqualTo(csv.size());
            int best = 16;
            int low = 15;
            assertThat(sheet.getRow(0).getCell(best).getStringCellValue()).isEqualTo("best");
            for (int i = 1; i <= sheet.getLastRowNum(); i++) {
                var row = sheet.getRow(i);
                if (!"about 3,400".equals(row.getCell(19) == null ? null : row.getCell(19).getStringCellValue())) continue;
                assertThat(row.getCell(best).getNumericCellValue()).isEqualTo(3400.0);
                assertThat(row.getCell(low)).as("a bound the source did not state is an empty cell").isNull();
                return;
            }
            throw new AssertionError("no row for 'about 3,400'");
        }
    }

    @Test
    void facts_recorded_with_coordinates_are_points_on_a_map_with_their_figures() throws Exception {
        UUID population = UUID.randomUUID();
        var events = EventPublisher.casebook(population, java.time.Instant.parse("2026-01-01T00:00:00Z"));
        // the July 2009 raid, recorded with the camp's coordinates (to the site)
        var raid = events.stream().filter(e -> e.data().path("occurred").path("earliest").asText().equals("2009-07-28")
                && e.type().startsWith("vigil.attack")).findFirst().orElseThrow();
        ((com.fasterxml.jackson.databind.node.ObjectNode) raid.data().path("place")).put("latitude", 33.86).put("longitude", 44.62)
                .put("coordinatePrecision", "site");
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events);
        }
        CaseFileApiTest.awaitVersion(population, events.size());
        Response answer = given().get("/populations/" + population + "/places.geojson");
        answer.then().statusCode(200).contentType("application/geo+json");
        var geo = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.asString());
        assertThat(geo.path("type").asText()).isEqualTo("FeatureCollection");
        assertThat(geo.path("features")).hasSize(1);
        var feature = geo.path("features").path(0);
        assertThat(feature.path("geometry").path("coordinates").toString()).isEqualTo("[44.62,33.86]");
        assertThat(feature.path("id").asText()).isEqualTo(raid.eventId().toString());
        assertThat(feature.path("properties").path("dateEdtf").asText()).isEqualTo("2009-07-28/2009-07-29");
        assertThat(feature.path("properties").path("coordinatePrecision").asText()).isEqualTo("site");
        var killed = feature.path("properties").path("figures").path(0);
        assertThat(killed.path("category").asText()).isEqualTo("killed");
        assertThat(killed.path("best").asLong()).isEqualTo(13);
        assertThat(killed.has("low")).as("no bound the source did not state").isFalse();
        assertThat(geo.path("unlocated").asInt()).isGreaterThan(20);
    }

    @Test
    void text_a_spreadsheet_would_run_as_a_formula_is_guarded() {
        assertThat(FigureFormats.cell("=HYPERLINK(\"x\")")).isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(FigureFormats.cell("-5")).isEqualTo("'-5");
        assertThat(FigureFormats.cell(-33.3)).isEqualTo(-33.3);
        assertThat(FigureFormats.cell("Camp Ashraf")).isEqualTo("Camp Ashraf");
    }

    @Test
    void an_unknown_population_or_a_bad_filter_is_a_problem_before_any_byte() {
        UUID nobody = UUID.randomUUID();
        for (String export : new String[] {"figures.csv", "figures.xlsx", "places.geojson"}) {
            given().get("/populations/" + nobody + "/" + export).then().statusCode(404).contentType("application/problem+json")
                    .body("type", org.hamcrest.Matchers.endsWith("/problems/unknown-population"));
            given().get("/populations/" + nobody + "/" + export + "?from=2009-13-01").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.rule", org.hamcrest.Matchers.hasItems("date.format"));
        }
    }
}
