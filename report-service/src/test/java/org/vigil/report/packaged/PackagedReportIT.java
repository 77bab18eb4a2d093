package org.vigil.report.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.vigil.report.testing.ReportInfraResource;

/**
 * The packaged report-service (target/quarkus-app, as deploy/local/start.sh runs it) writes the demo report and
 * serves all three editions. The packaged application loads classes differently from the test JVM: a library that
 * shadows a JDK API breaks only here.
 */
class PackagedReportIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String BEARER = "Bearer " + org.vigil.report.testing.Tokens.everything();

    @Test
    void thePackagedServiceWritesTheDemoReportInEveryEdition() throws Exception {
        ReportInfraResource infra = new ReportInfraResource();
        Map<String, String> config = infra.start();
        Process process = null;
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
            config.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("-Dquarkus.http.port=" + port);
            command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/packaged-report-service.log"))).start();
            String base = "http://127.0.0.1:" + port;
            Instant deadline = Instant.now().plusSeconds(60);
            while (status(base + "/q/health/ready") != 200) {
                assertThat(process.isAlive()).as("report-service exited; see target/packaged-report-service.log").isTrue();
                assertThat(Instant.now()).as("report-service ready within 60 s").isBefore(deadline);
                Thread.sleep(200);
            }
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/reports")).header("Authorization", BEARER)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"populationId\":\"" + ReportInfraResource.DEMO + "\",\"asOf\":\"2016-12-31\",\"audience\":\"public\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String location = created.headers().firstValue("Location").orElseThrow();

            assertThat(get(location, "text/markdown").body()).contains("Camp Ashraf residents: situation report");
            assertThat(get(location, "text/html").body()).contains("<svg xmlns=\"http://www.w3.org/2000/svg\"");
            HttpResponse<byte[]> pdf = HTTP.send(HttpRequest.newBuilder(URI.create(location)).header("Authorization", BEARER).header("Accept", "application/pdf").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(pdf.statusCode()).as(new String(pdf.body())).isEqualTo(200);
            try (PDDocument doc = Loader.loadPDF(pdf.body())) {
                assertThat(new PDFTextStripper().getText(doc)).contains("Camp Ashraf residents: situation report");
            }
            assertThat(get(location + "/verify", "application/json").body()).contains("\"verified\":true");
        } finally {
            if (process != null) {
                process.destroy();
                process.waitFor();
            }
            infra.stop();
        }
    }

    private static HttpResponse<String> get(String url, String accept) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", BEARER).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
