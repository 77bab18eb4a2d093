package org.vigil.report.app;

import org.vigil.problems.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.vigil.report.store.ReportRow;
import org.vigil.report.store.ReportStore;
import org.vigil.report.upstream.DossierReader;
import org.vigil.access.Audience;
import org.vigil.access.Confidentiality;
import org.vigil.report.view.Dossier;
import org.vigil.report.upstream.CasefileClient;
import org.vigil.report.upstream.IngestClient;
import org.vigil.report.write.Chart;
import org.vigil.report.write.ReportComposer;
import org.vigil.report.write.ReportMeta;
import org.vigil.report.write.ReportWriter;

/**
 * The application layer of report-service. Writes reports: finds the log position and its chain hash (ingest-service), the population's stream version there,
 * the dossier at that version (casefile-service, waiting a while for it to catch up), and the previous report; then
 * numbers, composes and stores the report in one transaction. Finds them again for a reader cleared up to some level,
 * renders their editions, and verifies them against the log.
 */
@ApplicationScoped
public class ReportService {

    /** What a report is asked for, validated. */
    public record Request(UUID populationId, LocalDate asOf, LocalDate periodFrom, LocalDate periodTo, Audience audience,
                          String format, Long logPosition) {
    }

    /** A report as stored; {@code markdown} is null where only its summary was read (a listing). */
    public record StoredReport(UUID id, String index, UUID populationId, String populationName, LocalDate asOf,
                               LocalDate periodFrom, LocalDate periodTo, String audience, String format, long logPosition,
                               String chainHash, long streamVersion, UUID previousReport, LocalDate issuedOn,
                               String markdownSha256, String dossierSha256, String markdown) {

        static StoredReport of(ReportRow r) {
            return new StoredReport(r.id, r.index(), r.populationId, r.populationName, r.asOf, r.periodFrom, r.periodTo,
                    r.audience, r.format, r.logPosition, r.chainHash, r.streamVersion, r.previousReport, r.issuedOn,
                    r.markdownSha256, r.dossierSha256, r.markdown);
        }

        /** The report's audience on the ladder (a stored word that names none is read as the most protected). */
        public Audience audienceLevel() {
            return Audience.ofRecord(audience);
        }
    }

    /** The report, unless there is none (a 404 problem) or it is above the reader's clearance (403, saying no more). */
    public Uni<StoredReport> find(UUID id, Confidentiality clearance) {
        return store.find(id).onItem().ifNull().failWith(() -> Problem.of(404, "not-found", "No such report",
                "there is no report " + id, "id", "report.exists")).map(row -> {
            StoredReport report = StoredReport.of(row);
            if (!clearance.mayRead(report.audienceLevel().clearance())) {
                throw Problem.of(403, "withheld", "Above your clearance", "this report is above your clearance; it is withheld",
                        "id", "clearance");
            }
            return report;
        });
    }

    /** A population's reports a reader may read, newest log position first, and how many its clearance hides. */
    public record Listing(List<StoredReport> readable, int withheld) {
    }

    public Uni<Listing> ofPopulation(UUID populationId, Confidentiality clearance) {
        return store.ofPopulation(populationId).map(rows -> {
            List<StoredReport> readable = rows.stream().map(StoredReport::of)
                    .filter(r -> clearance.mayRead(r.audienceLevel().clearance())).toList();
            return new Listing(readable, rows.size() - readable.size());
        });
    }

    /** The HTML edition of a stored report, composed again from its stored dossier, with its chart. */
    public Uni<String> html(StoredReport report) {
        return composed(report).map(writer::html);
    }

    /** The PDF edition of a stored report. */
    public Uni<byte[]> pdf(StoredReport report) {
        return composed(report).map(writer::pdf);
    }

    /** A verification of a stored report against the log and a fresh regeneration. */
    public record Verification(UUID reportId, String index, long logPosition, String stampedHash, String logHash,
                               boolean hashMatches, boolean chainValid, String storedMarkdownSha256,
                               String regeneratedMarkdownSha256, boolean markdownReproduced, boolean verified) {
    }

    private final IngestClient ingest;
    private final CasefileClient casefile;
    private final ReportStore store;
    private final ReportWriter writer;
    private final ObjectMapper mapper;
    private final Duration waitForViews;
    private final Timer generation;
    private final MeterRegistry registry;
    private final java.util.Map<String, Timer> phases = new java.util.concurrent.ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private final io.vertx.core.Vertx vertx;

    public ReportService(@RestClient IngestClient ingest, @RestClient CasefileClient casefile, ReportStore store,
                         ReportWriter writer, ObjectMapper mapper, MeterRegistry registry,
                         io.vertx.core.Vertx vertx, org.vigil.report.config.ReportConfig config) {
        this.vertx = vertx;
        this.ingest = ingest;
        this.casefile = casefile;
        this.store = store;
        this.writer = writer;
        this.mapper = mapper;
        this.waitForViews = config.report().waitForViewsDuration();
        this.registry = registry;
        this.generation = Timer.builder("vigil_report_generation_seconds")
                .description("Time to write a report: upstream reads, composition, rendering, storing")
                .publishPercentiles(0.5, 0.9, 0.99).register(registry);
    }

