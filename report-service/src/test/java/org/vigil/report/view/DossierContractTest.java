package org.vigil.report.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/**
 * The contract between casefile-service and report-service is casefile's OpenAPI document, nothing else (no shared
 * jar): every field report-service reads from the dossier is in the document's {@code Dossier} schema, with a type
 * it can read. casefile's {@code OpenApiDocumentTest} keeps the document equal to what casefile serves, so a change
 * to casefile's dossier that report-service cannot read fails here.
 */
class DossierContractTest {

    private static final Path CONTRACT = Path.of("../docs/openapi/casefile-service.yaml");

    @Test
    void every_field_a_report_reads_is_in_casefiles_dossier_schema_with_a_type_it_reads() throws IOException {
        JsonNode schemas = new ObjectMapper(new YAMLFactory()).readTree(CONTRACT.toFile()).path("components").path("schemas");
        assertThat(schemas.has("Dossier")).as("casefile's OpenAPI document describes the dossier").isTrue();
        List<String> problems = new ArrayList<>();
        new Walk(schemas, problems).record(Dossier.class, schemas.path("Dossier"), "Dossier");
        assertThat(problems).as("fields report-service reads that casefile-service's contract does not give").isEmpty();
    }

    @Test
    void the_check_fails_on_a_field_the_contract_lacks() {
        List<String> problems = new ArrayList<>();
        var schemas = new ObjectMapper().createObjectNode();
        var dossier = schemas.putObject("Dossier").put("type", "object");
        dossier.putObject("properties").putObject("atVersion").put("type", "string");
        new Walk(schemas, problems).record(Dossier.class, dossier, "Dossier");
        assertThat(problems).anyMatch(p -> p.startsWith("Dossier.atVersion")).anyMatch(p -> p.startsWith("Dossier.status"));
    }

    private record Walk(JsonNode schemas, List<String> problems) {

        void record(Class<?> type, JsonNode schema, String path) {
            JsonNode resolved = resolve(schema);
            for (RecordComponent c : type.getRecordComponents()) {
                JsonNode property = resolved.path("properties").path(c.getName());
                if (property.isMissingNode()) {
                    problems.add(path + "." + c.getName() + ": not in the contract");
                } else {
                    value(c.getGenericType(), property, path + "." + c.getName());
                }
            }
        }

        private void value(Type type, JsonNode schema, String path) {
            JsonNode s = resolve(schema);
            if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
                if (expect(s, "array", path)) value(p.getActualTypeArguments()[0], s.path("items"), path + "[]");
            } else if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
                if (expect(s, "object", path)) value(p.getActualTypeArguments()[1], s.path("additionalProperties"), path + "{}");
            } else if (type == String.class) {
                expect(s, "string", path);
            } else if (type == long.class || type == int.class || type == Long.class || type == Integer.class) {
                expect(s, "integer", path);
            } else if (type == boolean.class || type == Boolean.class) {
                expect(s, "boolean", path);
            } else if (type instanceof Class<?> c && c.isRecord()) {
                if (expect(s, "object", path)) record(c, s, path);
            } else {
                problems.add(path + ": report-service reads it as " + type + ", which this check does not know");
            }
        }

        private boolean expect(JsonNode schema, String type, String path) {
            JsonNode declared = schema.path("type");
            boolean ok = declared.isArray() ? contains(declared, type) : type.equals(declared.asText());
            if (!ok) problems.add(path + ": report-service reads " + type + ", the contract says " + declared);
            return ok;
        }

        private static boolean contains(JsonNode array, String type) {
            for (JsonNode t : array) if (type.equals(t.asText())) return true;
            return false;
        }

        private JsonNode resolve(JsonNode schema) {
            String ref = schema.path("$ref").asText("");
            return ref.startsWith("#/components/schemas/") ? schemas.path(ref.substring("#/components/schemas/".length())) : schema;
        }
    }
}
