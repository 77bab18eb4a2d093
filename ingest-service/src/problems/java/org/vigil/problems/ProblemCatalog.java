package org.vigil.problems;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The problems Vigil's services answer, each described on a page of its own: docs/problems.md, packaged into every
 * service as {@code problems.md}, one {@code ## name} section per problem {@code type} ({@code /problems/<name>}).
 * One source file compiled into each service (no shared jar), like the figure grammar.
 */
public final class ProblemCatalog {

    /** Where a problem's page is, relative to the service: the problem's {@code type}. */
    public static final String PATH = "/problems/";

    private static final Pattern HTTP_STATUS = Pattern.compile("http-[1-5][0-9][0-9]");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private final Map<String, List<String>> sections;

    private ProblemCatalog(Map<String, List<String>> sections) {
        this.sections = sections;
    }

    /** The catalog packaged with the service. */
    public static ProblemCatalog packaged() {
        try (InputStream in = ProblemCatalog.class.getResourceAsStream("/problems.md")) {
            if (in == null) throw new IllegalStateException("problems.md is not packaged with this service");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProblemCatalog parse(String markdown) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        String name = null;
        List<String> lines = null;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("## ")) {
                name = line.substring(3).trim();
                lines = new java.util.ArrayList<>();
                sections.put(name, lines);
            } else if (lines != null) {
                lines.add(line);
            }
        }
        return new ProblemCatalog(sections);
    }

    /** The names of the problems described. */
    public Set<String> names() {
        return sections.keySet();
    }

    /** Whether a problem {@code type} name has a page: a name described, or {@code http-<status>}. */
    public boolean describes(String name) {
        return sections.containsKey(section(name));
    }

    /** The page describing one problem, as HTML; null when the catalog does not describe it. */
    public String page(String name) {
        List<String> lines = sections.get(section(name));
        if (lines == null) return null;
        StringBuilder html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Vigil problem: ")
                .append(escape(name)).append("</title><style>body{font-family:sans-serif;max-width:44em;margin:2em auto;"
                        + "line-height:1.5;padding:0 1em}code{background:#f2f2f2;padding:0 .2em}.meta{color:#555}</style></head><body>")
                .append("<p class=\"meta\">Vigil · problem type <code>").append(escape(PATH + name)).append("</code></p>")
                .append("<h1>").append(escape(name)).append("</h1>");
        StringBuilder paragraph = new StringBuilder();
        boolean first = true;
        for (String line : lines) {
            if (line.isBlank()) {
                first = flush(html, paragraph, first);
            } else {
                paragraph.append(paragraph.isEmpty() ? "" : " ").append(line.trim());
            }
        }
        flush(html, paragraph, first);
        return html.append("<p class=\"meta\">Every problem's members are described in docs/problems.md.</p></body></html>")
                .toString();
    }

    private static boolean flush(StringBuilder html, StringBuilder paragraph, boolean first) {
        if (paragraph.isEmpty()) return first;
        String text = CODE.matcher(escape(paragraph.toString())).replaceAll(m -> "<code>" + Matcher.quoteReplacement(m.group(1)) + "</code>");
        html.append(first ? "<p class=\"meta\">" : "<p>").append(text).append("</p>");
        paragraph.setLength(0);
        return false;
    }

    private static String section(String name) {
        return name != null && HTTP_STATUS.matcher(name).matches() ? "http-status" : name;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
