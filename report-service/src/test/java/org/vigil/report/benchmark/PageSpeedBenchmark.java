package org.vigil.report.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vigil.report.testing.ReportInfraResource;
import org.vigil.testing.HeadlessChromium;
import org.vigil.testing.Keycloak;

/**
 * How fast the web app's pages are, as a signed-in browser receives them (Debian's Chromium, a session through the
 * local Keycloak, the packaged services): every page of the demo casebook, then the pages of a population of
 * 100,000 events (ReportBenchmark's long monitoring record). Each page is fetched by the page's own script, over the
 * session, 5 times to warm up and 30 times timed (the large population's pages 2 and 10), the whole answer read;
 * prints p50, p90 and max, and casefile-service's resident memory. For the large population also the first read
 * after each of 10 changes (one event recorded, the view has it) and the first read after each of 3 restarts of
 * casefile-service (nothing kept, the history read from PostgreSQL by a JVM that has not compiled the code for it). {@code -Dbench.upstream.heap=2g} runs the
 * services with another heap (default 768m). Prints figures; asserts nothing about time (only that each page answered 200).
 * Run: deploy/local/bench-pages.sh.
 */
@QuarkusTest
@QuarkusTestResource(value = ReportInfraResource.class, restrictToAnnotatedClass = false)
@Tag("benchmark")
class PageSpeedBenchmark {

    private static final int WARM = 5;
    private static final int RUNS = 30;
    /** The large population's pages: fewer runs, each of them long. */
    private static final int LARGE_WARM = 2;
    private static final int LARGE_RUNS = 10;
    private static final int EVENTS = Integer.getInteger("vigil.bench.events", 100_000);
    /** How many times one more event is recorded and the page read just after it. */
    private static final int AFTER_CHANGE = 10;
    /** How many times casefile-service is restarted, and the page read first after each (nothing kept, nothing compiled). */
    private static final int RESTARTS = 3;