    private record Stamp(long position, String hash, long version) {
    }

    public Uni<StoredReport> create(Request request, String authorization) {
        long started = System.nanoTime();
        String population = request.populationId().toString();
        Uni<IngestClient.Link> link = request.logPosition() == null ? upstream("ingest-service", ingest.head(authorization))
                : upstream("ingest-service", ingest.link(authorization, request.logPosition()));
        long[] mark = {started};
        return link.chain(l -> {
            long position = l.position();
            if (position == 0) {
                throw Problem.of(409, "empty-log", "Nothing recorded", "the log is empty: there is nothing to report", "logPosition", "log.not-empty");
            }
            return upstream("ingest-service", ingest.versionAt(authorization, population, position))
                    .map(v -> new Stamp(position, l.hash(), v.version()));
        }).chain(stamp -> {
            if (stamp.version() == 0) {
                throw Problem.of(409, "not-yet-recorded", "Population not recorded at that position", "population " + population
                        + " has no event at or before log position " + stamp.position(), "logPosition", "population.recorded-by-position");
            }
            mark[0] = phase("log", mark[0]);
            return dossier(authorization, population, request.asOf(), stamp.version(), request.audience().label(), Instant.now().plus(waitForViews))
                    .invoke(() -> mark[0] = phase("dossier", mark[0]))
                    .chain(dossier -> store.previous(request.populationId(), stamp.position())
                            .chain(previous -> store.insertNumbered(LocalDate.now(clock).getYear(), dossier.utf8(), dossier.sha256(), number -> {
                                mark[0] = phase("previous", mark[0]);
                                ReportRow row = row(request, stamp, dossier, previous, number);
                                mark[0] = phase("write", mark[0]);
                                return row;
                            })));
        }).invoke(() -> {
            phase("store", mark[0]);
            generation.record(Duration.ofNanos(System.nanoTime() - started));
        }).map(StoredReport::of);
    }

    /**
     * Records the time since {@code since} as one phase of writing a report ({@code log}: the position and version
     * from ingest-service; {@code dossier}: casefile-service's answer, parsed; {@code previous}: the previous report
     * and the number; {@code write}: composing and rendering the Markdown; {@code store}: the insert and commit).
     */
    private long phase(String name, long since) {
        long now = System.nanoTime();
        phases.computeIfAbsent(name, n -> Timer.builder("vigil_report_phase_seconds").tag("phase", n)
                .description("Time spent in each phase of writing a report").publishPercentiles(0.5, 0.99).register(registry))
                .record(Duration.ofNanos(now - since));
        return now;
    }

    private ReportRow row(Request request, Stamp stamp, Fetched answer, ReportStore.ReportRef previous, int number) {
        Dossier dossier = answer.dossier();
        ReportRow row = new ReportRow();
        row.id = UUID.randomUUID();
        row.indexYear = LocalDate.now(clock).getYear();
        row.indexNumber = number;
        row.populationId = request.populationId();
        row.populationName = dossier.status() == null ? null : dossier.status().name();
        row.asOf = request.asOf();
        row.periodFrom = request.periodFrom();
        row.periodTo = request.periodTo();
        row.audience = request.audience().label();
        row.format = request.format();
        row.logPosition = stamp.position();
        row.chainHash = stamp.hash();
        row.streamVersion = stamp.version();
        row.previousReport = previous == null ? null : previous.id();
        row.issuedOn = LocalDate.now(clock);
        row.createdAt = Instant.now(clock);
        row.dossierSha256 = answer.sha256();
        row.markdown = writer.markdown(ReportComposer.compose(dossier, meta(row, previous)));
        row.markdownSha256 = sha256(row.markdown);
        return row;
    }

    static ReportMeta meta(ReportRow row, ReportStore.ReportRef previous) {
        return meta(StoredReport.of(row), previous);
    }

    static ReportMeta meta(StoredReport r, ReportStore.ReportRef previous) {
        return new ReportMeta(r.index(), r.issuedOn(), r.populationId(), r.asOf(), r.periodFrom(), r.periodTo(),
                r.audience(), r.logPosition(), r.chainHash(), r.streamVersion(),
                previous == null ? null : previous.index(), previous == null ? 0 : previous.streamVersion());
    }

    /** The stored report composed again from its stored dossier, with its chart: for its HTML and PDF editions. */
    private Uni<ReportWriter.Illustrated> composed(StoredReport row) {
        // one after the other: two reactive sessions at once on one context do not mix
        return store.dossier(row.dossierSha256()).chain(text -> previousOf(row).map(previous -> {
            try {
                Dossier dossier = DossierReader.read(text);
                return new ReportWriter.Illustrated(ReportComposer.compose(dossier, meta(row, previous)), Chart.svg(dossier));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored dossier of report " + row.id() + " is not JSON", e);
            }
        }));
    }

