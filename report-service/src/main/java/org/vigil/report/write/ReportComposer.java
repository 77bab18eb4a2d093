package org.vigil.report.write;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.vigil.access.Audience;
import org.vigil.access.Confidentiality;
import org.vigil.report.view.Dossier;
import org.vigil.report.view.Dossier.Casualties;
import org.vigil.report.view.Dossier.Cited;
import org.vigil.report.view.Dossier.Range;
import org.vigil.report.view.Dossier.Status;
import org.vigil.report.view.Dossier.TimelineItem;

import static org.vigil.report.write.Words.day;
import static org.vigil.report.write.Words.label;
import static org.vigil.report.write.Words.place;
import static org.vigil.report.write.Words.siteName;

/**
 * Composes a report's sections from casefile-service's dossier and the report's own facts (number, date, log
 * position). A pure function: the same dossier and the same {@link ReportMeta} give the same report, down to the
 * footnote numbers, which follow the order in which sources are first cited in the document ({@link Footnotes}).
 *
 * <p>Every figure is written as its sources gave it ({@link Phrases}). Totals are written twice, never merged: the
 * sum of the documented incidents, and each total a source claims, attributed to it.
 */
public final class ReportComposer {

    private final Dossier dossier;
    private final Status status;
    private final ReportMeta meta;
    private final Footnotes footnotes = new Footnotes();
    private final Phrases phrases = new Phrases(footnotes);
    private final Map<String, List<Cited>> sourcesByEvent = new HashMap<>();
    private final Map<String, Text> describedByEvent = new HashMap<>();

    private final CasualtySections casualties;
    private final StatusLines lines;

    private ReportComposer(Dossier dossier, ReportMeta meta) {
        this.dossier = dossier;
        this.status = dossier.status() == null
                ? new Status(null, null, null, null, null, null, null, null, null, null, null, null) : dossier.status();
        this.meta = meta;
        status.timeline().forEach(i -> sourcesByEvent.put(i.eventId(), i.sources()));
        this.casualties = new CasualtySections(status.casualties(), phrases);
        this.lines = new StatusLines(status, phrases, footnotes, sourcesByEvent);
    }

    public static Report compose(Dossier dossier, ReportMeta meta) {
        return new ReportComposer(dossier, meta).report();
    }

    /** "3,400": thousands grouped with commas, as in English. */
    static String number(long n) {
        return Words.number(n);
    }

    private Report report() {
        describeFacts();
        String name = Words.or(status.name(), "Unnamed population");
        String title = meta.periodFrom() == null ? name + ": situation report"
                : name + ": what changed from " + day(meta.periodFrom()) + " to " + day(meta.periodTo());
        List<Text> summary = summary();
        List<Text> background = background();
        Report.Period period = meta.periodFrom() == null ? null : period();
        List<Report.TimelineLine> timeline = timeline();
        Text location = location();
        List<Text> sites = sites();
        List<Text> inForce = new ArrayList<>();
        List<Text> ended = new ArrayList<>();
        designations(inForce, ended);
        List<Report.RefugeeStage> refugee = refugeeStatus();
        List<Text> restrictions = lines.restrictions();
        List<Report.FigureRow> figures = figures();
        List<Report.HistoryRow> history = history();
        List<Report.IncidentRow> incidents = casualties.incidents();
        List<Text> documented = casualties.documentedTotals();
        List<Text> claimed = casualties.claimedTotals();
        List<Text> detentions = lines.detentions();
        List<Text> interventions = lines.interventions();
        String since = meta.previousIndex() == null ? "since the record began"
                : "since the previous report on this population, " + meta.previousIndex();
        List<Text> corrections = new CorrectionSections(dossier.corrections(), footnotes).corrections(c -> c.streamVersion() > meta.previousVersion());
        Text withheld = withheld();
        return new Report(Text.of(title), meta.index(), day(meta.issuedOn()), day(meta.asOf()), audienceLabel(),
                meta.logPosition(), meta.chainHash(), meta.streamVersion(), summary, background, period, timeline,
                location, sites, inForce, ended, refugee, restrictions, figures, history, incidents, documented, claimed,
                detentions, interventions, Methodology.all(), since, corrections, withheld, footnotes.all());
    }

