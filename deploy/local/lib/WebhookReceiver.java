import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A webhook receiver for deploy/local/bench-webhooks.sh: answers 204 to every POST on loopback and keeps, per delivery,
 * how long after the event was recorded it arrived. Prints the count and the percentiles when stopped (SIGTERM).
 * Run as a single source file: java WebhookReceiver.java <port>
 */
public class WebhookReceiver {

    private static final Pattern RECORDED = Pattern.compile("\"recordedAt\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 512);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Matcher m = RECORDED.matcher(body);
                if (m.find()) latencies.add(Instant.now().toEpochMilli() - Instant.parse(m.group(1)).toEpochMilli());
                exchange.sendResponseHeaders(204, -1);
            } catch (RuntimeException e) {
                e.printStackTrace();
                throw e;
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            List<Long> all;
            synchronized (latencies) {
                all = new ArrayList<>(latencies);
            }
            Collections.sort(all);
            if (all.isEmpty()) {
                System.out.println("  webhook receiver: no deliveries");
                return;
            }
            System.out.printf("  webhook receiver: %d deliveries; from recording to arrival p50 %d ms, p99 %d ms, max %d ms%n",
                    all.size(), all.get(all.size() / 2), all.get((int) (all.size() * 0.99)), all.getLast());
        }));
        System.out.println("listening on " + args[0]);
        Thread.currentThread().join();
    }
}