    /**
     * Checks a report: the hash stamped on it against the chain hash the log holds at its position, the whole chain's
     * integrity, and a regeneration from casefile-service at the same stream version against the stored Markdown.
     */
    public Uni<Verification> verify(StoredReport row, String authorization) {
        String population = row.populationId().toString();
        Uni<IngestClient.Link> link = upstream("ingest-service", ingest.link(authorization, row.logPosition()));
        Uni<IngestClient.ChainCheck> chain = upstream("ingest-service", ingest.verify(authorization));
        Uni<Fetched> dossier = dossier(authorization, population, row.asOf(), row.streamVersion(), row.audience(), Instant.now().plus(waitForViews));
        return Uni.combine().all().unis(link, chain, dossier, previousOf(row)).asTuple().map(t -> {
            String logHash = t.getItem1().hash();
            boolean chainValid = t.getItem2().valid();
            String regenerated = sha256(writer.markdown(ReportComposer.compose(t.getItem3().dossier(), meta(row, t.getItem4()))));
            boolean hashMatches = logHash.equals(row.chainHash());
            boolean reproduced = regenerated.equals(row.markdownSha256());
            return new Verification(row.id(), row.index(), row.logPosition(), row.chainHash(), logHash, hashMatches, chainValid,
                    row.markdownSha256(), regenerated, reproduced, hashMatches && chainValid && reproduced);
        });
    }

    private Uni<ReportStore.ReportRef> previousOf(StoredReport row) {
        return row.previousReport() == null ? Uni.createFrom().nullItem() : store.ref(row.previousReport());
    }

    /** The dossier at a version; while casefile-service has not applied it yet (409), asks again until the deadline. */
    private Uni<Fetched> dossier(String authorization, String population, LocalDate asOf, long version, String audience, Instant deadline) {
        return attempt(authorization, population, asOf, version, audience, deadline).map(this::parse).onFailure().transform(e -> {
            int status = status(e);
            if (status == 409) {
                return Problem.of(503, "views-behind", "casefile-service has not reached the log position",
                        "casefile-service has not yet applied stream version " + version + " of population " + population
                                + " (waited " + waitForViews.toMillis() + " ms); ask again shortly", "logPosition", "views.caught-up");
            }
            if (status == 404) {
                return Problem.of(404, "unknown-population", "Unknown population", "casefile-service has no view of population "
                        + population, "populationId", "population.projected");
            }
            return unavailable("casefile-service", e);
        });
    }

    /** A dossier as casefile-service wrote it (UTF-8), and read into report-service's records. */
    record Fetched(byte[] utf8, Dossier dossier, String sha256) {
    }

    private Fetched parse(byte[] utf8) {
        try {
            return new Fetched(utf8, DossierReader.read(utf8), sha256(utf8));
        } catch (java.io.IOException e) {
            throw Problem.of(502, "upstream", "casefile-service answered nonsense",
                    "the dossier does not read as the contract says (docs/openapi/casefile-service.yaml)", null, null);
        }
    }

    /**
     * Asks casefile-service for the dossier, again every 200 ms while it answers 409 (not yet at that version) and the
     * deadline has not passed (Mutiny's retry with backoff); the answer comes back on the caller's Vert.x context, where
     * the reactive session that follows must run.
     */
    private Uni<byte[]> attempt(String authorization, String population, LocalDate asOf, long version, String audience, Instant deadline) {
        io.vertx.core.Context context = vertx.getOrCreateContext();
        return Uni.createFrom().deferred(() -> casefile.dossier(authorization, population, asOf.toString(), version, audience))
                .onFailure(e -> status(e) == 409 && Instant.now().isBefore(deadline))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofMillis(200)).indefinitely()
                .emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    private static <T> Uni<T> upstream(String service, Uni<T> call) {
        return call.onFailure().transform(e -> {
            int status = status(e);
            if (status == 404) {
                String detail = "ingest-service does not know it: " + message(e);
                return Problem.of(404, "not-found", "Not found upstream", detail, service.equals("ingest-service") ? "populationId" : null, "exists");
            }
            return unavailable(service, e);
        });
    }

    private static WebApplicationException unavailable(String service, Throwable e) {
        if (e instanceof WebApplicationException w && w.getResponse().getMediaType() != null
                && w.getResponse().getMediaType().toString().startsWith(Problem.MEDIA_TYPE) && !(e instanceof org.jboss.resteasy.reactive.ClientWebApplicationException)) {
            return w;
        }
        int status = status(e);
        if (status == 401 || status == 403) { // the caller's own token, passed on, was refused there
            return Problem.of(403, "forbidden-upstream", "Refused by " + service, service + " refused your token (" + status
                    + "): a report holds only what you may read there", null, "upstream.access");
        }
        String why = status > 0 ? "it answered " + status : "it could not be reached in time (" + message(e) + ")";
        return Problem.of(503, "upstream-unavailable", service + " unavailable", service + " is needed to write the report, but "
                + why + "; try again when it is up", null, null);
    }

    private static int status(Throwable e) {
        return e instanceof org.jboss.resteasy.reactive.ClientWebApplicationException w ? w.getResponse().getStatus() : -1;
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-256 of bytes as they are (a dossier as received: the same digest as its text's UTF-8). */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
