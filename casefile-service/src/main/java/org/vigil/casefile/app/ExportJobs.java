package org.vigil.casefile.app;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.vigil.access.Confidentiality;
import org.vigil.casefile.config.CasefileConfig;
import org.vigil.casefile.export.ExportJobStore;
import org.vigil.casefile.export.FigureFormats;
import org.vigil.casefile.projection.FigureRows;

/**
 * Exports as jobs, for large ones: a job reads the case file a page at a time (as a direct export does), writes its
 * file into the database in chunks with its progress, and when done offers a download link that expires. Any
 * instance reports a job's progress and serves its file; a job whose instance went away reads as failed. Expired
 * jobs are deleted with their files.
 */
@ApplicationScoped
public class ExportJobs {

    private static final Logger LOG = Logger.getLogger(ExportJobs.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Views views;
    private final ExportJobStore store;
    private final CasefileConfig.Exports config;
    private final Vertx vertx;

    public ExportJobs(Views views, ExportJobStore store, CasefileConfig config, Vertx vertx) {
        this.views = views;
        this.store = store;
        this.config = config.exports();
        this.vertx = vertx;
    }

    void sweepExpired(@Observes StartupEvent event) {
        vertx.setPeriodic(60_000, id -> store.sweep(Instant.now(), Instant.now().minus(config.staleAfter()))
                .subscribe().with(n -> {
                    if (n > 0) LOG.infof("deleted %d expired export(s)", n);
                }, e -> LOG.warnf("expired exports not swept: %s", e.toString())));
    }

    /** What was asked: the format, the filters, the HXL row, and the request's parameters as given (for the record). */
    public record Request(String format, FigureRows.Filter filter, boolean hxl, String parameters) {
    }

    /** A job just started, and what its export holds above public (for the audit line of the request that started it). */
    public record Started(ExportJobStore.Job job, java.util.Map<Confidentiality, Integer> held) {
    }

    public Uni<Started> start(UUID populationId, Request request, String owner, Confidentiality clearance) {
        return views.figureExport(populationId, request.filter(), clearance).chain(export -> {
            Instant now = Instant.now();
            byte[] secret = new byte[24];
            RANDOM.nextBytes(secret);
            String withheld = withheld(export.withheld());
            var job = new ExportJobStore.Job(UUID.randomUUID(), populationId, owner, request.format(), request.parameters(),
                    clearance.label(), "running", export.version(), export.facts(), 0, 0, 0, withheld, null,
                    Base64.getUrlEncoder().withoutPadding().encodeToString(secret), now, now, null, now.plus(config.linkTtl()));
            return store.insert(job).invoke(() -> run(job, export, request)).replaceWith(new Started(job, export.held()));
        });
    }

    /** Runs a job to its end, writing its file a chunk at a time; a failure is written down as the job's error. */
    private void run(ExportJobStore.Job job, Views.FigureExport export, Request request) {
        Uni<Void> done = switch (request.format()) {
            case "xlsx" -> xlsx(job, export);
            case "geojson" -> {
                var geo = new FigureFormats.GeoJson();
                yield chunked(job, export, geo.begin(), geo::page, geo::end);
            }
            default -> chunked(job, export, FigureFormats.csvHeader(request.hxl()), FigureFormats::csvRows, () -> new byte[0]);
        };
        done.chain(() -> store.finish(job.id(), Instant.now().plus(config.linkTtl())))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf(e, "export %s failed", job.id());
                    return store.fail(job.id(), "the export failed: " + e);
                })
                .subscribe().with(x -> {
                }, e -> LOG.errorf(e, "export %s: its failure could not be written down", job.id()));
    }

    /** Pages written as bytes into chunks of about {@code chunkBytes}, each stored with the progress so far. */
    private Uni<Void> chunked(ExportJobStore.Job job, Views.FigureExport export, byte[] head,
                              java.util.function.Function<java.util.List<FigureRows.Row>, byte[]> page,
                              java.util.function.Supplier<byte[]> tail) {
        var buffer = new ByteArrayOutputStream(config.chunkBytes() + 64 * 1024);
        buffer.writeBytes(head);
        AtomicLong facts = new AtomicLong(), rows = new AtomicLong(), bytes = new AtomicLong();
        int[] n = {0};
        return export.pages().onItem().transformToUniAndConcatenate(p -> {
            buffer.writeBytes(page.apply(p.rows()));
            facts.addAndGet(p.factsRead());
            rows.addAndGet(p.rows().size());
            if (buffer.size() < config.chunkBytes()) return store.progress(job.id(), facts.get(), rows.get());
            return flush(job.id(), n, buffer, facts.get(), rows.get(), bytes);
        }).collect().last().chain(() -> {
            buffer.writeBytes(tail.get());
            return flush(job.id(), n, buffer, facts.get(), rows.get(), bytes);
        });
    }

    private Uni<Void> flush(UUID id, int[] n, ByteArrayOutputStream buffer, long facts, long rows, AtomicLong bytes) {
        byte[] chunk = buffer.toByteArray();
        buffer.reset();
        return store.chunk(id, n[0]++, chunk, facts, rows, bytes.addAndGet(chunk.length));
    }

    /** A workbook job: the workbook's bytes stored in chunks, the progress written after each page. */
    private Uni<Void> xlsx(ExportJobStore.Job job, Views.FigureExport export) {
        AtomicLong facts = new AtomicLong(), rows = new AtomicLong(), bytes = new AtomicLong();
        int[] n = {0};
        return workbook(export, p -> store.progress(job.id(), facts.addAndGet(p.factsRead()), rows.addAndGet(p.rows().size())))
                .onItem().transformToUniAndConcatenate(chunk -> store.chunk(job.id(), n[0]++, chunk, facts.get(), rows.get(),
                        bytes.addAndGet(chunk.length)))
                .collect().last().replaceWithVoid();
    }

    /**
     * An export as an XLSX workbook, in chunks: the pages are added off the event loop (POI writes its rows to disk),
     * {@code afterPage} runs after each, then the finished file is read back in chunks and deleted.
     */
    public Multi<byte[]> workbook(Views.FigureExport export, java.util.function.Function<Views.FigurePage, Uni<Void>> afterPage) {
        var workbook = new FigureFormats.Xlsx();
        return export.pages().onItem().transformToUniAndConcatenate(p -> {
                    var context = onContext();
                    return Uni.createFrom().item(() -> workbook.add(p.rows()))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).emitOn(context)
                            .chain(() -> afterPage.apply(p));
                })
                .collect().last()
                .chain(() -> Uni.createFrom().item(workbook::finish).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .emitOn(onContext()))
                .onTermination().invoke(workbook::close)
                .onItem().transformToMulti(this::fileChunks);
    }

    /** A file read in chunks off the event loop, then deleted. */
    private Multi<byte[]> fileChunks(Path file) {
        return Multi.createFrom().<byte[]>emitter(emitter -> {
            try (var in = Files.newInputStream(file)) {
                byte[] chunk;
                while ((chunk = in.readNBytes(config.chunkBytes())).length > 0) emitter.emit(chunk);
                emitter.complete();
            } catch (java.io.IOException e) {
                emitter.fail(e);
            } finally {
                try {
                    Files.deleteIfExists(file);
                } catch (java.io.IOException ignored) {
                    // a temporary file; the system's cleaner takes it
                }
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).emitOn(onContext());
    }

    /** Runs on the Vert.x context the call began on: the database client and Hibernate Reactive want their event loop. */
    private java.util.concurrent.Executor onContext() {
        var context = io.vertx.core.Vertx.currentContext();
        if (context == null) return Runnable::run;
        return command -> context.runOnContext(v -> command.run());
    }

    /** A job as its owner (or an admin) may see it; another caller's is null, as if it did not exist. */
    public Uni<ExportJobStore.Job> find(UUID id, String caller, boolean admin) {
        return store.find(id).map(job -> job == null || !(admin || job.owner().equals(caller)) ? null : stale(job));
    }

    /** A running job that stopped moving has lost its instance: it reads as failed. */
    private ExportJobStore.Job stale(ExportJobStore.Job j) {
        if (!j.state().equals("running") || j.updatedAt().isAfter(Instant.now().minus(config.staleAfter()))) return j;
        return new ExportJobStore.Job(j.id(), j.populationId(), j.owner(), j.format(), j.parameters(), j.clearance(), "failed",
                j.streamVersion(), j.factsTotal(), j.factsDone(), j.rowsWritten(), j.bytesWritten(), j.withheld(),
                "the export stopped: the instance running it went away; start it again", j.token(), j.createdAt(), j.updatedAt(),
                j.finishedAt(), j.expiresAt());
    }

    /** What a download link opens. */
    public sealed interface Download {
        record File(ExportJobStore.Job job, Multi<byte[]> chunks) implements Download {
        }

        record Expired(Instant at) implements Download {
        }

        record NotReady(String state) implements Download {
        }

        record Missing() implements Download {
        }
    }

    /** The file of a finished job whose link {@code token} opens and has not expired. */
    public Uni<Download> download(UUID id, String token) {
        return store.find(id).map(job -> {
            if (job == null || token == null || !java.security.MessageDigest.isEqual(job.token().getBytes(), token.getBytes())) {
                return new Download.Missing();
            }
            if (job.expiresAt().isBefore(Instant.now())) return new Download.Expired(job.expiresAt());
            if (!job.state().equals("done")) return new Download.NotReady(job.state());
            Multi<byte[]> chunks = Multi.createBy().repeating().uni(() -> new int[1], n -> store.read(id, n[0]++)
                    .map(b -> b == null ? END : b)).until(b -> b == END);
            return new Download.File(job, chunks);
        });
    }

    private static final byte[] END = new byte[0];

    public static String withheld(java.util.Map<String, Integer> withheld) {
        String text = withheld.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
        return text.isEmpty() ? "none" : text;
    }
}