    private String audienceLabel() {
        return Audience.ofRecord(meta.audience()) == Audience.PUBLIC ? "public (public records only)"
                : "internal (all records, including restricted and confidential ones: not for publication)";
    }

    // ---- summary and background ----------------------------------------------------------------------------------

    private List<Text> summary() {
        List<Text> out = new ArrayList<>();
        Dossier.Location location = status.location();
        if (location != null && location.site() != null) {
            out.add(Text.of("On " + day(meta.asOf()) + " the population's site was " + place(location.site())
                    + (location.outsideCountryOfRegistration() ? ", outside its country of registration." : ".")));
        }
        List<Casualties.Incident> incidents = status.casualties().incidents();
        if (!incidents.isEmpty()) {
            out.add(Text.of(incidents.size() + (incidents.size() == 1 ? " attack is" : " attacks are")
                    + " documented. Killed: " + casualties.documented(Casualties.Incident::killed, status.casualties().documented().killed())
                    + " Injured: " + casualties.documented(Casualties.Incident::injured, status.casualties().documented().injured())));
        }
        for (Casualties.Aggregate a : status.casualties().claimedAggregates()) {
            if (a.killed() != null) {
                out.add(Text.of(Phrases.publishers(a.killed()) + " " + (a.killed().claims().size() > 1 ? "claim" : "claims")
                        + " a total of " + Phrases.value(a.killed()) + " killed" + CasualtySections.scope(a)
                        + "; this claim is reported beside the documented sum, not merged with it."));
            }
        }
        long inForce = status.designations().stream().filter(Dossier.Designation::inForce).count();
        long restrictions = status.restrictionsInForce().size();
        out.add(Text.of(inForce + (inForce == 1 ? " legal designation is" : " legal designations are") + " in force and "
                + restrictions + (restrictions == 1 ? " access restriction is" : " access restrictions are") + " in force."));
        Dossier.RefugeeStatus refugee = status.refugeeStatus();
        if (!refugee.registered().isEmpty() || !refugee.recognised().isEmpty() || !refugee.resettled().isEmpty()) {
            out.add(Text.of("Refugee status: " + refugee.registered().size() + " registration, "
                    + refugee.recognised().size() + " recognition and " + refugee.resettled().size()
                    + " resettlement records; asylum seekers, recognised refugees and resettled people are counted apart."));
        }
        return out;
    }

    private List<Text> background() {
        List<Text> out = new ArrayList<>();
        String name = Words.or(status.name(), "The population");
        List<String> aliases = status.aliases();
        Text.Builder b = Text.builder().add(name + (aliases.isEmpty() ? "" : " (also known as " + String.join(", ", aliases) + ")") + ".");
        for (TimelineItem item : status.timeline()) {
            if (item.type() != null && item.type().startsWith("vigil.population.registered.")) {
                b.add(" " + Words.dateOf(item) + ": " + Words.or(item.summary(), "registered")).cite(footnotes.cite(item.sources()));
            }
        }
        out.add(b.build());
        Dossier.Location location = status.location();
        if (location != null && !location.earlierSites().isEmpty()) {
            List<String> earlier = new ArrayList<>();
            location.earlierSites().forEach(p -> earlier.add(place(p)));
            out.add(Text.of("Earlier sites: " + String.join("; ", earlier) + "."));
        }
        out.add(Text.of("This report reflects the record of the population up to its stream version " + meta.streamVersion()
                + " (log position " + meta.logPosition() + "), for the situation on " + day(meta.asOf()) + "."));
        return out;
    }

