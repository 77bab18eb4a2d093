package org.vigil.casefile.consume;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import org.vigil.casefile.wire.LoggedEvent;

/**
 * Ends the trace that began with the request recording an event: for each event whose Kafka record carried a W3C
 * {@code traceparent} (ingest-service's relay writes it), one "process" span, child of the relay's producer span,
 * from the batch's arrival to the commit of the view update. Events without a trace context get no span.
 */
@ApplicationScoped
public class ProjectionTracing {

    private final Tracer tracer;
    private final String topic;

    public ProjectionTracing(Tracer tracer, org.vigil.casefile.config.CasefileConfig config) {
        this.tracer = tracer;
        this.topic = config.eventsTopic();
    }

    long now() {
        return TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    }

    void projected(List<LoggedEvent> events, List<String> traceParents, long startEpochNanos, Set<UUID> stalled) {
        for (int i = 0; i < events.size(); i++) {
            String traceParent = traceParents.get(i);
            if (traceParent == null) continue;
            LoggedEvent e = events.get(i);
            Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceParent, HEADER);
            Span span = tracer.spanBuilder(topic + " process").setParent(parent).setSpanKind(SpanKind.CONSUMER)
                    .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS)
                    .setAttribute("messaging.system", "kafka")
                    .setAttribute("messaging.operation.type", "process")
                    .setAttribute("messaging.destination.name", topic)
                    .setAttribute("messaging.message.id", e.eventId().toString())
                    .setAttribute("vigil.population_id", e.populationId().toString())
                    .setAttribute("vigil.stream_version", e.streamVersion())
                    .setAttribute("vigil.log_position", e.position())
                    .setAttribute("vigil.event_type", e.type())
                    .startSpan();
            if (stalled.contains(e.populationId())) span.setStatus(StatusCode.ERROR, "the population's projection is stalled");
            span.end();
        }
    }

    private static final TextMapGetter<String> HEADER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };
}
