package org.vigil.casefile.consume;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * What the events consumer holds in its consumer group: whether it has joined (been given its share of the
 * partitions, possibly none, since it started) and which partitions are its own now. Until it has joined it projects
 * nothing, so it is not ready: after a crash the group waits for the dead member's session to expire before it hands
 * its partitions on, and a readiness that said UP meanwhile would say something untrue.
 */
@ApplicationScoped
@Identifier(GroupMembership.NAME)
public class GroupMembership implements KafkaConsumerRebalanceListener {

    public static final String NAME = "vigil-casefile-membership";
    private static final Logger LOG = Logger.getLogger(GroupMembership.class);

    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    private volatile Instant joinedAt;
    private volatile boolean member;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.addAll(partitions);
        member = true;
        if (joinedAt == null) joinedAt = Instant.now();
        LOG.infof("consumer group: assigned %s (now %d partitions)", partitions, assigned.size());
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
        LOG.infof("consumer group: revoked %s (now %d partitions)", partitions, assigned.size());
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
        member = false;
        LOG.warnf("consumer group: lost %s (the group moved on without this instance); rejoining", partitions);
    }

    /** True once the group has given this instance its share since it started, and it has not lost it since. */
    public boolean member() {
        return member;
    }

    public Instant joinedAt() {
        return joinedAt;
    }

    public int partitions() {
        return assigned.size();
    }
}