    // ---- the period ----------------------------------------------------------------------------------------------

    private Report.Period period() {
        LocalDate from = meta.periodFrom();
        LocalDate to = meta.periodTo();
        List<Text> incidents = new ArrayList<>();
        List<Text> movements = new ArrayList<>();
        List<Text> changes = new ArrayList<>();
        for (TimelineItem item : status.timeline()) {
            LocalDate earliest = LocalDate.parse(item.earliest());
            LocalDate latest = LocalDate.parse(item.latest());
            if (latest.isBefore(from) || earliest.isAfter(to)) continue;
            boolean within = !earliest.isBefore(from) && !latest.isAfter(to);
            Text line = Text.builder().add(Words.dateOf(item) + (within ? "" : " (may fall partly outside the period)") + ": ")
                    .add(describe(item)).build();
            switch (Words.kind(item.type())) {
                case "vigil.attack.recorded", "vigil.detention.recorded" -> incidents.add(line);
                case "vigil.relocation.recorded" -> movements.add(line);
                case "vigil.legal-designation.changed", "vigil.refugee-status.changed",
                     "vigil.access-restriction.recorded", "vigil.access-restriction.lifted" -> changes.add(line);
                default -> {
                    // registrations, interventions and claimed totals are in the timeline
                }
            }
        }
        List<Text> corrections = new CorrectionSections(dossier.corrections(), footnotes).corrections(c -> {
            LocalDate recorded = Instant.parse(c.recordedAt()).atZone(ZoneOffset.UTC).toLocalDate();
            return !recorded.isBefore(from) && !recorded.isAfter(to);
        });
        int reports = 0;
        for (Dossier.CountYear h : dossier.headcountHistory()) {
            if (h.year() >= from.getYear() && h.year() <= to.getYear()) reports += h.reports();
        }
        String headcounts = reports == 0 ? "No headcount reports fall in the years of the period."
                : reports + " headcount reports fall in the years " + from.getYear() + (from.getYear() == to.getYear() ? "" : "-" + to.getYear())
                + " (see the headcount history).";
        return new Report.Period(day(from), day(to), incidents, movements, changes, corrections, headcounts);
    }

    // ---- timeline ------------------------------------------------------------------------------------------------

    private List<Report.TimelineLine> timeline() {
        List<Report.TimelineLine> out = new ArrayList<>();
        for (TimelineItem item : status.timeline()) {
            Text.Builder b = Text.builder().add(describe(item));
            if (item.corrected()) b.add(" (corrected)");
            if (!item.certain()) b.add(" (may have happened after " + day(meta.asOf()) + ")");
            b.cite(footnotes.cite(item.sources()));
            out.add(new Report.TimelineLine(Text.of(Words.dateOf(item)), b.build()));
        }
        return out;
    }

    /** A fact in words: its own summary when it has one, else what the status says about it. */
    private Text describe(TimelineItem item) {
        if (item.summary() != null && !item.summary().isBlank()) return Text.of(item.summary());
        Text described = describedByEvent.get(item.eventId());
        if (described != null) return described;
        if (item.description() != null && !item.description().isBlank()) return Text.of(item.description());
        return Text.of(item.kind() != null ? item.kind() : Words.typeLabel(item.type()));
    }

    private void describeFacts() {
        for (Dossier.Designation d : status.designations()) {
            describedByEvent.put(d.eventId(), Text.of(designationLabel(d) + " " + action(d) + " by " + orElse(d.authority(), "")
                    + (d.instrument() != null ? " (" + d.instrument() + ")" : "")));
        }
        for (Dossier.Movement m : status.movements()) {
            describedByEvent.put(m.eventId(), Text.builder().add(movement(m)).build());
        }
        for (Casualties.Incident i : status.casualties().incidents()) {
            describedByEvent.put(i.eventId(), Text.of("Attack" + (i.place() != null ? " at " + i.place() : "")
                    + (i.means() != null ? " (" + label(i.means()) + ")" : "")));
        }
        for (Dossier.Restriction r : status.restrictionsInForce()) {
            describedByEvent.put(r.eventId(), Text.of(StatusLines.restriction(r)));
        }
        for (Dossier.Intervention i : status.interventions()) {
            describedByEvent.put(i.eventId(), Text.of(StatusLines.intervention(i)));
        }
        for (Dossier.Detention d : status.detentions()) {
            describedByEvent.put(d.eventId(), Text.of(StatusLines.detained(d)));
        }
    }

