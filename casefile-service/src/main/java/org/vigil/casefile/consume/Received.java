package org.vigil.casefile.consume;

import org.vigil.casefile.wire.LoggedEvent;

/**
 * What a record's value became on the Kafka consumer's own thread ({@link ReceivedDeserializer}): a logged event, or
 * the bytes that are not one and why. Reading there means the next batch is read while the one before is written.
 */
public sealed interface Received {

    /** {@code traceParent}: the record's W3C trace context, if it has one (ProjectionTracing continues it). */
    record Read(LoggedEvent event, String traceParent) implements Received {
    }

    record Unreadable(byte[] bytes, Exception why) implements Received {
    }
}
