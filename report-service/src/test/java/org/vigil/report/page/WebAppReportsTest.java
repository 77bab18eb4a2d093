package org.vigil.report.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vigil.report.testing.ReportInfraResource.DEMO;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.vigil.report.testing.ReportInfraResource;
import org.vigil.testing.HeadlessChromium;
import org.vigil.testing.Keycloak;

/**
 * Reports through the web app, in Debian's Chromium against the packaged casefile-service (its pages), this
 * report-service and the local Keycloak: an analyst writes a public report of the demo casebook as of a day, reads it,
 * downloads its Markdown and PDF, and sees it verified (both pages pass axe-core with no serious or critical violation); a viewer may read the list but is offered no writing.
 */
@QuarkusTest
@QuarkusTestResource(value = ReportInfraResource.class, restrictToAnnotatedClass = false)
class WebAppReportsTest {

    @Test
    void an_analyst_writes_reads_downloads_and_verifies_a_report() throws Exception {
        Map<String, String> env = ReportInfraResource.env();
        assumeTrue(Keycloak.issuer(env) != null, "no OIDC provider runs here (Testcontainers or VIGIL_KEYCLOAK=off)");
        String app = ReportInfraResource.casefile.url();
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            Keycloak.signIn(chromium, env, app + "/app/populations/" + DEMO, "analyst");
            expect(chromium, "document.getElementById('reports') ? 'yes' : 'no'", "yes");
            chromium.eval("document.getElementById('reports').click(); 'ok'");
            expect(chromium, "document.getElementById('write') ? 'yes' : 'no'", "yes");
            accessible(chromium, "the reports");
            chromium.eval("document.getElementById('asOf').value = '2016-12-31'; document.getElementById('audience').value = 'public';"
                    + "document.getElementById('write').click(); 'ok'");
            expect(chromium, "document.getElementById('verified') ? document.getElementById('verified').className : document.body.innerText.substring(0, 400)", "done");
            assertThat(chromium.eval("document.getElementById('summary').innerText")).contains("2016-12-31").contains("public");
            chromium.screenshot(Path.of("target/app-report.png"));
            accessible(chromium, "a report's page");
            String report = chromium.eval("location.pathname.substring('/app/reports/'.length)");

            // the editions, over the session: HTML shown, Markdown and PDF as downloads
            String editions = chromium.eval("(async () => { const out = [];"
                    + " for (const f of ['html', 'md', 'pdf']) { const r = await fetch('/app/reports/" + report + "/edition.' + f);"
                    + " const b = new Uint8Array(await r.arrayBuffer());"
                    + " out.push(f + ' ' + r.status + ' ' + r.headers.get('content-type').split(';')[0] + ' ' + (r.headers.get('content-disposition') ? 'attachment' : 'inline')"
                    + " + ' ' + new TextDecoder().decode(b.slice(0, 4))); }"
                    + " return out.join('|'); })()", true);
            assertThat(editions).contains("html 200 text/html inline").contains("md 200 text/markdown attachment")
                    .contains("pdf 200 application/pdf attachment %PDF");
            // the PDF as a person downloads it, kept for looking at (pdftoppm)
            String pdf = chromium.eval("(async () => { const r = await fetch('/app/reports/" + report + "/edition.pdf');"
                    + " const b = new Uint8Array(await r.arrayBuffer()); let s = ''; for (const x of b) s += String.fromCharCode(x); return btoa(s); })()", true);
            byte[] bytes = java.util.Base64.getDecoder().decode(pdf);
            assertThat(new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            java.nio.file.Files.write(Path.of("target/app-report.pdf"), bytes);
            chromium.eval("document.getElementById('read').click(); 'ok'");
            expect(chromium, "location.pathname.endsWith('/edition.html') && document.body ? 'yes' : 'no'", "yes");
            assertThat(chromium.eval("document.body.innerText")).contains("Camp Ashraf");
            chromium.screenshot(Path.of("target/app-report-edition.png"));
        }
        // an admin reads each service's audit log on one page: report-service's has the analyst's report
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            Keycloak.signIn(chromium, env, app + "/app/admin?service=report-service&actor=analyst", "admin");
            expect(chromium, "document.getElementById('audit') ? 'yes' : document.getElementById('audit-error') ? document.getElementById('audit-error').innerText : 'no'", "yes");
            assertThat(chromium.eval("document.getElementById('audit-h').textContent")).isEqualTo("Audit log of report-service");
            assertThat(chromium.eval("document.getElementById('audit').innerText")).contains("write POST /reports").doesNotContain("viewer");
            chromium.screenshot(Path.of("target/app-admin-audit-report.png"));
            accessible(chromium, "the administration page, report-service's audit log");
            // ingest-service's: the demo casebook's writes; the choice of service kept in the form
            chromium.open(app + "/app/admin?service=ingest-service&kind=write");
            expect(chromium, "document.getElementById('audit') ? 'yes' : document.getElementById('audit-error') ? document.getElementById('audit-error').innerText : 'no'", "yes");
            assertThat(chromium.eval("document.getElementById('audit').innerText")).contains("write POST /populations");
            assertThat(chromium.eval("document.getElementById('service').value")).isEqualTo("ingest-service");
            // a filter a service refuses: its problem shown, the page still there
            chromium.open(app + "/app/admin?service=ingest-service&populationId=not-a-uuid");
            expect(chromium, "document.getElementById('audit-error') ? 'shown' : 'no'", "shown");
            assertThat(chromium.eval("document.getElementById('audit-error').innerText")).contains("ingest-service answered 400").contains("populationId");
            // a day from the date picker counts from its first instant
            chromium.open(app + "/app/admin?service=casefile-service&since=2000-01-01");
            expect(chromium, "document.getElementById('audit') ? 'yes' : document.getElementById('audit-error') ? document.getElementById('audit-error').innerText : 'no'", "yes");
        }
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            Keycloak.signIn(chromium, env, app + "/app/populations/" + DEMO + "/reports", "viewer");
            expect(chromium, "document.getElementById('reports') || document.getElementById('no-reports') ? 'listed' : 'no'", "listed");
            assertThat(chromium.eval("document.getElementById('write') ? 'offered' : 'not offered'")).isEqualTo("not offered");
        }
    }

    private static void accessible(HeadlessChromium chromium, String page) throws Exception {
        String axe = org.vigil.testing.Axe.script(ReportInfraResource.repoRoot().resolve("report-service/src/test/js"));
        assertThat(org.vigil.testing.Axe.seriousViolations(chromium, axe)).as("accessibility of " + page).isEmpty();
    }

    private static void expect(HeadlessChromium chromium, String expression, String expected) throws Exception {
        assertThat(chromium.waitFor(expression, expected, Duration.ofSeconds(30))).as(expression).isEqualTo(expected);
    }
}