    @Test
    void everyPageOfTheDemoAndALargePopulation() throws Exception {
        Map<String, String> env = ReportInfraResource.env();
        assumeTrue(Keycloak.issuer(env) != null, "no OIDC provider runs here");
        String app = ReportInfraResource.casefile.url();
        String demo = "/app/populations/" + ReportInfraResource.DEMO;
        System.out.printf(Locale.ROOT, "page times on %s, %d runs after %d warm-ups (the large population's: %d after %d), in ms"
                + " (p50 / p90 / max), as the browser receives them; the services' heap -Xmx%s%n",
                machine(), RUNS, WARM, LARGE_RUNS, LARGE_WARM, System.getProperty("bench.upstream.heap", "768m"));
        String fact;
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            Keycloak.signIn(chromium, env, app + demo, "analyst");
            assertThat(chromium.waitFor("document.querySelector('#timeline a[href*=\"/events/\"]') ? 'yes' : location.href", "yes",
                    Duration.ofSeconds(30))).isEqualTo("yes");
            fact = chromium.eval("new URL(document.querySelector('#timeline a[href*=\"/events/\"]').href).pathname");
            for (String page : List.of("/app/populations", demo, demo + "?asOf=2010-06-01", demo + "?knownAt=2014-01-01T00:00",
                    fact, "/app/search?q=Ashraf", "/app/search?q=%D8%A7%D8%B4%D8%B1%D9%81&populationId=" + ReportInfraResource.DEMO,
                    demo + "/reports")) {
                time(chromium, "demo, analyst", page);
            }
        }
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            Keycloak.signIn(chromium, env, app + demo, "recorder");
            chromium.waitFor("document.getElementById('name') ? 'yes' : 'no'", "yes", Duration.ofSeconds(30));
            for (String page : List.of(demo + "/record", demo + "/record/vigil.attack.recorded.v2", demo + "/record/vigil.population.count-reported.v3",
                    "/app/register", demo + "/import", "/app/import/templates/vigil.attack.recorded.v2.csv")) {
                time(chromium, "demo, recorder", page);
            }
        }
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            Keycloak.signIn(chromium, env, app + "/app/admin", "admin");
            chromium.waitFor("document.getElementById('audit') ? 'yes' : 'no'", "yes", Duration.ofSeconds(30));
            time(chromium, "demo, admin", "/app/admin");
        }
        System.out.printf(Locale.ROOT, "casefile-service resident memory: %,d MB%n", casefileRssMb());

        // a population of 100,000 events
        String population = UUID.randomUUID().toString();
        long load = System.nanoTime();
        List<String> lines = ReportBenchmark.events(EVENTS);
        for (int from = 0; from < lines.size(); from += 20_000) {
            var r = ReportInfraResource.ingest.post("/populations/" + population + "/events:batch", "application/x-ndjson",
                    String.join("\n", lines.subList(from, Math.min(lines.size(), from + 20_000))));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        ReportInfraResource.awaitVersion(population, lines.size());
        System.out.printf(Locale.ROOT, "loaded and projected %,d events in %.1f s%n", lines.size(), (System.nanoTime() - load) / 1e9);
        long indexing = System.nanoTime();
        for (int i = 0; i < 600; i++) { // the words are indexed behind the views: search once they are
            // a word nothing says: a cheap search whose answer still counts what is not searchable yet
            var r = ReportInfraResource.casefile.get("/search?q=nowordsaysthis&limit=1&populationId=" + population);
            if (r.statusCode() == 200 && r.body().contains("\"pending\":0")) break;
            Thread.sleep(500);
        }
        System.out.printf(Locale.ROOT, "%,d events, words searchable %.1f s after the views had them%n", EVENTS, (System.nanoTime() - indexing) / 1e9);
        String large = "/app/populations/" + population;
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            Keycloak.signIn(chromium, env, app + "/app/populations", "analyst");
            chromium.waitFor("location.pathname", "/app/populations", Duration.ofSeconds(30));
            String first = chromium.eval("(async () => { const t = performance.now(); const r = await fetch('" + large + "');"
                    + " await r.text(); return r.status + ' ' + Math.round(performance.now() - t); })()", true);
            // (the history was read a moment before, by the status read that waited for the last version; the page folds it)
            System.out.printf(Locale.ROOT, "%,d events, analyst: %s first page read, its history already read (status, ms): %s%n", EVENTS, large, first);
            for (String page : List.of(large, large + "?asOf=2020-01-01", large + "?knownAt=2026-01-01T00:00",
                    "/app/search?q=UNHCR&populationId=" + population)) {
                time(chromium, String.format(Locale.ROOT, "%,d events, analyst", EVENTS), page, LARGE_WARM, LARGE_RUNS);
            }
            // the page read again just after a change: one more event recorded, the view has it, the page asked for
            // (a page read again with nothing new applied is kept; one after a change is computed from the history)
            List<Double> afterChange = new ArrayList<>();
            for (int i = 0; i < AFTER_CHANGE; i++) {
                int version = EVENTS + i + 1;
                var r = ReportInfraResource.ingest.post("/populations/" + population + "/events:batch", "application/x-ndjson",
                        lines.get(1 + i));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                ReportInfraResource.awaitVersion(population, version);
                String[] f = chromium.eval("(async () => { const t = performance.now(); const r = await fetch(" + js(large)
                        + "); const body = await r.text(); return [r.status, body.includes('Stream version " + version + " ') ? 'new' : 'old',"
                        + " performance.now() - t].join(' '); })()", true).split(" ");
                assertThat(f[0] + " " + f[1]).isEqualTo("200 new");
                afterChange.add(Double.parseDouble(f[2]));
            }
            java.util.Collections.sort(afterChange);
            System.out.printf(Locale.ROOT, "page %,d events, analyst, the first read after each of %d changes %s %6.1f / %6.1f / %6.1f%n",
                    EVENTS, AFTER_CHANGE, large, afterChange.get(afterChange.size() / 2), afterChange.get((int) (afterChange.size() * 0.9)),
                    afterChange.getLast());
            // the page read first after casefile-service restarted: nothing kept, the code not yet compiled for it.
            // Read at once (while the warm-up after the start reads the populations changed last), and read once the
            // warm-up said it was done.
            for (boolean waitForWarmUp : new boolean[] {false, true}) {
                List<Double> afterRestart = new ArrayList<>();
                for (int i = 0; i < RESTARTS; i++) {
                    long warmUps = warmUpsLogged();
                    ReportInfraResource.restartCasefile(null);
                    String probe = chromium.eval("(async () => (await fetch('/app/populations', {redirect: 'manual'})).status)()", true);
                    if (!probe.equals("200")) { // the session did not outlive the restart: sign in again (the list reads no history)
                        Keycloak.signIn(chromium, env, app + "/app/populations", "analyst");
                        chromium.waitFor("location.pathname", "/app/populations", Duration.ofSeconds(30));
                    }
                    if (waitForWarmUp) {
                        for (int wait = 0; wait < 600 && warmUpsLogged() == warmUps; wait++) Thread.sleep(100);
                    }
                    String[] f = chromium.eval("(async () => { const t = performance.now(); const r = await fetch(" + js(large)
                            + ", {redirect: 'manual'}); await r.text(); return [r.status, performance.now() - t].join(' '); })()", true).split(" ");
                    assertThat(f[0]).isEqualTo("200");
                    afterRestart.add(Double.parseDouble(f[1]));
                }
                System.out.printf(Locale.ROOT, "page %,d events, analyst, the first read after each of %d restarts, %s %s %s ms%n",
                        EVENTS, RESTARTS, waitForWarmUp ? "once the warm-up was done" : "at once", large,
                        afterRestart.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
            }
        }
        System.out.printf(Locale.ROOT, "casefile-service resident memory: %,d MB%n", casefileRssMb());
    }

    /** Times one page: warm-ups, then timed fetches of the whole answer over the session; prints the percentiles. */
    private static void time(HeadlessChromium chromium, String who, String page) throws Exception {
        time(chromium, who, page, WARM, RUNS);
    }

    private static void time(HeadlessChromium chromium, String who, String page, int warm, int runs) throws Exception {
        List<Double> times = new ArrayList<>();
        long size = 0;
        for (int i = 0; i < warm + runs; i++) {
            String[] f = chromium.eval("(async () => { const t = performance.now(); const r = await fetch(" + js(page)
                    + ", {redirect: 'manual'}); const body = await r.text(); return [r.status, body.length, performance.now() - t].join(' '); })()", true)
                    .split(" ");
            assertThat(f[0]).as(page).isEqualTo("200");
            size = Long.parseLong(f[1]);
            if (i >= warm) times.add(Double.parseDouble(f[2]));
        }
        java.util.Collections.sort(times);
        System.out.printf(Locale.ROOT, "page %-16s %-70s %6.1f / %6.1f / %6.1f  (%,d bytes)%n", who, page,
                times.get(times.size() / 2), times.get((int) (times.size() * 0.9)), times.getLast(), size);
    }

    /** How many warm-ups casefile-service has logged as done (app/WarmUp), over all its starts in this run. */
    private static long warmUpsLogged() throws java.io.IOException {
        Path log = Path.of("target/casefile-service.log");
        if (!Files.exists(log)) return 0;
        try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains("warm-up: ")).count();
        }
    }

    private static String js(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static long casefileRssMb() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("casefile-service") && c.contains("quarkus-run.jar")).orElse(false))
                .mapToLong(p -> {
                    try {
                        for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
                            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                        }
                    } catch (Exception e) {
                        return 0;
                    }
                    return 0;
                }).max().orElse(0);
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + (Runtime.getRuntime().maxMemory() >> 20) + " MB max heap here";
    }
}
