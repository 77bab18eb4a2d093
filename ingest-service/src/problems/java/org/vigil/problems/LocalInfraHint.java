package org.vigil.problems;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * In dev mode ({@code ./mvnw quarkus:dev -pl <service>}), the first thing a service does: see that deploy/local's
 * PostgreSQL and Kafka answer and that the local database password is known, and if not, say what to run, instead
 * of a connection failure deep in a stack trace. Not in the packaged service or the tests.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class LocalInfraHint {

    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+):(\\d+)");

    void check(@Observes @Priority(0) StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        List<String> down = new ArrayList<>();
        for (String key : List.of("quarkus.datasource.jdbc.url", "quarkus.datasource.reactive.url")) {
            config.getOptionalValue(key, String.class).ifPresent(url -> {
                Matcher m = HOST_PORT.matcher(url);
                if (m.find() && !answers(m.group(1), Integer.parseInt(m.group(2)))) {
                    down.add("PostgreSQL on " + m.group(1) + ":" + m.group(2));
                }
            });
        }
        config.getOptionalValue("kafka.bootstrap.servers", String.class).ifPresent(servers -> {
            String first = servers.split(",")[0].trim();
            int colon = first.lastIndexOf(':');
            if (colon > 0 && !answers(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)))) {
                down.add("Kafka on " + first);
            }
        });
        String hint = "Run deploy/local/infra.sh up from the checkout (it starts PostgreSQL and Kafka without Docker and writes"
                + " each service's .env with the local database password), then start dev mode again.";
        if (!down.isEmpty()) {
            throw new IllegalStateException(String.join(" and ", down.stream().distinct().toList()) + " did not answer. " + hint);
        }
        boolean database = config.getOptionalValue("quarkus.datasource.db-kind", String.class).isPresent();
        if (database && config.getOptionalValue("quarkus.datasource.password", String.class).filter(p -> !p.isBlank()).isEmpty()) {
            throw new IllegalStateException("No database password is set (VIGIL_DB_PASSWORD). " + hint);
        }
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
