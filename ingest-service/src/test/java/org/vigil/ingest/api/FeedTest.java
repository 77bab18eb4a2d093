package org.vigil.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.testing.Fixtures;
import org.vigil.ingest.testing.IngestInfraResource;
import org.vigil.ingest.testing.Tokens;

/**
 * The log as a feed: a client reading the live stream is cut off mid-stream while events are being recorded, comes
 * back with Last-Event-ID, and ends up with every event recorded, each once, in log order; a reader below an event's
 * level never gets it but moves past it; the paged changes follow the same positions.
 */
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class FeedTest {

    @TestHTTPResource("/log/stream")
    URL stream;

    @BeforeEach
    void authenticate() {
        Tokens.useEverywhere();
    }

    /** One Server-Sent Event as read off the wire. */
    record Sse(String id, String name, String data) {
    }

    @Test
    void a_client_cut_off_mid_stream_resumes_with_last_event_id_and_misses_nothing_and_gets_nothing_twice() throws Exception {
        String population = IngestApiTest.register("Feed under load");
        long start = given().get("/log/head").then().statusCode(200).extract().jsonPath().getLong("position");
        ConcurrentLinkedQueue<String> recorded = new ConcurrentLinkedQueue<>();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> load = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            load.add(writers.submit(() -> {
                for (int i = 0; i < 60; i++) {
                    String id = given().contentType(ContentType.JSON).body(Fixtures.attack(i + 1))
                            .post("/populations/" + population + "/events").then().statusCode(201).extract().path("eventId");
                    recorded.add(id);
                }
                return null;
            }));
        }
        String token = Tokens.everything();
        List<Sse> received = new ArrayList<>();
        // first connection: from the head before the load, cut off after 50 events
        read(URI.create(stream + "?after=" + start + "&populationId=" + population), null, token, received, 50, Duration.ofSeconds(60));
        assertThat(received).hasSize(50);
        // meanwhile more is recorded; come back from the last id seen
        Thread.sleep(300);
        for (Future<?> f : load) f.get();
        writers.shutdown();
        String lastId = received.getLast().id();
        read(URI.create(stream + "?populationId=" + population), lastId, token, received, 240 - 50, Duration.ofSeconds(60));

        List<String> ids = received.stream().map(e -> new io.restassured.path.json.JsonPath(e.data()).getString("eventId")).toList();
        assertThat(ids).as("each event once").doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).as("every event recorded, nothing else").isEqualTo(new HashSet<>(recorded));
        List<Long> positions = received.stream().map(e -> Long.parseLong(e.id())).toList();
        assertThat(positions).as("in log order").isSorted();
        for (Sse e : received) {
            assertThat(new io.restassured.path.json.JsonPath(e.data()).getLong("position")).as("id is the log position").isEqualTo(Long.parseLong(e.id()));
        }
    }

    @Test
    void a_reader_below_an_events_level_never_gets_it_but_moves_past_it() throws Exception {
        String population = IngestApiTest.register("Feed and clearance");
        long start = given().get("/log/head").then().statusCode(200).extract().jsonPath().getLong("position");
        given().contentType(ContentType.JSON).body(Fixtures.count(100, "public")).post("/populations/" + population + "/events")
                .then().statusCode(201);
        long restricted = given().contentType(ContentType.JSON).body(Fixtures.count(200, "restricted"))
                .post("/populations/" + population + "/events").then().statusCode(201).extract().jsonPath().getLong("position");
        String viewer = Tokens.token("a-viewer", "public", "viewer");
        List<Sse> received = new ArrayList<>();
        read(URI.create(stream + "?after=" + start + "&populationId=" + population), null, viewer, received, 2, Duration.ofSeconds(30));
        assertThat(received.get(0).name()).isNull();
        assertThat(new io.restassured.path.json.JsonPath(received.get(0).data()).getString("confidentiality")).isEqualTo("public");
        assertThat(received.get(1).name()).isEqualTo("withheld");
        assertThat(received.get(1).id()).isEqualTo(Long.toString(restricted));
        assertThat(received.get(1).data()).doesNotContain("200");

        // the paged changes: the same positions, the restricted one counted, not shown (as the viewer alone)
        io.restassured.RestAssured.requestSpecification = null;
        var page = given().header("Authorization", "Bearer " + viewer)
                .get("/log/events?after=" + start + "&populationId=" + population).then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("events")).hasSize(1);
        assertThat(page.getInt("withheld")).isEqualTo(1);
        assertThat(page.getLong("lastPosition")).isEqualTo(restricted);
        assertThat(page.getString("next")).contains("after=" + restricted);
        given().header("Authorization", "Bearer " + viewer).get("/log/events?after=-1").then().statusCode(400)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + viewer).header("Last-Event-ID", "not-a-position").get("/log/stream")
                .then().statusCode(400);
        given().get("/log/stream").then().statusCode(401).contentType("application/problem+json");

        // a reader cleared for it gets the restricted event, and that page of the feed is on record first
        List<Sse> cleared = new ArrayList<>();
        read(URI.create(stream + "?after=" + start + "&populationId=" + population), null, Tokens.everything(), cleared, 2,
                Duration.ofSeconds(30));
        assertThat(cleared).extracting(Sse::id).containsExactly(Long.toString(restricted - 1), Long.toString(restricted));
        List<String> details = given().header("Authorization", "Bearer " + Tokens.everything())
                .get("/admin/audit?kind=read&populationId=" + population).then().statusCode(200).extract().jsonPath()
                .getList("entries.detail");
        assertThat(details).anyMatch(d -> d.startsWith("live feed") && d.contains("1 restricted"));
    }

    /**
     * Reads Server-Sent Events from {@code uri} (with {@code lastEventId} when not null) into {@code into} until it
     * holds {@code count} more events or {@code patience} has passed, then drops the connection.
     */
    private static void read(URI uri, String lastEventId, String token, List<Sse> into, int count, Duration patience)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) request.header("Last-Event-ID", lastEventId);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // as EventSource speaks
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        int wanted = into.size() + count;
        Instant deadline = Instant.now().plus(patience);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while (into.size() < wanted && Instant.now().isBefore(deadline) && (line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) into.add(new Sse(id, name, data.toString()));
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) data.append('\n');
                    data.append(line.substring(5).stripLeading());
                }
            }
        }
        client.shutdownNow();
    }
}
