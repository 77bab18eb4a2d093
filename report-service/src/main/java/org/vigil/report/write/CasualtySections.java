package org.vigil.report.write;

import java.util.ArrayList;
import java.util.List;

import org.vigil.report.view.Dossier.Casualties;
import org.vigil.report.view.Dossier.Range;

import static org.vigil.report.write.Words.label;

/**
 * A report's casualty sections: each documented incident with its figures per source, the documented totals (sums
 * of the incidents, with how many report each category) and, apart, every total a source claims. Killed, injured
 * and abducted are never added together; an incident without a figure is not reported, never 0.
 */
final class CasualtySections {

    private final Casualties casualties;
    private final Phrases phrases;

    CasualtySections(Casualties casualties, Phrases phrases) {
        this.casualties = casualties;
        this.phrases = phrases;
    }

    List<Report.IncidentRow> incidents() {
        List<Report.IncidentRow> out = new ArrayList<>();
        for (Casualties.Incident i : casualties.incidents()) {
            String by = i.perpetrator() != null ? i.perpetrator() : "not stated";
            String attribution = i.attribution() == null ? "not_stated" : i.attribution();
            if (!attribution.equals("not_stated")) by += " (" + label(attribution) + ")";
            out.add(new Report.IncidentRow(Text.of(orElse(i.date(), "undated") + (i.corrected() ? " (corrected)" : "")),
                    Text.of(orElse(i.place(), "")), Text.of(label(orElse(i.means(), ""))), Text.of(by),
                    phrases.casualty(i.killed()), phrases.casualty(i.injured()), phrases.casualty(i.abducted())));
        }
        return out;
    }

    List<Text> documentedTotals() {
        Casualties.Totals d = casualties.documented();
        List<Text> out = new ArrayList<>();
        if (d.incidents() == 0) {
            out.add(Text.of("No incident is documented."));
            return out;
        }
        out.add(Text.of("Killed: " + documented(Casualties.Incident::killed, d.killed())));
        out.add(Text.of("Injured: " + documented(Casualties.Incident::injured, d.injured())));
        out.add(Text.of("Abducted: " + documented(Casualties.Incident::abducted, d.abducted())));
        return out;
    }

    /** "between 114 and 115, over the 7 documented incidents that report it", or that none reports it. */
    String documented(java.util.function.Function<Casualties.Incident, Range> category, Casualties.Sum sum) {
        List<Casualties.Incident> incidents = casualties.incidents();
        long reporting = incidents.stream().filter(i -> category.apply(i) != null).count();
        if (reporting == 0) return "not reported for any of the " + incidents.size() + " documented "
                + (incidents.size() == 1 ? "incident" : "incidents") + ".";
        return Phrases.sum(sum) + ", over "
                + (reporting == 1 ? "the 1 documented incident that reports it" : "the " + reporting + " documented incidents that report it")
                + (reporting < incidents.size() ? " (of " + incidents.size() + "; the other " + (incidents.size() - reporting)
                + " give no figure and are not counted as 0)" : "") + ".";
    }

    List<Text> claimedTotals() {
        List<Text> out = new ArrayList<>();
        for (Casualties.Aggregate a : casualties.claimedAggregates()) {
            claimed(out, a, "Killed", a.killed());
            claimed(out, a, "Injured", a.injured());
            claimed(out, a, "Abducted", a.abducted());
        }
        if (out.isEmpty()) out.add(Text.of("No source claims a total."));
        return out;
    }

    private void claimed(List<Text> out, Casualties.Aggregate a, String category, Range range) {
        if (range == null) return;
        out.add(Text.builder().add(category + scope(a) + ": ").add(phrases.phrase(range))
                .add(" (a claimed total, not a sum of the incidents above)").build());
    }

    static String scope(Casualties.Aggregate aggregate) {
        String scope = orElse(aggregate.scope(), "");
        String period = orElse(aggregate.period(), "");
        if (scope.isBlank() && period.isBlank()) return "";
        return " (" + (scope.isBlank() ? "" : scope) + (scope.isBlank() || period.isBlank() ? "" : ", ") + (period.isBlank() ? "" : period) + ")";
    }

    private static String orElse(String text, String otherwise) {
        return text == null ? otherwise : text;
    }
}
