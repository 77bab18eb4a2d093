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
 * The web app's calls to ingest-service, made with the signed-in person's own access token, so ingest-service's
 * rules (roles, clearance, validation, idempotency, the audit line) apply to what they record through a page exactly
 * as to an API call.
 */
@ApplicationScoped
public class Ingest {

    /** An answer of ingest-service: its status and body (a receipt, or a problem). */
    public record Answer(int status, String body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public Ingest(CasefileConfig config) {
        String url = config.web().ingestUrl();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A published JSON Schema, as text (public: no token). */
    public Uni<String> schema(String file) {
        return send(HttpRequest.newBuilder(URI.create(base + "/schemas/" + file)).GET(), null).map(answer -> {
            if (!answer.ok()) throw new IllegalStateException("ingest-service has no schema " + file + " (HTTP " + answer.status() + ")");
            return answer.body();
        });
    }

    /** A type's published example event (public: no token); not ok when the type has none. */
    public Uni<Answer> example(String type) {
        return send(HttpRequest.newBuilder(URI.create(base + "/examples/events/" + type + ".json")).GET(), null);
    }

    /**
     * Sends a CSV file to a population's batch endpoint: recorded all or nothing under {@code idempotencyKey}, or,
     * with {@code dryRun} ({@code lines} or {@code true}), only checked.
     */
    public Uni<Answer> batch(String population, String csv, String token, String idempotencyKey, String dryRun) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/populations/" + population + "/events:batch"
                        + (dryRun == null ? "" : "?dryRun=" + dryRun)))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "text/csv; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(csv));
        if (idempotencyKey != null) request.header("Idempotency-Key", idempotencyKey);
        return send(request, token);
    }

    /** GET a path of ingest-service with the person's token (its audit log, for an admin). */
    public Uni<Answer> get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET(), token);
    }

    /** Appends one event to a population (POST /populations/{id}/events). */
    public Uni<Answer> append(String population, String json, String token, String idempotencyKey) {
        return post("/populations/" + population + "/events", json, token, idempotencyKey);
    }

    /** Registers a population (POST /populations). */
    public Uni<Answer> register(String json, String token, String idempotencyKey) {
        return post("/populations", json, token, idempotencyKey);
    }

    private Uni<Answer> post(String path, String json, String token, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) request.header("Idempotency-Key", idempotencyKey);
        return send(request, token);
    }

    private Uni<Answer> send(HttpRequest.Builder request, String token) {
        if (token != null) request.header("Authorization", "Bearer " + token);
        request.header("Accept", "application/json, application/problem+json");
        return Uni.createFrom().completionStage(() -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()))
                .map(r -> new Answer(r.statusCode(), r.body()));
    }
}
