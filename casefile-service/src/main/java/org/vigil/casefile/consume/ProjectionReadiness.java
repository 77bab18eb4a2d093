package org.vigil.casefile.consume;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means projecting: the consumer has its share of the partitions, and the batch in hand is being written (not
 * failing against an unreachable database). Liveness is not touched: a database outage is waited out, not cured by
 * a restart.
 */
@Readiness
@ApplicationScoped
public class ProjectionReadiness implements HealthCheck {

    private final GroupMembership membership;
    private final EventsConsumer consumer;

    public ProjectionReadiness(@io.smallrye.common.annotation.Identifier(GroupMembership.NAME) GroupMembership membership,
                               EventsConsumer consumer) {
        this.membership = membership;
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("projection")
                .withData("partitions", membership.partitions());
        Instant failing = consumer.failingSince();
        if (!membership.member()) {
            return answer.down().withData("reason", "not yet given its partitions by the consumer group").build();
        }
        answer.withData("joinedAt", String.valueOf(membership.joinedAt()));
        if (failing != null) {
            return answer.down().withData("reason", "the batch in hand cannot be written; retrying")
                    .withData("failingSince", failing.toString())
                    .withData("lastFailure", String.valueOf(consumer.lastFailure())).build();
        }
        return answer.up().build();
    }
}
