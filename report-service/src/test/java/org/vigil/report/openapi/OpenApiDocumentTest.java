package org.vigil.report.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.vigil.report.testing.ReportInfraResource;

/**
 * docs/openapi/report-service.yaml is the OpenAPI document this service serves at /q/openapi, byte for byte, so that the
 * published contract cannot drift from the code. After an intended API change, write it again with
 * {@code ./mvnw -pl report-service verify -Dtest=OpenApiDocumentTest -Dopenapi.update=true} and review the diff.
 */
@QuarkusTest
@QuarkusTestResource(ReportInfraResource.class)
class OpenApiDocumentTest {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.report.testing.Tokens.useEverywhere();
    }

    @Test
    void the_published_document_is_current() throws IOException {
        String served = given().queryParam("format", "yaml").when().get("/q/openapi").then().statusCode(200)
                .extract().asString();
        assertThat(served).contains("openapi: 3.").contains("paths:");
        Path published = ReportInfraResource.repoRoot().resolve("docs/openapi/report-service.yaml");
        if (Boolean.getBoolean("openapi.update")) {
            Files.createDirectories(published.getParent());
            Files.writeString(published, served);
        }
        assertThat(published).as("docs/openapi/report-service.yaml exists (write it with -Dopenapi.update=true)").exists();
        assertThat(served).as("the served OpenAPI document equals docs/openapi/report-service.yaml; if the change is intended, "
                + "run with -Dopenapi.update=true and commit the file").isEqualTo(Files.readString(published));
    }
}
