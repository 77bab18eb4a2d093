package org.vigil.report.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.vigil.report.testing.ReportInfraResource;
import org.vigil.testing.HeadlessChromium;
import org.vigil.testing.Keycloak;

/**
 * Recording through the web app, in Debian's Chromium against the packaged services (casefile-service's pages,
 * ingest-service behind them) and the local Keycloak: a recorder signs in, registers a population, records one event
 * of every type through the forms made from the published schemas (each filled from that type's example in
 * docs/examples/events, so a field of the example without an input fails the test), sees a refusal beside the field
 * it names and fixes it, corrects an event through its pre-filled form (only the change is sent; the history keeps
 * the old figure) and retracts another, sends one form twice and gets one event, and one without its CSRF token is refused. A viewer is offered no recording, and is refused
 * the form. Every page passes axe-core's checks with no serious or critical violation. Screenshots in target/.
 */
@QuarkusTest
@QuarkusTestResource(value = ReportInfraResource.class, restrictToAnnotatedClass = false)
class WebAppRecordingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_recorder_registers_a_population_and_records_every_type_through_the_forms() throws Exception {
        Map<String, String> env = ReportInfraResource.env();
        assumeTrue(Keycloak.issuer(env) != null, "no OIDC provider runs here (Testcontainers or VIGIL_KEYCLOAK=off)");
        String app = ReportInfraResource.casefile.url();
        Path examples = ReportInfraResource.repoRoot().resolve("docs/examples/events");

