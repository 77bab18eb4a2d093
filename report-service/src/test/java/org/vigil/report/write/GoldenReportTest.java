package org.vigil.report.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.vigil.report.testing.ReportInfraResource;

/**
 * Pins the Markdown of one small fixture (src/test/resources/golden/small-fixture.ndjson, seven events) byte for byte:
 * the fixture goes through the real ingest-service and casefile-service, and the dossier casefile-service answers is
 * composed with fixed report facts (number, date, position, hash). Any change to the wording, order, footnote
 * numbering or escaping shows up here. To accept a deliberate change: run with -Dvigil.golden.update=true, read the
 * diff of small-report.md, and commit it.
 */
@QuarkusTest
@QuarkusTestResource(value = ReportInfraResource.class, restrictToAnnotatedClass = false)
class GoldenReportTest {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.report.testing.Tokens.useEverywhere();
    }

    private static final String POPULATION = "0193f0a0-0000-7000-8000-0000000000f0";
    private static final Path GOLDEN = Path.of("src/test/resources/golden/small-report.md");

    @Inject
    ReportWriter writer;

    @Test
    void theMarkdownOfTheSmallFixtureIsPinned() throws Exception {
        String fixture = Files.readString(Path.of("src/test/resources/golden/small-fixture.ndjson"));
        var loaded = ReportInfraResource.ingest.post("/populations/" + POPULATION + "/events:batch", "application/x-ndjson", fixture);
        assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(201);
        ReportInfraResource.awaitVersion(POPULATION, 8);
        var answer = ReportInfraResource.casefile.get("/populations/" + POPULATION + "/dossier?asOf=2010-12-31&atVersion=8&audience=public");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        org.vigil.report.view.Dossier dossier = org.vigil.report.upstream.DossierReader.read(answer.body());
        ReportMeta meta = new ReportMeta("VGL 2026/0042", LocalDate.of(2026, 11, 23), UUID.fromString(POPULATION),
                LocalDate.of(2010, 12, 31), null, null, "public", 123, "ab".repeat(32), 8, null, 0);
        String markdown = writer.markdown(ReportComposer.compose(dossier, meta));

        if (Boolean.getBoolean("vigil.golden.update") || !Files.exists(GOLDEN)) {
            Files.writeString(GOLDEN, markdown, StandardCharsets.UTF_8);
            throw new AssertionError("wrote " + GOLDEN.toAbsolutePath() + ": review it, commit it, and run again");
        }
        assertThat(markdown).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
        // and the same inputs compose the same bytes again
        assertThat(writer.markdown(ReportComposer.compose(dossier, meta))).isEqualTo(markdown);
    }
}
