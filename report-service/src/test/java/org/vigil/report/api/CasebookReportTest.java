package org.vigil.report.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.vigil.report.testing.ReportInfraResource;

/**
 * Reports on the Camp Ashraf casebook, written by report-service from the real casefile-service and ingest-service:
 * what they say, in Markdown, HTML and PDF; what the public edition leaves out; reproduction and verification.
 */
@QuarkusTest
@QuarkusTestResource(value = ReportInfraResource.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CasebookReportTest {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.report.testing.Tokens.useEverywhere();
    }

    private static final String DEMO = ReportInfraResource.DEMO;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The demo casebook's events: the stream version it ends at. */
    private static final int CASEBOOK = casebookSize();

    private static int casebookSize() {
        try {
            return (int) Files.readAllLines(ReportInfraResource.repoRoot().resolve("docs/examples/camp-ashraf.ndjson"))
                    .stream().filter(l -> !l.isBlank()).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Response create(String body) {
        return given().contentType("application/json").body(body).post("/reports");
    }

    static String createdId(String body) {
        Response r = create(body);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(r.header("Location")).endsWith("/reports/" + r.jsonPath().getString("id"));
        assertThat(r.jsonPath().getString("index")).matches("VGL \\d{4}/\\d{4}");
        return r.jsonPath().getString("id");
    }

    static String markdown(String id) {
        Response r = given().accept("text/markdown").get("/reports/" + id);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/markdown");
        return r.asString();
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }

    @Test
    @Order(1)
    void theInternalReportStatesTheFactsWithTheirSources() throws Exception {
        String id = createdId("{\"populationId\":\"" + DEMO + "\",\"asOf\":\"2016-12-31\",\"audience\":\"internal\"}");
        String md = markdown(id);
        String flat = oneLine(md);

        // order of the sections
        List<String> headings = List.of("# Camp Ashraf residents: situation report", "## Summary", "## Background", "## Timeline",
                "## Current status", "### Sites and headcounts", "### Legal designations in force", "### Refugee-status progress",
                "### Restrictions in force", "## Figures", "## Casualties", "### Totals: sum of documented incidents",
                "### Totals: aggregates claimed by sources", "## Interventions and responses", "## Methodology",
                "## Corrections since the record began", "## Records left out", "## Sources");
        int at = -1;
        for (String h : headings) {
            int next = md.indexOf("\n" + h + "\n", at + 1);
            if (next < 0 && at < 0) next = md.startsWith(h + "\n") ? 0 : -1;
            assertThat(next).as("heading '%s' after the previous one", h).isGreaterThan(at);
            at = next;
        }
        assertThat(md).containsPattern("\\*\\*VGL \\d{4}/\\d{4}\\*\\*");
        assertThat(md).containsPattern("Log position \\d+, chain head hash `[0-9a-f]{64}`");

        // the three Ashraf attacks, with their figures and sources
        assertThat(flat).contains("| 28-29 July 2009 | Camp Ashraf |").contains("13, according to Tahar Boumedra");
        assertThat(flat).contains("8 April 2011 (corrected) | Camp Ashraf |");
        assertThat(flat).containsPattern("8 April 2011 \\(corrected\\) \\| Camp Ashraf \\|[^|]*\\|[^|]*\\| between 35 and 36, according to News report");
        assertThat(flat).contains("| 1 September 2013 | Camp Ashraf |").contains("52, according to United Nations, quoted in Political Platform");
        // the 116 aggregate as a claim beside the documented sum, never merged
        assertThat(flat).contains("Killed: between 164 and 165, over the 8 documented incidents that report it.");
        assertThat(flat).containsPattern("Killed \\(three major attacks on Camp Ashraf .*?\\): 116, according to Political Platform \\(MEK advocacy website\\)\\[\\^\\d+\\] \\(a claimed total, not a sum of the incidents above\\)");
        // the early-2008 dissident counts: one range, three sources, each value with its source
        assertThat(flat).containsPattern("between 50 and 208, according to ARIA [^|]*\\(208\\)\\[\\^\\d+\\], Press office of the US forces"
                + "[^|]*\\(110\\)\\[\\^\\d+\\] and Javad Firuzmand[^|]*\\(50\\)\\[\\^\\d+\\]");
        // asylum seekers apart from recognised refugees and resettled people
        int registered = md.indexOf("Registered as asylum seekers:");
        int recognised = md.indexOf("Recognised as refugees:");
        int resettled = md.indexOf("Resettled in a third country:");
        assertThat(registered).isPositive();
        assertThat(recognised).isGreaterThan(registered);
        assertThat(resettled).isGreaterThan(recognised);
        assertThat(md.substring(resettled)).contains("more than 280 (\u201cover 280\u201d), according to Political Platform");
        // uncertain dates keep their precision
        assertThat(flat).contains("**28-29 July 2009**").contains("**2012-2013 (between 1 January 2012 and 31 December 2013)**")
                .contains("early 2008: between 50 and 208");
        // the internal edition includes the confidential record and says so
        assertThat(md).contains("Turkey (covert)").contains("internal edition includes every record");
        // corrections and the retraction are listed with their reasons
        assertThat(flat).contains("was corrected; it is now dated 8 April 2011. Reason: The operation took place on 8 April 2011");
        // what the correction changed, field by field, and the superseded figure beside the current one
        assertThat(flat).contains("Changed: Date: in May \u2192 8 April 2011;").containsPattern("Killed: 35, according to News report[^;]*\u2192 between 35 and 36, according to News report");
        assertThat(flat).containsPattern("between 35 and 36, according to News report[^|]*; earlier \\(until \\d{4}-\\d{2}-\\d{2}\\) 35, according to News report");
        assertThat(flat).containsPattern("318, according to Tahar Boumedra[^|]*; earlier \\(until [^)]*\\) not stated");
        assertThat(flat).contains("was retracted. Reason: duplicate of the entry for the same BBC report");

        // every footnote reference is defined, every definition used, numbered in order of first citation
        Set<Integer> cited = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\[\\^(\\d+)\\](?!:)").matcher(md);
        while (m.find()) cited.add(Integer.parseInt(m.group(1)));
        List<Integer> defined = new ArrayList<>();
        Matcher d = Pattern.compile("(?m)^\\[\\^(\\d+)\\]: ").matcher(md);
        while (d.find()) defined.add(Integer.parseInt(d.group(1)));
        assertThat(defined).isNotEmpty();
        assertThat(cited).containsExactlyElementsOf(defined);
        for (int i = 0; i < defined.size(); i++) assertThat(defined.get(i)).isEqualTo(i + 1);
        // every source of every fact still in force is in the footnotes, with its title, date and index or URL
        String sources = md.substring(md.indexOf("## Sources"));
        for (String line : Files.readAllLines(ReportInfraResource.repoRoot().resolve("docs/examples/camp-ashraf.ndjson"))) {
            JsonNode event = JSON.readTree(line);
            if (event.path("type").asText().startsWith("vigil.event.retracted.")) continue;
            if ("0193f0a0-0000-7000-8000-000000000002".equals(event.path("eventId").asText())) continue; // the retracted one
            for (JsonNode s : event.path("sources")) {
                assertThat(sources).as("footnote for %s", s.path("publisher").asText())
                        .contains(s.path("publisher").asText().replace("_", "\\_"));
                assertThat(sources).contains("*" + s.path("title").asText().replace("_", "\\_") + "*");
                if (s.hasNonNull("documentIndex")) assertThat(sources).contains(s.path("documentIndex").asText());
            }
        }
    }

    @Test
    @Order(2)
    void thePublicReportLeavesOutConfidentialRecordsAndSaysHowMany() throws Exception {
        String id = createdId("{\"populationId\":\"" + DEMO + "\",\"asOf\":\"2016-12-31\",\"audience\":\"public\",\"format\":\"pdf\"}");
        String md = markdown(id);
        String html = given().accept("text/html").get("/reports/" + id).asString();
        byte[] pdf = given().get("/reports/" + id).then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        String pdfText;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            pdfText = new PDFTextStripper().getText(doc);
        }
        for (String edition : List.of(md, html, pdfText)) {
            // the confidential record: 15 dissidents living covertly in Istanbul, Ankara and Van
            assertThat(edition).doesNotContain("covert").doesNotContain("Turkey").doesNotContain("Istanbul")
                    .doesNotContain("Ankara").doesNotContain("safety depends");
        }
        assertThat(oneLine(md)).contains("This public edition leaves out 1 confidential record and 0 restricted records.");
        assertThat(oneLine(pdfText)).contains("leaves out 1 confidential record");
    }

    @Test
    @Order(3)
    void thePdfOpensAndHoldsTheSameFactsAsTheMarkdown() throws Exception {
        String id = createdId("{\"populationId\":\"" + DEMO + "\",\"asOf\":\"2016-12-31\",\"audience\":\"internal\"}");
        Response r = given().accept("application/pdf").get("/reports/" + id);
        assertThat(r.statusCode()).isEqualTo(200);
        byte[] pdf = r.asByteArray();
        assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-");
        Files.write(Path.of("target/casebook-report.pdf"), pdf); // for a person to look at (pdftoppm)
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(1);
            text = oneLine(new PDFTextStripper().getText(doc));
        }
        String index = given().accept("application/json").get("/reports/" + id).jsonPath().getString("index");
        assertThat(text).contains(index).contains("Camp Ashraf residents: situation report");
        assertThat(text).contains("28-29 July 2009").contains("1 September 2013").contains("8 April 2011");
        assertThat(text).contains("Killed: between 164 and 165, over the 8 documented incidents that report it.");
        assertThat(text).contains("116, according to Political Platform");
        assertThat(text).contains("between 50 and 208, according to ARIA");
        assertThat(text).contains("Registered as asylum seekers").contains("Recognised as refugees");
        assertThat(text).contains("AI Index: MDE 14/023/2008");
        // names keep their script: the organisation's and the camp's names in Persian, embedded font, right to left
        assertThat(text).contains("\u0633\u0627\u0632\u0645\u0627\u0646 \u0645\u062c\u0627\u0647\u062f\u06cc\u0646 \u062e\u0644\u0642 \u0627\u06cc\u0631\u0627\u0646")
                .contains("\u0627\u0631\u062f\u0648\u06af\u0627\u0647 \u0627\u0634\u0631\u0641").doesNotContain("#####");
        // the chart is drawn in the HTML edition as SVG, with its legend
        String html = given().accept("text/html").get("/reports/" + id).asString();
        assertThat(html).contains("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains("documented incident (8)").contains("Camp Ashraf");
        assertThat(html).contains("<span lang=\"fa\" dir=\"rtl\">\u0633\u0627\u0632\u0645\u0627\u0646 \u0645\u062c\u0627\u0647\u062f\u06cc\u0646 \u062e\u0644\u0642 \u0627\u06cc\u0631\u0627\u0646</span>");
    }

    @Test
    @Order(4)
    void aReportIsReproducibleAndVerifiesAgainstTheLogAfterTheRecordMovesOn() throws Exception {
        String id = createdId("{\"populationId\":\"" + DEMO + "\",\"asOf\":\"2016-12-31\",\"audience\":\"public\"}");
        String before = markdown(id);
        JsonNode summary = JSON.readTree(given().accept("application/json").get("/reports/" + id).asString());
        // the record moves on: a correction of the 2013 attack, recorded after the report
        var appended = ReportInfraResource.ingest.post("/populations/" + DEMO + "/events", "application/json",
                "{\"type\":\"vigil.event.corrected.v1\",\"confidentiality\":\"public\",\"sources\":[{\"ref\":\"t\",\"publisher\":\"Vigil test desk\",\"title\":\"Test note\",\"date\":\"2026\",\"affiliation\":\"media\",\"reliability\":\"c\"}],\"target\":\"0193f0a0-0000-7000-8000-000000000004\","
                        + "\"reason\":\"test: a later correction\",\"corrected\":" + raid2011(37) + "}");
        assertThat(appended.statusCode()).as(appended.body()).isEqualTo(201);
        ReportInfraResource.awaitVersion(DEMO, CASEBOOK + 1);

        JsonNode verification = JSON.readTree(given().get("/reports/" + id + "/verify").then().statusCode(200).extract().asString());
        assertThat(verification.path("hashMatches").asBoolean()).isTrue();
        assertThat(verification.path("chainValid").asBoolean()).isTrue();
        assertThat(verification.path("markdownReproduced").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.path("verified").asBoolean()).isTrue();
        assertThat(verification.path("logHash").asText()).isEqualTo(summary.path("chainHash").asText());
        assertThat(markdown(id)).isEqualTo(before);

        // a new report at the new head shows the correction, as one made since the previous report
        String next = createdId("{\"populationId\":\"" + DEMO + "\",\"asOf\":\"2016-12-31\",\"audience\":\"public\"}");
        String md = oneLine(markdown(next));
        assertThat(md).contains("## Corrections since the previous report on this population, " + summary.path("index").asText());
        String corrections = md.substring(md.indexOf("## Corrections since"), md.indexOf("## Records left out"));
        assertThat(corrections).contains("test: a later correction").doesNotContain("duplicate of the entry");
        assertThat(md).contains("between 35 and 37, according to News report");
        assertThat(oneLine(before)).contains("between 35 and 36, according to News report");

        // an explicit earlier log position gives the earlier facts
        String atOld = createdId("{\"populationId\":\"" + DEMO + "\",\"asOf\":\"2016-12-31\",\"audience\":\"public\",\"logPosition\":"
                + summary.path("logPosition").asLong() + "}");
        assertThat(oneLine(markdown(atOld))).contains("between 35 and 36, according to News report").doesNotContain("between 35 and 37");
    }

    /** The April 2011 raid as corrected in the casebook, with the overview's count replaced. */
    private static String raid2011(int overviewKilled) {
        return "{\"type\":\"vigil.attack.recorded.v1\",\"occurred\":{\"precision\":\"day\",\"date\":\"2011-04-08\"},"
                + "\"place\":{\"name\":\"Camp Ashraf\",\"region\":\"Diyala\",\"country\":\"IQ\"},"
                + "\"sources\":[{\"ref\":\"news-2011\",\"publisher\":\"News report (wire service, reprinted online)\","
                + "\"title\":\"Iranian dissidents in Iraq want refuge in 3rd country\",\"date\":\"2011\",\"affiliation\":\"media\",\"reliability\":\"c\"},"
                + "{\"ref\":\"boumedra\",\"publisher\":\"Tahar Boumedra (former UNAMI human rights chief), quoted in Political Platform overview\","
                + "\"title\":\"Camp Ashraf: an overview, 1986-2016\",\"date\":\"2016\",\"affiliation\":\"party_to_conflict\",\"reliability\":\"d\"}],"
                + "\"confidentiality\":\"public\",\"means\":\"army raid with live fire and vehicles driven into crowds\",\"perpetrator\":\"Iraqi army\","
                + "\"attribution\":\"known\",\"killed\":[{\"source\":\"news-2011\",\"low\":35,\"best\":35,\"high\":35,\"qualifier\":\"exact\"},"
                + "{\"source\":\"boumedra\",\"low\":" + overviewKilled + ",\"best\":" + overviewKilled + ",\"high\":" + overviewKilled
                + ",\"qualifier\":\"exact\"}]}";
    }

    @Test
    @Order(5)
    void aPeriodReportListsWhatChangedInThePeriod() {
        String id = createdId("{\"populationId\":\"" + DEMO + "\",\"period\":{\"from\":\"2009-01-01\",\"to\":\"2011-12-31\"},\"audience\":\"public\"}");
        String md = markdown(id);
        String period = oneLine(md.substring(md.indexOf("## What changed from 1 January 2009 to 31 December 2011"), md.indexOf("## Timeline")));
        assertThat(period).contains("### New incidents").contains("28-29 July 2009").contains("8 April 2011");
        assertThat(period).doesNotContain("1 September 2013");
        assertThat(md).startsWith("# Camp Ashraf residents: what changed from 1 January 2009 to 31 December 2011");
        assertThat(given().accept("application/json").get("/reports/" + id).jsonPath().getString("asOf")).isEqualTo("2011-12-31");
    }

    @Test
    @Order(6)
    void aPopulationsReportsAreListedNewestFirst() {
        Response r = given().get("/populations/" + DEMO + "/reports");
        assertThat(r.statusCode()).isEqualTo(200);
        List<Long> positions = r.jsonPath().getList("reports.logPosition", Long.class);
        assertThat(positions).hasSizeGreaterThanOrEqualTo(5).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(r.jsonPath().getList("reports.links.verify", String.class)).allMatch(l -> l.endsWith("/verify"));
    }

    @Test
    @Order(7)
    void badRequestsAreProblemsNamingTheFieldAndRule() {
        Response r = create("{\"populationId\":\"nope\",\"asOf\":\"2016-13-01\",\"audience\":\"press\",\"format\":\"docx\",\"colour\":1,"
                + "\"period\":{\"from\":\"2012-01-01\",\"to\":\"2011-01-01\"},\"logPosition\":-3}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        List<String> fields = r.jsonPath().getList("errors.field");
        List<String> rules = r.jsonPath().getList("errors.rule");
        assertThat(fields).contains("populationId", "asOf", "audience", "format", "colour", "period.to", "logPosition");
        assertThat(rules).contains("uuid.format", "date.format", "audience.known", "format.known", "field.known", "period.ordered", "position.positive");
        assertThat(create("[1,2").statusCode()).isEqualTo(400);
        // a malformed report id is a bad request, not a missing report
        assertThat(given().get("/reports/not-a-uuid").statusCode()).isEqualTo(400);
        Response unknown = create("{\"populationId\":\"00000000-0000-7000-8000-000000000999\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(given().get("/reports/00000000-0000-7000-8000-000000000999").statusCode()).isEqualTo(404);
        assertThat(given().get("/reports/00000000-0000-7000-8000-000000000999").contentType()).startsWith("application/problem+json");
    }

    @Test
    @Order(8)
    void whenCasefileIsBehindOrDownTheAnswerSaysSoAndNothingIsStored() throws Exception {
        int before = given().get("/populations/" + DEMO + "/reports").jsonPath().getList("reports").size();
        // casefile-service reading an empty topic never sees the next event: it stays behind the log
        ReportInfraResource.restartCasefile(ReportInfraResource.TOPIC + ".empty");
        try {
            var appended = ReportInfraResource.ingest.post("/populations/" + DEMO + "/events", "application/json",
                    "{\"type\":\"vigil.event.corrected.v1\",\"confidentiality\":\"public\",\"sources\":[{\"ref\":\"t\",\"publisher\":\"Vigil test desk\",\"title\":\"Test note\",\"date\":\"2026\",\"affiliation\":\"media\",\"reliability\":\"c\"}],\"target\":\"0193f0a0-0000-7000-8000-000000000004\","
                            + "\"reason\":\"test: casefile behind\",\"corrected\":" + raid2011(38) + "}");
            assertThat(appended.statusCode()).isEqualTo(201);
            Response behind = create("{\"populationId\":\"" + DEMO + "\"}");
            assertThat(behind.statusCode()).as(behind.asString()).isEqualTo(503);
            assertThat(behind.contentType()).startsWith("application/problem+json");
            assertThat(behind.jsonPath().getString("type")).endsWith("/views-behind");
            assertThat(behind.header("Retry-After")).as("a 503 says when to try again").isNotBlank();
            assertThat(behind.jsonPath().getString("detail")).contains("has not yet applied stream version " + (CASEBOOK + 2));

            ReportInfraResource.casefile.stop();
            Response down = create("{\"populationId\":\"" + DEMO + "\"}");
            assertThat(down.statusCode()).as(down.asString()).isEqualTo(503);
            assertThat(down.header("Retry-After")).isNotBlank();
            assertThat(down.contentType()).startsWith("application/problem+json");
            assertThat(down.jsonPath().getString("detail")).contains("casefile-service");
        } finally {
            ReportInfraResource.restartCasefile(null);
        }
        assertThat(given().get("/populations/" + DEMO + "/reports").jsonPath().getList("reports")).hasSize(before);
        ReportInfraResource.awaitVersion(DEMO, CASEBOOK + 2);
        createdId("{\"populationId\":\"" + DEMO + "\"}");
    }
}