        try (HeadlessChromium chromium = new HeadlessChromium()) {
            // the check can fail: an image without a text and a field without a label are caught
            chromium.open("data:text/html,<html lang=en><title>t</title><main><img src=x.png><input></main></html>");
            expect(chromium, "document.readyState", "complete");
            String axe = org.vigil.testing.Axe.script(ReportInfraResource.repoRoot().resolve("report-service/src/test/js"));
            assertThat(org.vigil.testing.Axe.seriousViolations(chromium, axe)).anyMatch(v -> v.startsWith("image-alt"))
                    .anyMatch(v -> v.startsWith("label"));

            signIn(chromium, env, app, "recorder");
            accessible(chromium, "the populations");
            chromium.eval("document.getElementById('register').click(); 'ok'");
            expect(chromium, "location.pathname", "/app/register");
            accessible(chromium, "the registration form");
            fill(chromium, flatten(read(examples.resolve("vigil.population.registered.v2.json"))));
            chromium.screenshot(Path.of("target/app-register.png"));
            submit(chromium);
            expect(chromium, "location.pathname.startsWith('/app/populations/') ? 'yes' : document.body.innerText.substring(0, 800)", "yes");
            String population = chromium.eval("location.pathname.substring('/app/populations/'.length)");
            expect(chromium, "document.getElementById('recorded') ? 'yes' : 'no'", "yes");
            accessible(chromium, "a population");

            // every type the page offers, filled from its example; a lifting names the restriction recorded before it
            chromium.open(app + "/app/populations/" + population + "/record");
            expect(chromium, "document.getElementById('types') ? 'yes' : 'no'", "yes");
            accessible(chromium, "the choice of type");
            List<String> types = new ArrayList<>(List.of(chromium.eval("[...document.querySelectorAll('#types a')].map(a => a.dataset.type).join(' ')").split(" ")));
            types.sort(java.util.Comparator.comparing(t -> t.contains("lifted") ? 1 : 0));
            assertThat(types).hasSize(10);
            String restriction = null;
            Map<String, String> ids = new LinkedHashMap<>();
            int recorded = 1;
            for (String type : types) {
                ObjectNode example = read(examples.resolve(type + ".json"));
                if (example.has("restriction")) example.put("restriction", restriction);
                chromium.open(app + "/app/populations/" + population + "/record/" + type);
                expect(chromium, "document.getElementById('submit') ? 'yes' : 'no'", "yes");
                Map<String, String> values = flatten(example);
                if (type.equals("vigil.attack.recorded.v2")) {
                    // the date as the source words it, the precision and the dates left to the page
                    assertThat(values.remove("occurred.precision")).isEqualTo("range");
                    assertThat(values.remove("occurred.earliest")).isEqualTo("2009-07-28");
                    assertThat(values.remove("occurred.latest")).isEqualTo("2009-07-29");
                    assertThat(values.get("occurred.label")).isEqualTo("28-29 July 2009");
                    // words that name no date first: shown beside the label, nothing sent
                    Map<String, String> undated = new LinkedHashMap<>(values);
                    undated.put("occurred.label", "the week after the raid");
                    fill(chromium, undated);
                    submit(chromium);
                    expect(chromium, "document.getElementById('f-occurred-label-error') ? 'shown' : 'no'", "shown");
                    assertThat(chromium.eval("document.getElementById('f-occurred-label-error').textContent")).contains("No date this page can read");
                    // then a refusal from ingest-service: words no figure reads as, shown beside the field, then put right
                    Map<String, String> wrong = new LinkedHashMap<>(values);
                    wrong.put("killed[0].says", "a great many");
                    fill(chromium, wrong);
                    submit(chromium);
                    expect(chromium, "document.getElementById('f-killed-0--says-error') ? 'shown' : 'no'", "shown");
                    // the date's words were read meanwhile: a span of two days, the words kept as its label
                    assertThat(chromium.eval("['precision', 'earliest', 'latest', 'label'].map(m => document.querySelector('[name=\"occurred.' + m + '\"]').value).join(' | ')"))
                            .isEqualTo("range | 2009-07-28 | 2009-07-29 | 28-29 July 2009");
                    assertThat(chromium.eval("document.getElementById('f-killed-0--says-error').textContent")).contains("is not a figure Vigil can read");
                    assertThat(chromium.eval("document.querySelector('[name=\"killed[0].says\"]').value")).isEqualTo("a great many");
                    chromium.screenshot(Path.of("target/app-record-refused.png"));
                    accessible(chromium, "a refused form");
                    chromium.eval("document.querySelector('[name=\"killed[0].says\"]').value = " + JSON.writeValueAsString(values.get("killed[0].says")) + "; 'ok'");
                } else {
                    fill(chromium, values);
                }
                submit(chromium);
                expect(chromium, "document.getElementById('recorded') ? 'yes' : document.body.innerText.substring(0, 400)", "yes");
                recorded++;
                ids.put(type, chromium.eval("new URLSearchParams(location.search).get('recorded')"));
                if (type.equals("vigil.access-restriction.recorded.v2")) restriction = ids.get(type);
            }
            // the last form sent twice (a double click): one event
            chromium.open(app + "/app/populations/" + population + "/record/vigil.population.count-reported.v3");
            expect(chromium, "document.getElementById('submit') ? 'yes' : 'no'", "yes");
            Map<String, String> count = flatten(read(examples.resolve("vigil.population.count-reported.v3.json")));
            // its source chosen from those the population cited before (the first count cited it), not typed again
            count.keySet().removeIf(k -> k.startsWith("sources[0]."));
            fill(chromium, count);
            String cited = chromium.eval("(() => { const s = document.querySelector('select[name=\"_cite.sources[0]\"]');"
                    + " const o = [...s.options].find(o => o.textContent.startsWith('Amnesty International · Iraq: No Iranians'));"
                    + " s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true}));"
                    + " return ['ref', 'publisher', 'date', 'excerpt'].map(m => document.querySelector('[name=\"sources[0].' + m + '\"]').value).join(' | '); })()");
            assertThat(cited).isEqualTo("ai-2008 | Amnesty International | 2008-08-28 | ");
            accessible(chromium, "a form with a source cited before");
            // a form without the page's CSRF token (as another site would send it) is refused, and records nothing
            String forged = chromium.eval("(async () => { const f = document.querySelector('form.record');"
                    + " const body = new URLSearchParams(new FormData(f)); body.delete('vigil_csrf');"
                    + " const r = await fetch(f.action, {method: 'POST', body, redirect: 'manual'}); return String(r.status); })()", true);
            assertThat(forged).isEqualTo("400");
            String twice = chromium.eval("(async () => { const f = document.querySelector('form.record');"
                    + " const body = new URLSearchParams(new FormData(f));"
                    + " const a = await fetch(f.action, {method: 'POST', body: new URLSearchParams(body), redirect: 'manual'});"
                    + " const b = await fetch(f.action, {method: 'POST', body: new URLSearchParams(body), redirect: 'manual'});"
                    + " return a.type + ' ' + b.type; })()", true);
            assertThat(twice).isEqualTo("opaqueredirect opaqueredirect");
            recorded++;
            int expected = recorded;
            // the views show them all: the stream version counts each event once
            String page = app + "/app/populations/" + population;
            for (int i = 0; i < 100; i++) {
                chromium.open(page);
                expect(chromium, "document.getElementById('version') ? 'yes' : 'no'", "yes");
                if (chromium.eval("document.getElementById('version').textContent").contains("Stream version " + expected + " ")) break;
                Thread.sleep(300);
            }
            assertThat(chromium.eval("document.getElementById('version').textContent")).contains("Stream version " + expected + " ");
            chromium.screenshot(Path.of("target/app-population-recorded.png"));
            accessible(chromium, "a population with its headcount chart");

            // correct the attack: its own form, pre-filled; only the changed figure goes, and the old one stays in its history
            String attack = ids.get("vigil.attack.recorded.v2");
            chromium.open(app + "/app/populations/" + population + "/events/" + attack);
            expect(chromium, "document.getElementById('correct') ? 'yes' : 'no'", "yes");
            chromium.eval("document.getElementById('correct').click(); 'ok'");
            expect(chromium, "document.querySelector('[name=\"killed[0].best\"]') ? document.querySelector('[name=\"killed[0].best\"]').value : ''", "13");
            submit(chromium); // nothing changed, and no reason: refused, nothing sent
            expect(chromium, "document.getElementById('problems') ? 'refused' : 'no'", "refused");
            assertThat(chromium.eval("document.getElementById('problems').textContent")).contains("Nothing was changed");
            chromium.eval("document.querySelector('[name=\"killed[0].best\"]').value = '14';"
                    + "document.querySelector('[name=\"correction.reason\"]').value = 'The overview counts 14 killed.'; 'ok'");
            // a correction cites its own source
            fill(chromium, Map.of("correction.sources[0].ref", "overview", "correction.sources[0].publisher", "Political Platform",
                    "correction.sources[0].title", "Camp Ashraf: an overview, 1986-2016", "correction.sources[0].affiliation", "party_to_conflict"));
            chromium.screenshot(Path.of("target/app-correct.png"));
            accessible(chromium, "the correction form");
            submit(chromium);
            expect(chromium, "document.getElementById('recorded') ? 'yes' : document.body.innerText.substring(0, 600)", "yes");
            expected++;
            String history = app + "/app/populations/" + population + "/events/" + attack;
            for (int i = 0; i < 100; i++) {
                chromium.open(history);
                expect(chromium, "document.getElementById('history') ? 'yes' : 'no'", "yes");
                if (chromium.eval("document.querySelectorAll('#history > li').length").equals("2")) break;
                Thread.sleep(300);
            }
            String text = chromium.eval("document.body.innerText");
            assertThat(text).contains("corrected").contains("The overview counts 14 killed.").contains("Killed 1 · Best (killed[0].best): 13 → 14");
            assertThat(chromium.eval("document.querySelector('h1').textContent")).startsWith("Attack recorded");
            assertThat(chromium.eval("document.getElementById('now').innerText")).contains("range").contains("2009-07-28").contains("2009-07-29");
            chromium.screenshot(Path.of("target/app-event-history.png"));
            accessible(chromium, "an event and its history");

            // retract the intervention, with a reason
            String intervention = ids.get("vigil.intervention.recorded.v2");
            chromium.open(app + "/app/populations/" + population + "/events/" + intervention);
            expect(chromium, "document.getElementById('retract') ? 'yes' : 'no'", "yes");
            chromium.eval("document.getElementById('reason').value = 'Recorded twice by mistake.'; document.getElementById('retract').click(); 'ok'");
            expect(chromium, "document.getElementById('recorded') ? 'yes' : document.body.innerText.substring(0, 600)", "yes");
            for (int i = 0; i < 100; i++) {
                chromium.open(app + "/app/populations/" + population + "/events/" + intervention);
                expect(chromium, "document.getElementById('history') ? 'yes' : 'no'", "yes");
                if (chromium.eval("document.getElementById('retracted') ? 'yes' : 'no'").equals("yes")) break;
                Thread.sleep(300);
            }
            assertThat(chromium.eval("document.body.innerText")).contains("This fact was retracted").contains("Recorded twice by mistake.");
        }

