package org.vigil.ingest.api;

import org.vigil.problems.Problem;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import org.vigil.ingest.json.EventJson;
import org.vigil.ingest.population.NewEvent;

/**
 * Reads a batch: NDJSON (one event object a line) or CSV for spreadsheet users, where each column header is the
 * field's path as the API names it ({@code type}, {@code occurred.precision}, {@code sources[0].publisher},
 * {@code killed[0].low}) and empty cells are absent fields. Every line is read, so the report lists every bad line at
 * once, by line number.
 */
public final class ImportParser {

    private static final TimeBasedEpochGenerator IDS = Generators.timeBasedEpochGenerator();
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.FAIL_ON_MISSING_HEADER_COLUMNS).build();
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z][A-Za-z0-9]*)((?:\\[\\d{1,4}])*)");
    private static final Set<String> NUMERIC = Set.of("low", "best", "high", "latitude", "longitude");

    private ImportParser() {
    }

    /** The events read in order, with the file line each came from, or every error found. */
    public record Parsed(List<NewEvent> events, List<Integer> lines, List<Problem.FieldError> errors) {
    }

    public static UUID newEventId() {
        return IDS.generate();
    }

    public static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ProblemException(Problem.of("malformed-body", "The body is not UTF-8", 400,
                    "send the file encoded as UTF-8", null));
        }
    }

    public static Parsed ndjson(String body) {
        List<NewEvent> events = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        String[] rows = body.split("\n", -1);
        for (int i = 0; i < rows.length; i++) {
            String row = rows[i].strip();
            if (row.isEmpty()) continue;
            try {
                add(EventJson.mapper().readTree(row), i + 1, events, lines, errors);
            } catch (JsonProcessingException e) {
                errors.add(new Problem.FieldError(i + 1, "", "json.syntax", "not a JSON object: " + EventJson.syntax(e)));
            }
        }
        return new Parsed(events, lines, errors);
    }

    public static Parsed csv(String body) {
        List<NewEvent> events = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> rows = CSV.readerFor(Map.class).with(schema).readValues(body)) {
            int line = 1;
            while (true) {
                Map<String, String> row;
                try {
                    if (!rows.hasNextValue()) break;
                    row = rows.nextValue();
                } catch (IOException | RuntimeException e) {
                    errors.add(new Problem.FieldError(line + 1, "", "csv.syntax", e.getMessage()));
                    break;
                }
                line++;
                try {
                    ObjectNode node = unflatten(row);
                    if (node.isEmpty()) continue;
                    add(node, line, events, lines, errors);
                } catch (IllegalArgumentException e) {
                    errors.add(new Problem.FieldError(line, "", "csv.header", e.getMessage()));
                }
            }
        } catch (IOException e) {
            errors.add(new Problem.FieldError(1, "", "csv.syntax", e.getMessage()));
        }
        return new Parsed(events, lines, errors);
    }

    private static void add(JsonNode node, int line, List<NewEvent> events, List<Integer> lines,
                            List<Problem.FieldError> errors) {
        try {
            EventJson.Decoded decoded = EventJson.decode(node);
            events.add(decoded.eventId().map(id -> new NewEvent(id, decoded.event(), true))
                    .orElseGet(() -> new NewEvent(newEventId(), decoded.event(), false)));
            lines.add(line);
        } catch (EventJson.Invalid invalid) {
            invalid.violations().forEach(v -> errors.add(new Problem.FieldError(line, v.field(), v.rule(), v.message())));
        }
    }

    /** Builds the event object from path-named cells: {@code killed[0].low = 13} becomes {@code {"killed":[{"low":13}]}}. */
    static ObjectNode unflatten(Map<String, String> row) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> cell : row.entrySet()) {
            String value = cell.getValue();
            if (value == null || value.isBlank()) continue;
            String[] segments = cell.getKey().strip().split("\\.");
            JsonNode current = root;
            for (int s = 0; s < segments.length; s++) {
                Matcher m = SEGMENT.matcher(segments[s]);
                if (!m.matches()) throw new IllegalArgumentException("column '" + cell.getKey() + "' is not a field path");
                String name = m.group(1);
                List<Integer> indexes = new ArrayList<>();
                Matcher idx = Pattern.compile("\\[(\\d+)]").matcher(m.group(2));
                while (idx.find()) indexes.add(Integer.parseInt(idx.group(1)));
                boolean leaf = s == segments.length - 1;
                ObjectNode parent = (ObjectNode) current;
                if (indexes.isEmpty()) {
                    if (leaf) {
                        parent.set(name, leafValue(name, value.strip()));
                    } else {
                        current = parent.has(name) ? parent.get(name) : parent.putObject(name);
                        if (!current.isObject()) throw new IllegalArgumentException("column '" + cell.getKey() + "' clashes with another");
                    }
                    continue;
                }
                ArrayNode array = parent.has(name) && parent.get(name).isArray() ? (ArrayNode) parent.get(name) : parent.putArray(name);
                for (int k = 0; k < indexes.size(); k++) {
                    int index = indexes.get(k);
                    if (index > 999) throw new IllegalArgumentException("column '" + cell.getKey() + "': index too large");
                    while (array.size() <= index) array.addNull();
                    boolean last = k == indexes.size() - 1;
                    if (last && leaf) {
                        array.set(index, leafValue(name, value.strip()));
                    } else if (last) {
                        if (!array.get(index).isObject()) array.set(index, JsonNodeFactory.instance.objectNode());
                        current = array.get(index);
                    } else {
                        if (!array.get(index).isArray()) array.set(index, JsonNodeFactory.instance.arrayNode());
                        array = (ArrayNode) array.get(index);
                    }
                }
            }
        }
        return root;
    }

    private static JsonNode leafValue(String name, String value) {
        if (NUMERIC.contains(name)) {
            try {
                return name.equals("latitude") || name.equals("longitude")
                        ? JsonNodeFactory.instance.numberNode(Double.parseDouble(value))
                        : JsonNodeFactory.instance.numberNode(Long.parseLong(value.replace(",", "")));
            } catch (NumberFormatException e) {
                return JsonNodeFactory.instance.textNode(value); // the decoder names the field and the rule
            }
        }
        return JsonNodeFactory.instance.textNode(value);
    }
}
