package org.vigil.ingest.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
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
     * The request bodies refer to the published event schemas by relative address: each reference resolves beside
     * docs/openapi in the repository, and beside /q/openapi on the service, to the same file.
     */
    @Test
    void every_schema_the_document_refers_to_resolves_in_the_repository_and_on_the_service() throws Exception {
        String served = given().queryParam("format", "yaml").when().get("/q/openapi").then().statusCode(200)
                .extract().asString();
        var refs = java.util.regex.Pattern.compile("(\\.\\./schemas/[^\"\\s]+)").matcher(served).results()
                .map(m -> m.group(1)).distinct().toList();
        assertThat(refs).as("the request bodies refer to the event schemas").hasSizeGreaterThanOrEqualTo(13);
        Path openapi = LocalInfra.repoRoot().resolve("docs/openapi");
        for (String ref : refs) {
            Path file = openapi.resolve(ref).normalize();
            assertThat(file).as(ref + " beside docs/openapi").exists();
            // served without a token, as the document is
            var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    openapi().resolve(ref)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(ref + " without a token").isEqualTo(200);
            String onService = answer.body();
            assertThat(onService).as(ref + " beside /q/openapi").isEqualTo(Files.readString(file));
        }
    }
}
