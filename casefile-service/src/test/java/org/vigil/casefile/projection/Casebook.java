package org.vigil.casefile.projection;

import org.vigil.casefile.wire.LoggedEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The demo casebook as the log would publish it: one event a line, versions 1, 2, 3..., recorded a minute apart. */
public final class Casebook {

    static final UUID ASHRAF = UUID.fromString("8f3e2a41-5a0c-4c0e-9d7b-2a7d1f6c0a51");
    static final Instant FIRST_RECORDED = Instant.parse("2026-01-01T00:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    private Casebook() {
    }

    public static List<LoggedEvent> campAshraf() throws IOException {
        return read(Path.of("../docs/examples/camp-ashraf.ndjson"));
    }

    /** The casebook as first recorded, in the version 1 event types: old events that must keep their meaning. */
    public static List<LoggedEvent> campAshrafV1() throws IOException {
        return read(Path.of("../docs/examples/camp-ashraf.v1.ndjson"));
    }

    /**
     * docs/examples/figures.ndjson without its last line: a correction sent as a patch, which only ingest-service can
     * make whole (it needs the log).
     */
    public static List<LoggedEvent> figureExamples() throws IOException {
        List<LoggedEvent> all = read(Path.of("../docs/examples/figures.ndjson"));
        return all.stream().filter(e -> !e.data().has("patch")).toList();
    }

    private static List<LoggedEvent> read(Path file) throws IOException {
        List<LoggedEvent> events = new ArrayList<>();
        long version = 0;
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) continue;
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            String type = node.remove("type").asText();
            UUID id = node.has("eventId") ? UUID.fromString(node.remove("eventId").asText()) : UUID.nameUUIDFromBytes(line.getBytes());
            version++;
            events.add(new LoggedEvent(id, ASHRAF, version, 1000 + version, type, FIRST_RECORDED.plusSeconds(60 * version),
                    node.path("confidentiality").asText(), node));
        }
        return events;
    }

    static CaseFile folded(List<LoggedEvent> events) {
        CaseFile file = new CaseFile(ASHRAF);
        for (LoggedEvent e : events) {
            CaseFile.Outcome outcome = file.apply(e.envelope());
            if (!(outcome instanceof CaseFile.Outcome.Applied)) throw new AssertionError(e.eventId() + ": " + outcome);
        }
        return file;
    }
}
