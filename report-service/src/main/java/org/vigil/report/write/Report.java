package org.vigil.report.write;

import java.util.List;

import io.quarkus.qute.TemplateData;

/** A report ready to render: every sentence composed, every footnote numbered. The editions only lay it out. */
@TemplateData
public record Report(Text title, String index, String date, String asOf, String audience, long logPosition,
                     String chainHash, long streamVersion, List<Text> summary, List<Text> background, Period period,
                     List<TimelineLine> timeline, Text location, List<Text> sites, List<Text> designationsInForce,
                     List<Text> designationsEnded, List<RefugeeStage> refugeeStatus, List<Text> restrictions,
                     List<FigureRow> figures, List<HistoryRow> headcountHistory, List<IncidentRow> incidents,
                     List<Text> documentedTotals, List<Text> claimedTotals, List<Text> detentions,
                     List<Text> interventions,
                     List<String> methodology, String correctionsSince, List<Text> corrections, Text withheld,
                     List<Footnote> footnotes) {

    /** What changed between two dates. */
    @TemplateData
    public record Period(String from, String to, List<Text> incidents, List<Text> movements, List<Text> statusChanges,
                         List<Text> corrections, String headcountReports) {
    }

    @TemplateData
    public record TimelineLine(Text date, Text text) {
    }

    @TemplateData
    public record RefugeeStage(String stage, List<Text> steps) {
    }

    @TemplateData
    public record FigureRow(Text figure, Text date, Text value) {
    }

    @TemplateData
    public record HistoryRow(Text site, String year, String reports, String range, Text sources) {
    }

    @TemplateData
    public record IncidentRow(Text date, Text place, Text means, Text by, Text killed, Text injured,
                              Text abducted) {
    }

    @TemplateData
    public record Footnote(int number, Text text) {
    }
}
