package org.vigil.casefile.app;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.vigil.casefile.consume.EventsConsumer;
import org.vigil.casefile.consume.StatusChanges;
import org.vigil.casefile.failure.Failures;
import org.vigil.casefile.store.ProjectionStore;
import org.vigil.casefile.store.UnreadableRecords;
import org.vigil.casefile.wire.LoggedEvent;

/**
 * The operator's work on the views: apply parked and kept-unreadable records again once their cause is fixed, list the
 * unreadable ones (rebuilds: {@link Rebuilds}). Each keeps the consumer's count of stalled populations and the live
 * streams up to date.
 */
@ApplicationScoped
public class Upkeep {

    private final ProjectionStore store;
    private final UnreadableRecords unreadables;
    private final EventsConsumer consumer;
    private final StatusChanges changes;

    public Upkeep(ProjectionStore store, UnreadableRecords unreadables, EventsConsumer consumer,
                  StatusChanges changes) {
        this.store = store;
        this.unreadables = unreadables;
        this.consumer = consumer;
        this.changes = changes;
    }

    /** One stalled population replayed: how many of its parked events were applied, whether it is still stalled. */
    public record Replayed(UUID populationId, int applied, boolean stillStalled) {
    }

    /** What a replay did: per stalled population, and to the kept unreadable records. */
    public record Replay(List<Replayed> replayed, Map<String, Integer> unreadable) {
    }

    /** Applies the parked events of every stalled population again, and reads the kept unreadable records again. */
    public Uni<Replay> replay() {
        return replayUnreadable().chain(unreadable -> replayStalled().map(stalled -> new Replay(stalled, unreadable)));
    }

    /**
     * Reads the kept unreadable records again (the cause fixed, e.g. an upcaster added): each one that now reads as a
     * Vigil event is applied, or parked behind its population if that one stalled meanwhile, and forgotten; the
     * others stay.
     */
    private Uni<Map<String, Integer>> replayUnreadable() {
        AtomicInteger read = new AtomicInteger();
        return unreadables.all().onItem().transformToMulti(records -> Multi.createFrom().iterable(records))
                .onItem().transformToUniAndConcatenate(r -> {
                    LoggedEvent event;
                    try {
                        event = EventsConsumer.readKept(r);
                    } catch (Exception stillUnreadable) {
                        return Uni.createFrom().item(false);
                    }
                    return store.apply(List.of(event)).invoke(result -> {
                        changes.changed(result.changed(), result.stalled().keySet());
                        consumer.stalled(result.stalled().keySet());
                    }).call(() -> unreadables.forget(r)).invoke(read::incrementAndGet).replaceWith(true);
                })
                .collect().asList().map(results -> Map.of("readNow", read.get(), "stillUnreadable", results.size() - read.get()));
    }

    private Uni<List<Replayed>> replayStalled() {
        return store.stalledPopulations().onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(pid -> store.replay(pid)
                        // Refused again for its data (e.g. an event id used twice): nothing changed, still stalled.
                        .onFailure(Failures::causedByData).recoverWithItem(refused -> new ProjectionStore.Result(
                                Set.of(), Map.of(pid, Failures.describe(refused)), 0, 0, null))
                        .invoke(r -> {
                            changes.changed(r.changed(), r.stalled().keySet());
                            if (!r.stalled().containsKey(pid)) consumer.unstalled(List.of(pid));
                        })
                        .map(r -> new Replayed(pid, r.applied(), r.stalled().containsKey(pid))))
                .collect().asList();
    }

    /** A record kept because it was not a Vigil CloudEvent: where it was, its key, headers and bytes (base64), why. */
    public record Unreadable(String topic, int partition, long offset, String reason, String keyBase64,
                             List<Map<String, String>> headers, String valueBase64) {
    }

    public Uni<List<Unreadable>> unreadable() {
        Base64.Encoder b64 = Base64.getEncoder();
        return unreadables.all().map(records -> records.stream().map(r -> new Unreadable(r.topic(), r.partition(), r.offset(),
                r.reason(), r.key() == null ? null : b64.encodeToString(r.key()),
                r.headers().stream().map(h -> Map.of("name", h.name(), "base64", h.value() == null ? "" : b64.encodeToString(h.value()))).toList(),
                r.value() == null ? null : b64.encodeToString(r.value()))).toList());
    }
}
