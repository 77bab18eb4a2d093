package org.vigil.report.write;

import java.util.ArrayList;
import java.util.List;

import org.vigil.report.view.Dossier;
import org.vigil.report.view.Dossier.Claim;
import org.vigil.report.view.Dossier.Range;

/**
 * Figures in a report's words, each with its sources footnoted: one claim as "about 3,400, according to X", several
 * as "between 50 and 208, according to X (208), Y (110) and Z (about 50)", with the figures a correction superseded
 * beside them. The numbers' words are casefile-service's (docs/counting.md); this only attributes them.
 */
final class Phrases {

    private final Footnotes footnotes;

    Phrases(Footnotes footnotes) {
        this.footnotes = footnotes;
    }

    /**
     * "about 3,400, according to X[^1]"; "between 50 and 208, according to X (208)[^1], Y (110)[^2] and Z (50)[^3]";
     * a source's note after its citation: "0, according to UNHCR[^4] (the source's words: ...)".
     */
    Text phrase(Range range) {
        Text current = current(range.words(), range.claims());
        if (range.earlier().isEmpty()) return current;
        // A correction never erases: the superseded figures and their sources stay beside the current one.
        Text.Builder b = Text.builder().add(current);
        for (Dossier.Earlier e : range.earlier()) {
            String until = e.supersededAt() == null ? "" : e.supersededAt();
            b.add("; earlier" + (until.length() >= 10 ? " (until " + until.substring(0, 10) + ")" : "") + " ");
            if (e.claims().isEmpty()) b.add("not stated");
            else b.add(current(e.words(), e.claims()));
        }
        return b.build();
    }

    /** A casualty figure of an incident, or that it gives none. */
    Text casualty(Range range) {
        return range == null ? Text.of("not reported") : phrase(range);
    }

    private Text current(String words, List<Claim> claims) {
        if (claims.isEmpty()) return Text.of("not stated");
        if (claims.size() == 1) {
            Claim c = claims.getFirst();
            Text.Builder b = Text.builder().add(claimValue(c) + ", according to " + publisher(c)).cite(footnotes.cite(c.cited()));
            if (c.note() != null) b.add(" (" + c.note() + ")");
            return b.build();
        }
        List<Text> parts = new ArrayList<>();
        for (Claim c : claims) {
            parts.add(Text.builder().add(publisher(c) + " (" + claimValue(c)
                    + (c.note() != null ? "; " + c.note() : "") + ")").cite(footnotes.cite(c.cited())).build());
        }
        return Text.builder().add(value(words, claims) + ", according to ").add(Text.join(parts)).build();
    }

    /** The range alone, in casefile's words: "3,360", "between 50 and 208", "at least 35", "up to 250". */
    static String value(Range range) {
        return value(range.words(), range.claims());
    }

    private static String value(String words, List<Claim> claims) {
        if (claims.size() == 1) return claimValue(claims.getFirst());
        return words == null ? "" : words;
    }

    /**
     * One source's figure as casefile words it ("up to 250", "5 reported"), with the source's own words when they
     * differ: "about 200 (\u201csome 200\u201d)".
     */
    static String claimValue(Claim c) {
        String words = c.words() == null ? "not stated" : c.words();
        String says = c.says();
        if (says != null && !says.strip().equalsIgnoreCase(words)) words += " (\u201c" + says.strip() + "\u201d)";
        return words;
    }

    static String publisher(Claim claim) {
        String p = claim.publisher() == null ? "" : claim.publisher();
        return p.isBlank() ? "source " + (claim.source() == null ? "?" : claim.source()) : p;
    }

    /** "X", "X and Y", "X, Y and Z": who claims a figure. */
    static String publishers(Range range) {
        List<String> names = new ArrayList<>();
        range.claims().forEach(c -> {
            String p = publisher(c);
            if (!names.contains(p)) names.add(p);
        });
        if (names.size() <= 1) return names.isEmpty() ? "A source" : names.getFirst();
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    }

    /** A documented sum in casefile's words. */
    static String sum(Dossier.Casualties.Sum sum) {
        return sum == null || sum.reporting() == 0 ? "not reported" : sum.words();
    }

    /** How the sources arrived at a headcount, when they say so: " (register)", " (estimate; some sources do not say)". */
    static String countedBy(List<String> methods) {
        List<String> stated = new ArrayList<>();
        boolean unstated = false;
        for (String m : methods) {
            switch (m == null ? "" : m) {
                case "headcount" -> stated.add("count of people present");
                case "registration" -> stated.add("register");
                case "estimate" -> stated.add("estimate");
                default -> unstated = true;
            }
        }
        if (stated.isEmpty()) return "";
        return " (" + String.join(", ", stated) + (unstated ? "; some sources do not say how they counted" : "") + ")";
    }
}
