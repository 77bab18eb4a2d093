-- The W3C trace context (traceparent) of the request that recorded an event, so that the relay can continue that
-- trace onto Kafka. Operational metadata: it is not part of the event, its hash or its CloudEvent data, and it is
-- null for events recorded without tracing.
ALTER TABLE events ADD COLUMN trace_parent text;
