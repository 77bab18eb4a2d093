package org.vigil.ingest.json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import org.vigil.ingest.event.Violation;

/**
 * The published JSON Schemas (docs/schemas, packaged in the jar under schemas/) as the first check of every body:
 * what they state is what the API enforces, in the version the client sent. Each schema is compiled once. A
 * violation names the field (its JSON path: {@code killed[0].low}), the rule (the names clients already match on:
 * {@code required}, {@code json.unknown-field}, {@code json.type} (also for a value outside an enumeration, with the
 * allowed values), {@code text.max-length}, {@code estimate.non-negative}, {@code date.matches-precision}, ...; else
 * {@code schema.<keyword>}) and what is allowed.
 */
public final class Schemas {

    private static final String ID_PREFIX = "https://vigil.example.org/schemas/";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix(ID_PREFIX, "classpath:schemas/")));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).javaSemantics(true).pathType(com.networknt.schema.PathType.JSON_POINTER).build();
    private static final Map<String, Optional<JsonSchema>> COMPILED = new ConcurrentHashMap<>();

    private Schemas() {
    }

    /** Every way {@code event} (as the client sent it, of type {@code typeName}) breaks its schema; empty if none. */
    public static List<Violation> check(String typeName, JsonNode event) {
        Optional<JsonSchema> schema = COMPILED.computeIfAbsent(typeName, Schemas::load);
        if (schema.isEmpty()) return List.of();
        List<Violation> out = new ArrayList<>();
        schema.get().validate(event).stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString()).thenComparing(ValidationMessage::getType))
                .forEach(m -> {
                    Violation v = violation(m);
                    if (v != null && !out.contains(v)) out.add(v);
                });
        return numberless(out);
    }

    private static Optional<JsonSchema> load(String typeName) {
        if (Schemas.class.getResource("/schemas/" + typeName + ".schema.json") == null) return Optional.empty();
        return Optional.of(FACTORY.getSchema(SchemaLocation.of("classpath:schemas/" + typeName + ".schema.json"), CONFIG));
    }

    /** One schema message as a violation; null for the umbrella messages of anyOf/oneOf, whose parts are reported. */
    private static Violation violation(ValidationMessage m) {
        String at = path(m.getInstanceLocation().toString());
        String keyword = m.getType();
        String text = m.getMessage();
        int colon = text.indexOf(": ");
        if (colon >= 0 && text.startsWith("/")) text = text.substring(colon + 2);
        else if (colon >= 0 && text.startsWith("$")) text = text.substring(colon + 2);
        return switch (keyword) {
            case "required" -> {
                String field = join(at, m.getProperty());
                yield new Violation(field, "required", "'" + field + "' is required");
            }
            case "additionalProperties", "unevaluatedProperties" -> new Violation(join(at, m.getProperty()), "json.unknown-field",
                    "'" + m.getProperty() + "' is not a field here");
            case "type" -> new Violation(at, "json.type", text);
            case "anyOf" -> at.matches(".*(size|count|killed|injured|abducted)\\[\\d+]$")
                    ? new Violation(at + ".best", "required", "a figure gives its number: in best (one number), low and high, or in words in 'says'")
                    : new Violation(at, "schema.anyOf", text);
            case "const" -> new Violation(at, "json.type", text);
            // the rule name clients already match on for a value outside an enumeration
            case "enum" -> new Violation(at, "json.type", "'" + m.getInstanceNode().asText() + "' is not allowed here; "
                    + text.replace("does not have a value in the enumeration", "expected one of"));
            case "pattern" -> new Violation(at, at.matches(".*(date|earliest|latest|effectiveFrom|effectiveUntil)$")
                    ? "date.matches-precision" : "schema.pattern", pattern(at));
            case "false" -> new Violation(at, "date.matches-precision", "'" + at.substring(at.lastIndexOf('.') + 1)
                    + "' does not go with this precision: exact takes 'at'; day, month, year and approximate take 'date'; "
                    + "range takes 'earliest' and 'latest'");
            case "maxLength" -> new Violation(at, "text.max-length", text);
            case "minimum", "maximum" -> at.matches(".*\\.(low|best|high)$")
                    ? new Violation(at, "estimate.non-negative", "a count is between 0 and 100,000,000")
                    : at.matches(".*\\.(latitude|longitude)$") ? new Violation(at, "coordinates.range", text)
                    : new Violation(at, "schema." + keyword, text);
            case "format" -> at.endsWith("eventId") || at.endsWith("target") || at.endsWith("restriction")
                    ? new Violation(at, "uuid.format", "an event id is a UUID")
                    : at.endsWith("url") ? new Violation(at, "url.http", "a source URL is an absolute http or https address")
                    : new Violation(at, "date.format", text);
            case "dependentRequired" -> new Violation(at, "coordinates.paired", "give latitude and longitude together, or neither");
            default -> new Violation(at, "schema." + keyword, text);
        };
    }

    /** A figure with no number breaks each branch of its anyOf (best, low, high, says): one violation says so. */
    private static List<Violation> numberless(List<Violation> found) {
        List<Violation> out = new ArrayList<>();
        java.util.Set<String> figures = new java.util.HashSet<>();
        for (Violation v : found) {
            java.util.regex.Matcher m = NUMBER.matcher(v.field());
            if (v.rule().equals("required") && m.matches()) {
                if (figures.add(m.group(1))) {
                    out.add(new Violation(m.group(1) + ".best", "required",
                            "a figure gives its number: in best (one number), low and high, or in words in 'says'"));
                }
            } else {
                out.add(v);
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("(.*\\[\\d+])\\.(best|low|high|says)");

    /** What a pattern asks for, in words. */
    private static String pattern(String at) {
        String leaf = at.substring(at.lastIndexOf('.') + 1);
        if (leaf.equals("ref")) return "a short label: letters, digits, '.', '_', ':' or '-', starting with a letter or digit, at most 64 characters";
        if (leaf.equals("country")) return "a country is its ISO 3166-1 alpha-2 code, such as IQ or AL";
        if (leaf.equals("url")) return "an absolute http or https address";
        if (leaf.matches("date|earliest|latest|effectiveFrom|effectiveUntil")) {
            return "a date as its precision requires (YYYY-MM-DD for day, YYYY-MM for month, YYYY for year; earliest and "
                    + "latest YYYY-MM-DD), in the years 1800 to 2200";
        }
        return "cannot be blank";
    }

    private static String join(String at, String property) {
        if (property == null || property.isEmpty()) return at;
        return at.isEmpty() ? property : at + "." + property;
    }

    /** "/killed/0/low" reads "killed[0].low". */
    static String path(String pointer) {
        StringBuilder out = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) continue;
            String token = part.replace("~1", "/").replace("~0", "~");
            if (token.chars().allMatch(Character::isDigit)) out.append('[').append(token).append(']');
            else {
                if (!out.isEmpty()) out.append('.');
                out.append(token);
            }
        }
        return out.toString();
    }
}
