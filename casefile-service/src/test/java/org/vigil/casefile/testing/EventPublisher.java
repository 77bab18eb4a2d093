package org.vigil.casefile.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes events onto the real broker exactly as ingest-service's relay does: CloudEvents, binary mode. */
public final class EventPublisher implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** An event as the log holds it. */
    public record Logged(UUID eventId, UUID populationId, long version, long position, String type, Instant recordedAt, ObjectNode data) {
    }

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public EventPublisher(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
    }

    public void publish(List<Logged> events) throws Exception {
        publish(events, null);
    }

    /** Publishes with a W3C traceparent header on every record, as the relay does for a traced request. */
    public void publish(List<Logged> events, String traceParent) throws Exception {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (Logged e : events) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, e.populationId().toString(),
                    JSON.writeValueAsBytes(e.data()));
            header(r, "ce_specversion", "1.0");
            header(r, "ce_id", e.eventId().toString());
            header(r, "ce_source", "/vigil/ingest-service");
            header(r, "ce_type", e.type());
            header(r, "ce_subject", e.populationId().toString());
            header(r, "ce_time", e.recordedAt().toString());
            header(r, "ce_streamversion", Long.toString(e.version()));
            header(r, "ce_logposition", Long.toString(e.position()));
            header(r, "ce_confidentiality", e.data().path("confidentiality").asText("public"));
            header(r, "content-type", "application/json");
            if (traceParent != null) header(r, "traceparent", traceParent);
            sent.add(producer.send(r));
        }
        for (var f : sent) f.get(); // every record acknowledged, in order per population (one producer, one key)
    }

    /** Publishes one record as given, whatever it holds: junk a broken or hostile producer could put on the topic. */
    public void publishRaw(String key, java.util.Map<String, String> headers, byte[] value) throws Exception {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> header(r, name, v));
        producer.send(r).get();
    }

    private static void header(ProducerRecord<String, byte[]> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The demo casebook for a population id of the caller's choosing, versions from 1, recorded a minute apart. */
    public static List<Logged> casebook(UUID populationId, Instant firstRecorded) throws Exception {
        List<Logged> events = new ArrayList<>();
        java.util.Map<String, String> ids = new java.util.HashMap<>(); // the file's fixed ids, made unique per population
        long version = 0;
        for (String line : Files.readAllLines(CasefileInfraResource.repoRoot().resolve("docs/examples/camp-ashraf.ndjson"))) {
            if (line.isBlank()) continue;
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            String type = node.remove("type").asText();
            UUID id = UUID.randomUUID();
            if (node.has("eventId")) ids.put(node.remove("eventId").asText(), id.toString());
            for (String ref : List.of("target", "restriction")) {
                if (node.has(ref)) node.put(ref, ids.getOrDefault(node.get(ref).asText(), node.get(ref).asText()));
            }
            version++;
            events.add(new Logged(id, populationId, version, version, type, firstRecorded.plusSeconds(60 * version), node));
        }
        return events;
    }

    @Override
    public void close() {
        producer.close();
    }
}
