package org.vigil.report.benchmark;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vigil.report.testing.ReportInfraResource;

/**
 * Time to write a report on a population with 100,000 events: the whole request (ingest's head and stream version,
 * casefile's dossier, composition, Markdown, storing), through the real services. Prints figures; asserts nothing
 * about time. Run: deploy/local/bench-report.sh.
 *
 * <p>The population is a long monitoring record: one registration, then per hundred events 90 headcount reports (30
 * sites, three publishers, about 36 reports a day), 8 attacks with figures from two sources each (one in seven
 * confidential, so the public edition withholds some), and 2 interventions.
 */
@QuarkusTest
@QuarkusTestResource(value = ReportInfraResource.class, restrictToAnnotatedClass = false)
@Tag("benchmark")
class ReportBenchmark {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.report.testing.Tokens.useEverywhere();
    }

    private static final int EVENTS = Integer.getInteger("vigil.bench.events", 100_000);
    private static final String[] PUBLISHERS = {"UNHCR", "Camp management committee", "Example Watch"};

    @Test
    void reportOnAPopulationWithAHundredThousandEvents() throws Exception {
        String population = UUID.randomUUID().toString();
        long loadStart = System.nanoTime();
        List<String> more = events(EVENTS + 5);
        List<String> lines = more.subList(0, EVENTS);
        int batch = 20_000;
        for (int from = 0; from < lines.size(); from += batch) {
            String body = String.join("\n", lines.subList(from, Math.min(lines.size(), from + batch)));
            var r = ReportInfraResource.ingest.post("/populations/" + population + "/events:batch", "application/x-ndjson", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        ReportInfraResource.awaitVersion(population, lines.size());
        System.out.printf(Locale.ROOT, "loaded and projected %,d events in %.1f s%n", lines.size(), (System.nanoTime() - loadStart) / 1e9);

        String request = "{\"populationId\":\"" + population + "\",\"asOf\":\"2030-12-31\",\"audience\":\"public\"}";
        List<Double> times = new ArrayList<>();
        String last = null;
        for (int i = 0; i < 65; i++) {
            long t0 = System.nanoTime();
            var r = given().contentType("application/json").body(request).post("/reports");
            double ms = (System.nanoTime() - t0) / 1e6;
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
            last = r.jsonPath().getString("id");
            if (i == 0) System.out.printf(Locale.ROOT, "first report (cold): %.0f ms%n", ms);
            times.add(ms);
        }
        // runs 6-45 as measured before 2026-12-06, and the last 40, once the JIT has compiled the new code
        percentiles("POST /reports, 40 runs after 5 warm-ups", times.subList(5, 45));
        percentiles("POST /reports, 40 runs after 25 warm-ups", times.subList(25, 65));

        for (String line : given().get("/q/metrics").asString().split("\n")) {
            if (line.startsWith("vigil_report_phase_seconds{") && line.contains("quantile=")) {
                System.out.println("phase " + line.replaceAll(".*phase=\"([a-z]+)\".*quantile=\"([0-9.]+)\".*[}] (.*)", "$1 q$2: $3 s"));
            }
        }
        // A report after one more event: casefile computes the dossier of the new version afresh (every report above
        // shared one dossier, kept by casefile and stored once by report-service), and report-service stores it.
        List<Double> afterChange = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            var r = ReportInfraResource.ingest.post("/populations/" + population + "/events:batch", "application/x-ndjson", more.get(EVENTS + i));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            ReportInfraResource.awaitVersion(population, EVENTS + i + 1);
            long t0 = System.nanoTime();
            var created = given().contentType("application/json").body(request).post("/reports");
            afterChange.add((System.nanoTime() - t0) / 1e6);
            assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        }
        System.out.printf(Locale.ROOT, "POST /reports after one more event (a new dossier), 5 times: %s ms%n",
                afterChange.stream().map(ms -> String.format(Locale.ROOT, "%.0f", ms)).toList());
        List<Double> dossier = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long t0 = System.nanoTime();
            var r = ReportInfraResource.casefile.get("/populations/" + population + "/dossier?asOf=2030-12-31&audience=public");
            dossier.add((System.nanoTime() - t0) / 1e6);
            assertThat(r.statusCode()).isEqualTo(200);
            if (i == 0) System.out.printf(Locale.ROOT, "dossier size: %,d bytes%n", r.body().length());
        }
        Collections.sort(dossier);
        System.out.printf(Locale.ROOT, "of which casefile's dossier alone: p50 %.0f ms%n", dossier.get(dossier.size() / 2));

        String md = given().accept("text/markdown").get("/reports/" + last).asString();
        long t0 = System.nanoTime();
        byte[] pdf = given().accept("application/pdf").get("/reports/" + last).asByteArray();
        System.out.printf(Locale.ROOT, "Markdown %,d bytes; PDF %,d bytes in %.0f ms%n", md.length(), pdf.length, (System.nanoTime() - t0) / 1e6);
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "report-service JVM heap in use: %,d MB (max %,d MB)%n",
                (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
    }

    private static void percentiles(String what, List<Double> runs) {
        List<Double> sorted = new ArrayList<>(runs);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: p50 %.0f ms, p90 %.0f ms, max %.0f ms%n", what,
                sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.9)), sorted.getLast());
    }

    /** A long monitoring record of {@code count} events, registration first (see the class comment). */
    static List<String> events(int count) {
        List<String> out = new ArrayList<>(count);
        out.add("{\"type\":\"vigil.population.registered.v1\",\"occurred\":{\"precision\":\"year\",\"date\":\"2015\"},"
                + "\"place\":{\"name\":\"Site 0\",\"region\":\"North\",\"country\":\"XA\"}," + sources(0, "2015-01-01")
                + ",\"confidentiality\":\"public\",\"name\":\"Benchmark population\",\"summary\":\"A large monitored population.\"}");
        java.time.LocalDate start = java.time.LocalDate.of(2016, 1, 1);
        int n = 1;
        while (out.size() < count) {
            java.time.LocalDate day = start.plusDays(n / 36);
            int kind = n % 100;
            String place = "{\"name\":\"Site " + (n % 30) + "\",\"region\":\"North\",\"country\":\"XA\"}";
            String when = "{\"precision\":\"day\",\"date\":\"" + day + "\"}";
            String line;
            if (kind < 90) {
                line = "{\"type\":\"vigil.population.count-reported.v1\",\"occurred\":" + when + ",\"place\":" + place + ","
                        + sources(n % 3, day.toString()) + ",\"confidentiality\":\"public\",\"count\":[{\"source\":\"s\",\"low\":"
                        + (900 + n % 200) + ",\"best\":" + (1000 + n % 200) + ",\"high\":" + (1100 + n % 200) + ",\"qualifier\":\"about\"}]}";
            } else if (kind < 98) {
                line = "{\"type\":\"vigil.attack.recorded.v1\",\"occurred\":" + when + ",\"place\":" + place + ","
                        + "\"sources\":[{\"ref\":\"a\",\"publisher\":\"UNHCR\",\"title\":\"Incident report " + (n % 50) + "\",\"date\":\"" + day
                        + "\",\"affiliation\":\"un\",\"reliability\":\"b\"},{\"ref\":\"b\",\"publisher\":\"Example Watch\",\"title\":\"Monthly bulletin\",\"date\":\""
                        + day.withDayOfMonth(1) + "\",\"affiliation\":\"ngo\",\"reliability\":\"c\"}],\"confidentiality\":\"" + (n % 7 == 0 ? "confidential" : "public")
                        + "\",\"means\":\"shelling\",\"attribution\":\"unknown\",\"killed\":[{\"source\":\"a\",\"low\":" + (n % 5) + ",\"best\":" + (n % 5)
                        + ",\"high\":" + (n % 5) + ",\"qualifier\":\"exact\"},{\"source\":\"b\",\"low\":" + (n % 6) + ",\"best\":" + (n % 6) + ",\"high\":"
                        + (n % 6) + ",\"qualifier\":\"exact\"}]}";
            } else {
                line = "{\"type\":\"vigil.intervention.recorded.v1\",\"occurred\":" + when + "," + sources(2, day.toString())
                        + ",\"confidentiality\":\"public\",\"actor\":\"Example Watch\",\"addressees\":[\"Ministry of the Interior\"],"
                        + "\"channel\":\"letter\",\"asks\":\"Let medical teams in.\"}";
            }
            out.add(line);
            n++;
        }
        return out;
    }

    private static String sources(int publisher, String date) {
        return "\"sources\":[{\"ref\":\"s\",\"publisher\":\"" + PUBLISHERS[publisher] + "\",\"title\":\"Situation update\",\"date\":\""
                + date.substring(0, 7) + "\",\"affiliation\":\"" + (publisher == 0 ? "un" : "ngo") + "\",\"reliability\":\"b\"}]";
    }
}
