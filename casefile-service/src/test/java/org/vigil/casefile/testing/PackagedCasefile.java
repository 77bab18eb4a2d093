package org.vigil.casefile.testing;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The packaged casefile-service (target/quarkus-app) run as a process of its own, on its own database, topics,
 * consumer group and port: for the tests that must kill it, and for benchmarks that must not share its JVM.
 */
public final class PackagedCasefile implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;

    private PackagedCasefile(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts it and waits until it is ready; the run name keeps its topics and group apart from other runs. */
    public static PackagedCasefile start(String database, String topic, String run, int port, String heap, String logName,
                                         Map<String, String> extraEnv) throws Exception {
        String jar = System.getProperty("casefile.jar", "target/quarkus-app/quarkus-run.jar");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-jar", jar)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/" + logName)));
        Map<String, String> env = new HashMap<>(CasefileInfraResource.env());
        env.put("VIGIL_CASEFILE_DB_NAME", database);
        env.put("VIGIL_EVENTS_TOPIC", topic);
        env.put("VIGIL_STATUS_TOPIC", "vigil.population-status." + run);
        env.put("VIGIL_CASEFILE_GROUP", "vigil-casefile-" + run);
        env.put("VIGIL_CASEFILE_PORT", Integer.toString(port));
        env.put("VIGIL_JWT_PUBLIC_KEY", Tokens.publicKeyLocation());
        env.put("VIGIL_JWT_ISSUER", Tokens.ISSUER);
        env.putAll(extraEnv);
        pb.environment().putAll(env);
        PackagedCasefile service = new PackagedCasefile(pb.start(), port);
        waitUntil(() -> service.get("/q/health/ready") == 200, Duration.ofSeconds(60));
        return service;
    }

    public Process process() {
        return process;
    }

    public int port() {
        return port;
    }

    /** SIGKILL, and wait until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public int get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + Tokens.everything()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    public HttpResponse<String> fetch(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + Tokens.everything()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST without a body; {@code headers}: names and values, alternately. */
    public HttpResponse<String> post(String path, Duration timeout, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + Tokens.everything())
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(timeout);
        for (int i = 0; i + 1 < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A value from /q/metrics, or 0 when it is not there (yet). */
    public double metric(String name) {
        try {
            for (String line : fetch("/q/metrics").body().split("\n")) {
                if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1));
            }
        } catch (Exception ignored) {
            // not up yet
        }
        return 0;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    public interface Check {
        boolean ok() throws Exception;
    }

    public static void waitUntil(Check check, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!check.ok()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("condition not met within " + timeout);
            Thread.sleep(200);
        }
    }

    public static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
