package org.vigil.casefile.app;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.vigil.access.Confidentiality;
import org.vigil.casefile.store.CaseFileReads;
import org.vigil.casefile.store.CaseFileRow;

/**
 * After a start, reads the case files of the populations whose views changed last into the case files kept for
 * reading, and computes each one's page for each clearance ({@link PageWarmer}: the web app keeps them). A first
 * read after a restart otherwise pays for reading the whole history from PostgreSQL with code the JVM has not
 * compiled yet: 5-6 s for a population of 100,000 events, where a read after a change takes a few hundred
 * milliseconds (docs/benchmarks.md). It takes populations one at a time, the latest changed first, up to
 * {@code vigil.reads.warm-up} of them, and stops before their estimated size would exceed the budget of the kept
 * case files, so it never drops one it kept. Reads are served meanwhile; one that asks for a history being read waits
 * for that read (store/CaseFileReads). A failure is logged and ends the warm-up; nothing depends on it.
 */
@ApplicationScoped
public class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);

    /** What a kept revision takes, estimated before it is read (RecentCaseFiles measures about 1 to 1.7 KB). */
    static final long BYTES_PER_VERSION = 1_300;

    private final CaseFileReads reads;
    private final PageWarmer pages;
    private final Vertx vertx;
    private final int populations;

    public WarmUp(CaseFileReads reads, PageWarmer pages, Vertx vertx, org.vigil.casefile.config.CasefileConfig config) {
        this.reads = reads;
        this.pages = pages;
        this.vertx = vertx;
        this.populations = config.reads().warmUp();
    }

    void start(@Observes StartupEvent event) {
        if (populations <= 0) return;
        vertx.setTimer(1_000, id -> {
            long began = System.nanoTime();
            OwnContext.run(vertx, () -> run().subscribe().with(warmed -> {
                LOG.infof("warm-up: %d case files kept (%,d events) in %.1f s", warmed.size(),
                        warmed.stream().mapToLong(Warmed::version).sum(), (System.nanoTime() - began) / 1e9);
                afterStart.complete(warmed);
            }, failure -> {
                // a service stopped during its warm-up closes the pool under it: nothing to warn about then
                if (stopping) LOG.debugf("warm-up ended by the stop: %s", failure.toString());
                else LOG.warnf("warm-up ended early: %s", failure.toString());
                afterStart.completeExceptionally(failure);
            }));
        });
    }

    private volatile boolean stopping;

    void stop(@Observes io.quarkus.runtime.ShutdownEvent event) {
        stopping = true;
    }

    private final java.util.concurrent.CompletableFuture<List<Warmed>> afterStart = new java.util.concurrent.CompletableFuture<>();

    /** The warm-up run after this start: what it kept, once it is done. */
    public java.util.concurrent.CompletionStage<List<Warmed>> afterStart() {
        return afterStart.minimalCompletionStage();
    }

    /** One population read and its page computed, at its stored version. */
    public record Warmed(UUID populationId, long version) {
    }

    /** Warms the kept case files as {@link WarmUp} says; the populations it kept. */
    public Uni<List<Warmed>> run() {
        return reads.changedLast(populations).chain(rows -> next(rows, 0, new ArrayList<>()));
    }

    private Uni<List<Warmed>> next(List<CaseFileRow> rows, int at, List<Warmed> warmed) {
        if (at >= rows.size()) return Uni.createFrom().item(List.copyOf(warmed));
        CaseFileRow row = rows.get(at);
        long expected = row.version * BYTES_PER_VERSION;
        if (reads.keptBytes() + expected > CaseFileReads.keptBudget() || row.version > reads.wholeHistoryMax()) {
            return Uni.createFrom().item(List.copyOf(warmed));
        }
        // the page as a reader of each clearance first sees it: the history read and kept, the page computed and kept
        Uni<Void> computed = Uni.createFrom().voidItem();
        for (Confidentiality clearance : Confidentiality.values()) {
            computed = computed.chain(() -> pages.warm(row.populationId, clearance));
        }
        return computed.chain(() -> {
            warmed.add(new Warmed(row.populationId, row.version));
            return next(rows, at + 1, warmed);
        });
    }
}
