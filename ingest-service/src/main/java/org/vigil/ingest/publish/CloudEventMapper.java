package org.vigil.ingest.publish;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.vigil.ingest.log.RecordedEvent;

/**
 * One log row as a CloudEvents 1.0 event. With the Kafka binary binding the attributes travel as {@code ce_*}
 * headers and the data is the event's JSON payload, byte for byte as the log stores it. Extension attributes carry
 * what a consumer needs for ordering and deduplication (see docs/asyncapi.yaml).
 */
public final class CloudEventMapper {

    public static final String EXT_STREAM_VERSION = "streamversion";
    public static final String EXT_POSITION = "logposition";
    public static final String EXT_RECORDED_BY = "recordedby";
    public static final String EXT_CONFIDENTIALITY = "confidentiality";
    public static final String EXT_HASH = "eventhash";

    private CloudEventMapper() {
    }

    public static CloudEvent toCloudEvent(RecordedEvent e, URI source) {
        return CloudEventBuilder.v1()
                .withId(e.eventId().toString())
                .withSource(source)
                .withType(e.type())
                .withSubject(e.populationId().toString())
                .withTime(e.recordedAt().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(e.payload().getBytes(StandardCharsets.UTF_8))
                .withExtension(EXT_STREAM_VERSION, Long.toString(e.streamVersion()))
                .withExtension(EXT_POSITION, Long.toString(e.position()))
                .withExtension(EXT_RECORDED_BY, e.recordedBy())
                .withExtension(EXT_CONFIDENTIALITY, e.confidentiality())
                .withExtension(EXT_HASH, e.hash())
                .build();
    }
}
