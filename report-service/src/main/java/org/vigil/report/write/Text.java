package org.vigil.report.write;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.qute.TemplateData;

/**
 * A piece of report prose in both its editions: Markdown (footnote references as {@code [^3]}) and HTML (escaped,
 * references as superscript links). Built once from the same parts, so both editions say exactly the same thing; the
 * Markdown is written as it is built, the HTML only when an HTML or PDF edition asks for it (writing a report stores
 * only the Markdown).
 */
@TemplateData
public final class Text {

    private static final Object[] NONE = {};

    private final String md;
    /** What the HTML is made of: a String (plain text), an {@link Em}, a Text, or an Integer (a footnote reference). */
    private final Object[] parts;
    private String html;

    private Text(String md, Object[] parts) {
        this.md = md;
        this.parts = parts;
    }

    public static Text of(String plain) {
        return plain == null || plain.isEmpty() ? new Text("", NONE) : new Text(markdown(plain), new Object[]{plain});
    }

    public static Builder builder() {
        return new Builder();
    }

    public String md() {
        return md;
    }

    private static final String MARK_END = "</a></sup>";

    public String html() {
        String h = html;
        if (h == null) {
            StringBuilder out = new StringBuilder(md.length() + 16);
            appendHtml(out);
            html = h = out.toString();
        }
        return h;
    }

    private void appendHtml(StringBuilder out) {
        if (html != null) {
            out.append(html);
            return;
        }
        for (Object part : parts) {
            switch (part) {
                case String plain -> html(plain, out);
                case Em em -> html(em.plain(), out.append("<em>")).append("</em>");
                case Text text -> text.appendHtml(out);
                case Integer n -> {
                    // marks side by side read "11, 12, 5", not "11125": each after another gets a comma
                    int tail = out.length() - MARK_END.length();  // looks only at the end, not back through the text
                    boolean follows = tail >= 0 && out.indexOf(MARK_END, tail) == tail;
                    out.append(follows ? "<sup>,\u2009<a href=\"#fn" : "<sup><a href=\"#fn").append(n).append("\">").append(n).append(MARK_END);
                }
                default -> throw new IllegalStateException("not a part of a text: " + part);
            }
        }
    }

    public boolean isEmpty() {
        return md.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Text t && md.equals(t.md) && html().equals(t.html());
    }

    @Override
    public int hashCode() {
        return md.hashCode();
    }

    @Override
    public String toString() {
        return md;
    }

    private record Em(String plain) {
    }

    public static final class Builder {
        private final StringBuilder md = new StringBuilder();
        private final List<Object> parts = new ArrayList<>(4);

        /** Plain text, escaped for each edition. */
        public Builder add(String plain) {
            if (plain == null || plain.isEmpty()) return this;
            markdown(plain, md);
            parts.add(plain);
            return this;
        }

        /** Emphasised text (a title). */
        public Builder em(String plain) {
            if (plain == null) return this;
            markdown(plain, md.append('*')).append('*');
            parts.add(new Em(plain));
            return this;
        }

        public Builder add(Text text) {
            md.append(text.md);
            parts.add(text);
            return this;
        }

        public Builder cite(int footnote) {
            md.append("[^").append(footnote).append(']');
            parts.add(footnote);
            return this;
        }

        public Builder cite(List<Integer> footnotes) {
            footnotes.forEach(this::cite);
            return this;
        }

        public boolean isEmpty() {
            return md.isEmpty();
        }

        public Text build() {
            return new Text(md.toString(), parts.toArray());
        }
    }

    /** Joins with ", " and a final " and ". */
    public static Text join(List<Text> parts) {
        Builder b = builder();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) b.add(i == parts.size() - 1 ? " and " : ", ");
            b.add(parts.get(i));
        }
        return b.build();
    }

    public static List<Text> plain(List<String> lines) {
        List<Text> out = new ArrayList<>();
        lines.forEach(l -> out.add(of(l)));
        return out;
    }

    /**
     * Source text in Markdown: line breaks folded, and the characters that would change the document's structure
     * (emphasis, links, footnotes, tables, HTML) escaped, so that a source's words can never become markup.
     */
    static String markdown(String s) {
        return markdown(s, new StringBuilder(s.length() + 8)).toString();
    }

    private static StringBuilder markdown(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\', '*', '_', '[', ']', '<', '>', '|', '`', '#' -> out.append('\\').append(c);
                case '\n', '\r', '\t' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out;
    }

    /**
     * Text escaped for HTML, each run of Arabic-script text (a Persian or Arabic name, with the spaces inside it)
     * marked with its language and direction, so browsers and the PDF lay it out right to left:
     * {@code <span lang="fa" dir="rtl">...</span>} ("fa" when the run holds a letter Persian adds to the Arabic
     * alphabet or the Persian yeh and keheh, else "ar").
     */
    static String html(String s) {
        return html(s, new StringBuilder(s.length() + 8)).toString();
    }

    private static StringBuilder html(String s, StringBuilder out) {
        int i = 0;
        while (i < s.length()) {
            if (!arabic(s.charAt(i))) {
                int end = i;
                while (end < s.length() && !arabic(s.charAt(end))) end++;
                escape(s, i, end, out);
                i = end;
                continue;
            }
            int end = i;
            int last = i;
            while (end < s.length() && (arabic(s.charAt(end)) || s.charAt(end) == ' ' || s.charAt(end) == '\u200c')) {
                if (arabic(s.charAt(end))) last = end;
                end++;
            }
            String run = s.substring(i, last + 1);
            out.append("<span lang=\"").append(persian(run) ? "fa" : "ar").append("\" dir=\"rtl\">");
            escape(run, 0, run.length(), out);
            out.append("</span>");
            i = last + 1;
        }
        return out;
    }

    static boolean arabic(char c) {
        if (c < '\u0600') return false; // below the Arabic block: nearly every character of a report
        Character.UnicodeBlock b = Character.UnicodeBlock.of(c);
        return b == Character.UnicodeBlock.ARABIC || b == Character.UnicodeBlock.ARABIC_SUPPLEMENT
                || b == Character.UnicodeBlock.ARABIC_EXTENDED_A || b == Character.UnicodeBlock.ARABIC_PRESENTATION_FORMS_A
                || b == Character.UnicodeBlock.ARABIC_PRESENTATION_FORMS_B;
    }

    private static boolean persian(String run) {
        return run.chars().anyMatch(c -> "\u067e\u0686\u0698\u06af\u06a9\u06cc".indexOf(c) >= 0);
    }

    private static void escape(String s, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
