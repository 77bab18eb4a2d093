package org.vigil.casefile.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vigil.casefile.projection.CaseFile;

/**
 * Measures what a kept case file's revision takes on the heap (retained after full collections, 50,000 revisions of
 * one type read the way a read reads them, the text included) beside {@link RecentCaseFiles#estimatedBytes}, and fails
 * when the estimate is below it: the budget for kept case files is only a bound if the estimate is not too low. A
 * measurement that needs a quiet JVM, so it runs only when asked:
 * {@code ./mvnw -pl casefile-service test -Dtest=KeptCaseFileMemoryTest -Dbench.memory=true}.
 */
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "bench.memory", matches = "true")
class KeptCaseFileMemoryTest {

    static long used() {
        for (int i = 0; i < 5; i++) System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    void measure(String type, java.util.function.IntFunction<String> json) {
        int n = 50_000;
        List<FactRow> rows = new ArrayList<>(n);
        UUID pop = UUID.randomUUID();
        long textChars = 0;
        for (int i = 1; i <= n; i++) {
            FactRow f = StoredRevisions.recorded(pop, i, Instant.now());
            f.type = type;
            f.data = json.apply(i);
            textChars += f.data.length();
            rows.add(f);
        }
        long start = used();
        List<CaseFile.NewRevision> revisions = new ArrayList<>(n);
        for (FactRow f : rows) revisions.add(Rows.toRevision(f));
        CaseFile file = CaseFile.fromRevisions(pop, n, n, Instant.now(), revisions);
        revisions = null;
        long after = used();
        long estimate = 0;
        for (FactRow f : rows) estimate += RecentCaseFiles.estimatedBytes(f);
        double measured = (after - start) / (double) n + textChars / (double) n + 40; // the text's own string, kept by the revision
        System.out.printf("kept revision of %s: %.0f bytes measured with its text, %.0f estimated; its text %.0f characters (%d kept)%n",
                type, measured, estimate / (double) n, textChars / (double) n, file.version());
        org.assertj.core.api.Assertions.assertThat(estimate / (double) n).as("the estimate of " + type).isGreaterThanOrEqualTo(measured);
    }

    @Test
    void counts() {
        measure("vigil.population.count-reported.v3", i -> {
            java.time.LocalDate day = java.time.LocalDate.of(2016, 1, 1).plusDays(i / 36);
            return "{\"occurred\":{\"precision\":\"day\",\"date\":\"" + day + "\"},\"place\":{\"name\":\"Site " + (i % 30)
                    + "\",\"region\":\"North\",\"country\":\"XA\"},\"sources\":[{\"ref\":\"s\",\"publisher\":\"UNHCR\",\"title\":\"Situation update\",\"date\":\""
                    + day.toString().substring(0, 7) + "\",\"affiliation\":\"un\",\"reliability\":\"b\"}],\"confidentiality\":\"public\",\"count\":[{\"source\":\"s\",\"low\":"
                    + (900 + i % 200) + ",\"best\":" + (1000 + i % 200) + ",\"high\":" + (1100 + i % 200) + ",\"qualifier\":\"about\"}]}";
        });
    }

    @Test
    void attacks() {
        measure("vigil.attack.recorded.v2", i -> {
            java.time.LocalDate day = java.time.LocalDate.of(2016, 1, 1).plusDays(i / 36);
            return "{\"occurred\":{\"precision\":\"day\",\"date\":\"" + day + "\"},\"place\":{\"name\":\"Site " + (i % 30)
                    + "\",\"region\":\"North\",\"country\":\"XA\"},\"sources\":[{\"ref\":\"a\",\"publisher\":\"UNHCR\",\"title\":\"Incident report " + (i % 50) + "\",\"date\":\"" + day
                    + "\",\"affiliation\":\"un\",\"reliability\":\"b\"},{\"ref\":\"b\",\"publisher\":\"Example Watch\",\"title\":\"Monthly bulletin\",\"date\":\""
                    + day.withDayOfMonth(1) + "\",\"affiliation\":\"ngo\",\"reliability\":\"c\"}],\"confidentiality\":\"public\""
                    + ",\"means\":\"shelling\",\"attribution\":\"unknown\",\"killed\":[{\"source\":\"a\",\"low\":" + (i % 5) + ",\"best\":" + (i % 5)
                    + ",\"high\":" + (i % 5) + ",\"qualifier\":\"exact\"},{\"source\":\"b\",\"low\":" + (i % 6) + ",\"best\":" + (i % 6) + ",\"high\":"
                    + (i % 6) + ",\"qualifier\":\"exact\"}]}";
        });
    }
}
