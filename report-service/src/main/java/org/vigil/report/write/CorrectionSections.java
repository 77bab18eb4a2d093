package org.vigil.report.write;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.vigil.report.view.Dossier;

import static org.vigil.report.write.Words.day;

/**
 * A report's corrections: each correction and retraction of the record, with its reason, what it changed field by
 * field, and the sources of the fact before and after, footnoted. Corrections never erase: both are named.
 */
final class CorrectionSections {

    private final List<Dossier.Correction> corrections;
    private final Footnotes footnotes;

    CorrectionSections(List<Dossier.Correction> corrections, Footnotes footnotes) {
        this.corrections = corrections;
        this.footnotes = footnotes;
    }

    List<Text> corrections(Predicate<Dossier.Correction> which) {
        List<Text> out = new ArrayList<>();
        for (Dossier.Correction c : corrections) {
            if (!which.test(c)) continue;
            String recorded = day(Instant.parse(c.recordedAt()).atZone(ZoneOffset.UTC).toLocalDate());
            boolean retracted = "retracted".equals(c.kind());
            String before = orElse(c.dateBefore(), "undated");
            Text.Builder b = Text.builder().add("On " + recorded + ", the record of " + Words.typeLabel(c.type()).toLowerCase(Locale.ENGLISH)
                    + " dated " + before
                    + (c.summaryBefore() != null ? " (\u201c" + c.summaryBefore() + "\u201d)" : "")
                    + (retracted ? " was retracted" : " was corrected")
                    + (!retracted && c.dateAfter() != null && !c.dateAfter().equals(String.valueOf(c.dateBefore()))
                    ? "; it is now dated " + c.dateAfter() : "")
                    + (c.reason() != null ? ". Reason: " + c.reason() : "") + ".");
            // Field by field, what changed; the sources of the fact before and after are both footnoted.
            List<String> changes = new ArrayList<>();
            for (Dossier.Change ch : c.changes()) {
                changes.add(Words.fieldLabel(ch.field()) + ": " + ch.before() + " \u2192 " + ch.after());
            }
            if (!changes.isEmpty()) b.add(" Changed: " + String.join("; ", changes) + ".");
            b.add(" Sources before").cite(footnotes.cite(c.sourcesBefore()));
            if (!retracted) b.add(", after").cite(footnotes.cite(c.sources()));
            b.add(".");
            out.add(b.build());
        }
        return out;
    }

    private static String orElse(String text, String otherwise) {
        return text == null ? otherwise : text;
    }
}