    // ---- current status -------------------------------------------------------------------------------------------

    private Text location() {
        Dossier.Location location = status.location();
        if (location == null || location.site() == null) return Text.of("No site is recorded.");
        return Text.of("On " + day(meta.asOf()) + ": " + place(location.site())
                + (location.since() != null ? ", since " + location.since() : "")
                + (location.outsideCountryOfRegistration() ? " (outside the country of registration)" : "") + ".");
    }

    private List<Text> sites() {
        List<Text> out = new ArrayList<>();
        for (Dossier.SiteCount s : status.headcounts()) {
            out.add(Text.builder().add(siteName(s) + Phrases.countedBy(s.methods()) + ", " + orElse(s.date(), "undated") + ": ")
                    .add(phrase(s.count())).build());
        }
        return out;
    }

    private void designations(List<Text> inForce, List<Text> ended) {
        for (Dossier.Designation d : status.designations()) {
            Text.Builder b = Text.builder().add(designationLabel(d) + " by " + orElse(d.authority(), ""));
            if (d.subject() != null) b.add(", of " + d.subject());
            if (d.instrument() != null) b.add(" (" + d.instrument() + ")");
            if (d.inForce()) {
                if (d.since() != null) b.add(", in force since " + d.since());
            } else {
                // A designation no longer in force says from when to when, as far as the record says.
                String span = d.since() != null && d.until() != null ? "in force from " + d.since() + " to " + d.until()
                        : d.until() != null ? "until " + d.until()
                        : d.since() != null ? "given " + d.since() : "dates not stated";
                b.add(": " + action(d) + " (" + span + ")");
            }
            if (d.contested() && !"contested".equals(d.action())) b.add("; contested");
            b.cite(footnotes.cite(sourcesByEvent.get(d.eventId())));
            (d.inForce() ? inForce : ended).add(b.build());
        }
    }

    private List<Report.RefugeeStage> refugeeStatus() {
        Dossier.RefugeeStatus r = status.refugeeStatus();
        List<Report.RefugeeStage> out = new ArrayList<>();
        record Stage(List<Dossier.RefugeeStatus.Step> steps, String title) {
        }
        for (Stage stage : List.of(new Stage(r.registered(), "Registered as asylum seekers"),
                new Stage(r.recognised(), "Recognised as refugees"), new Stage(r.rejected(), "Refused refugee status"),
                new Stage(r.resettled(), "Resettled in a third country"))) {
            List<Text> steps = new ArrayList<>();
            for (Dossier.RefugeeStatus.Step s : stage.steps()) {
                boolean moved = "relocation".equals(s.basis());
                Text.Builder b = Text.builder().add(orElse(s.date(), "undated") + ", "
                        + (moved ? "a recorded movement" : s.authority() != null ? s.authority() : "authority not stated")
                        + (s.country() != null ? " (" + (moved ? "to " : "") + s.country() + ")" : "") + ": ");
                b.add(s.count() != null ? phrase(s.count()) : Text.of("number not stated"));
                steps.add(b.build());
            }
            if (steps.isEmpty()) steps.add(Text.of("none recorded"));
            out.add(new Report.RefugeeStage(stage.title(), steps));
        }
        return out;
    }

    // ---- figures ---------------------------------------------------------------------------------------------------

