package org.vigil.casefile.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MultivaluedMap;
import org.vigil.casefile.store.CitedSources;
import org.vigil.casefile.web.SchemaForms.Field;
import org.vigil.casefile.web.SchemaForms.Kind;

/**
 * A form's fields with what was typed into them: rendered as HTML (each field labelled, its help and its refusals
 * beside it), and read back into the event's JSON. Inputs are named by the field's path as ingest-service names it
 * ({@code sources[0].publisher}), so its refusals land beside the field they concern. Numbers are sent as numbers when
 * they read as such and as typed otherwise, so that ingest-service, not the page, says what is wrong with them.
 */
public final class FormFields {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INDEX = Pattern.compile("^(.*?)\\[(\\d+)]");

    private final List<Field> fields;
    private final String prefix;
    private final Map<String, String> values;
    private final Map<String, List<String>> errors;
    private final Map<String, Integer> extraRows;
    /** Sources the population cited before, offered beside each row of a list of sources. */
    private List<CitedSources.Cited> cited = List.of();

    /**
     * {@code values} by input name; {@code errors} by the path ingest-service named; {@code extraRows}: rows to add
     * to a list (its path without an index) beyond those typed in.
     */
    public FormFields(List<Field> fields, Map<String, String> values, Map<String, List<String>> errors, Map<String, Integer> extraRows) {
        this("", fields, values, errors, extraRows);
    }

    /**
     * The same, for a part of a page whose inputs are named {@code prefix} + path (a correction's own fields beside
     * the fact's): {@code values} and {@code extraRows} by input name, {@code errors} by the path ingest-service named.
     */
    public FormFields(String prefix, List<Field> fields, Map<String, String> values, Map<String, List<String>> errors,
                      Map<String, Integer> extraRows) {
        this.prefix = prefix;
        this.fields = fields;
        this.values = values;
        this.errors = errors;
        this.extraRows = extraRows;
    }

    /** The name of the lists whose rows are sources, where sources cited before are offered. */
    static final String SOURCES = "sources";
    /** The prefix of the choice of a source cited before, followed by the row's input name. */
    static final String CITE = "_cite.";

    /** Offers {@code sources} beside each row of the form's list of sources: choosing one fills the row. */
    public FormFields citing(List<CitedSources.Cited> sources) {
        this.cited = List.copyOf(sources);
        return this;
    }

    /**
     * Fills the rows whose choice of a source cited before was made ({@code _cite.sources[0]}, holding the source's
     * JSON) with that source's members, where nothing was typed: what was typed wins. The page's script fills them as
     * soon as one is chosen; this does the same for a browser without scripts.
     */
    public static void cite(MultivaluedMap<String, String> typed, Map<String, String> values) {
        typed.forEach((name, list) -> {
            if (!name.startsWith(CITE) || list.isEmpty() || list.getFirst() == null || list.getFirst().isBlank()) return;
            String row = name.substring(CITE.length());
            try {
                JsonNode source = JSON.readTree(list.getFirst());
                if (!source.isObject()) return;
                source.fields().forEachRemaining(e -> {
                    if (e.getValue().isValueNode() && values.getOrDefault(row + "." + e.getKey(), "").isBlank()) {
                        values.put(row + "." + e.getKey(), e.getValue().asText());
                    }
                });
            } catch (java.io.IOException e) {
                // not a source this page offered: nothing to fill, and what was typed goes as it is
            }
        });
    }

    /** The refusals ingest-service gave for paths no field of this form stands for (shown above the form). */
    public List<String> unplaced() {
        List<String> out = new ArrayList<>();
        errors.forEach((path, messages) -> {
            if (!placed(path)) messages.forEach(m -> out.add(path.isEmpty() ? m : path + ": " + m));
        });
        return out;
    }

    private boolean placed(String path) {
        String generic = path.replaceAll("\\[\\d+]", "[]");
        return placed(fields, generic);
    }

