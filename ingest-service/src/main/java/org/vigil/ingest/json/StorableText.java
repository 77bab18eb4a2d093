package org.vigil.ingest.json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.vigil.ingest.event.Violation;

/**
 * Text that every store downstream can keep. JSON may carry U+0000 (escaped as backslash-u-0000) and lone UTF-16 surrogates
 * (backslash-u-d800 alone); PostgreSQL's text columns refuse the first and UTF-8 cannot encode the second, so an event that
 * holds either would be accepted here and then fail in every view that stores it. Such text is refused at the door,
 * each place named.
 */
public final class StorableText {

    public static final String RULE = "text.storable";

    private StorableText() {
    }

    /** Every string value and field name in the tree that holds U+0000 or a lone surrogate, with its JSON path. */
    public static List<Violation> check(JsonNode node) {
        List<Violation> found = new ArrayList<>();
        walk(node, "", found);
        return found;
    }

    private static void walk(JsonNode node, String path, List<Violation> found) {
        if (node == null) return;
        if (node.isTextual()) {
            String problem = problem(node.textValue());
            if (problem != null) found.add(new Violation(path, RULE, problem));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                String problem = problem(field.getKey());
                if (problem != null) found.add(new Violation(child, RULE, "the field name " + problem.substring(5)));
                walk(field.getValue(), child, found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(node.get(i), path + "[" + i + "]", found);
        }
    }

    /** Why this text cannot be stored, or null when it can. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') return "text holds the character U+0000 (at " + i + "), which cannot be stored; remove it";
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "text holds a lone UTF-16 surrogate (at " + i + "), which is not a character; remove it";
            }
            if (Character.isLowSurrogate(c)) {
                return "text holds a lone UTF-16 surrogate (at " + i + "), which is not a character; remove it";
            }
        }
        return null;
    }
}
