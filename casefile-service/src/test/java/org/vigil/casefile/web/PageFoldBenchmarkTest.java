package org.vigil.casefile.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vigil.access.Confidentiality;
import org.vigil.casefile.projection.CaseFile;
import org.vigil.casefile.projection.StatusView;
import org.vigil.casefile.store.FactRow;
import org.vigil.casefile.store.StoredRevisions;

/**
 * Times each step of a population page's computation for a long history in this JVM alone (no database, no HTTP):
 * reading the facts' JSON into revisions, the case file, what an analyst may see, the status, the chart's claims, the
 * map's sites, the page's model. A measurement that needs a quiet JVM, so it runs only when asked:
 * {@code ./mvnw -pl casefile-service test -Dtest=PageFoldBenchmarkTest -Dbench.fold=true [-Dbench.fold.events=100000]}.
 */
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "bench.fold", matches = "true")
class PageFoldBenchmarkTest {

    static List<FactRow> history(UUID pop, int n) {
        List<FactRow> rows = new ArrayList<>(n);
        LocalDate start = LocalDate.of(2016, 1, 1);
        for (int i = 1; i <= n; i++) {
            FactRow f = StoredRevisions.recorded(pop, i, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i));
            LocalDate day = start.plusDays(i / 36);
            String when = "{\"precision\":\"day\",\"date\":\"" + day + "\"}";
            String place = "{\"name\":\"Site " + (i % 30) + "\",\"region\":\"North\",\"country\":\"XA\",\"latitude\":" + (30 + i % 30) / 10.0
                    + ",\"longitude\":" + (40 + i % 30) / 10.0 + "}";
            int kind = i % 100;
            if (i == 1) {
                f.type = "vigil.population.registered.v2";
                f.data = "{\"occurred\":{\"precision\":\"year\",\"date\":\"2015\"},\"place\":" + place + ",\"sources\":[{\"ref\":\"s\",\"publisher\":\"UNHCR\",\"title\":\"Situation update\",\"date\":\"2015\"}],"
                        + "\"confidentiality\":\"public\",\"name\":\"Benchmark population\",\"summary\":\"A large monitored population.\"}";
            } else if (kind < 90) {
                f.type = "vigil.population.count-reported.v3";
                f.data = "{\"occurred\":" + when + ",\"place\":" + place + ",\"sources\":[{\"ref\":\"s\",\"publisher\":\"UNHCR\",\"title\":\"Situation update\",\"date\":\""
                        + day.toString().substring(0, 7) + "\",\"affiliation\":\"un\",\"reliability\":\"b\"}],\"confidentiality\":\"public\",\"count\":[{\"source\":\"s\",\"low\":"
                        + (900 + i % 200) + ",\"best\":" + (1000 + i % 200) + ",\"high\":" + (1100 + i % 200) + ",\"qualifier\":\"about\"}]}";
            } else if (kind < 98) {
                f.type = "vigil.attack.recorded.v2";
                f.confidentiality = i % 7 == 0 ? "confidential" : "public";
                f.data = "{\"occurred\":" + when + ",\"place\":" + place + ",\"sources\":[{\"ref\":\"a\",\"publisher\":\"UNHCR\",\"title\":\"Incident report " + (i % 50) + "\",\"date\":\"" + day
                        + "\",\"affiliation\":\"un\",\"reliability\":\"b\"},{\"ref\":\"b\",\"publisher\":\"Example Watch\",\"title\":\"Monthly bulletin\",\"date\":\""
                        + day.withDayOfMonth(1) + "\",\"affiliation\":\"ngo\",\"reliability\":\"c\"}],\"confidentiality\":\"" + f.confidentiality + "\""
                        + ",\"means\":\"shelling\",\"attribution\":\"unknown\",\"killed\":[{\"source\":\"a\",\"low\":" + (i % 5) + ",\"best\":" + (i % 5)
                        + ",\"high\":" + (i % 5) + ",\"qualifier\":\"exact\"},{\"source\":\"b\",\"low\":" + (i % 6) + ",\"best\":" + (i % 6) + ",\"high\":"
                        + (i % 6) + ",\"qualifier\":\"exact\"}]}";
            } else {
                f.type = "vigil.intervention.recorded.v2";
                f.data = "{\"occurred\":" + when + ",\"sources\":[{\"ref\":\"s\",\"publisher\":\"Example Watch\",\"title\":\"Letter\",\"date\":\"" + day + "\"}],"
                        + "\"confidentiality\":\"public\",\"actor\":\"Example Watch\",\"addressees\":[\"Ministry of the Interior\"],\"channel\":\"letter\",\"asks\":\"Let medical teams in.\"}";
            }
            rows.add(f);
        }
        return rows;
    }

    @Test
    void steps() {
        int n = Integer.getInteger("bench.fold.events", 100_000);
        UUID pop = UUID.randomUUID();
        List<FactRow> rows = history(pop, n);
        String[] names = {"read JSON", "case file", "visible", "status", "claims", "sites", "shown"};
        int runs = 10, warm = 3;
        double[][] ms = new double[names.length][runs];
        for (int run = 0; run < warm + runs; run++) {
            long[] t = new long[names.length + 1];
            t[0] = System.nanoTime();
            List<CaseFile.NewRevision> revisions = new ArrayList<>(n);
            for (FactRow f : rows) revisions.add(StoredRevisions.read(f));
            t[1] = System.nanoTime();
            CaseFile file = CaseFile.fromRevisions(pop, n, n, Instant.now(), revisions);
            t[2] = System.nanoTime();
            CaseFile.Visible visible = file.visibleTo(Confidentiality.RESTRICTED);
            t[3] = System.nanoTime();
            var status = StatusView.latest(visible.file(), null, null, AppPages.Shown.LATEST);
            t[4] = System.nanoTime();
            var claims = StatusView.headcountSeries(visible.file(), null, AppPages.Shown.LATEST);
            t[5] = System.nanoTime();
            var sites = StatusView.sites(visible.file(), null, null);
            t[6] = System.nanoTime();
            visible.file().heldAbovePublic();
            AppPages.Shown.of(status.status(), status.timelineTotal(), claims, false, pop, null, null);
            t[7] = System.nanoTime();
            if (run >= warm) for (int s = 0; s < names.length; s++) ms[s][run - warm] = (t[s + 1] - t[s]) / 1e6;
            if (run == 0) { // the JVM's first: nothing compiled for it yet, as after a restart
                StringBuilder first = new StringBuilder("page fold, the first run (cold), ms:");
                for (int s = 0; s < names.length; s++) first.append(String.format(Locale.ROOT, " %s %.0f;", names[s], (t[s + 1] - t[s]) / 1e6));
                System.out.println(first);
            }
        }
        System.out.printf(Locale.ROOT, "page fold, %,d events, %d runs after %d warm-ups, ms p50 / max:%n", n, runs, warm);
        for (int s = 0; s < names.length; s++) {
            double[] v = ms[s].clone();
            java.util.Arrays.sort(v);
            System.out.printf(Locale.ROOT, "  %-10s %8.1f / %8.1f%n", names[s], v[runs / 2], v[runs - 1]);
        }
    }
}
