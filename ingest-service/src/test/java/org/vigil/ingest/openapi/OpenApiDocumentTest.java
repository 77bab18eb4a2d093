package org.vigil.ingest.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.event.EventType;
import org.vigil.ingest.testing.IngestInfraResource;
import org.vigil.ingest.testing.LocalInfra;

/**
 * docs/openapi/ingest-service.yaml is the OpenAPI document this service serves at /q/openapi, byte for byte, so that the
 * published contract cannot drift from the code. After an intended API change, write it again with
 * {@code ./mvnw -pl ingest-service verify -Dtest=OpenApiDocumentTest -Dopenapi.update=true} and review the diff.
 */
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class OpenApiDocumentTest {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.ingest.testing.Tokens.useEverywhere();
    }

    @io.quarkus.test.common.http.TestHTTPResource("/q/openapi")
    java.net.URL served;

    private java.net.URI openapi() {
        try {
            return served.toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_published_document_is_current() throws IOException {
        String served = given().queryParam("format", "yaml").when().get("/q/openapi").then().statusCode(200)
                .extract().asString();
        assertThat(served).contains("openapi: 3.").contains("paths:");
        Path published = LocalInfra.repoRoot().resolve("docs/openapi/ingest-service.yaml");
        if (Boolean.getBoolean("openapi.update")) {
            Files.createDirectories(published.getParent());
            Files.writeString(published, served);
        }
        assertThat(published).as("docs/openapi/ingest-service.yaml exists (write it with -Dopenapi.update=true)").exists();
        assertThat(served).as("the served OpenAPI document equals docs/openapi/ingest-service.yaml; if the change is intended, "
                + "run with -Dopenapi.update=true and commit the file").isEqualTo(Files.readString(published));
    }

    /**
     * The document stands alone: every {@code $ref} in it names one of its own components, and the request bodies
     * carry the published schema of each current event type (taken in with the parts it refers to). The published
     * files themselves are served at /schemas/, without a token, as they are in docs/schemas.
     */
    @Test
    void every_reference_resolves_within_the_document_and_the_published_schemas_are_served() throws Exception {
        String served = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().asString();
        var document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(served);
        var components = document.path("components").path("schemas");
        List<String> refs = new ArrayList<>();
        document.findValues("$ref").forEach(r -> refs.add(r.asText()));
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).as("a reference within the document").startsWith("#/components/schemas/");
            assertThat(components.has(ref.substring("#/components/schemas/".length()))).as(ref + " names a component").isTrue();
        }
        var events = document.path("paths").path("/populations/{id}/events").path("post").path("requestBody")
                .path("content").path("application/json");
        for (EventType type : EventType.values()) {
            assertThat(components.path(type.typeName()).path("properties").path("type").toString())
                    .as(type.typeName() + " is a component with its type").contains(type.typeName());
            assertThat(events.path("examples").has(type.typeName()) || type == EventType.POPULATION_REGISTERED)
                    .as("an example of " + type.typeName()).isTrue();
            Path file = LocalInfra.repoRoot().resolve("docs/schemas/" + type.typeName() + ".schema.json");
            var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    openapi().resolve("/schemas/" + type.typeName() + ".schema.json")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(file.getFileName() + " served without a token").isEqualTo(200);
            assertThat(answer.body()).isEqualTo(Files.readString(file));
        }
    }
}
