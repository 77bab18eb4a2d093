package org.vigil.report.write;

import static org.vigil.report.write.Words.label;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.vigil.report.view.Dossier;
import org.vigil.report.view.Dossier.Cited;
import org.vigil.report.view.Dossier.Status;

/**
 * The current-status sections that list facts one line each, with the sources cited: restrictions in force,
 * detentions, interventions; and the wording of each such fact, which the timeline uses too.
 */
final class StatusLines {

    private final Status status;
    private final Phrases phrases;
    private final Footnotes footnotes;
    private final Map<String, List<Cited>> sourcesByEvent;

    StatusLines(Status status, Phrases phrases, Footnotes footnotes, Map<String, List<Cited>> sourcesByEvent) {
        this.status = status;
        this.phrases = phrases;
        this.footnotes = footnotes;
        this.sourcesByEvent = sourcesByEvent;
    }

    List<Text> restrictions() {
        List<Text> out = new ArrayList<>();
        for (Dossier.Restriction r : status.restrictionsInForce()) {
            out.add(Text.builder().add(restriction(r)).cite(footnotes.cite(sourcesByEvent.get(r.eventId()))).build());
        }
        return out;
    }

    static String restriction(Dossier.Restriction r) {
        return (r.label() != null ? r.label() : label(r.restricts())) + " restricted"
                + (r.imposedBy() != null ? " by " + r.imposedBy() : "")
                + (r.since() != null ? ", since " + r.since() : "")
                + (r.description() != null ? ": " + r.description() : "");
    }

    /** "28 July 2009: Detained by Iraqi police at Camp Ashraf: 36, according to X; held 72 days; released." */
    List<Text> detentions() {
        List<Text> out = new ArrayList<>();
        for (Dossier.Detention d : status.detentions()) {
            Text.Builder b = Text.builder().add(orElse(d.date(), "undated") + (d.corrected() ? " (corrected)" : "") + ": "
                    + detained(d) + ": ");
            b.add(d.count() != null ? phrases.phrase(d.count()) : Text.of("number not stated"));
            if (d.grounds() != null) b.add("; grounds given: " + d.grounds());
            if (d.duration() != null) b.add("; held " + d.duration());
            b.add(".").cite(footnotes.cite(sourcesByEvent.get(d.eventId())));
            out.add(b.build());
        }
        return out;
    }

    static String detained(Dossier.Detention d) {
        return "Detained by " + orElse(d.detainedBy(), "an authority") + (d.place() != null ? " at " + d.place() : "")
                + (d.outcomeLabel() != null ? " (" + d.outcomeLabel().toLowerCase(Locale.ENGLISH)
                + (d.transferredTo() != null ? " to " + d.transferredTo() : "") + ")" : "");
    }

    List<Text> interventions() {
        List<Text> out = new ArrayList<>();
        for (Dossier.Intervention i : status.interventions()) {
            out.add(Text.builder().add(orElse(i.date(), "undated") + ": " + intervention(i))
                    .cite(footnotes.cite(sourcesByEvent.get(i.eventId()))).build());
        }
        return out;
    }

    static String intervention(Dossier.Intervention i) {
        List<String> to = i.addressees();
        return orElse(i.actor(), "Someone") + (to.isEmpty() ? "" : " to " + String.join("; ", to))
                + (i.channel() != null ? " (" + label(i.channel()) + ")" : "")
                + (i.asks() != null ? ": " + i.asks() : "")
                + (i.documentIndex() != null ? " [" + i.documentIndex() + "]" : "");
    }

    /** The text when the dossier gives it (blank too), else {@code otherwise}. */
    private static String orElse(String text, String otherwise) {
        return text == null ? otherwise : text;
    }
}
