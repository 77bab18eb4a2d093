package org.vigil.casefile.consume;

import java.util.Set;
import java.util.UUID;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Tells the world that a population's view changed: in process, to the Server-Sent Events streams, and on the Kafka
 * topic {@code vigil.population-status} as a CloudEvent ({@code vigil.population.status-changed.v1}, key = population
 * id) for dashboards that read Kafka. The Kafka message is a notice (version, position, stalled), not the whole
 * status: the status itself is one GET away and depends on the reader's asOf and knownAt.
 */
@ApplicationScoped
public class StatusChanges {

    private final BroadcastProcessor<UUID> changes = BroadcastProcessor.create();
    private final Emitter<String> topic;

    public StatusChanges(@Channel("population-status") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 100_000)
                         Emitter<String> topic) {
        this.topic = topic;
    }

    public void changed(Set<UUID> changed, Set<UUID> stalled) {
        for (UUID id : changed) notify(id, false);
        for (UUID id : stalled) if (!changed.contains(id)) notify(id, true);
    }

    private void notify(UUID id, boolean stalled) {
        changes.onNext(id);
        String body = "{\"populationId\":\"" + id + "\",\"stalled\":" + stalled
                + ",\"status\":\"/populations/" + id + "/status\"}";
        topic.send(Message.of(body)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(id.toString()).build())
                .addMetadata(OutgoingCloudEventMetadata.builder().withId(UUID.randomUUID().toString())
                        .withSubject(id.toString()).withType("vigil.population.status-changed.v1").build()));
    }

    /** Every population id whose view changes, from now on. */
    public Multi<UUID> stream() {
        return changes;
    }
}
