package org.vigil.report.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.vigil.report.testing.ReportInfraResource;
import org.vigil.testing.HeadlessChromium;
import org.vigil.testing.Keycloak;

/**
 * Importing a spreadsheet through the web app, in Debian's Chromium against the packaged services and the local
 * Keycloak: a recorder downloads a type's template, uploads a file with a column of its own name and one bad line,
 * maps the column, sees the bad line's error by its row number and column before anything is written, uploads the
 * fixed file and records it, all or nothing; then a file of 20,000 rows, whose progress bar survives a reload, is
 * checked and recorded whole. The population's stream version counts every event once. Every page passes axe-core.
 */
@QuarkusTest
@QuarkusTestResource(value = ReportInfraResource.class, restrictToAnnotatedClass = false)
class WebAppImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE = "vigil.population.count-reported.v3";
    private static final int LARGE = 20_000;

    @Test
    void a_recorder_imports_a_spreadsheet_sees_its_bad_line_fixes_it_and_records_it_whole() throws Exception {
        Map<String, String> env = ReportInfraResource.env();
        assumeTrue(Keycloak.issuer(env) != null, "no OIDC provider runs here (Testcontainers or VIGIL_KEYCLOAK=off)");
        String app = ReportInfraResource.casefile.url();
        ObjectNode registration = (ObjectNode) JSON.readTree(Files.readString(
                ReportInfraResource.repoRoot().resolve("docs/examples/events/vigil.population.registered.v2.json")));
        registration.put("name", "Imported from a spreadsheet " + ReportInfraResource.RUN);
        var registered = ReportInfraResource.ingest.post("/populations", "application/json", registration.toString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String population = JSON.readTree(registered.body()).path("populationId").asText();
        // its page exists once casefile-service has projected the registration (the first record on a partition
        // after a start can take a second to be applied)
        ReportInfraResource.awaitVersion(population, 1);

        try (HeadlessChromium chromium = new HeadlessChromium()) {
            Keycloak.signIn(chromium, env, app + "/app/populations/" + population, "recorder");
            expect(chromium, "document.getElementById('import') ? 'yes' : 'no'", "yes");
            chromium.eval("document.getElementById('import').click(); 'ok'");
            expect(chromium, "document.getElementById('templates') ? 'yes' : 'no'", "yes");
            accessible(chromium, "the import page");
            chromium.screenshot(Path.of("target/app-import.png"));

            // the template: field paths as its header, the type's published example as its row
            String template = chromium.eval("(async () => (await (await fetch(document.querySelector('#templates a[data-type=\"" + TYPE
                    + "\"]').href)).text()))()", true);
            String[] lines = template.strip().split("\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).startsWith("type,").contains("occurred.precision", "place.name", "sources[0].publisher", "count[0].best", "count[0].says");
            assertThat(lines[1]).contains("Amnesty International", "about 3,400", "3400");

            // the researcher's own name for one column, and a line whose figure is no number
            String header = lines[0].replace("place.name", "Where");
            String good = lines[1];
            String bad = lines[1].replace(",3400,", ",lots,");
            assertThat(bad).isNotEqualTo(good);
            // a file that is no spreadsheet the import can read: why, on the page, and no job
            upload(chromium, "#file", "ragged.csv", "type,place.name\n" + TYPE + ",Camp Ashraf,stray\n");
            chromium.eval("document.getElementById('upload').click(); 'ok'");
            expect(chromium, "document.getElementById('problems') ? 'shown' : 'no'", "shown");
            assertThat(chromium.eval("document.getElementById('problems').innerText"))
                    .contains("row 2 has a value in column 3, which has no name in the first row");
            upload(chromium, "#file", "counts.csv", header + "\n" + good + "\n" + bad + "\n" + good + "\n");
            chromium.eval("document.getElementById('type').value = '" + TYPE + "'; document.getElementById('upload').click(); 'ok'");
            expect(chromium, "document.getElementById('mapping') ? 'yes' : document.body.innerText.substring(0, 600)", "yes");
            String job = chromium.eval("location.pathname");
            // known columns are mapped already; the unknown one waits for a choice
            int where = java.util.Arrays.asList(header.split(",")).indexOf("Where");
            int best = java.util.Arrays.asList(header.split(",")).indexOf("count[0].best");
            assertThat(chromium.eval("document.getElementById('column" + best + "').value")).isEqualTo("count[0].best");
            assertThat(chromium.eval("document.getElementById('column" + where + "').value")).isEmpty();
            accessible(chromium, "the column mapping");
            chromium.screenshot(Path.of("target/app-import-mapping.png"));
            chromium.eval("document.getElementById('column" + where + "').value = 'place.name'; document.getElementById('check').click(); 'ok'");
            expect(chromium, "document.getElementById('errors') ? 'listed' : document.getElementById('passed') ? 'passed' : 'waiting'", "listed");
            String errors = chromium.eval("document.getElementById('errors').innerText");
            // row 3 of the file (the header is row 1), in the column as the file names it; nothing recorded
            assertThat(errors).contains("3").contains("count[0].best");
            assertThat(chromium.eval("[...document.querySelectorAll('#errors tbody tr')].map(r => r.cells[0].textContent).join(',')")).isEqualTo("3");
            assertThat(chromium.eval("document.getElementById('record') ? 'offered' : 'not offered'")).isEqualTo("not offered");
            assertThat(chromium.eval("document.querySelector('#preview tr.faulty th').textContent")).startsWith("3");
            accessible(chromium, "an import with an error");
            chromium.screenshot(Path.of("target/app-import-errors.png"));
            assertThat(version(population)).isEqualTo(1);

            // fixed and uploaded again: the mapping is kept, every line passes, then it is recorded whole
            String fixed = lines[1].replace(",3400,", ",3300,").replace("about 3,400", "about 3,300");
            upload(chromium, "#file", "counts-fixed.csv", header + "\n" + good + "\n" + fixed + "\n" + good + "\n");
            chromium.eval("document.getElementById('upload-again').click(); 'ok'");
            expect(chromium, "document.querySelector('h1').textContent.includes('counts-fixed.csv') && document.getElementById('import').dataset.state", "mapping");
            assertThat(chromium.eval("document.getElementById('column" + where + "').value")).isEqualTo("place.name");
            chromium.eval("document.getElementById('check').click(); 'ok'");
            expect(chromium, "document.getElementById('passed') ? 'passed' : document.getElementById('errors') ? document.getElementById('errors').innerText : document.getElementById('failed') ? document.getElementById('failed').innerText : document.getElementById('problems') ? document.getElementById('problems').innerText : 'waiting'", "passed");
            accessible(chromium, "an import ready to record");
            chromium.screenshot(Path.of("target/app-import-passed.png"));
            // the record button sent twice (a double click): both answered, one batch recorded
            String twice = chromium.eval("(async () => { const f = document.getElementById('record').form;"
                    + " const body = new URLSearchParams(new FormData(f));"
                    + " const a = await fetch(f.action, {method: 'POST', body: new URLSearchParams(body), redirect: 'manual'});"
                    + " const b = await fetch(f.action, {method: 'POST', body: new URLSearchParams(body), redirect: 'manual'});"
                    + " return a.type + ' ' + b.type; })()", true);
            assertThat(twice).isEqualTo("opaqueredirect opaqueredirect");
            chromium.open(app + job);
            expect(chromium, "document.getElementById('recorded') ? 'recorded' : document.getElementById('failed') ? document.getElementById('failed').innerText : 'waiting'", "recorded");
            assertThat(chromium.eval("document.getElementById('recorded').textContent")).contains("Recorded 3 event(s)");
            chromium.screenshot(Path.of("target/app-import-recorded.png"));
            ReportInfraResource.awaitVersion(population, 4);
            Thread.sleep(1_000);
            assertThat(version(population)).isEqualTo(4);

            // what was imported is found by search (its own words and its source's), and the search page passes axe-core
            String search = app + "/app/search?q=Amnesty&source=Amnesty&populationId=" + population;
            String count = "document.getElementById('count') ? document.getElementById('count').textContent.split(' ')[0] : 'no'";
            for (int i = 0; i < 60; i++) { // the words are indexed a moment behind the view
                chromium.open(search);
                expect(chromium, "document.getElementById('count') ? 'yes' : 'no'", "yes");
                if (chromium.eval(count).equals("3")) break;
                Thread.sleep(500);
            }
            assertThat(chromium.eval(count)).isEqualTo("3");
            accessible(chromium, "search results");

            // tens of thousands of rows: the progress bar is the job's, so a reload shows it still moving
            chromium.open(app + "/app/populations/" + population + "/import");
            expect(chromium, "document.getElementById('file') ? 'yes' : 'no'", "yes");
            chromium.eval("(() => { const rows = [" + JSON.writeValueAsString(lines[0]) + "];"
                    + " for (let i = 0; i < " + LARGE + "; i++) rows.push(" + JSON.writeValueAsString(lines[1]) + ");"
                    + " const t = new DataTransfer(); t.items.add(new File([rows.join('\\n')], 'large.csv', {type: 'text/csv'}));"
                    + " document.getElementById('file').files = t.files; return 'ok'; })()");
            chromium.eval("document.getElementById('type').value = '" + TYPE + "'; document.getElementById('upload').click(); 'ok'");
            expect(chromium, "document.getElementById('check') ? 'yes' : document.body.innerText.substring(0, 600)", "yes");
            long started = System.nanoTime();
            chromium.eval("document.getElementById('check').click(); 'ok'");
            expect(chromium, "document.getElementById('import') && document.getElementById('import').dataset.state != 'mapping' ? 'moved' : 'no'", "moved");
            String first = chromium.eval("document.getElementById('import').dataset.state");
            assertThat(first).isIn("checking", "checked");
            if (first.equals("checking")) {
                chromium.screenshot(Path.of("target/app-import-progress.png"));
                String before = chromium.eval("document.getElementById('progress').value");
                chromium.open(chromium.eval("location.href"));
                expect(chromium, "document.getElementById('import') ? 'yes' : 'no'", "yes");
                String after = chromium.eval("document.getElementById('import').dataset.state");
                assertThat(after).isIn("checking", "checked");
                if (after.equals("checking")) {
                    assertThat(Double.parseDouble(chromium.eval("document.getElementById('progress').value")))
                            .isGreaterThanOrEqualTo(Double.parseDouble(before));
                }
            }
            assertThat(chromium.waitFor("document.getElementById('passed') ? 'passed' : document.getElementById('errors') ? 'errors' : 'waiting'",
                    "passed", Duration.ofSeconds(180))).isEqualTo("passed");
            long checked = System.nanoTime();
            chromium.eval("document.getElementById('record').click(); 'ok'");
            assertThat(chromium.waitFor("document.getElementById('recorded') ? 'recorded' : 'waiting'", "recorded", Duration.ofSeconds(180)))
                    .isEqualTo("recorded");
            long done = System.nanoTime();
            System.out.printf("import of %,d rows through the web app: checked in %.1f s, recorded in %.1f s%n", LARGE,
                    (checked - started) / 1e9, (done - checked) / 1e9);
            ReportInfraResource.awaitVersion(population, 4 + LARGE);
            assertThat(version(population)).isEqualTo(4 + LARGE);
        }
    }

    private static long version(String population) throws Exception {
        return JSON.readTree(ReportInfraResource.ingest.get("/populations/" + population).body()).path("version").asLong();
    }

    /** Puts a file into the file input, as choosing it in the browser's dialog would. */
    private static void upload(HeadlessChromium chromium, String input, String name, String text) throws Exception {
        chromium.eval("(() => { const t = new DataTransfer(); t.items.add(new File([" + JSON.writeValueAsString(text) + "], "
                + JSON.writeValueAsString(name) + ", {type: 'text/csv'})); document.querySelector('" + input + "').files = t.files; return 'ok'; })()");
    }

    private static void accessible(HeadlessChromium chromium, String page) throws Exception {
        String axe = org.vigil.testing.Axe.script(ReportInfraResource.repoRoot().resolve("report-service/src/test/js"));
        assertThat(org.vigil.testing.Axe.seriousViolations(chromium, axe)).as("accessibility of " + page).isEmpty();
    }

    private static void expect(HeadlessChromium chromium, String expression, String expected) throws Exception {
        String found = chromium.waitFor(expression, expected, Duration.ofSeconds(60));
        if (!expected.equals(found)) chromium.screenshot(Path.of("target/app-import-failed.png"));
        assertThat(found).as(expression + " on " + chromium.eval("location.href")).isEqualTo(expected);
    }
}