    private static boolean placed(List<Field> fields, String generic) {
        for (Field f : fields) {
            if (f.path().equals(generic)) return true;
            if (!f.children().isEmpty() && placed(f.children(), generic)) return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ HTML

    public String html() {
        StringBuilder out = new StringBuilder();
        for (Field f : fields) render(f, f.name(), out);
        return out.toString();
    }

    private void render(Field f, String path, StringBuilder out) {
        String id = "f-" + (prefix + path).replaceAll("[^A-Za-z0-9]", "-");
        List<String> mine = errors.getOrDefault(path, List.of());
        switch (f.kind()) {
            case GROUP -> {
                out.append("<fieldset class=\"group\" id=\"").append(id).append("\"><legend>").append(esc(f.label()))
                        .append(f.required() ? " <span class=\"req\">" + esc(Words.text().required()) + "</span>" : "").append("</legend>");
                help(f, id, out);
                problems(mine, id, out);
                for (Field c : f.children()) render(c, path + "." + c.name(), out);
                out.append("</fieldset>");
            }
            case LIST -> {
                out.append("<fieldset class=\"list\" id=\"").append(id).append("\"><legend>").append(esc(f.label()))
                        .append(f.required() ? " <span class=\"req\">" + esc(Words.text().required()) + "</span>" : "").append("</legend>");
                help(f, id, out);
                problems(mine, id, out);
                int rows = rows(path);
                for (int i = 0; i < rows; i++) {
                    String row = path + "[" + i + "]";
                    out.append("<fieldset class=\"row\"><legend>").append(esc(f.label())).append(' ').append(i + 1).append("</legend>");
                    problems(errors.getOrDefault(row, List.of()), id + "-" + i, out);
                    if (f.name().equals(SOURCES) && !cited.isEmpty()) citeChoice(prefix + row, id + "-" + i + "-cite", out);
                    for (Field c : f.children()) render(c, row + "." + c.name(), out);
                    out.append("</fieldset>");
                }
                out.append("<button type=\"submit\" class=\"more\" name=\"_more\" value=\"").append(esc(prefix + path)).append("\">")
                        .append(esc(Words.text().form_add_another(f.label().toLowerCase(java.util.Locale.ROOT)))).append("</button></fieldset>");
            }
            default -> {
                String describedBy = (f.help() == null ? "" : id + "-help ") + (mine.isEmpty() ? "" : id + "-error");
                out.append("<div class=\"field").append(mine.isEmpty() ? "" : " invalid").append("\"><label for=\"").append(id).append("\">")
                        .append(esc(f.label())).append(f.required() ? " <span class=\"req\">" + esc(Words.text().required()) + "</span>" : "").append("</label>");
                String value = values.getOrDefault(prefix + path, "");
                String aria = (describedBy.isBlank() ? "" : " aria-describedby=\"" + describedBy.strip() + "\"") + (mine.isEmpty() ? "" : " aria-invalid=\"true\"");
                switch (f.kind()) {
                    case CHOICE -> {
                        out.append("<select id=\"").append(id).append("\" name=\"").append(esc(prefix + path)).append('"').append(aria).append('>');
                        out.append("<option value=\"\">").append(esc(f.required() ? Words.text().form_choose() : Words.text().not_stated())).append("</option>");
                        for (String o : f.options()) {
                            out.append("<option value=\"").append(esc(o)).append('"').append(o.equals(value) ? " selected" : "").append('>')
                                    .append(esc(o.replace('_', ' '))).append("</option>");
                        }
                        out.append("</select>");
                    }
                    case LONG_TEXT, TEXT_LIST -> out.append("<textarea id=\"").append(id).append("\" name=\"").append(esc(prefix + path))
                            .append("\" rows=\"").append(f.kind() == Kind.TEXT_LIST ? 2 : 3).append('"').append(aria).append('>')
                            .append(esc(value)).append("</textarea>");
                    default -> out.append("<input id=\"").append(id).append("\" name=\"").append(esc(prefix + path)).append("\" value=\"")
                            .append(esc(value)).append('"').append(f.kind() == Kind.INTEGER || f.kind() == Kind.NUMBER ? " inputmode=\"decimal\"" : "")
                            .append(aria).append('>');
                }
                if (f.kind() == Kind.TEXT_LIST) out.append("<p class=\"help\">").append(esc(Words.text().form_one_per_line())).append("</p>");
                help(f, id, out);
                problems(mine, id, out);
                out.append("</div>");
            }
        }
    }

    private void citeChoice(String row, String id, StringBuilder out) {
        String chosen = values.getOrDefault(CITE + row, "");
        out.append("<div class=\"field cite\"><label for=\"").append(id).append("\">").append(esc(Words.text().form_cited_before())).append("</label><select id=\"")
                .append(id).append("\" name=\"").append(esc(CITE + row)).append("\" data-row=\"").append(esc(row)).append("\">")
                .append("<option value=\"\">").append(esc(Words.text().form_new_source())).append("</option>");
        for (CitedSources.Cited c : cited) {
            out.append("<option value=\"").append(esc(c.json())).append('"').append(c.json().equals(chosen) ? " selected" : "").append('>')
                    .append(esc(citation(c.json()))).append("</option>");
        }
        out.append("</select></div>");
    }

    /** A source in a line: its publisher, title and date, as far as it names them. */
    static String citation(String json) {
        try {
            JsonNode s = JSON.readTree(json);
            StringBuilder line = new StringBuilder(s.path("publisher").asText(s.path("ref").asText("")));
            String title = s.path("title").asText("");
            if (!title.isEmpty()) line.append(" · ").append(title.length() > 90 ? title.substring(0, 89) + "…" : title);
            String date = s.path("date").asText("");
            if (!date.isEmpty()) line.append(" (").append(date).append(')');
            return line.toString();
        } catch (java.io.IOException e) {
            return json;
        }
    }

    private static void help(Field f, String id, StringBuilder out) {
        if (f.help() != null) out.append("<p class=\"help\" id=\"").append(id).append("-help\">").append(esc(f.help())).append("</p>");
    }

    private static void problems(List<String> messages, String id, StringBuilder out) {
        if (messages.isEmpty()) return;
        out.append("<p class=\"error\" id=\"").append(id).append("-error\">");
        for (int i = 0; i < messages.size(); i++) out.append(i == 0 ? "" : "<br>").append(esc(messages.get(i)));
        out.append("</p>");
    }

    /** How many rows a list shows: those typed in or refused (at least one), and those asked for. */
    private int rows(String path) {
        int rows = 1;
        for (String key : values.keySet()) rows = Math.max(rows, index(key, prefix + path) + 1);
        for (String key : errors.keySet()) rows = Math.max(rows, index(key, path) + 1);
        return rows + extraRows.getOrDefault(prefix + path, 0);
    }

    /** The row index of {@code key} in the list at {@code path}, or -1. */
    private static int index(String key, String path) {
        if (!key.startsWith(path + "[")) return -1;
        Matcher m = INDEX.matcher(key.substring(path.length()));
        return m.find() ? Integer.parseInt(m.group(2)) : -1;
    }

    // ------------------------------------------------------------------ dates in words

    /**
     * Reads each date typed in words: where an occurrence's {@code label} holds words and none of its date members
     * was filled, {@link DateWords} fills the precision and the dates the words carry (the words stay the label). A
     * precision chosen beside them must agree ("approximate" makes the words' period approximate). Answers what could
     * not be read, by the path of the label, to show beside it; nothing is sent while there is any.
     */
    public Map<String, List<String>> readDates() {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (Field f : fields) readDates(f, f.name(), problems);
        return problems;
    }

    private void readDates(Field f, String path, Map<String, List<String>> problems) {
        switch (f.kind()) {
            case GROUP -> {
                if (occurrence(f)) readDate(path, problems);
                else for (Field c : f.children()) readDates(c, path + "." + c.name(), problems);
            }
            case LIST -> {
                for (int i = 0, rows = rows(path); i < rows; i++) {
                    for (Field c : f.children()) readDates(c, path + "[" + i + "]." + c.name(), problems);
                }
            }
            default -> {
            }
        }
    }

    private static boolean occurrence(Field f) {
        List<String> names = f.children().stream().map(Field::name).toList();
        return names.containsAll(List.of("precision", "label")) && (names.contains("date") || names.contains("earliest"));
    }

    private void readDate(String path, Map<String, List<String>> problems) {
        String at = prefix + path + ".";
        String words = values.getOrDefault(at + "label", "").strip();
        if (words.isEmpty()) return;
        for (String member : List.of("date", "at", "earliest", "latest")) if (!values.getOrDefault(at + member, "").isBlank()) return;
        String chosen = values.getOrDefault(at + "precision", "").strip();
        DateWords.Read read = DateWords.read(words);
        if (read == null) {
            problems.put(path + ".label", List.of(Words.text().form_unread_date(words)));
            return;
        }
        if (chosen.equals("approximate")) {
            DateWords.Read approximate = read.approximate();
            if (approximate == null) {
                problems.put(path + ".label", List.of(Words.text().form_span_not_approximate(words, read.earliest(), read.latest())));
                return;
            }
            read = approximate;
        } else if (!chosen.isEmpty() && !chosen.equals(read.precision())) {
            problems.put(path + ".label", List.of(Words.text().form_precision_differs(words, read.precision(), chosen)));
            return;
        }
        values.put(at + "precision", read.precision());
        if (read.date() != null) values.put(at + "date", read.date());
        if (read.earliest() != null) values.put(at + "earliest", read.earliest());
        if (read.latest() != null) values.put(at + "latest", read.latest());
    }

    // ------------------------------------------------------------------ JSON

    /** The event as typed: {@code type} and every field that holds something. */
    public ObjectNode json(String type) {
        ObjectNode event = JSON.createObjectNode();
        if (type != null) event.put("type", type);
        for (Field f : fields) {
            JsonNode value = value(f, f.name());
            if (value != null) event.set(f.name(), value);
        }
        return event;
    }

    private JsonNode value(Field f, String path) {
        switch (f.kind()) {
            case GROUP -> {
                ObjectNode object = JSON.createObjectNode();
                for (Field c : f.children()) {
                    JsonNode v = value(c, path + "." + c.name());
                    if (v != null) object.set(c.name(), v);
                }
                return object.isEmpty() ? null : object;
            }
            case LIST -> {
                ArrayNode list = JSON.createArrayNode();
                int rows = rows(path);
                for (int i = 0; i < rows; i++) {
                    ObjectNode row = JSON.createObjectNode();
                    for (Field c : f.children()) {
                        JsonNode v = value(c, path + "[" + i + "]." + c.name());
                        if (v != null) row.set(c.name(), v);
                    }
                    if (!row.isEmpty()) list.add(row);
                }
                return list.isEmpty() ? null : list;
            }
            case TEXT_LIST -> {
                String text = values.getOrDefault(prefix + path, "").strip();
                if (text.isEmpty()) return null;
                ArrayNode list = JSON.createArrayNode();
                for (String line : text.split("\\R")) if (!line.isBlank()) list.add(line.strip());
                return list;
            }
            case INTEGER, NUMBER -> {
                String text = values.getOrDefault(prefix + path, "").strip();
                if (text.isEmpty()) return null;
                String plain = text.replaceAll("[\\s,_]", "");
                try {
                    return f.kind() == Kind.INTEGER ? JSON.getNodeFactory().numberNode(Long.parseLong(plain))
                            : JSON.getNodeFactory().numberNode(new java.math.BigDecimal(plain));
                } catch (NumberFormatException e) {
                    return JSON.getNodeFactory().textNode(text); // ingest-service names what is wrong with it
                }
            }
            default -> {
                String text = values.getOrDefault(prefix + path, "");
                return text.isBlank() ? null : JSON.getNodeFactory().textNode(text.strip());
            }
        }
    }

    /** An event's JSON as a form's values: {@code a.b}, {@code list[0].c}, a list of words one per line. */
    public static Map<String, String> values(JsonNode event, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten(event, "", prefix, out);
        return out;
    }

    private static void flatten(JsonNode node, String path, String prefix, Map<String, String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), prefix, out));
        } else if (node.isArray()) {
            if (!node.isEmpty() && !node.get(0).isObject()) {
                List<String> words = new ArrayList<>();
                node.forEach(w -> words.add(w.asText()));
                out.put(prefix + path, String.join("\n", words));
            } else {
                for (int i = 0; i < node.size(); i++) flatten(node.get(i), path + "[" + i + "]", prefix, out);
            }
        } else if (!node.isNull()) {
            out.put(prefix + path, node.asText());
        }
    }

    /**
     * What turns {@code before} into {@code after} as a JSON Merge Patch (RFC 7396): members set or changed, {@code null}
     * for members removed, objects patched member by member, lists replaced whole. Empty when nothing changed.
     */
    public static ObjectNode mergePatch(ObjectNode before, ObjectNode after) {
        ObjectNode patch = JSON.createObjectNode();
        before.fieldNames().forEachRemaining(name -> {
            if (!after.has(name)) patch.putNull(name);
        });
        after.fields().forEachRemaining(e -> {
            JsonNode old = before.get(e.getKey());
            if (old != null && old.isObject() && e.getValue().isObject()) {
                ObjectNode inner = mergePatch((ObjectNode) old, (ObjectNode) e.getValue());
                if (!inner.isEmpty()) patch.set(e.getKey(), inner);
            } else if (!e.getValue().equals(old)) {
                patch.set(e.getKey(), e.getValue());
            }
        });
        return patch;
    }

    /** The refusals of a problem answer by field path: {@code errors[].field} and {@code .message}. */
    public static Map<String, List<String>> refusals(String problemJson) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try {
            JsonNode problem = JSON.readTree(problemJson);
            JsonNode list = problem.path("errors");
            if (list.isArray() && !list.isEmpty()) {
                for (JsonNode e : list) out.computeIfAbsent(e.path("field").asText(""), k -> new ArrayList<>()).add(e.path("message").asText());
            } else {
                out.computeIfAbsent("", k -> new ArrayList<>()).add(problem.path("detail").asText(problem.path("title").asText("refused")));
            }
        } catch (java.io.IOException e) {
            out.put("", List.of("ingest-service answered: " + problemJson));
        }
        return out;
    }

    /** The same refusals in one line ("field: message, message; field: message"), for a page with no field to show them beside. */
    public static String refusalsInOneLine(String problemJson) {
        return String.join("; ", refusals(problemJson).entrySet().stream()
                .map(e -> (e.getKey().isEmpty() ? "" : e.getKey() + ": ") + String.join(", ", e.getValue())).toList());
    }

    /** Text made safe for HTML, in an element or an attribute. */
    static String esc(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
