package org.vigil.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.testing.Fixtures;
import org.vigil.ingest.testing.IngestInfraResource;
import org.vigil.ingest.testing.Tokens;
import org.vigil.ingest.webhook.Signature;

/**
 * Webhooks against a real receiver on loopback (the test profile's allow-list admits 127.0.0.0/8): deliveries signed
 * per Standard Webhooks, only the types, populations and levels asked for, a receiver that is down for a while and
 * comes back gets everything with the same ids, a replay sends again under the same ids, a subscription whose every
 * attempt fails is disabled and says why, and a bad request is refused naming every field at fault.
 */
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class WebhooksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the receiver was sent: the three headers and the body. */
    record Received(String id, long timestamp, String signature, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private HttpServer receiver;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private volatile int answer = 200;

    @BeforeEach
    void start() throws Exception {
        RestAssured.requestSpecification = null; // each request here names its caller
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = answer;
            if (status == 200) {
                var h = exchange.getRequestHeaders();
                received.add(new Received(h.getFirst("webhook-id"), Long.parseLong(h.getFirst("webhook-timestamp")),
                        h.getFirst("webhook-signature"), body));
            }
            byte[] out = (status == 200 ? "ok" : "down for maintenance").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        RestAssured.requestSpecification = null;
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private static String analyst(String name) {
        return "Bearer " + Tokens.token(name, "restricted", "analyst");
    }

    @Test
    void a_receiver_down_for_a_while_gets_every_event_it_asked_for_signed_once_back_and_again_on_replay() throws Exception {
        String population = register("Webhook receiver");
        String other = register("Not subscribed");
        String alice = analyst("alice-" + population);
        long head = given().header("Authorization", recorder()).get("/log/head").then().statusCode(200).extract().jsonPath().getLong("position");
        JsonPath created = given().header("Authorization", alice).contentType(ContentType.JSON)
                .body(Map.of("url", url(), "eventTypes", List.of("vigil.attack.recorded", "vigil.population.count-reported"),
                        "populations", List.of(population), "description", "dashboard"))
                .post("/webhooks").then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        String secret = created.getString("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(created.getString("clearance")).isEqualTo("restricted");
        assertThat(created.getLong("position")).isGreaterThanOrEqualTo(head);

        answer = 503; // the receiver is down
        List<String> wanted = new ArrayList<>();
        for (int i = 1; i <= 4; i++) wanted.add(append(population, Fixtures.attack(i)));
        wanted.add(append(population, Fixtures.count(3400, "public")));
        append(population, Fixtures.count(3300, "confidential")); // above alice's clearance: never sent
        append(population, Fixtures.restriction("food")); // a type not asked for
        append(other, Fixtures.attack(9)); // a population not asked for

        // attempts fail while it is down, and each is on record
        await(Duration.ofSeconds(20), () -> deliveries(alice, id).stream().allMatch(d -> ((Integer) d.get("attempts")) >= 2));
        assertThat(received).isEmpty();
        answer = 200; // back
        await(Duration.ofSeconds(20), () -> deliveries(alice, id).stream().filter(d -> d.get("state").equals("delivered")).count() == 5);

        List<Map<String, Object>> deliveries = deliveries(alice, id);
        assertThat(deliveries).hasSize(5);
        Map<String, String> idByEvent = new HashMap<>();
        for (Received r : received) {
            assertThat(Signature.verify(secret, r.id(), r.timestamp(), r.body(), r.signature()))
                    .as("signature of %s", r.id()).isTrue();
            assertThat(Math.abs(Instant.now().getEpochSecond() - r.timestamp())).isLessThan(60);
            JsonNode body = r.json();
            assertThat(body.get("type").asText()).matches("vigil\\.(attack\\.recorded|population\\.count-reported)\\.v\\d+");
            assertThat(body.get("data").get("populationId").asText()).isEqualTo(population);
            assertThat(body.get("data").get("data").isObject()).isTrue();
            String previous = idByEvent.put(body.get("data").get("eventId").asText(), r.id());
            assertThat(previous == null || previous.equals(r.id())).as("one webhook-id per event").isTrue();
        }
        assertThat(idByEvent.keySet()).containsExactlyInAnyOrderElementsOf(wanted);

        // the record of one delivery: failed attempts with the receiver's status and words, then the one that went
        String deliveryId = (String) deliveries.getFirst().get("id");
        JsonPath detail = given().header("Authorization", alice).get("/webhooks/" + id + "/deliveries/" + deliveryId)
                .then().statusCode(200).extract().jsonPath();
        List<Integer> statuses = detail.getList("attempts.status");
        assertThat(statuses.getLast()).isEqualTo(200);
        assertThat(statuses.subList(0, statuses.size() - 1)).isNotEmpty().allMatch(s -> s == 503);
        assertThat(detail.getString("attempts[0].error")).contains("503").contains("down for maintenance");
        assertThat(detail.getString("delivery.state")).isEqualTo("delivered");

        // replay from before the first: the same five again, under the same ids
        int before = received.size();
        given().header("Authorization", alice).post("/webhooks/" + id + "/replay?fromPosition=" + head)
                .then().statusCode(200);
        await(Duration.ofSeconds(20), () -> received.size() >= before + 5
                && deliveries(alice, id).stream().allMatch(d -> d.get("state").equals("delivered")));
        List<Received> again = new ArrayList<>(received).subList(before, received.size());
        Set<String> replayedIds = new HashSet<>();
        for (Received r : again) {
            assertThat(idByEvent.get(r.json().get("data").get("eventId").asText())).isEqualTo(r.id());
            replayedIds.add(r.id());
        }
        assertThat(replayedIds).hasSize(5);
        assertThat(deliveries(alice, id)).allMatch(d -> ((Integer) d.get("replays")) == 1);

        // another analyst sees nothing of it; a viewer may not subscribe
        given().header("Authorization", analyst("bob-" + population)).get("/webhooks/" + id).then().statusCode(404);
        given().header("Authorization", analyst("bob-" + population)).get("/webhooks").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.not(hasItems(id)));
        given().header("Authorization", "Bearer " + Tokens.token("vera", "public", "viewer")).get("/webhooks").then().statusCode(403);
    }

    @jakarta.inject.Inject
    javax.sql.DataSource dataSource;

    /** The backend that holds the dispatcher's advisory lock ("VIGILWKH": classid 0x56494749, objid 0x4C574B48), or 0. */
    static int lockHolder(java.sql.Statement admin) throws Exception {
        try (var rs = admin.executeQuery("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND classid = x'56494749'::int::oid AND objid = x'4C574B48'::int::oid")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    @Test
    void a_dispatcher_whose_lock_session_ended_takes_the_lock_again_and_goes_on_delivering() throws Exception {
        String url = dataSource.unwrap(io.agroal.api.AgroalDataSource.class).getConfiguration()
                .connectionPoolConfiguration().connectionFactoryConfiguration().jdbcUrl();
        try (java.sql.Connection admin = org.vigil.ingest.testing.LocalInfra.admin(org.vigil.ingest.testing.LocalInfra.env(),
                org.vigil.ingest.testing.LocalInfra.databaseOf(url)); java.sql.Statement s = admin.createStatement()) {
            Instant until = Instant.now().plusSeconds(20);
            int holder;
            while ((holder = lockHolder(s)) == 0 && Instant.now().isBefore(until)) Thread.sleep(100);
            assertThat(holder).as("the dispatcher holds its lock").isPositive();
            // The database ends the dispatcher's session (as a restart or a cut would): its lock is gone with it.
            s.execute("SELECT pg_terminate_backend(" + holder + ")");
            until = Instant.now().plusSeconds(20);
            int again;
            while (((again = lockHolder(s)) == 0 || again == holder) && Instant.now().isBefore(until)) Thread.sleep(100);
            // A dispatcher that went on without its lock would never take it again, and another instance could send too.
            assertThat(again).as("a new session holds the dispatcher's lock").isPositive().isNotEqualTo(holder);
        }
        // and it delivers as before
        String population = register("Webhook lock lost");
        String dave = analyst("dave-" + population);
        String id = given().header("Authorization", dave).contentType(ContentType.JSON)
                .body(Map.of("url", url(), "populations", List.of(population)))
                .post("/webhooks").then().statusCode(201).extract().path("id");
        String event = append(population, Fixtures.attack(3));
        await(Duration.ofSeconds(20), () -> received.stream().anyMatch(r -> r.json().path("data").path("eventId").asText().equals(event)
                || r.json().toString().contains(event)));
        given().header("Authorization", dave).delete("/webhooks/" + id).then().statusCode(204);
    }

    @Test
    void a_subscription_whose_every_attempt_fails_is_disabled_saying_why_and_can_be_enabled_again() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // nothing listens here once it is closed
        }
        String population = register("Webhook nobody hears");
        String carol = analyst("carol-" + population);
        String id = given().header("Authorization", carol).contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:" + closed + "/gone", "populations", List.of(population)))
                .post("/webhooks").then().statusCode(201).extract().path("id");
        append(population, Fixtures.attack(2));
        // the test profile disables after 4 s of failures (24 h by default)
        await(Duration.ofSeconds(30), () -> !given().header("Authorization", carol).get("/webhooks/" + id)
                .then().extract().jsonPath().getBoolean("enabled"));
        JsonPath disabled = given().header("Authorization", carol).get("/webhooks/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(disabled.getString("disabledReason")).contains("every attempt has failed since").contains("could not send");
        assertThat(disabled.getString("disabledAt")).isNotNull();
        List<Map<String, Object>> failed = deliveries(carol, id);
        assertThat(failed).hasSize(1).allMatch(d -> d.get("state").equals("failed") && ((Integer) d.get("attempts")) >= 2);

        // enabled again, pointing nowhere still: its delivery is due again, and its record grows
        int attempts = (Integer) failed.getFirst().get("attempts");
        given().header("Authorization", carol).post("/webhooks/" + id + "/enable").then().statusCode(200)
                .body("enabled", org.hamcrest.Matchers.is(true)).body("disabledReason", org.hamcrest.Matchers.nullValue());
        await(Duration.ofSeconds(10), () -> ((Integer) deliveries(carol, id).getFirst().get("attempts")) > attempts);
        given().header("Authorization", carol).delete("/webhooks/" + id).then().statusCode(204);
        given().header("Authorization", carol).get("/webhooks/" + id).then().statusCode(404);
    }

    @Test
    void a_bad_subscription_is_refused_naming_every_field_and_rule_and_nothing_is_stored() {
        String dave = analyst("dave");
        given().header("Authorization", dave).contentType(ContentType.JSON)
                .body(Map.of("url", "http://10.1.2.3/hook", "eventTypes", List.of("vigil.nothing.happened"),
                        "populations", List.of("not-a-uuid"), "secret", "hunter2", "colour", "blue", "fromPosition", -1))
                .post("/webhooks").then().statusCode(400).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/problems/invalid-request"))
                .body("errors.field", hasItems("url", "eventTypes[0]", "populations[0]", "secret", "colour", "fromPosition"))
                .body("errors.rule", hasItems("url.allowed", "type.known", "uuid.format", "secret.format", "member.known", "position.range"));
        given().header("Authorization", dave).contentType(ContentType.JSON).body("{\"url\": ")
                .post("/webhooks").then().statusCode(400).body("errors.rule", hasItems("json.syntax"));
        given().header("Authorization", dave).contentType(ContentType.JSON).body(Map.of("url", "ftp://127.0.0.1/x"))
                .post("/webhooks").then().statusCode(400).body("errors.rule", hasItems("url.allowed"));
        given().header("Authorization", dave).get("/webhooks").then().statusCode(200).body("size()", org.hamcrest.Matchers.is(0));
        given().header("Authorization", dave).get("/webhooks/" + java.util.UUID.randomUUID() + "/deliveries?state=lost&limit=0")
                .then().statusCode(400).body("errors.field", hasItems("state", "limit"));
    }

    private static String recorder() {
        return "Bearer " + Tokens.everything();
    }

    private static String register(String name) {
        return given().header("Authorization", recorder()).contentType(ContentType.JSON).body(Fixtures.registration(name))
                .post("/populations").then().statusCode(201).extract().path("populationId");
    }

    private static String append(String population, String json) {
        return given().header("Authorization", recorder()).contentType(ContentType.JSON).body(json).post("/populations/" + population + "/events")
                .then().statusCode(201).extract().path("eventId");
    }

    private static List<Map<String, Object>> deliveries(String token, String id) {
        return given().header("Authorization", token).get("/webhooks/" + id + "/deliveries")
                .then().statusCode(200).extract().jsonPath().getList("deliveries");
    }

    private static void await(Duration limit, BooleanSupplier done) throws InterruptedException {
        Instant until = Instant.now().plus(limit);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(until)) throw new AssertionError("not within " + limit);
            Thread.sleep(100);
        }
    }
}
