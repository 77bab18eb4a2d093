package org.vigil.report.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A packaged upstream service (ingest-service or casefile-service, built by the reactor before report-service) run as
 * a process of its own on its own port: the report tests read the real services, not stand-ins.
 */
public final class Upstream implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final Map<String, String> env;
    private final int port;
    private Process process;

    public Upstream(String name, Map<String, String> env) throws Exception {
        this.name = name;
        this.env = new HashMap<>(env);
        this.port = freePort();
    }

    public Upstream start(Map<String, String> overrides) throws Exception {
        Path jar = ReportInfraResource.repoRoot().resolve(name + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the whole project (./mvnw verify from the top),"
                    + " which packages " + name + " before report-service's tests run");
        }
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + System.getProperty("bench.upstream.heap", "768m")));
        // more JVM options for this service alone, for measuring (-Dbench.casefile-service.jvm="-XX:StartFlightRecording=...")
        String more = System.getProperty("bench." + name + ".jvm", "").strip();
        if (!more.isEmpty()) command.addAll(java.util.List.of(more.split("\\s+")));
        command.addAll(java.util.List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/" + name + ".log")));
        pb.environment().putAll(env);
        pb.environment().putAll(overrides);
        pb.environment().put(name.equals("ingest-service") ? "VIGIL_INGEST_PORT" : "VIGIL_CASEFILE_PORT", Integer.toString(port));
        process = pb.start();
        Instant deadline = Instant.now().plusSeconds(90);
        while (status("/q/health/ready") != 200) {
            if (!process.isAlive()) throw new IllegalStateException(name + " exited; see target/" + name + ".log");
            if (Instant.now().isAfter(deadline)) throw new IllegalStateException(name + " not ready in 90 s; see target/" + name + ".log");
            Thread.sleep(200);
        }
        return this;
    }

    /** The service's resident memory now, in MB (from /proc; -1 if unknown). */
    public long residentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).header("Authorization", "Bearer " + Tokens.everything()).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    public HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).header("Authorization", "Bearer " + Tokens.everything()).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).header("Authorization", "Bearer " + Tokens.everything()).header("Content-Type", contentType)
.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Stops it and waits until it is gone. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            // a service that ran out of heap may never finish shutting down
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
