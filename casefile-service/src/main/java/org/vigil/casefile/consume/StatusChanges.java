package org.vigil.casefile.consume;

import java.util.Set;
import java.util.UUID;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells the Server-Sent Events streams of this instance that a population's view changed, once the change is
 * committed. The notices on the Kafka topic {@code vigil.population-status} are not sent from here: they are derived
 * from the committed views by {@link StatusNotices}, so none is lost when Kafka is down at commit.
 */
@ApplicationScoped
public class StatusChanges {

    private final BroadcastProcessor<UUID> changes = BroadcastProcessor.create();

    public void changed(Set<UUID> changed, Set<UUID> stalled) {
        for (UUID id : changed) changes.onNext(id);
        for (UUID id : stalled) if (!changed.contains(id)) changes.onNext(id);
    }

    /** Every population id whose view changes, from now on. */
    public Multi<UUID> stream() {
        return changes;
    }
}
