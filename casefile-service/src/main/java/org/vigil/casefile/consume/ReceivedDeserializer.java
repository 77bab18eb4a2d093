package org.vigil.casefile.consume;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The events topic's values as {@link Received}: read as {@link EventsConsumer#read} reads them, on the thread that
 * polls Kafka, so that reading a batch (a third of the projection's work) overlaps with writing the one before. Never
 * throws: what is not a Vigil CloudEvent comes back with its bytes, to be kept for replay.
 */
public class ReceivedDeserializer implements Deserializer<Received> {

    @Override
    public Received deserialize(String topic, byte[] data) {
        return deserialize(topic, new RecordHeaders(), data);
    }

    @Override
    public Received deserialize(String topic, Headers headers, byte[] data) {
        try {
            Header traceParent = headers.lastHeader("traceparent");
            return new Received.Read(EventsConsumer.read(headers, data),
                    traceParent == null ? null : new String(traceParent.value(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return new Received.Unreadable(data, e);
        }
    }
}