        try (HeadlessChromium chromium = new HeadlessChromium()) {
            signIn(chromium, env, app, "viewer");
            assertThat(chromium.eval("document.getElementById('register') ? 'offered' : 'not offered'")).isEqualTo("not offered");
            chromium.open(app + "/app/register");
            expect(chromium, "document.getElementById('submit') ? 'form' : 'refused'", "refused");
        }
    }

    /** No serious or critical accessibility violation in the page now open (axe-core, from npm). */
    private static void accessible(HeadlessChromium chromium, String page) throws Exception {
        String axe = org.vigil.testing.Axe.script(ReportInfraResource.repoRoot().resolve("report-service/src/test/js"));
        assertThat(org.vigil.testing.Axe.seriousViolations(chromium, axe)).as("accessibility of " + page).isEmpty();
    }

    private static ObjectNode read(Path file) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(Files.readString(file));
        node.remove("type");
        node.remove("eventId");
        return node;
    }

    /** An example event as the form's inputs: {@code a.b}, {@code list[0].c}, a list of words one per line. */
    static Map<String, String> flatten(JsonNode event) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten(event, "", out);
        return out;
    }

    private static void flatten(JsonNode node, String path, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
            }
        } else if (node.isArray()) {
            if (!node.isEmpty() && !node.get(0).isObject()) {
                List<String> words = new ArrayList<>();
                node.forEach(w -> words.add(w.asText()));
                out.put(path, String.join("\n", words));
            } else {
                for (int i = 0; i < node.size(); i++) flatten(node.get(i), path + "[" + i + "]", out);
            }
        } else {
            out.put(path, node.asText());
        }
    }

    /** Types each value into the input of that name, asking for more rows first where a list needs them. */
    private static void fill(HeadlessChromium chromium, Map<String, String> values) throws Exception {
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (String name : values.keySet()) {
            var m = java.util.regex.Pattern.compile("^(.*?)\\[(\\d+)]").matcher(name);
            if (m.find()) rows.merge(m.group(1), Integer.parseInt(m.group(2)) + 1, Math::max);
        }
        for (var list : rows.entrySet()) {
            for (int shown = rows(chromium, list.getKey()); shown < list.getValue(); shown = rows(chromium, list.getKey())) {
                chromium.eval("document.querySelector('button[name=\"_more\"][value=\"" + list.getKey() + "\"]').click(); 'ok'");
                int before = shown;
                for (int i = 0; i < 50 && rows(chromium, list.getKey()) == before; i++) Thread.sleep(100);
            }
        }
        for (var e : values.entrySet()) {
            String result = chromium.eval("(() => { const el = document.querySelector('[name=" + JSON.writeValueAsString(e.getKey()) + "]');"
                    + " if (!el) return 'no input'; el.value = " + JSON.writeValueAsString(e.getValue()) + ";"
                    + " return el.value === " + JSON.writeValueAsString(e.getValue()) + " ? 'ok' : 'not an option'; })()");
            assertThat(result).as("the form's input " + e.getKey()).isEqualTo("ok");
        }
    }

    private static int rows(HeadlessChromium chromium, String list) throws Exception {
        String count = chromium.eval("String(new Set([...document.querySelectorAll('[name]')].map(e => e.name)"
                + ".filter(n => n.startsWith(" + JSON.writeValueAsString(list + "[") + ")).map(n => n.substring(" + (list.length() + 1) + ", n.indexOf(']', " + list.length() + ")))).size)");
        return Integer.parseInt(count);
    }

    private static void submit(HeadlessChromium chromium) throws Exception {
        chromium.eval("document.getElementById('submit').click(); 'ok'");
        Thread.sleep(300);
        expect(chromium, "document.readyState", "complete");
    }

    private static void signIn(HeadlessChromium chromium, Map<String, String> env, String app, String user) throws Exception {
        Keycloak.signIn(chromium, env, app + "/app/populations", user);
        expect(chromium, "location.pathname", "/app/populations");
    }

    private static void expect(HeadlessChromium chromium, String expression, String expected) throws Exception {
        assertThat(chromium.waitFor(expression, expected, Duration.ofSeconds(20))).as(expression).isEqualTo(expected);
    }
}
