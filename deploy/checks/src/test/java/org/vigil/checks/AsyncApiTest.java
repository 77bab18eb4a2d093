package org.vigil.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** docs/asyncapi.yaml passes the AsyncAPI parser, names every event type of docs/schemas, and a broken copy fails. */
class AsyncApiTest {

    private static final Path DOCS = Tools.ROOT.resolve("docs");

    @Test
    void documentIsValid() throws IOException {
        Tools.Result result = Tools.validateAsyncApi(DOCS.resolve("asyncapi.yaml"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("valid: AsyncAPI 3.", "vigil.population-events", "vigil.population-status")
                .doesNotContain("ERROR");
    }

    @Test
    void everyEventTypeHasAMessage() throws IOException {
        String document = Files.readString(DOCS.resolve("asyncapi.yaml"));
        List<String> types;
        try (Stream<Path> files = Files.list(DOCS.resolve("schemas"))) {
            types = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("vigil."))
                    .map(n -> n.substring(0, n.length() - ".schema.json".length())).sorted().toList();
        }
        assertThat(types).isNotEmpty();
        for (String type : types) {
            assertThat(document).as("message for " + type).contains("name: " + type + "\n")
                    .contains("$ref: 'schemas/" + type + ".schema.json'");
        }
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                Arguments.of("schemas/vigil.attack.recorded.v1.schema.json", "schemas/vigil.attack.recorded.v9.schema.json", "ERROR invalid-ref"),
                Arguments.of("$ref: '#/channels/populationStatus'", "$ref: '#/channels/populationStatuses'", "does not exist"),
                Arguments.of("asyncapi: 3.1.0\n", "asyncapi: 3.1.0\nchannelz: {}\n", "ERROR"));
    }

    @ParameterizedTest
    @MethodSource("breakages")
    void brokenDocumentIsCaught(String original, String replacement, String expected) throws IOException {
        Path dir = Tools.CHECKS.resolve("target/asyncapi-broken");
        Path schemas = dir.resolve("schemas");
        Files.createDirectories(schemas);
        try (Stream<Path> files = Files.list(DOCS.resolve("schemas"))) {
            for (Path f : files.toList()) Files.copy(f, schemas.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String document = Files.readString(DOCS.resolve("asyncapi.yaml"));
        assertThat(document).contains(original);
        Path broken = dir.resolve("asyncapi.yaml");
        Files.writeString(broken, document.replace(original, replacement));
        Tools.Result result = Tools.validateAsyncApi(broken);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains(expected).contains("INVALID");
    }
}
