package org.vigil.report.write;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.qute.TemplateData;

/**
 * A piece of report prose in both its editions: Markdown (footnote references as {@code [^3]}) and HTML (escaped,
 * references as superscript links). Built once, so both editions say exactly the same thing.
 */
@TemplateData
public record Text(String md, String html) {

    public static Text of(String plain) {
        return new Builder().add(plain).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean isEmpty() {
        return md.isEmpty();
    }

    public static final class Builder {
        private final StringBuilder md = new StringBuilder();
        private final StringBuilder html = new StringBuilder();

        /** Plain text, escaped for each edition. */
        public Builder add(String plain) {
            if (plain == null) return this;
            md.append(markdown(plain));
            html.append(html(plain));
            return this;
        }

        /** Emphasised text (a title). */
        public Builder em(String plain) {
            if (plain == null) return this;
            md.append('*').append(markdown(plain)).append('*');
            html.append("<em>").append(html(plain)).append("</em>");
            return this;
        }

        public Builder add(Text text) {
            md.append(text.md());
            html.append(text.html());
            return this;
        }

        public Builder cite(int footnote) {
            md.append("[^").append(footnote).append(']');
            html.append("<sup><a href=\"#fn").append(footnote).append("\">").append(footnote).append("</a></sup>");
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
            return new Text(md.toString(), html.toString());
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
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\', '*', '_', '[', ']', '<', '>', '|', '`', '#' -> out.append('\\').append(c);
                case '\n', '\r', '\t' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Text escaped for HTML, each run of Arabic-script text (a Persian or Arabic name, with the spaces inside it)
     * marked with its language and direction, so browsers and the PDF lay it out right to left:
     * {@code <span lang="fa" dir="rtl">...</span>} ("fa" when the run holds a letter Persian adds to the Arabic
     * alphabet or the Persian yeh and keheh, else "ar").
     */
    static String html(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        int i = 0;
        while (i < s.length()) {
            if (!arabic(s.charAt(i))) {
                int end = i;
                while (end < s.length() && !arabic(s.charAt(end))) end++;
                escape(s.substring(i, end), out);
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
            escape(run, out);
            out.append("</span>");
            i = last + 1;
        }
        return out.toString();
    }

    static boolean arabic(char c) {
        Character.UnicodeBlock b = Character.UnicodeBlock.of(c);
        return b == Character.UnicodeBlock.ARABIC || b == Character.UnicodeBlock.ARABIC_SUPPLEMENT
                || b == Character.UnicodeBlock.ARABIC_EXTENDED_A || b == Character.UnicodeBlock.ARABIC_PRESENTATION_FORMS_A
                || b == Character.UnicodeBlock.ARABIC_PRESENTATION_FORMS_B;
    }

    private static boolean persian(String run) {
        return run.chars().anyMatch(c -> "\u067e\u0686\u0698\u06af\u06a9\u06cc".indexOf(c) >= 0);
    }

    private static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
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
