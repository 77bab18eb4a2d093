package org.vigil.casefile.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.vigil.casefile.config.CasefileConfig;

/**
 * The web app's calls to report-service, with the signed-in person's own access token: report-service's rules (who
 * may write which audience, what a reader may read, the audit line) apply to the pages as to its API.
 */
@ApplicationScoped
public class Reports {

    /** An answer of report-service: status, content type and body. */
    public record Answer(int status, String contentType, byte[] body) {
        public boolean ok() {
            return status / 100 == 2;
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public Reports(CasefileConfig config) {
        String url = config.web().reportUrl();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** GET a path of report-service (a listing, a report's summary or an edition, a verification). */
    public Uni<Answer> get(String path, String accept, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).header("Accept", accept).GET(), token);
    }

    /** Writes a report (POST /reports). */
    public Uni<Answer> write(String json, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + "/reports")).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), token);
    }

    private Uni<Answer> send(HttpRequest.Builder request, String token) {
        request.header("Authorization", "Bearer " + token);
        return Uni.createFrom().completionStage(() -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()))
                .map(r -> new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse("application/octet-stream"), r.body()));
    }
}
