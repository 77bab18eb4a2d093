package org.vigil.ingest.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.event.EventType;
import org.vigil.ingest.event.PopulationEvent;
import org.vigil.ingest.json.EventJson;
import org.vigil.ingest.json.EventJsonApprovalTest;
import org.vigil.ingest.json.EventSamples;
import org.vigil.ingest.testing.Fixtures;
import org.vigil.ingest.testing.IngestInfraResource;

/**
 * The published schemas (docs/schemas) and the API agree. Bodies are generated from each current type's sample by
 * random changes (a field dropped, set to null, lengthened past its limit, an enum in capitals, a number out of
 * bounds or as 0.0, an unknown field, another precision, a bad date, an empty list), and each goes through the real
 * API. A body the schema refuses is refused, naming every place the schema names; a body the schema accepts is
 * accepted, or refused only by the cross-field rules that JSON Schema cannot state (docs/events.md).
 */
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class SchemaAgreementTest {

    /** The rules JSON Schema cannot state: across fields, across events of the stream, or a calendar's. */
    static final Set<String> CROSS_FIELD = Set.of("figure.source-cited", "estimate.ordered", "interval.ordered",
            "figure.qualifier-numbers", "figure.words", "figure.words-agree", "source.ref-unique", "date.format",
            "target.exists", "target.is-fact", "target.not-retracted", "correction.same-type", "correction.of-fact",
            "restriction.exists", "restriction.in-force", "population.registered-once", "event.id-unique");

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @BeforeEach
    void authenticate() {
        org.vigil.ingest.testing.Tokens.useEverywhere();
    }

    @Test
    void bodies_generated_from_each_schema_are_decided_as_the_schema_says() {
        Random random = new Random(20261202L);
        String population = given().contentType(ContentType.JSON).body(Fixtures.registration("Schema agreement"))
                .when().post("/populations").then().statusCode(201).extract().path("populationId");
        int accepted = 0;
        int refused = 0;
        List<String> disagreements = new ArrayList<>();
        for (PopulationEvent sample : EventSamples.all()) {
            String type = EventType.of(sample).typeName();
            for (int round = 0; round < 30; round++) {
                ObjectNode body = EventJson.withType(sample);
                String change = round == 0 ? "unchanged" : mutate(body, random);
                Set<ValidationMessage> schema = EventJsonApprovalTest.schema(type).validate(body);
                boolean registration = sample instanceof PopulationEvent.PopulationRegistered;
                Response answer = given().contentType(ContentType.JSON).body(body.toString())
                        .when().post(registration ? "/populations" : "/populations/" + population + "/events");
                int status = answer.statusCode();
                String what = type + " (" + change + "): " + status + " " + answer.asString();
                if (!schema.isEmpty()) {
                    refused++;
                    if (status != 400 && status != 422) {
                        disagreements.add("the schema refuses, the API did not: " + what + " / schema: " + schema);
                        continue;
                    }
                    List<String> fields = answer.jsonPath().getList("errors.field");
                    for (ValidationMessage m : schema) {
                        String at = place(m);
                        if (fields.stream().noneMatch(f -> f.startsWith(at) || at.startsWith(f))) {
                            disagreements.add("the API does not name '" + at + "' (" + m.getMessage() + "): " + what);
                        }
                    }
                } else if (status != 201) {
                    List<String> rules = answer.jsonPath().getList("errors.rule");
                    if (status != 422 || rules == null || !CROSS_FIELD.containsAll(rules)) {
                        disagreements.add("the schema accepts, the API refused by a rule the schema could state: " + what);
                    } else {
                        accepted++;
                    }
                } else {
                    accepted++;
                }
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(accepted).as("bodies the schema accepts").isGreaterThan(12);
        assertThat(refused).as("bodies the schema refuses").isGreaterThan(100);
    }

    /** Where a schema message points, as the API names fields: "killed[0].low", or the missing property. */
    private static String place(ValidationMessage m) {
        String at = m.getInstanceLocation().toString().replaceAll("\\[(\\d+)]", "[$1]").replaceFirst("^\\$\\.?", "")
                .replaceAll("^/", "").replaceAll("/(\\d+)", "[$1]").replace('/', '.');
        if ((m.getType().equals("required") || m.getType().equals("additionalProperties")) && m.getProperty() != null
                && !m.getInstanceLocation().toString().matches(".*(size|count|killed|injured|abducted)\\W*\\d+\\W*$")) {
            at = at.isEmpty() ? m.getProperty() : at + "." + m.getProperty();
        }
        return at;
    }

    /** One random change to a body; answers what it did. */
    static String mutate(ObjectNode body, Random random) {
        List<Map.Entry<ObjectNode, String>> fields = new ArrayList<>();
        collect(body, fields);
        fields.removeIf(e -> e.getKey() == body && e.getValue().equals("type"));
        Map.Entry<ObjectNode, String> pick = fields.get(random.nextInt(fields.size()));
        ObjectNode parent = pick.getKey();
        String name = pick.getValue();
        JsonNode value = parent.get(name);
        switch (random.nextInt(10)) {
            case 0 -> parent.remove(name);
            case 1 -> parent.putNull(name);
            case 2 -> {
                if (!value.isTextual()) return mutate(body, random);
                parent.put(name, value.asText().toUpperCase(java.util.Locale.ROOT) + (random.nextBoolean() ? " " : ""));
            }
            case 3 -> {
                if (!value.isTextual()) return mutate(body, random);
                parent.put(name, "x".repeat(random.nextBoolean() ? 301 : 10_001));
            }
            case 4 -> {
                if (!value.isNumber()) return mutate(body, random);
                switch (random.nextInt(4)) {
                    case 0 -> parent.put(name, value.asLong() + 0.0);
                    case 1 -> parent.put(name, -1);
                    case 2 -> parent.put(name, 1_000_000_000L);
                    default -> parent.put(name, 0.5);
                }
            }
            case 5 -> parent.put("unexpected" + random.nextInt(9), "x");
            case 6 -> {
                JsonNode occurred = body.get("occurred");
                if (!(occurred instanceof ObjectNode o)) return mutate(body, random);
                o.put("precision", List.of("exact", "day", "month", "year", "approximate", "range").get(random.nextInt(6)));
                return "occurred.precision=" + o.get("precision").asText();
            }
            case 7 -> {
                if (!value.isTextual() || !name.matches("date|earliest|latest|effectiveFrom|effectiveUntil|at")) return mutate(body, random);
                parent.put(name, List.of("2013-02-30", "1799", "2013-9-1", "2201-01-01", "2013-01-01T10:00").get(random.nextInt(5)));
            }
            case 8 -> {
                if (!value.isArray()) return mutate(body, random);
                parent.set(name, F.arrayNode());
            }
            default -> {
                if (!(value instanceof ArrayNode list) || list.isEmpty() || !(list.get(0) instanceof ObjectNode figure)
                        || !figure.has("source") || figure.has("ref")) return mutate(body, random);
                figure.remove(List.of("low", "best", "high", "says"));
                if (random.nextBoolean()) figure.put("says", List.of("about 12", "a dozen", "12-plus", "between 9 and 3").get(random.nextInt(4)));
                return name + "[0] numbers replaced";
            }
        }
        return name + " changed";
    }

    private static void collect(ObjectNode node, List<Map.Entry<ObjectNode, String>> out) {
        node.fieldNames().forEachRemaining(name -> {
            out.add(Map.entry(node, name));
            JsonNode child = node.get(name);
            if (child instanceof ObjectNode o) collect(o, out);
            if (child instanceof ArrayNode a) a.forEach(e -> {
                if (e instanceof ObjectNode o) collect(o, out);
            });
        });
    }
}