    private List<Report.FigureRow> figures() {
        List<Report.FigureRow> out = new ArrayList<>();
        for (Dossier.SiteCount s : status.headcounts()) {
            out.add(new Report.FigureRow(Text.of("Headcount, " + siteName(s) + Phrases.countedBy(s.methods())),
                    Text.of(orElse(s.date(), "")), phrase(s.count())));
        }
        for (Dossier.Movement m : status.movements()) {
            if (m.count() == null) continue;
            out.add(new Report.FigureRow(Text.of("Moved: " + movement(m)), Text.of(orElse(m.date(), "")), phrase(m.count())));
        }
        Dossier.RefugeeStatus r = status.refugeeStatus();
        record Stage(List<Dossier.RefugeeStatus.Step> steps, String title) {
        }
        for (Stage stage : List.of(new Stage(r.registered(), "Registered as asylum seekers"),
                new Stage(r.recognised(), "Recognised as refugees"), new Stage(r.rejected(), "Refused refugee status"),
                new Stage(r.resettled(), "Resettled"))) {
            for (Dossier.RefugeeStatus.Step s : stage.steps()) {
                // a resettlement recorded as a movement is in the rows of movements above: once is enough
                if (s.count() == null || "relocation".equals(s.basis())) continue;
                out.add(new Report.FigureRow(Text.of(stage.title() + (s.country() != null ? " (" + s.country() + ")" : "")),
                        Text.of(orElse(s.date(), "")), phrase(s.count())));
            }
        }
        return out;
    }

    private List<Report.HistoryRow> history() {
        List<Report.HistoryRow> out = new ArrayList<>();
        for (Dossier.CountYear h : dossier.headcountHistory()) {
            out.add(new Report.HistoryRow(Text.of(siteName(h)), Integer.toString(h.year()), Integer.toString(h.reports()),
                    orElse(h.words(), "not stated"), Text.builder().cite(footnotes.cite(h.sources())).build()));
        }
        return out;
    }

    // ---- detentions, interventions, corrections, what was withheld ----------------------------------------------

    private Text withheld() {
        if (Audience.ofRecord(meta.audience()) != Audience.PUBLIC) {
            return Text.of("This internal edition includes every record, restricted and confidential ones too. Do not publish it.");
        }
        int confidential = dossier.withheld().getOrDefault(Confidentiality.CONFIDENTIAL.label(), 0);
        int restricted = dossier.withheld().getOrDefault(Confidentiality.RESTRICTED.label(), 0);
        return Text.of("This public edition leaves out " + confidential + " confidential "
                + (confidential == 1 ? "record" : "records") + " and " + restricted + " restricted "
                + (restricted == 1 ? "record" : "records") + ". Nothing of their content is shown, and no figure, total or "
                + "timeline entry in this edition draws on them.");
    }

    // ---- small helpers ---------------------------------------------------------------------------------------------

    private Text phrase(Range range) {
        return range == null ? Text.of("not stated") : phrases.phrase(range);
    }

    private static String movement(Dossier.Movement m) {
        String from = m.from() != null ? place(m.from()) : null;
        String to = m.to() != null ? place(m.to()) : null;
        return (m.label() != null ? m.label() : label(m.kind() == null ? "movement" : m.kind())) + (from == null ? "" : " from " + from)
                + (to == null ? "" : " to " + to)
                + (m.voluntariness() != null ? " (" + m.voluntariness() + ")" : "");
    }

    /** The designation in casefile's words: "Protected persons (Fourth Geneva Convention, Article 27)". */
    private static String designationLabel(Dossier.Designation d) {
        return d.label() != null ? d.label() : label(d.designation());
    }

    private static String action(Dossier.Designation d) {
        return orElse(d.action(), "").replace('_', ' ');
    }

    /** The text when the dossier gives it (blank too), else {@code otherwise}. */
    private static String orElse(String text, String otherwise) {
        return text == null ? otherwise : text;
    }
}
