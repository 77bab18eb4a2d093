package org.vigil.report.benchmark;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vigil.report.testing.ReportInfraResource;

/**
 * How reads cost as a history grows: for one population of each size (default 1,000, 10,000, 100,000 and 1,000,000
 * events of the long monitoring record of {@link ReportBenchmark}), the status read, the dossier and the report
 * (POST /reports, the whole request), each as percentiles of repeated requests after the first, with the first
 * apart, and five reports each after one more event (casefile's dossier of the new version); casefile-service's heap and resident memory after each; then 10,000 populations of 100 events: the first
 * status read of each, and repeated reads of 200 of them. Through the real packaged services. Prints figures, writes
 * them to target/growth.tsv and a plot to target/growth.svg; asserts only that the work was done. Run:
 * deploy/local/bench-growth.sh.
 */
@QuarkusTest
@QuarkusTestResource(value = ReportInfraResource.class, restrictToAnnotatedClass = false)
@Tag("benchmark")
class GrowthBenchmark {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.report.testing.Tokens.useEverywhere();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] SIZES = Arrays.stream(System.getProperty("bench.sizes", "1000,10000,100000,1000000").split(","))
            .mapToInt(s -> Integer.parseInt(s.strip())).toArray();
    private static final int POPULATIONS = Integer.getInteger("bench.populations", 10_000);
    /** A read that takes longer than this is not repeated as often (so that a slow size still finishes). */
    private static final double SLOW_MS = 2_000;
    /** How many reports are timed each after one more event (a dossier computed afresh). */
    private static final int AFTER_CHANGE = 5;

    private final List<String> table = new ArrayList<>();

    @Test
    void readsAsTheHistoryGrows() throws Exception {
        table.add(String.join("\t", "events", "what", "first_ms", "p50_ms", "p90_ms", "max_ms", "runs"));
        List<double[]> plot = new ArrayList<>();   // events, status p50, dossier p50, report p50, casefile heap MB, RSS MB, report after a change p50
        for (int size : SIZES) {
            // each size on a fresh casefile-service: its memory is this size's, and one that ran out does not spoil the next
            ReportInfraResource.restartCasefile(null);
            String population = UUID.randomUUID().toString();
            long t0 = System.nanoTime();
            List<String> more = ReportBenchmark.events(size + AFTER_CHANGE);
            List<String> lines = more.subList(0, size);
            for (int from = 0; from < lines.size(); from += 20_000) {
                String body = String.join("\n", lines.subList(from, Math.min(lines.size(), from + 20_000)));
                var r = ReportInfraResource.ingest.post("/populations/" + population + "/events:batch", "application/x-ndjson", body);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
            awaitProjected(Map.of(population, (long) size), Duration.ofMinutes(20));
            say("== %,d events: recorded and projected in %.1f s", size, (System.nanoTime() - t0) / 1e9);
            // the reads are timed once the search index has taken in what was just recorded: it works just behind the
            // views, and while it does (about 0.2 ms of PostgreSQL a revision) it shares the two cores with the reads
            long t1 = System.nanoTime();
            long pending = awaitSearchable(population, Duration.ofMinutes(10));
            say("   search index caught up in %.1f s%s", (System.nanoTime() - t1) / 1e9, pending == 0 ? "" : " (NOT: " + pending + " pending)");
            double[] status = measure(size, "status", () -> casefile("/populations/" + population + "/status"));
            double[] dossier = measure(size, "dossier", () -> casefile("/populations/" + population + "/dossier?asOf=2030-12-31&audience=public"));
            String request = "{\"populationId\":\"" + population + "\",\"asOf\":\"2030-12-31\",\"audience\":\"public\"}";
            double[] report = measure(size, "report", () -> {
                var r = given().contentType("application/json").body(request).post("/reports");
                assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
                return r.asString().length();
            });
            // a report after one more event each time: casefile's dossier of the new version, and report-service storing it
            List<Double> afterChange = new ArrayList<>();
            for (int i = 0; i < AFTER_CHANGE && !Double.isNaN(report[0]); i++) {
                var r = ReportInfraResource.ingest.post("/populations/" + population + "/events:batch", "application/x-ndjson", more.get(size + i));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                ReportInfraResource.awaitVersion(population, size + i + 1);
                afterChange.add(timed(() -> {
                    var created = given().contentType("application/json").body(request).post("/reports");
                    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
                    return created.asString().length();
                }));
            }
            double[] changed = afterChange.isEmpty() ? new double[]{Double.NaN, Double.NaN}
                    : report(size, "report after one more event", Double.NaN, afterChange);
            long heap = casefileHeapMegabytes();
            long rss = ReportInfraResource.casefile.residentMegabytes();
            say("   casefile-service after: heap in use %,d MB, resident %,d MB; kept case files %,d MB", heap, rss, keptMegabytes());
            table.add(size + "\tcasefile_memory_mb\t\t" + heap + "\t" + rss + "\t\t");
            plot.add(new double[]{size, status[0], dossier[0], report[0], heap, rss, changed[0]});
        }
        ReportInfraResource.restartCasefile(null);
        manyPopulations();
        Files.write(Path.of("target/growth.tsv"), table);
        Files.writeString(Path.of("target/growth.svg"), svg(plot));
        say("figures in target/growth.tsv, plot in target/growth.svg");
    }

    /** 10,000 populations of 100 events: the first status read of each (its history read), then repeated reads. */
    private void manyPopulations() throws Exception {
        List<String> lines = ReportBenchmark.events(100);
        String body = String.join("\n", lines);
        List<String> populations = new ArrayList<>();
        for (int i = 0; i < POPULATIONS; i++) populations.add(UUID.randomUUID().toString());
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String p : populations) {
                done.add(pool.submit(() -> {
                    var r = ReportInfraResource.ingest.post("/populations/" + p + "/events:batch", "application/x-ndjson", body);
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdown();
        }
        Map<String, Long> want = new java.util.HashMap<>();
        for (String p : populations) want.put(p, 100L);
        awaitProjected(want, Duration.ofMinutes(20));
        say("== %,d populations of 100 events: recorded and projected in %.1f s", POPULATIONS, (System.nanoTime() - t0) / 1e9);
        List<Double> first = new ArrayList<>();
        int failed = 0;
        for (String p : populations) {
            try {
                first.add(timed(() -> casefile("/populations/" + p + "/status")));
            } catch (AssertionError e) {
                failed++;
            }
        }
        if (failed > 0) say("   status: %d of %d first reads FAILED", failed, populations.size());
        report(POPULATIONS * 100, "status, first read of each population (" + POPULATIONS + " of 100 events)", Double.NaN, first);
        Collections.shuffle(populations, new java.util.Random(7));
        List<Double> again = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (String p : populations.subList(0, Math.min(200, populations.size()))) again.add(timed(() -> casefile("/populations/" + p + "/status")));
        }
        report(POPULATIONS * 100, "status, read again (" + Math.min(200, POPULATIONS) + " populations x 5)", Double.NaN, again);
        report(POPULATIONS * 100, "populations list (" + POPULATIONS + ")", Double.NaN,
                List.of(timed(() -> casefile("/populations")), timed(() -> casefile("/populations")), timed(() -> casefile("/populations"))));
        say("   casefile-service after: heap in use %,d MB, resident %,d MB; kept case files %,d MB",
                casefileHeapMegabytes(), ReportInfraResource.casefile.residentMegabytes(), keptMegabytes());
    }

    /** The first request, then up to 20 more (fewer when they are slow): {p50, p90}. */
    private double[] measure(int size, String what, Callable<Integer> call) throws Exception {
        double first;
        try {
            first = timed(call);
        } catch (Throwable e) {
            say("   %s: FAILED (%s)", what, e.toString().lines().findFirst().orElse(""));
            table.add(size + "\t" + what + "\tfailed\t\t\t\t0");
            return new double[]{Double.NaN, Double.NaN};
        }
        int runs = first > SLOW_MS ? 3 : 20;
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) times.add(timed(call));
        return report(size, what, first, times);
    }

    private double[] report(int size, String what, double first, List<Double> times) {
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        double p50 = sorted.get((sorted.size() - 1) / 2);
        double p90 = sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1);
        double max = sorted.getLast();
        say("   %-16s first %s; then %d runs: p50 %.0f ms, p90 %.0f ms, max %.0f ms", what,
                Double.isNaN(first) ? "-" : String.format(Locale.ROOT, "%.0f ms", first), sorted.size(), p50, p90, max);
        table.add(String.format(Locale.ROOT, "%d\t%s\t%s\t%.1f\t%.1f\t%.1f\t%d", size, what, Double.isNaN(first) ? "" : String.format(Locale.ROOT, "%.1f", first),
                p50, p90, max, sorted.size()));
        return new double[]{p50, p90};
    }

    private static double timed(Callable<Integer> call) throws Exception {
        long t0 = System.nanoTime();
        call.call();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static int casefile(String path) throws Exception {
        HttpResponse<String> r = ReportInfraResource.casefile.get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body().lines().findFirst().orElse("")).isEqualTo(200);
        return r.body().length();
    }

    /** Waits until no revision of the population waits for the search index; the number still waiting at the timeout. */
    private static long awaitSearchable(String population, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            HttpResponse<String> r = ReportInfraResource.casefile.get("/search?q=settled&populationId=" + population);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            long pending = JSON.readTree(r.body()).path("pending").asLong();
            if (pending == 0 || Instant.now().isAfter(deadline)) return pending;
            Thread.sleep(1000);
        }
    }

    /** Waits until casefile-service lists every population at (at least) its version. */
    private static void awaitProjected(Map<String, Long> versions, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode listed = JSON.readTree(ReportInfraResource.casefile.get("/populations").body()).path("populations");
            int done = 0;
            for (JsonNode p : listed) {
                Long want = versions.get(p.path("populationId").asText());
                if (want != null && p.path("streamVersion").asLong() >= want) done++;
            }
            if (done == versions.size()) return;
            if (Instant.now().isAfter(deadline)) throw new AssertionError("projected " + done + " of " + versions.size() + " populations in " + timeout);
            Thread.sleep(500);
        }
    }

    private static long casefileHeapMegabytes() throws Exception {
        return (long) (metricSum(ReportInfraResource.casefile.get("/q/metrics").body(), "jvm_memory_used_bytes\\{area=\"heap\"") / (1 << 20));
    }

    private static long keptMegabytes() throws Exception {
        return (long) (metricSum(ReportInfraResource.casefile.get("/q/metrics").body(), "vigil_reads_kept_bytes") / (1 << 20));
    }

    private static double metricSum(String scrape, String prefix) {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + prefix + ".* ([0-9.eE+-]+)$").matcher(scrape);
        while (m.find()) sum += Double.parseDouble(m.group(1));
        return sum;
    }

    private void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    /** Latency (p50, ms) of each read and casefile-service's memory (MB) against events, both axes logarithmic. */
    static String svg(List<double[]> rows) {
        int w = 920, h = 380, left = 70, top = 40, pw = 330, ph = 260, gap = 150;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        String[] colours = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e"};
        panel(s, rows, left, top, pw, ph, "Latency, p50 (ms), against events in the population", 1, 1e5,
                new int[]{1, 2, 3, 6}, new String[]{"status read", "dossier", "report (POST /reports)", "report after one more event"}, colours);
        panel(s, rows, left + pw + gap, top, pw, ph, "casefile-service memory (MB)", 10, 1e4,
                new int[]{4, 5}, new String[]{"heap in use", "resident"}, new String[]{"#9467bd", "#8c564b"});
        return s.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder s, List<double[]> rows, int x0, int y0, int pw, int ph, String title,
                              double yMin, double yMax, int[] columns, String[] names, String[] colours) {
        double xMin = 1e3, xMax = 1e6;
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>\n", x0, y0 - 15, title));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>\n", x0, y0, pw, ph));
        for (double x = xMin; x <= xMax; x *= 10) {
            double px = x0 + pw * Math.log10(x / xMin) / Math.log10(xMax / xMin);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                    px, y0, px, y0 + ph, px, y0 + ph + 16, String.format(Locale.ROOT, "%,d", (long) x)));
        }
        for (double y = yMin; y <= yMax; y *= 10) {
            double py = y0 + ph - ph * Math.log10(y / yMin) / Math.log10(yMax / yMin);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                    x0, py, x0 + pw, py, x0 - 6, py + 4, String.format(Locale.ROOT, "%,d", (long) y)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">events in the population</text>\n", x0 + pw / 2, y0 + ph + 34));
        for (int c = 0; c < columns.length; c++) {
            StringBuilder path = new StringBuilder();
            for (double[] r : rows) {
                double v = r[columns[c]];
                if (Double.isNaN(v)) {  // the read failed at this size: a cross at the top, said once
                    double px = x0 + pw * Math.log10(r[0] / xMin) / Math.log10(xMax / xMin);
                    s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\" font-size=\"16\">x</text>\n",
                            px + 8 * (c - 1), y0 + 18, colours[c]));
                    if (c == 0) s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\">failed</text>\n", px - 14, y0 + 17));
                    continue;
                }
                if (v <= 0) continue;
                double px = x0 + pw * Math.log10(r[0] / xMin) / Math.log10(xMax / xMin);
                double py = y0 + ph - ph * Math.log10(Math.max(yMin, Math.min(yMax, v)) / yMin) / Math.log10(yMax / yMin);
                path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", px, py, colours[c]));
            }
            s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", path, colours[c]));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">%s</text>\n",
                    x0 + 10, y0 + 14 + 16 * c, x0 + 30, y0 + 14 + 16 * c, colours[c], x0 + 36, y0 + 18 + 16 * c, names[c]));
        }
    }
}
