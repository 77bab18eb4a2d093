package org.vigil.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol: enough to open a page and read its DOM while it
 * updates itself. Started with the flags this closed network needs (no background networking, no sync).
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    public HeadlessChromium() throws Exception {
        String binary = Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : "chromium";
        profile = Files.createTempDirectory("vigil-chromium");
        process = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        Instant deadline = Instant.now().plusSeconds(30);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                throw new IllegalStateException("Chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).getFirst().strip());
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String url = null;
        for (JsonNode t : targets) if (t.path("type").asText().equals("page")) url = t.path("webSocketDebuggerUrl").asText();
        if (url == null) throw new IllegalStateException("Chromium has no page target: " + targets);
        socket = http.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
            private final StringBuilder buffer = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                buffer.append(data);
                if (last) {
                    try {
                        JsonNode message = JSON.readTree(buffer.toString());
                        CompletableFuture<JsonNode> f = message.has("id") ? pending.remove(message.get("id").asInt()) : null;
                        if (f != null) f.complete(message);
                    } catch (Exception ignored) {
                        // events we did not ask for
                    }
                    buffer.setLength(0);
                }
                ws.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    public JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        return answer.get(20, TimeUnit.SECONDS);
    }

    public void open(String url) throws Exception {
        call("Page.navigate", JSON.createObjectNode().put("url", url));
    }

    /** Evaluates a JavaScript expression in the page and answers its value as text. */
    public String eval(String expression) throws Exception {
        return eval(expression, false);
    }

    /** The same; with {@code awaitPromise}, an expression that gives a promise answers what it resolves to. */
    public String eval(String expression, boolean awaitPromise) throws Exception {
        JsonNode answer = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", awaitPromise));
        return answer.path("result").path("result").path("value").asText(null);
    }

    /** A PNG of the whole page, for a person to look at. */
    public void screenshot(java.nio.file.Path file) throws Exception {
        JsonNode answer = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true));
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        java.nio.file.Files.write(file, java.util.Base64.getDecoder().decode(answer.path("result").path("data").asText()));
    }

    /**
     * Waits until the expression's value is the expected one on a page that has fully arrived; answers the last value
     * seen. A page still being parsed can already show the element waited for while the ones after it are missing, so
     * a match counts only once {@code document.readyState} is complete.
     */
    public String waitFor(String expression, String expected, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String value = null;
        while (Instant.now().isBefore(deadline)) {
            value = eval(expression);
            if (expected.equals(value) && "complete".equals(eval("document.readyState"))) return value;
            Thread.sleep(200);
        }
        return value;
    }

    @Override
    public void close() throws Exception {
        try {
            socket.abort();
        } finally {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }
}
