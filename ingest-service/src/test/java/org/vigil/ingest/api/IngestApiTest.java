package org.vigil.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.vigil.ingest.testing.Fixtures.attack;
import static org.vigil.ingest.testing.Fixtures.count;
import static org.vigil.ingest.testing.Fixtures.correction;
import static org.vigil.ingest.testing.Fixtures.line;
import static org.vigil.ingest.testing.Fixtures.registration;
import static org.vigil.ingest.testing.Fixtures.retraction;
import static org.vigil.ingest.testing.Fixtures.restriction;
import static org.vigil.ingest.testing.Fixtures.lifting;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.testing.IngestInfraResource;
import org.vigil.ingest.testing.TopicReader;

@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class IngestApiTest {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.ingest.testing.Tokens.useEverywhere();
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.relay.topic")
    String topic;

    static String register(String name) {
        return given().contentType(ContentType.JSON).body(registration(name))
                .when().post("/populations")
                .then().statusCode(201).header("Location", containsString("/populations/"))
                .extract().path("populationId");
    }

    static Response append(String population, String json) {
        return given().contentType(ContentType.JSON).body(json).when().post("/populations/" + population + "/events");
    }

    static long eventCount(String population) {
        return given().when().get("/populations/" + population + "/events?limit=1000")
                .then().statusCode(200).extract().jsonPath().getList("events").size();
    }

    @Test
    void an_appended_event_reaches_the_topic_as_a_cloudevent_keyed_by_population() {
        String population = register("Camp Ashraf residents");
        Response appended = append(population, attack(13));
        appended.then().statusCode(201)
                .header("Location", containsString("/populations/" + population + "/events/"))
                .header("ETag", "\"2\"")
                .body("streamVersion", equalTo(2), "position", notNullValue(), "hash", notNullValue());
        String eventId = appended.path("eventId");

        try (TopicReader reader = new TopicReader(bootstrap, topic)) {
            var records = reader.until(rs -> rs.stream().anyMatch(r -> eventId.equals(TopicReader.header(r, "ce_id"))),
                    Duration.ofSeconds(30));
            var record = records.stream().filter(r -> eventId.equals(TopicReader.header(r, "ce_id"))).findFirst().orElseThrow();
            assertThat(record.key()).isEqualTo(population);
            assertThat(TopicReader.header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(TopicReader.header(record, "ce_type")).isEqualTo("vigil.attack.recorded.v2");
            assertThat(TopicReader.header(record, "ce_source")).isEqualTo("/vigil/ingest-service");
            assertThat(TopicReader.header(record, "ce_subject")).isEqualTo(population);
            assertThat(TopicReader.header(record, "ce_streamversion")).isEqualTo("2");
            assertThat(TopicReader.header(record, "ce_time")).isNotBlank();
            assertThat(TopicReader.header(record, "content-type")).isEqualTo("application/json");
            assertThat(new String(record.value())).contains("\"killed\":[{\"source\":\"boumedra\",\"qualifier\":\"exact\",\"low\":13");
        }
    }

    @Test
    void a_stale_expected_version_is_refused_and_appends_nothing() {
        String population = register("If-Match");
        given().contentType(ContentType.JSON).header("If-Match", "\"1\"").body(attack(1))
                .when().post("/populations/" + population + "/events").then().statusCode(201).header("ETag", "\"2\"");
        given().contentType(ContentType.JSON).header("If-Match", "\"1\"").body(attack(2))
                .when().post("/populations/" + population + "/events")
                .then().statusCode(412).contentType("application/problem+json")
                .body("type", containsString("version-conflict"), "errors[0].field", equalTo("If-Match"),
                        "errors[0].rule", equalTo("version.expected"));
        assertThat(eventCount(population)).isEqualTo(2);
    }

    @Test
    void a_retry_with_the_same_idempotency_key_returns_the_first_answer_and_appends_nothing() {
        String population = register("Idempotent");
        String key = UUID.randomUUID().toString();
        Response first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(attack(7))
                .when().post("/populations/" + population + "/events");
        first.then().statusCode(201);
        Response retry = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(attack(7))
                .when().post("/populations/" + population + "/events");
        retry.then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("eventId", equalTo(first.path("eventId")), "position", equalTo(first.<Integer>path("position")));
        assertThat(eventCount(population)).isEqualTo(2);

        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(attack(8))
                .when().post("/populations/" + population + "/events")
                .then().statusCode(422).body("type", containsString("idempotency-key-reused"));
        assertThat(eventCount(population)).isEqualTo(2);
    }

    @Test
    void registration_with_an_idempotency_key_is_safe_to_retry() {
        String key = UUID.randomUUID().toString();
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(registration("Retry"))
                .when().post("/populations").then().statusCode(201).extract().path("populationId");
        String second = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(registration("Retry"))
                .when().post("/populations").then().statusCode(201).header("Idempotent-Replayed", "true")
                .extract().path("populationId");
        assertThat(second).isEqualTo(first);
        assertThat(eventCount(first)).isEqualTo(1);
    }

    @Test
    void every_refusal_is_problem_json_naming_the_field_and_rule() {
        String population = register("Refusals");
        // an estimate with low > high
        append(population, attack(5).replace("\"low\": 5", "\"low\": 9")).then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", containsString("invalid-event"), "errors.field", hasItem("killed[0].high"),
                        "errors.rule", hasItem("estimate.ordered"));
        // an interval with earliest after latest
        append(population, attack(5).replace("\"earliest\": \"2009-07-28\"", "\"earliest\": \"2009-08-28\"")).then().statusCode(422)
                .body("errors[0].field", equalTo("occurred.latest"), "errors[0].rule", equalTo("interval.ordered"));
        // a figure citing no source of the event
        append(population, attack(5).replace("\"source\": \"boumedra\"", "\"source\": \"nobody\"")).then().statusCode(422)
                .body("errors[0].field", equalTo("killed[0].source"), "errors[0].rule", equalTo("figure.source-cited"));
        // unknown event type
        append(population, "{\"type\": \"vigil.rumour.v1\"}").then().statusCode(422)
                .body("type", containsString("unknown-event-type"), "errors[0].field", equalTo("type"));
        // unknown field
        append(population, attack(5).replace("\"means\"", "\"meens\"")).then().statusCode(422)
                .body("errors[0].field", equalTo("meens"), "errors[0].rule", equalTo("json.unknown-field"));
        // wrong enum value
        append(population, attack(5).replace("\"attribution\": \"known\"", "\"attribution\": \"certain\"")).then().statusCode(422)
                .body("errors[0].field", equalTo("attribution"), "errors[0].rule", equalTo("json.type"));
        // every violation in one answer: what the schema states and the rules it cannot, together
        append(population, """
                {"type": "vigil.attack.recorded.v2", "occurred": {"precision": "day", "date": "2013-02-30"},
                 "sources": [{"ref": "a", "publisher": "P", "title": "T", "affiliation": "NGO", "shade": 1}],
                 "confidentiality": "public", "killed": [{"source": "b", "says": "a dozen"}], "colour": "red"}""")
                .then().statusCode(422).body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("colour", "sources[0].shade",
                        "sources[0].affiliation", "occurred.date", "killed[0].source", "killed[0].says"));
        // malformed JSON
        append(population, "{\"type\": ").then().statusCode(400).body("type", containsString("malformed-json"));
        // unregistered population
        append(UUID.randomUUID().toString(), attack(5)).then().statusCode(404)
                .body("type", containsString("unknown-population"), "errors[0].rule", equalTo("population.registered"));
        // a malformed id is a bad request, not an unknown population; a lenient UUID form ("1-1-1-1-1") is malformed too
        for (String malformed : new String[]{"not-a-uuid", "1-1-1-1-1"}) {
            append(malformed, attack(5)).then().statusCode(400).contentType("application/problem+json")
                    .body("type", containsString("malformed-id"), "errors[0].field", equalTo("populationId"), "errors[0].rule", equalTo("uuid.format"));
            given().when().get("/populations/" + malformed + "/events").then().statusCode(400);
        }
        // a population registered twice
        append(population, registration("Again")).then().statusCode(409).body("errors[0].rule", equalTo("population.registered-once"));
        // a retraction of an event that does not exist
        append(population, retraction(UUID.randomUUID())).then().statusCode(422)
                .body("type", containsString("invalid-reference"), "errors[0].field", equalTo("target"),
                        "errors[0].rule", equalTo("target.exists"));
        // wrong media type
        given().contentType(ContentType.XML).body("<event/>").when().post("/populations/" + population + "/events")
                .then().statusCode(415).contentType("application/problem+json");
        assertThat(eventCount(population)).isEqualTo(1);
    }

    @Test
    void what_later_events_did_to_a_recorded_one_is_read_back_from_the_log() {
        String population = register("Liftings");
        UUID food = UUID.fromString(append(population, restriction("food")).then().statusCode(201).extract().path("eventId"));
        UUID water = UUID.fromString(append(population, restriction("water")).then().statusCode(201).extract().path("eventId"));
        UUID fuel = UUID.fromString(append(population, restriction("fuel")).then().statusCode(201).extract().path("eventId"));
        append(population, lifting(food)).then().statusCode(201);
        append(population, retraction(water)).then().statusCode(201);
        // each answer is decided on the state loaded from the log, folded through the decider's own rules
        append(population, lifting(food)).then().statusCode(422).body("errors[0].rule", equalTo("restriction.in-force"));
        append(population, lifting(water)).then().statusCode(422).body("errors[0].rule", equalTo("target.not-retracted"));
        append(population, retraction(water)).then().statusCode(422).body("errors[0].rule", equalTo("target.not-retracted"));
        append(population, lifting(fuel)).then().statusCode(201);
    }

    @Test
    void corrections_and_retractions_follow_the_rules_and_never_erase() {
        String population = register("Corrections");
        String original = append(population, attack(13)).then().statusCode(201).extract().path("eventId");
        String other = append(population, attack(35)).then().statusCode(201).extract().path("eventId");

        append(population, correction(UUID.fromString(original), 36)).then().statusCode(201);
        append(population, retraction(UUID.fromString(other))).then().statusCode(201);
        append(population, retraction(UUID.fromString(other))).then().statusCode(422)
                .body("errors[0].rule", equalTo("target.not-retracted"));
        append(population, correction(UUID.fromString(other), 1)).then().statusCode(422)
                .body("errors[0].rule", equalTo("target.not-retracted"));

        // the original is still there, as first recorded
        given().when().get("/populations/" + population + "/events/" + original)
                .then().statusCode(200).body("data.killed[0].low", equalTo(13));
    }

    @Test
    void a_correction_may_send_only_what_changes_as_a_merge_patch() {
        String population = register("Patched corrections");
        String original = append(population, attack(13)).then().statusCode(201).extract().path("eventId");
        String correction = """
                {"type": "vigil.event.corrected.v2", "confidentiality": "public", "target": "%s", "reason": "%s",
                 "sources": [{"ref": "x", "publisher": "X", "title": "Y", "affiliation": "media"}], %s}""";
        String first = append(population, correction.formatted(original, "a later count",
                "\"patch\": {\"killed\": [{\"source\": \"boumedra\", \"says\": \"at least 14\"}], \"means\": null}"))
                .then().statusCode(201).extract().path("eventId");
        // the log keeps the patch as sent and the whole event it made
        given().when().get("/populations/" + population + "/events/" + first).then().statusCode(200)
                .body("data.corrected.killed[0].low", equalTo(14), "data.corrected.killed[0].qualifier", equalTo("at_least"),
                        "data.corrected.killed[0].says", equalTo("at least 14"), "data.corrected.means", nullValue(),
                        "data.corrected.perpetrator", equalTo("Iraqi armed forces"),
                        "data.corrected.type", equalTo("vigil.attack.recorded.v2"),
                        "data.patch.killed[0].says", equalTo("at least 14"), "data.patch.containsKey('means')", equalTo(true));
        // a second patch applies to the fact as it now stands: the first correction's figures stay
        String second = append(population, correction.formatted(original, "the perpetrator",
                "\"patch\": {\"perpetrator\": \"Iraqi police\"}")).then().statusCode(201).extract().path("eventId");
        given().when().get("/populations/" + population + "/events/" + second).then().statusCode(200)
                .body("data.corrected.killed[0].low", equalTo(14), "data.corrected.perpetrator", equalTo("Iraqi police"));
        // both forms at once, a patch that makes a bad event, a patch of nothing recorded: refused, naming the field
        append(population, correction.formatted(original, "both", "\"patch\": {}, \"corrected\": " + attack(15)))
                .then().statusCode(422).body("errors.field", hasItem("patch"), "errors.rule", hasItem("correction.one-form"));
        append(population, correction.formatted(original, "bad words",
                "\"patch\": {\"killed\": [{\"source\": \"boumedra\", \"says\": \"a dozen or so\"}]}"))
                .then().statusCode(422).body("errors.field", hasItem("patch.killed[0].says"), "errors.rule", hasItem("figure.words"));
        append(population, correction.formatted(UUID.randomUUID(), "nothing", "\"patch\": {\"means\": \"x\"}"))
                .then().statusCode(422).body("errors.field", hasItem("target"), "errors.rule", hasItem("target.exists"));
    }

    @Test
    void a_correction_must_be_of_the_same_type_as_its_target() {
        String population = register("Typed corrections");
        String original = append(population, attack(13)).then().statusCode(201).extract().path("eventId");
        String body = """
                {"type": "vigil.event.corrected.v1", "confidentiality": "public", "target": "%s", "reason": "wrong type",
                 "sources": [{"ref": "x", "publisher": "X", "title": "Y", "affiliation": "media", "reliability": "c"}],
                 "corrected": %s}""".formatted(original, count(5, "public"));
        append(population, body).then().statusCode(422).body("errors[0].field", equalTo("corrected.type"),
                "errors[0].rule", equalTo("correction.same-type"));
    }

    @Test
    void a_batch_is_all_or_nothing_with_a_line_by_line_report() {
        String population = register("Batch");
        String good = line(attack(1)) + "\n" + line(count(3360, "public")) + "\n\n" + line(attack(2)) + "\n";
        given().urlEncodingEnabled(false).contentType("application/x-ndjson").body(good.getBytes(StandardCharsets.UTF_8)).when().post("/populations/" + population + "/events:batch")
                .then().statusCode(201).body("count", equalTo(3), "streamVersion", equalTo(4), "events.streamVersion", contains(2, 3, 4));

        String bad = line(attack(1)) + "\n" + line(attack(5).replace("\"low\": 5", "\"low\": -5")) + "\n"
                + "not json\n" + line(attack(2)) + "\n";
        given().urlEncodingEnabled(false).contentType("application/x-ndjson").body(bad.getBytes(StandardCharsets.UTF_8)).when().post("/populations/" + population + "/events:batch")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", containsString("invalid-import"), "errors.line", hasItem(3));
        // a rule that only the decider sees (unknown target) is reported with its line too
        String badReference = line(attack(1)) + "\n" + line(retraction(UUID.randomUUID())) + "\n";
        given().urlEncodingEnabled(false).contentType("application/x-ndjson").body(badReference.getBytes(StandardCharsets.UTF_8)).when().post("/populations/" + population + "/events:batch")
                .then().statusCode(422).body("errors[0].line", equalTo(2), "errors[0].field", equalTo("target"));
        // a range error is reported with the line of the file it came from
        String badRange = line(attack(1)) + "\n\n" + line(attack(5).replace("\"low\": 5", "\"low\": 7")) + "\n";
        given().urlEncodingEnabled(false).contentType("application/x-ndjson").body(badRange.getBytes(StandardCharsets.UTF_8)).when().post("/populations/" + population + "/events:batch")
                .then().statusCode(422).body("errors.line", everyItem(equalTo(3)), "errors.field", hasItem("killed[0].high"));
        assertThat(eventCount(population)).isEqualTo(4);
    }

    @Test
    void a_dry_run_checks_a_file_and_writes_nothing() {
        String population = register("Dry run");
        UUID attackId = UUID.randomUUID();
        String good = line(attack(attackId, 35)) + "\n" + line(correction(attackId, 36)) + "\n" + line(count(3360, "public")) + "\n";
        for (String mode : List.of("lines", "true")) {
            given().urlEncodingEnabled(false).contentType("application/x-ndjson").body(good.getBytes(StandardCharsets.UTF_8))
                    .when().post("/populations/" + population + "/events:batch?dryRun=" + mode)
                    .then().statusCode(200).body("count", equalTo(3), "recorded", equalTo(0));
        }
        // a line's own faults are found either way, with their lines
        String badLine = line(attack(1)) + "\n" + line(attack(5).replace("\"low\": 5", "\"low\": -5")) + "\n";
        for (String mode : List.of("lines", "true")) {
            given().urlEncodingEnabled(false).contentType("application/x-ndjson").body(badLine.getBytes(StandardCharsets.UTF_8))
                    .when().post("/populations/" + population + "/events:batch?dryRun=" + mode)
                    .then().statusCode(422).body("type", containsString("invalid-import"), "errors.line", everyItem(equalTo(2)));
        }
        // what only the record can tell (a retraction of an event it does not hold) takes the whole-file check
        String badReference = line(attack(1)) + "\n" + line(retraction(UUID.randomUUID())) + "\n";
        given().urlEncodingEnabled(false).contentType("application/x-ndjson").body(badReference.getBytes(StandardCharsets.UTF_8))
                .when().post("/populations/" + population + "/events:batch?dryRun=lines").then().statusCode(200);
        given().urlEncodingEnabled(false).contentType("application/x-ndjson").body(badReference.getBytes(StandardCharsets.UTF_8))
                .when().post("/populations/" + population + "/events:batch?dryRun=true")
                .then().statusCode(422).body("type", containsString("invalid-reference"), "errors[0].line", equalTo(2),
                        "errors[0].field", equalTo("target"));
        given().urlEncodingEnabled(false).contentType("application/x-ndjson").body(good.getBytes(StandardCharsets.UTF_8))
                .when().post("/populations/" + population + "/events:batch?dryRun=maybe")
                .then().statusCode(400).body("errors[0].field", equalTo("dryRun"));
        given().urlEncodingEnabled(false).contentType("application/x-ndjson").body(good.getBytes(StandardCharsets.UTF_8))
                .when().post("/populations/" + UUID.randomUUID() + "/events:batch?dryRun=true")
                .then().statusCode(404).body("type", containsString("unknown-population"));
        assertThat(eventCount(population)).isEqualTo(1);
        // and the file then records as checked
        given().urlEncodingEnabled(false).contentType("application/x-ndjson").body(good.getBytes(StandardCharsets.UTF_8))
                .when().post("/populations/" + population + "/events:batch").then().statusCode(201).body("count", equalTo(3));
    }

    @Test
    void the_examples_are_served_for_the_web_apps_templates() {
        given().when().get("/examples/events/vigil.attack.recorded.v2.json").then().statusCode(200)
                .body("type", equalTo("vigil.attack.recorded.v2"));
    }

    @Test
    void a_batch_over_the_limit_is_refused_whole() {
        String population = register("Too big");
        String body = (line(attack(1)) + "\n").repeat(2001);
        given().urlEncodingEnabled(false).contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8))
                .when().post("/populations/" + population + "/events:batch")
                .then().statusCode(413).contentType("application/problem+json").body("type", containsString("batch-too-large"));
        assertThat(eventCount(population)).isEqualTo(1);
    }

    @Test
    void an_event_id_is_never_reused() {
        String population = register("Ids");
        UUID id = UUID.randomUUID();
        append(population, attack(id, 1)).then().statusCode(201).body("eventId", equalTo(id.toString()));
        append(population, attack(id, 2)).then().statusCode(409).contentType("application/problem+json")
                .body("type", containsString("conflict"), "errors[0].field", equalTo("eventId"), "errors[0].rule", equalTo("event.id-unique"));
        String other = register("Ids elsewhere");
        append(other, attack(id, 3)).then().statusCode(409).body("errors[0].rule", equalTo("event.id-unique"));
    }

    @Test
    void a_batch_can_correct_an_event_of_the_same_batch() {
        String population = register("Batch references");
        UUID attackId = UUID.randomUUID();
        String body = line(attack(attackId, 35)) + "\n" + line(correction(attackId, 36)) + "\n";
        given().urlEncodingEnabled(false).contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8)).when().post("/populations/" + population + "/events:batch")
                .then().statusCode(201).body("count", equalTo(2));
    }

    @Test
    void a_spreadsheet_imports_as_csv_with_field_paths_as_headers() {
        String population = register("CSV");
        String csv = """
                type,occurred.precision,occurred.date,place.name,place.country,sources[0].ref,sources[0].publisher,sources[0].title,sources[0].affiliation,sources[0].reliability,confidentiality,subgroup,count[0].source,count[0].low,count[0].best,count[0].high,count[0].qualifier
                vigil.population.count-reported.v1,month,2008-01,US-protected camp,IQ,aria,ARIA,Interview,ngo,c,public,dissidents,aria,208,208,208,exact
                vigil.population.count-reported.v1,month,2008-01,US-protected camp,IQ,us,US forces press office,Interview,government,c,public,dissidents,us,110,110,110,exact
                """;
        given().urlEncodingEnabled(false).contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8)).when().post("/populations/" + population + "/events:batch")
                .then().statusCode(201).body("count", equalTo(2));
        String badCsv = csv.replace(",208,208,208,", ",208,300,208,");
        given().urlEncodingEnabled(false).contentType("text/csv").body(badCsv.getBytes(StandardCharsets.UTF_8)).when().post("/populations/" + population + "/events:batch")
                .then().statusCode(422).body("errors[0].line", equalTo(2), "errors[0].field", equalTo("count[0].best"),
                        "errors[0].rule", equalTo("estimate.ordered"));
        assertThat(eventCount(population)).isEqualTo(3);
    }

    @Test
    void the_csv_sample_in_docs_examples_imports_as_it_stands() throws Exception {
        String population = register("CSV sample");
        byte[] sample = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("../docs/examples/headcounts.csv"));
        given().urlEncodingEnabled(false).contentType("text/csv").body(sample).when().post("/populations/" + population + "/events:batch")
                .then().statusCode(201).body("count", equalTo(6));
        Response events = given().when().get("/populations/" + population + "/events");
        // what the sources said is kept as they said it: "about 3,400", and "more than 3,000" with no best figure
        events.then().statusCode(200).body("events[1].data.count[0].says", equalTo("about 3,400"),
                "events[4].data.count[0].qualifier", equalTo("more_than"), "events[4].data.count[0].low", equalTo(3000));
        assertThat(events.jsonPath().getMap("events[4].data.count[0]")).doesNotContainKey("best");
    }

    @Test
    void streams_page_in_order_and_populations_are_listed() {
        String population = register("Paging");
        for (int i = 0; i < 5; i++) append(population, attack(i)).then().statusCode(201);
        Response page = given().when().get("/populations/" + population + "/events?limit=4");
        page.then().statusCode(200).body("events", hasSize(4), "events[0].streamVersion", equalTo(1),
                "events[0].type", equalTo("vigil.population.registered.v2"), "events[0].data.name", equalTo("Paging"));
        String next = page.path("next");
        given().when().get(next).then().statusCode(200).body("events", hasSize(2), "events[0].streamVersion", equalTo(5));
        given().when().get("/populations?limit=1000").then().statusCode(200).body("populations.populationId", hasItem(population));
        given().when().get("/populations/" + population).then().statusCode(200).body("name", equalTo("Paging"), "version", equalTo(6));
    }

    @Test
    void the_service_reports_ready_with_its_database_and_broker() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
