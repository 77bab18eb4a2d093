package org.vigil.casefile.app;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.vigil.casefile.config.CasefileConfig;
import org.vigil.casefile.consume.EventsConsumer;
import org.vigil.casefile.rebuild.Rebuild;
import org.vigil.casefile.rebuild.RebuildRuns;
import org.vigil.casefile.rebuild.RebuildRuns.Run;

/**
 * Rebuilds of every view from the log, coordinated across instances: at most one runs anywhere (the database says
 * which), the instance running it writes a heartbeat with its progress, and when that heartbeat stops (its instance
 * died) any instance marks the run interrupted and starts it over. Starting over is clean: a rebuild replaces each
 * population's stored revisions with the same ones folded again, chunk by chunk, so a half-done run leaves the views
 * as they were.
 */
@ApplicationScoped
public class Rebuilds {

    private static final Logger LOG = Logger.getLogger(Rebuilds.class);
    /** This instance, as the runs it starts name it. */
    static final String INSTANCE = ManagementFactory.getRuntimeMXBean().getName();

    private final Rebuild rebuild;
    private final RebuildRuns runs;
    private final EventsConsumer consumer;
    private final Vertx vertx;
    private final Duration staleAfter;
    /** The runs of this instance, with their progress and how they end. */
    private final Map<UUID, Local> local = new ConcurrentHashMap<>();
    /** How this instance's runs end, until they have (a caller waiting on one takes it from here). */
    private final Map<UUID, CompletableFuture<Run>> ends = new ConcurrentHashMap<>();
    private final AtomicBoolean watching = new AtomicBoolean();
    private long timer = -1;

    /** {@code ended}: the run is over and being written down; no more heartbeats, but its progress still shows. */
    private record Local(Rebuild.Progress progress, CompletableFuture<Run> end, AtomicBoolean ended) {
    }

    public Rebuilds(Rebuild rebuild, RebuildRuns runs, EventsConsumer consumer, Vertx vertx, CasefileConfig config) {
        this.rebuild = rebuild;
        this.runs = runs;
        this.consumer = consumer;
        this.vertx = vertx;
        this.staleAfter = config.rebuild().staleAfter();
    }

