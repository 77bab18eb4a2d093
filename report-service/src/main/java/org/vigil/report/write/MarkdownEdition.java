package org.vigil.report.write;

import java.util.List;

/**
 * Lays a composed report out as Markdown: the edition every report is stored in, written with every report, so it is
 * laid out by plain appends (a report of 100,000 events has some 16,000 lines: a template engine resolved each of
 * their cells one by one). The sections and their order are those of the HTML edition ({@code templates/report.html});
 * {@code GoldenReportTest} pins the result byte for byte.
 */
final class MarkdownEdition {

    private final StringBuilder out;

    private MarkdownEdition(int capacity) {
        this.out = new StringBuilder(capacity);
    }

    static String write(Report r) {
        MarkdownEdition md = new MarkdownEdition(64 * 1024 + 160 * (r.timeline().size() + r.incidents().size()));
        md.report(r);
        return md.out.toString();
    }

    private void report(Report r) {
        line("# ", r.title()).append('\n');
        out.append("**").append(r.index()).append("** · ").append(r.date()).append(" · Situation on ").append(r.asOf()).append("\n\n");
        out.append("Log position ").append(r.logPosition()).append(", chain head hash `").append(r.chainHash())
                .append("` (stream version ").append(r.streamVersion()).append("). Audience: ").append(r.audience()).append(".\n\n");
        out.append("## Summary\n\n");
        items(r.summary());
        out.append("\n## Background\n\n");
        for (Text b : r.background()) out.append(b.md()).append("\n\n");
        if (r.period() != null) period(r.period());
        out.append("## Timeline\n\n");
        for (Report.TimelineLine t : r.timeline()) {
            out.append("- **").append(t.date().md()).append("**: ").append(t.text().md()).append('\n');
        }
        out.append("\n## Current status\n\n### Sites and headcounts\n\n").append(r.location().md()).append("\n\n");
        items(r.sites(), "- No headcount recorded.");
        out.append("\n### Legal designations in force\n\n");
        items(r.designationsInForce(), "- None.");
        if (!r.designationsEnded().isEmpty()) {
            out.append("\nNo longer in force:\n\n");
            items(r.designationsEnded());
        }
        out.append("\n### Refugee-status progress\n\n");
        for (Report.RefugeeStage stage : r.refugeeStatus()) {
            out.append(stage.stage()).append(":\n");
            items(stage.steps());
            out.append('\n');
        }
        out.append("### Restrictions in force\n\n");
        items(r.restrictions(), "- None.");
        out.append("\n## Figures\n\n");
        if (!r.figures().isEmpty()) {
            out.append("| Figure | Date | Value, with its sources |\n|---|---|---|\n");
            for (Report.FigureRow f : r.figures()) row(f.figure(), f.date(), f.value());
        } else {
            out.append("No figure is recorded.\n");
        }
        out.append('\n');
        if (!r.headcountHistory().isEmpty()) {
            out.append("### Headcount history (by site and year)\n\n| Site | Year | Reports | Range | Sources |\n|---|---|---|---|---|\n");
            for (Report.HistoryRow h : r.headcountHistory()) {
                out.append("| ").append(h.site().md()).append(" | ").append(h.year()).append(" | ").append(h.reports())
                        .append(" | ").append(h.range()).append(" | ").append(h.sources().md()).append(" |\n");
            }
            out.append("\nThe chart of headcount by site over time, with incidents marked, is in the HTML and PDF editions.\n\n");
        }
        out.append("## Casualties\n\n");
        if (!r.incidents().isEmpty()) {
            out.append("| Date | Place | Means | Perpetrator | Killed | Injured | Abducted |\n|---|---|---|---|---|---|---|\n");
            for (Report.IncidentRow i : r.incidents()) row(i.date(), i.place(), i.means(), i.by(), i.killed(), i.injured(), i.abducted());
            out.append("\n### Totals: sum of documented incidents\n\n");
            items(r.documentedTotals());
        } else {
            out.append("No incident is documented.\n");
        }
        out.append("\n### Totals: aggregates claimed by sources\n\n");
        items(r.claimedTotals(), "- No source claims a total.");
        out.append('\n');
        if (!r.detentions().isEmpty()) {
            out.append("## Detentions\n\n");
            items(r.detentions());
            out.append('\n');
        }
        out.append("## Interventions and responses\n\n");
        items(r.interventions(), "- None recorded.");
        out.append("\n## Methodology\n\n");
        for (String m : r.methodology()) out.append("- ").append(m).append('\n');
        out.append("\n## Corrections ").append(r.correctionsSince()).append("\n\n");
        items(r.corrections(), "- None.");
        out.append("\n## Records left out\n\n").append(r.withheld().md()).append("\n\n## Sources\n\n");
        for (Report.Footnote f : r.footnotes()) {
            out.append("[^").append(f.number()).append("]: ").append(f.text().md()).append('\n');
        }
    }

    private void period(Report.Period p) {
        out.append("## What changed from ").append(p.from()).append(" to ").append(p.to()).append("\n\n### New incidents\n\n");
        items(p.incidents(), "- None recorded.");
        out.append("\n### Movements\n\n");
        items(p.movements(), "- None recorded.");
        out.append("\n### Status changes\n\n");
        items(p.statusChanges(), "- None recorded.");
        out.append("\n### Corrections recorded in the period\n\n");
        items(p.corrections(), "- None.");
        out.append('\n').append(p.headcountReports()).append("\n\n");
    }

    private StringBuilder line(String prefix, Text text) {
        return out.append(prefix).append(text.md()).append('\n');
    }

    /** A bulleted list, one line each. */
    private void items(List<Text> texts) {
        for (Text t : texts) line("- ", t);
    }

    /** A bulleted list, or the line that says it is empty. */
    private void items(List<Text> texts, String none) {
        if (texts.isEmpty()) out.append(none).append('\n');
        else items(texts);
    }

    private void row(Text... cells) {
        out.append('|');
        for (Text cell : cells) out.append(' ').append(cell.md()).append(" |");
        out.append('\n');
    }
}
