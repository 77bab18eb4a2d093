package org.vigil.report.write;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.vigil.report.view.Dossier.Cited;

/**
 * A report's footnotes: one per source, numbered in the order sources are first cited in the document, so the same
 * dossier always gives the same numbers.
 */
final class Footnotes {

    private final Map<Cited, Integer> numbers = new LinkedHashMap<>();
    private final List<Report.Footnote> footnotes = new ArrayList<>();

    /** The footnote numbers of these sources, each once, numbering a source on its first citation. */
    List<Integer> cite(List<Cited> sources) {
        List<Integer> out = new ArrayList<>();
        if (sources == null) return out;
        for (Cited s : sources) {
            int n = cite(s);
            if (!out.contains(n)) out.add(n);
        }
        return out;
    }

    /** The footnote number of a source (an unnamed one when the claim cites none), numbering it on first citation. */
    int cite(Cited cited) {
        Cited source = cited == null ? Cited.NONE : cited;
        // a missing field and an empty one name the same source
        Cited key = new Cited(orEmpty(source.publisher()), orEmpty(source.title()), orEmpty(source.date()),
                orEmpty(source.url()), orEmpty(source.documentIndex()));
        Integer known = numbers.get(key);
        if (known != null) return known;
        int n = numbers.size() + 1;
        numbers.put(key, n);
        Text.Builder b = Text.builder().add(source.publisher() == null ? "Unnamed source" : source.publisher());
        if (source.title() != null) b.add(", ").em(source.title());
        if (source.date() != null) b.add(", " + source.date());
        if (source.documentIndex() != null) b.add(", " + source.documentIndex());
        if (source.url() != null) b.add(", " + source.url());
        footnotes.add(new Report.Footnote(n, b.add(".").build()));
        return n;
    }

    List<Report.Footnote> all() {
        return List.copyOf(footnotes);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