    void watch(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(100, staleAfter.toMillis() / 3), id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) vertx.cancelTimer(timer);
        local.values().forEach(l -> l.progress().stop());
    }

    /**
     * What a rebuild is, as the API shows it: the stored run, with its rate and the time left while it runs, and
     * the run that started it over if it was interrupted.
     */
    public record Status(UUID id, String state, String instance, String requestedBy, UUID restartOf, UUID restartedAs,
                         Instant startedAt, Instant heartbeatAt, Instant finishedAt, long eventsDone, Long eventsTotal,
                         Integer percent, Long eventsPerSecond, Long secondsLeft, Integer populations,
                         Map<UUID, String> stalled, String error) {
    }

    /** A rebuild asked for: the one begun, or (started false) the one already running, which was left alone. */
    public record Asked(Status rebuild, boolean started) {
    }

    /** Begins a rebuild on this instance unless one is running anywhere; it runs on after the answer. */
    public Uni<Asked> start(String requestedBy) {
        return begin(requestedBy, null).chain(begun -> status(begun.run()).map(s -> new Asked(s, begun.started())));
    }

    /** The run, once it has ended: done, failed, or interrupted (then it names the run that started it over). */
    public Uni<Status> awaitEnd(UUID id) {
        CompletableFuture<Run> end = ends.get(id);
        Uni<Run> ended = end == null ? runs.find(id) : Uni.createFrom().completionStage(end);
        return ended.chain(this::status);
    }

    public Uni<Status> find(UUID id) {
        return runs.find(id).chain(run -> run == null ? Uni.createFrom().nullItem() : status(run));
    }

    public Uni<List<Status>> latest(int limit) {
        return runs.latest(limit).chain(list -> list.isEmpty() ? Uni.createFrom().item(List.<Status>of())
                : Uni.join().all(list.stream().map(this::status).toList()).andFailFast());
    }

    private Uni<RebuildRuns.Begun> begin(String requestedBy, UUID restartOf) {
        UUID id = UUID.randomUUID();
        return runs.begin(id, INSTANCE, requestedBy, restartOf).invoke(begun -> {
            if (begun.started()) launch(begun.run());
        });
    }

    /** Runs a begun rebuild to its end, on a Vert.x context of its own (the views' store needs one). */
    private void launch(Run run) {
        Rebuild.Progress progress = new Rebuild.Progress();
        Local l = new Local(progress, new CompletableFuture<>(), new AtomicBoolean());
        local.put(run.id(), l);
        ends.put(run.id(), l.end());
        LOG.infof("rebuild %s: started on %s for %s%s", run.id(), INSTANCE, run.requestedBy(),
                run.restartOf() == null ? "" : " (starting over " + run.restartOf() + ")");
        OwnContext.run(vertx.getDelegate(), () -> rebuild.run(run.id(), progress)
                .invoke(report -> {
                    l.ended().set(true); // no heartbeat once it has ended
                    consumer.unstalled(report.populationIds());
                    consumer.stalled(report.stalled().keySet());
                })
                .chain(report -> runs.finish(run.id(), progress.done(), progress.total(), report.populations(), report.stalled()))
                .onFailure().invoke(failure -> l.ended().set(true))
                .onFailure().call(failure -> failure instanceof Rebuild.Stopped ? Uni.createFrom().voidItem()
                        : runs.fail(run.id(), progress.done(), progress.total(), String.valueOf(failure.getMessage())))
                .chain(() -> runs.find(run.id()))
                .subscribe().with(l.end()::complete, failure -> {
                    if (!(failure instanceof Rebuild.Stopped)) {
                        LOG.errorf(failure, "rebuild %s failed", run.id());
                    }
                    runs.find(run.id()).subscribe().with(l.end()::complete, l.end()::completeExceptionally);
                }));
        l.end().whenComplete((x, e) -> {
            local.remove(run.id());
            ends.remove(run.id());
        });
    }

    /**
     * Every third of {@code stale-after}: the heartbeat of this instance's runs (a run the database no longer holds
     * as running was started over elsewhere: it stops), then, anywhere, a run whose heartbeat stopped is interrupted
     * and started over here.
     */
    private void tick() {
        if (!watching.compareAndSet(false, true)) return;
        Uni<Void> beats = Uni.createFrom().voidItem();
        for (var e : local.entrySet()) {
            if (e.getValue().ended().get()) continue;
            Rebuild.Progress p = e.getValue().progress();
            beats = beats.chain(() -> runs.beat(e.getKey(), p.done(), p.total()).invoke(still -> {
                if (!still && !e.getValue().ended().get()) {
                    LOG.warnf("rebuild %s: another instance took it for dead and started it over; stopping it here", e.getKey());
                    p.stop();
                }
            }).replaceWithVoid());
        }
        beats.chain(() -> runs.interruptStale(staleAfter))
                .chain(stale -> {
                    if (stale == null) return Uni.createFrom().voidItem();
                    LOG.warnf("rebuild %s: %s", stale.id(), stale.error());
                    return begin(stale.requestedBy(), stale.id()).replaceWithVoid();
                })
                .subscribe().with(x -> watching.set(false), failure -> {
                    watching.set(false);
                    LOG.debugf("rebuild heartbeat waits for the next tick: %s", failure.toString());
                });
    }

    private Uni<Status> status(Run run) {
        Uni<UUID> restartedAs = "interrupted".equals(run.state())
                ? runs.restartOf(run.id()).map(r -> r == null ? null : r.id()) : Uni.createFrom().nullItem();
        return restartedAs.map(next -> {
            Local l = local.get(run.id());
            long done = l != null ? l.progress().done() : run.eventsDone();
            Long total = l != null && l.progress().total() != null ? l.progress().total() : run.eventsTotal();
            Instant end = run.finishedAt() != null ? run.finishedAt() : Instant.now();
            double seconds = Duration.between(run.startedAt(), end).toMillis() / 1000.0;
            Long rate = seconds <= 0 ? null : Math.round(done / seconds);
            Long left = !"running".equals(run.state()) ? Long.valueOf(0)
                    : Rebuild.Progress.secondsLeft(done, total, rate == null ? 0 : rate);
            return new Status(run.id(), run.state(), run.instance(), run.requestedBy(), run.restartOf(), next,
                    run.startedAt(), run.heartbeatAt(), run.finishedAt(), done, total, Rebuild.Progress.percent(done, total), rate, left,
                    run.populations(), run.stalled(), run.error());
        });
    }
}
