package org.vigil.casefile.projection;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a correction changed, field by field, in words: a date as its sources gave it, figures as their statement
 * ("35, according to News report" -> "between 35 and 36, according to News report (35) and Tahar Boumedra (36)"),
 * sources by publisher, codes and text as written. Fields that read the same before and after are left out.
 */
final class Changes {

    private static final Set<String> FIGURES = Set.of("size", "count", "killed", "injured", "abducted");

    private Changes() {
    }

    static List<Dossier.Change> between(JsonNode before, JsonNode after) {
        Set<String> fields = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(fields::add);
        after.fieldNames().forEachRemaining(fields::add);
        fields.remove("type");
        List<Dossier.Change> out = new ArrayList<>();
        for (String field : fields) {
            String was = say(field, before);
            String now = say(field, after);
            if (!was.equals(now)) out.add(new Dossier.Change(field, was, now));
        }
        return out;
    }

    private static String say(String field, JsonNode data) {
        JsonNode value = data.path(field);
        if (value.isMissingNode() || value.isNull() || (value.isArray() && value.isEmpty())) return "not stated";
        if (FIGURES.contains(field)) {
            PopulationStatus.Range r = StatusView.range(value, data.path("sources"));
            return r == null ? "not stated" : r.statement();
        }
        if (field.equals("occurred")) {
            When w = When.of(value);
            return w == null ? "not stated" : w.text();
        }
        if (field.equals("sources")) {
            List<String> publishers = new ArrayList<>();
            value.forEach(s -> publishers.add(s.path("publisher").asText(s.path("ref").asText())));
            return String.join("; ", publishers);
        }
        if (value.isValueNode()) return value.asText();
        return flat(value);
    }

    /** An object or list as "name: Camp Ashraf, country: IQ". */
    private static String flat(JsonNode value) {
        List<String> parts = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> parts.add(v.isValueNode() ? v.asText() : flat(v)));
            return String.join("; ", parts);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parts.add(e.getKey() + ": " + (e.getValue().isValueNode() ? e.getValue().asText() : flat(e.getValue())));
        }
        return String.join(", ", parts);
    }
}
