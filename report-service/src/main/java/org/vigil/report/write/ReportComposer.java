package org.vigil.report.write;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Composes a report from casefile-service's dossier and the report's own facts (number, date, log position). A pure
 * function: the same dossier and the same {@link ReportMeta} give the same report, down to the footnote numbers, which
 * follow the order in which sources are first cited in the document.
 *
 * <p>Every figure is written as its sources gave it: one claim as "about 3,400, according to X", several as "between
 * 50 and 208, according to X (208), Y (110) and Z (about 50)". Totals are written twice, never merged: the sum of the
 * documented incidents, and each total a source claims, attributed to it.
 */
public final class ReportComposer {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private final JsonNode dossier;
    private final JsonNode status;
    private final ReportMeta meta;
    private final Map<String, Integer> footnoteNumbers = new LinkedHashMap<>();
    private final List<Report.Footnote> footnotes = new ArrayList<>();
    private final Map<String, JsonNode> sourcesByEvent = new HashMap<>();
    private final Map<String, Text> describedByEvent = new HashMap<>();

    private ReportComposer(JsonNode dossier, ReportMeta meta) {
        this.dossier = dossier;
        this.status = dossier.path("status");
        this.meta = meta;
        status.path("timeline").forEach(i -> sourcesByEvent.put(i.path("eventId").asText(), i.path("sources")));
    }

    public static Report compose(JsonNode dossier, ReportMeta meta) {
        return new ReportComposer(dossier, meta).report();
    }

    private Report report() {
        describeFacts();
        String name = text(status, "name", "Unnamed population");
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
        List<Text> restrictions = restrictions();
        List<Report.FigureRow> figures = figures();
        List<Report.HistoryRow> history = history();
        List<Report.IncidentRow> incidents = incidents();
        List<Text> documented = documentedTotals();
        List<Text> claimed = claimedTotals();
        List<Text> interventions = interventions();
        String since = meta.previousIndex() == null ? "since the record began"
                : "since the previous report on this population, " + meta.previousIndex();
        List<Text> corrections = corrections(c -> c.path("streamVersion").asLong() > meta.previousVersion());
        Text withheld = withheld();
        return new Report(Text.of(title), meta.index(), day(meta.issuedOn()), day(meta.asOf()), audienceLabel(),
                meta.logPosition(), meta.chainHash(), meta.streamVersion(), summary, background, period, timeline,
                location, sites, inForce, ended, refugee, restrictions, figures, history, incidents, documented, claimed,
                interventions, methodology(), since, corrections, withheld, List.copyOf(footnotes));
    }

    private String audienceLabel() {
        return meta.audience().equals("public") ? "public (public records only)"
                : "internal (all records, including restricted and confidential ones: not for publication)";
    }

    // ---- summary and background ----------------------------------------------------------------------------------

    private List<Text> summary() {
        List<Text> out = new ArrayList<>();
        JsonNode location = status.path("location");
        if (location.hasNonNull("site")) {
            String where = place(location.path("site"));
            out.add(Text.of("On " + day(meta.asOf()) + " the population's site was " + where
                    + (location.path("outsideCountryOfRegistration").asBoolean() ? ", outside its country of registration." : ".")));
        }
        JsonNode incidents = status.path("casualties").path("incidents");
        if (!incidents.isEmpty()) {
            out.add(Text.of(incidents.size() + (incidents.size() == 1 ? " attack is" : " attacks are")
                    + " documented. Killed: " + documented("killed") + " Injured: " + documented("injured")));
        }
        for (JsonNode a : status.path("casualties").path("claimedAggregates")) {
            if (a.hasNonNull("killed")) {
                out.add(Text.of(publishers(a.path("killed")) + " " + (a.path("killed").path("claims").size() > 1 ? "claim" : "claims")
                        + " a total of " + value(a.path("killed")) + " killed" + scope(a) + "; this claim is reported beside the documented sum, not merged with it."));
            }
        }
        long inForce = count(status.path("designations"), d -> d.path("inForce").asBoolean());
        long restrictions = status.path("restrictionsInForce").size();
        out.add(Text.of(inForce + (inForce == 1 ? " legal designation is" : " legal designations are") + " in force and "
                + restrictions + (restrictions == 1 ? " access restriction is" : " access restrictions are") + " in force."));
        JsonNode refugee = status.path("refugeeStatus");
        if (!refugee.path("registered").isEmpty() || !refugee.path("recognised").isEmpty() || !refugee.path("resettled").isEmpty()) {
            out.add(Text.of("Refugee status: " + refugee.path("registered").size() + " registration, "
                    + refugee.path("recognised").size() + " recognition and " + refugee.path("resettled").size()
                    + " resettlement records; asylum seekers, recognised refugees and resettled people are counted apart."));
        }
        return out;
    }

    private List<Text> background() {
        List<Text> out = new ArrayList<>();
        String name = text(status, "name", "The population");
        List<String> aliases = new ArrayList<>();
        status.path("aliases").forEach(a -> aliases.add(a.asText()));
        Text.Builder b = Text.builder().add(name + (aliases.isEmpty() ? "" : " (also known as " + String.join(", ", aliases) + ")") + ".");
        for (JsonNode item : status.path("timeline")) {
            if (item.path("type").asText().startsWith("vigil.population.registered.")) {
                b.add(" " + dateOf(item) + ": " + text(item, "summary", "registered")).cite(cites(item.path("sources")));
            }
        }
        out.add(b.build());
        JsonNode location = status.path("location");
        if (!location.path("earlierSites").isEmpty()) {
            List<String> earlier = new ArrayList<>();
            location.path("earlierSites").forEach(p -> earlier.add(place(p)));
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
        for (JsonNode item : status.path("timeline")) {
            LocalDate earliest = LocalDate.parse(item.path("earliest").asText());
            LocalDate latest = LocalDate.parse(item.path("latest").asText());
            if (latest.isBefore(from) || earliest.isAfter(to)) continue;
            boolean within = !earliest.isBefore(from) && !latest.isAfter(to);
            Text line = Text.builder().add(dateOf(item) + (within ? "" : " (may fall partly outside the period)") + ": ")
                    .add(describe(item)).build();
            switch (kind(item.path("type").asText())) {
                case "vigil.attack.recorded" -> incidents.add(line);
                case "vigil.relocation.recorded" -> movements.add(line);
                case "vigil.legal-designation.changed", "vigil.refugee-status.changed",
                     "vigil.access-restriction.recorded", "vigil.access-restriction.lifted" -> changes.add(line);
                default -> {
                    // registrations, interventions and claimed totals are in the timeline
                }
            }
        }
        List<Text> corrections = corrections(c -> {
            LocalDate recorded = Instant.parse(c.path("recordedAt").asText()).atZone(ZoneOffset.UTC).toLocalDate();
            return !recorded.isBefore(from) && !recorded.isAfter(to);
        });
        int reports = 0;
        for (JsonNode h : dossier.path("headcountHistory")) {
            int year = h.path("year").asInt();
            if (year >= from.getYear() && year <= to.getYear()) reports += h.path("reports").asInt();
        }
        String headcounts = reports == 0 ? "No headcount reports fall in the years of the period."
                : reports + " headcount reports fall in the years " + from.getYear() + (from.getYear() == to.getYear() ? "" : "-" + to.getYear())
                + " (see the headcount history).";
        return new Report.Period(day(from), day(to), incidents, movements, changes, corrections, headcounts);
    }

    // ---- timeline ------------------------------------------------------------------------------------------------

    private List<Report.TimelineLine> timeline() {
        List<Report.TimelineLine> out = new ArrayList<>();
        for (JsonNode item : status.path("timeline")) {
            Text.Builder b = Text.builder().add(describe(item));
            if (item.path("corrected").asBoolean()) b.add(" (corrected)");
            if (!item.path("certain").asBoolean(true)) b.add(" (may have happened after " + day(meta.asOf()) + ")");
            b.cite(cites(item.path("sources")));
            out.add(new Report.TimelineLine(Text.of(dateOf(item)), b.build()));
        }
        return out;
    }

    /** A fact in words: its own summary when it has one, else what the status says about it. */
    private Text describe(JsonNode item) {
        String summary = item.path("summary").asText("");
        if (!summary.isBlank()) return Text.of(summary);
        Text described = describedByEvent.get(item.path("eventId").asText());
        if (described != null) return described;
        String description = item.path("description").asText("");
        return Text.of(description.isBlank() ? item.path("kind").asText(typeLabel(item.path("type").asText())) : description);
    }

    private void describeFacts() {
        for (JsonNode d : status.path("designations")) {
            describedByEvent.put(d.path("eventId").asText(), Text.of(designationLabel(d) + " "
                    + d.path("action").asText().replace('_', ' ') + " by " + d.path("authority").asText()
                    + (d.hasNonNull("instrument") ? " (" + d.path("instrument").asText() + ")" : "")));
        }
        for (JsonNode m : status.path("movements")) {
            Text.Builder b = Text.builder().add(movement(m));
            describedByEvent.put(m.path("eventId").asText(), b.build());
        }
        for (JsonNode i : status.path("casualties").path("incidents")) {
            describedByEvent.put(i.path("eventId").asText(), Text.of("Attack" + (i.hasNonNull("place") ? " at " + i.path("place").asText() : "")
                    + (i.hasNonNull("means") ? " (" + label(i.path("means").asText()) + ")" : "")));
        }
        for (JsonNode r : status.path("restrictionsInForce")) {
            describedByEvent.put(r.path("eventId").asText(), Text.of(restriction(r)));
        }
        for (JsonNode i : status.path("interventions")) {
            describedByEvent.put(i.path("eventId").asText(), Text.of(intervention(i)));
        }
    }

    // ---- current status -------------------------------------------------------------------------------------------

    private Text location() {
        JsonNode location = status.path("location");
        if (!location.hasNonNull("site")) return Text.of("No site is recorded.");
        return Text.of("On " + day(meta.asOf()) + ": " + place(location.path("site"))
                + (location.hasNonNull("since") ? ", since " + location.path("since").asText() : "")
                + (location.path("outsideCountryOfRegistration").asBoolean() ? " (outside the country of registration)" : "") + ".");
    }

    private List<Text> sites() {
        List<Text> out = new ArrayList<>();
        for (JsonNode s : status.path("headcounts")) {
            out.add(Text.builder().add(siteName(s) + countedBy(s.path("methods")) + ", " + s.path("date").asText("undated") + ": ")
                    .add(phrase(s.path("count"))).build());
        }
        return out;
    }

    private void designations(List<Text> inForce, List<Text> ended) {
        for (JsonNode d : status.path("designations")) {
            Text.Builder b = Text.builder().add(designationLabel(d) + " by " + d.path("authority").asText());
            if (d.hasNonNull("subject")) b.add(", of " + d.path("subject").asText());
            if (d.hasNonNull("instrument")) b.add(" (" + d.path("instrument").asText() + ")");
            if (d.path("inForce").asBoolean()) {
                if (d.hasNonNull("since")) b.add(", in force since " + d.path("since").asText());
            } else {
                // A designation no longer in force says from when to when, as far as the record says.
                String span = d.hasNonNull("since") && d.hasNonNull("until") ? "in force from " + d.path("since").asText() + " to " + d.path("until").asText()
                        : d.hasNonNull("until") ? "until " + d.path("until").asText()
                        : d.hasNonNull("since") ? "given " + d.path("since").asText() : "dates not stated";
                b.add(": " + d.path("action").asText().replace('_', ' ') + " (" + span + ")");
            }
            if (d.path("contested").asBoolean() && !d.path("action").asText().equals("contested")) b.add("; contested");
            b.cite(cites(sourcesByEvent.get(d.path("eventId").asText())));
            (d.path("inForce").asBoolean() ? inForce : ended).add(b.build());
        }
    }

    private List<Report.RefugeeStage> refugeeStatus() {
        JsonNode r = status.path("refugeeStatus");
        List<Report.RefugeeStage> out = new ArrayList<>();
        String[][] stages = {{"registered", "Registered as asylum seekers"}, {"recognised", "Recognised as refugees"},
                {"rejected", "Refused refugee status"}, {"resettled", "Resettled in a third country"}};
        for (String[] stage : stages) {
            List<Text> steps = new ArrayList<>();
            for (JsonNode s : r.path(stage[0])) {
                boolean moved = s.path("basis").asText().equals("relocation");
                Text.Builder b = Text.builder().add(s.path("date").asText("undated") + ", "
                        + (moved ? "a recorded movement" : s.hasNonNull("authority") ? s.path("authority").asText() : "authority not stated")
                        + (s.hasNonNull("country") ? " (" + (moved ? "to " : "") + s.path("country").asText() + ")" : "") + ": ");
                b.add(s.hasNonNull("count") ? phrase(s.path("count")) : Text.of("number not stated"));
                steps.add(b.build());
            }
            if (steps.isEmpty()) steps.add(Text.of("none recorded"));
            out.add(new Report.RefugeeStage(stage[1], steps));
        }
        return out;
    }

    private List<Text> restrictions() {
        List<Text> out = new ArrayList<>();
        for (JsonNode r : status.path("restrictionsInForce")) {
            out.add(Text.builder().add(restriction(r)).cite(cites(sourcesByEvent.get(r.path("eventId").asText()))).build());
        }
        return out;
    }

    private static String restriction(JsonNode r) {
        return r.path("label").asText(label(r.path("restricts").asText())) + " restricted"
                + (r.hasNonNull("imposedBy") ? " by " + r.path("imposedBy").asText() : "")
                + (r.hasNonNull("since") ? ", since " + r.path("since").asText() : "")
                + (r.hasNonNull("description") ? ": " + r.path("description").asText() : "");
    }

    // ---- figures ---------------------------------------------------------------------------------------------------

    /** How the sources arrived at a headcount, when they say so: " (register)", " (estimate; some sources do not say)". */
    static String countedBy(JsonNode methods) {
        List<String> stated = new ArrayList<>();
        boolean unstated = false;
        for (JsonNode m : methods) {
            switch (m.asText()) {
                case "headcount" -> stated.add("count of people present");
                case "registration" -> stated.add("register");
                case "estimate" -> stated.add("estimate");
                default -> unstated = true;
            }
        }
        if (stated.isEmpty()) return "";
        return " (" + String.join(", ", stated) + (unstated ? "; some sources do not say how they counted" : "") + ")";
    }

    private List<Report.FigureRow> figures() {
        List<Report.FigureRow> out = new ArrayList<>();
        for (JsonNode s : status.path("headcounts")) {
            out.add(new Report.FigureRow(Text.of("Headcount, " + siteName(s) + countedBy(s.path("methods"))),
                    Text.of(s.path("date").asText("")), phrase(s.path("count"))));
        }
        for (JsonNode m : status.path("movements")) {
            if (!m.hasNonNull("count")) continue;
            out.add(new Report.FigureRow(Text.of("Moved: " + movement(m)), Text.of(m.path("date").asText("")), phrase(m.path("count"))));
        }
        JsonNode r = status.path("refugeeStatus");
        String[][] stages = {{"registered", "Registered as asylum seekers"}, {"recognised", "Recognised as refugees"},
                {"rejected", "Refused refugee status"}, {"resettled", "Resettled"}};
        for (String[] stage : stages) {
            for (JsonNode s : r.path(stage[0])) {
                // a resettlement recorded as a movement is in the rows of movements above: once is enough
                if (!s.hasNonNull("count") || s.path("basis").asText().equals("relocation")) continue;
                out.add(new Report.FigureRow(Text.of(stage[1] + (s.hasNonNull("country") ? " (" + s.path("country").asText() + ")" : "")),
                        Text.of(s.path("date").asText("")), phrase(s.path("count"))));
            }
        }
        return out;
    }

    private List<Report.HistoryRow> history() {
        List<Report.HistoryRow> out = new ArrayList<>();
        for (JsonNode h : dossier.path("headcountHistory")) {
            String range = h.path("words").asText("not stated");
            out.add(new Report.HistoryRow(Text.of(siteName(h)), h.path("year").asText(), h.path("reports").asText(), range,
                    Text.builder().cite(cites(h.path("sources"))).build()));
        }
        return out;
    }

    // ---- casualties ------------------------------------------------------------------------------------------------

    private List<Report.IncidentRow> incidents() {
        List<Report.IncidentRow> out = new ArrayList<>();
        for (JsonNode i : status.path("casualties").path("incidents")) {
            String by = i.hasNonNull("perpetrator") ? i.path("perpetrator").asText() : "not stated";
            String attribution = i.path("attribution").asText("not_stated");
            if (!attribution.equals("not_stated")) by += " (" + label(attribution) + ")";
            out.add(new Report.IncidentRow(Text.of(i.path("date").asText("undated") + (i.path("corrected").asBoolean() ? " (corrected)" : "")),
                    Text.of(i.path("place").asText("")), Text.of(label(i.path("means").asText(""))), Text.of(by), casualty(i.path("killed")),
                    casualty(i.path("injured")), casualty(i.path("abducted"))));
        }
        return out;
    }

    private Text casualty(JsonNode range) {
        return range.isMissingNode() || range.isNull() ? Text.of("not reported") : phrase(range);
    }

    private List<Text> documentedTotals() {
        JsonNode d = status.path("casualties").path("documented");
        int n = d.path("incidents").asInt();
        List<Text> out = new ArrayList<>();
        if (n == 0) {
            out.add(Text.of("No incident is documented."));
            return out;
        }
        for (String[] c : new String[][]{{"killed", "Killed"}, {"injured", "Injured"}, {"abducted", "Abducted"}}) {
            out.add(Text.of(c[1] + ": " + documented(c[0])));
        }
        return out;
    }

    /** "between 114 and 115, over the 7 documented incidents that report it", or that none reports it. */
    private String documented(String category) {
        JsonNode incidents = status.path("casualties").path("incidents");
        long reporting = count(incidents, i -> i.hasNonNull(category));
        if (reporting == 0) return "not reported for any of the " + incidents.size() + " documented "
                + (incidents.size() == 1 ? "incident" : "incidents") + ".";
        return sum(status.path("casualties").path("documented").path(category)) + ", over "
                + (reporting == 1 ? "the 1 documented incident that reports it" : "the " + reporting + " documented incidents that report it")
                + (reporting < incidents.size() ? " (of " + incidents.size() + "; the other " + (incidents.size() - reporting)
                + " give no figure and are not counted as 0)" : "") + ".";
    }

    private List<Text> claimedTotals() {
        List<Text> out = new ArrayList<>();
        for (JsonNode a : status.path("casualties").path("claimedAggregates")) {
            String[][] categories = {{"killed", "Killed"}, {"injured", "Injured"}, {"abducted", "Abducted"}};
            for (String[] c : categories) {
                if (!a.hasNonNull(c[0])) continue;
                out.add(Text.builder().add(c[1] + scope(a) + ": ").add(phrase(a.path(c[0])))
                        .add(" (a claimed total, not a sum of the incidents above)").build());
            }
        }
        if (out.isEmpty()) out.add(Text.of("No source claims a total."));
        return out;
    }

    private static String scope(JsonNode aggregate) {
        String scope = aggregate.path("scope").asText("");
        String period = aggregate.path("period").asText("");
        if (scope.isBlank() && period.isBlank()) return "";
        return " (" + (scope.isBlank() ? "" : scope) + (scope.isBlank() || period.isBlank() ? "" : ", ") + (period.isBlank() ? "" : period) + ")";
    }

    // ---- interventions, corrections, what was withheld ----------------------------------------------------------

    private List<Text> interventions() {
        List<Text> out = new ArrayList<>();
        for (JsonNode i : status.path("interventions")) {
            out.add(Text.builder().add(i.path("date").asText("undated") + ": " + intervention(i))
                    .cite(cites(sourcesByEvent.get(i.path("eventId").asText()))).build());
        }
        return out;
    }

    private static String intervention(JsonNode i) {
        List<String> to = new ArrayList<>();
        i.path("addressees").forEach(a -> to.add(a.asText()));
        return i.path("actor").asText("Someone") + (to.isEmpty() ? "" : " to " + String.join("; ", to))
                + (i.hasNonNull("channel") ? " (" + label(i.path("channel").asText()) + ")" : "")
                + (i.hasNonNull("asks") ? ": " + i.path("asks").asText() : "")
                + (i.hasNonNull("documentIndex") ? " [" + i.path("documentIndex").asText() + "]" : "");
    }

    private List<Text> corrections(java.util.function.Predicate<JsonNode> which) {
        List<Text> out = new ArrayList<>();
        for (JsonNode c : dossier.path("corrections")) {
            if (!which.test(c)) continue;
            String recorded = day(Instant.parse(c.path("recordedAt").asText()).atZone(ZoneOffset.UTC).toLocalDate());
            boolean retracted = c.path("kind").asText().equals("retracted");
            Text.Builder b = Text.builder().add("On " + recorded + ", the record of " + typeLabel(c.path("type").asText()).toLowerCase(Locale.ENGLISH)
                    + " dated " + c.path("dateBefore").asText("undated")
                    + (c.hasNonNull("summaryBefore") ? " (\u201c" + c.path("summaryBefore").asText() + "\u201d)" : "")
                    + (retracted ? " was retracted" : " was corrected")
                    + (!retracted && c.hasNonNull("dateAfter") && !c.path("dateAfter").asText().equals(c.path("dateBefore").asText())
                    ? "; it is now dated " + c.path("dateAfter").asText() : "")
                    + (c.hasNonNull("reason") ? ". Reason: " + c.path("reason").asText() : "") + ".");
            // Field by field, what changed; the sources of the fact before and after are both footnoted.
            List<String> changes = new ArrayList<>();
            for (JsonNode ch : c.path("changes")) {
                changes.add(fieldLabel(ch.path("field").asText()) + ": " + ch.path("before").asText() + " \u2192 " + ch.path("after").asText());
            }
            if (!changes.isEmpty()) b.add(" Changed: " + String.join("; ", changes) + ".");
            b.add(" Sources before").cite(cites(c.path("sourcesBefore")));
            if (!retracted) b.add(", after").cite(cites(c.path("sources")));
            b.add(".");
            out.add(b.build());
        }
        return out;
    }

    private Text withheld() {
        if (!meta.audience().equals("public")) {
            return Text.of("This internal edition includes every record, restricted and confidential ones too. Do not publish it.");
        }
        int confidential = dossier.path("withheld").path("confidential").asInt();
        int restricted = dossier.path("withheld").path("restricted").asInt();
        return Text.of("This public edition leaves out " + confidential + " confidential "
                + (confidential == 1 ? "record" : "records") + " and " + restricted + " restricted "
                + (restricted == 1 ? "record" : "records") + ". Nothing of their content is shown, and no figure, total or "
                + "timeline entry in this edition draws on them.");
    }

    private static List<String> methodology() {
        return List.of(
                "Every figure is a claim by a named source. Where sources disagree, the report gives the range from the "
                        + "lowest to the highest figure and each source's own figure beside its name; it never picks one.",
                "A figure is stated as its source stated it: with its qualifier (\"about\", \"nearly\", \"at least\", "
                        + "\"more than\", \"up to\", \"fewer than\", \"between\", \"reported\") and only the numbers the source "
                        + "gave; a number a source did not give is not made up, and a field a source did not state reads "
                        + "\"not stated\". A range across sources runs from the lowest number any source states to the highest; "
                        + "a lower bound (\"at least 12\") adds its number and erases no other, and the range is open above "
                        + "(\"or more\") only where its highest number is itself a lower bound. The rules, with worked "
                        + "examples, are in Vigil's \"How Vigil counts\" (docs/counting.md).",
                "Headcounts are the most recent claims for each site and group on the report's date. Earlier claims are in "
                        + "the headcount history, by site and year, and in the chart. Where its sources say how they arrived "
                        + "at a headcount (a count of people present, a register, an estimate), the report says so beside the figure; "
                        + "headcounts without it were given without saying, or recorded before Vigil asked.",
                "Casualty totals are given twice and never merged: the sum of the documented incidents (the sum of each "
                        + "incident's lowest figure to the sum of its highest, open above if any incident's range is), and "
                        + "every total a source claims, with its scope, attributed to it. An incident that gives no figure "
                        + "for a category is counted as not reported, never as 0. Killed, injured and abducted people are "
                        + "never added together.",
                "Asylum seekers, recognised refugees and resettled people are counted apart; one is never added to another.",
                "A fact counts on the report's date when its whole date interval lies on or before it; a fact that may have "
                        + "happened after the date is marked so in the timeline and counted nowhere else. Dates keep the "
                        + "precision their sources gave (a year, a month, a range).",
                "Corrections never erase the record: a corrected fact is shown as corrected, and each correction and "
                        + "retraction is listed with its reason.",
                "The report reflects the log up to the position stamped at its head; the chain hash there lets anyone "
                        + "check it against the log, and the same position always gives the same report.");
    }

    // ---- phrases ---------------------------------------------------------------------------------------------------

    /**
     * "about 3,400, according to X[^1]"; "between 50 and 208, according to X (208)[^1], Y (110)[^2] and Z (50)[^3]";
     * a source's note after its citation: "0, according to UNHCR[^4] (the source's words: ...)".
     */
    private Text phrase(JsonNode range) {
        Text current = currentPhrase(range);
        if (range.path("earlier").isEmpty()) return current;
        // A correction never erases: the superseded figures and their sources stay beside the current one.
        Text.Builder b = Text.builder().add(current);
        for (JsonNode e : range.path("earlier")) {
            String until = e.path("supersededAt").asText("");
            b.add("; earlier" + (until.length() >= 10 ? " (until " + until.substring(0, 10) + ")" : "") + " ");
            if (e.path("claims").isEmpty()) b.add("not stated");
            else b.add(currentPhrase(e));
        }
        return b.build();
    }

    private Text currentPhrase(JsonNode range) {
        JsonNode claims = range.path("claims");
        if (claims.isEmpty()) return Text.of("not stated");
        if (claims.size() == 1) {
            JsonNode c = claims.get(0);
            Text.Builder b = Text.builder().add(claimValue(c) + ", according to " + publisher(c)).cite(cite(c.path("cited")));
            if (c.hasNonNull("note")) b.add(" (" + c.path("note").asText() + ")");
            return b.build();
        }
        List<Text> parts = new ArrayList<>();
        for (JsonNode c : claims) {
            parts.add(Text.builder().add(publisher(c) + " (" + claimValue(c)
                    + (c.hasNonNull("note") ? "; " + c.path("note").asText() : "") + ")").cite(cite(c.path("cited"))).build());
        }
        return Text.builder().add(value(range) + ", according to ").add(Text.join(parts)).build();
    }

    /** The range alone, in casefile's words: "3,360", "between 50 and 208", "at least 35", "up to 250". */
    private static String value(JsonNode range) {
        JsonNode claims = range.path("claims");
        if (claims.size() == 1) return claimValue(claims.get(0));
        return range.path("words").asText();
    }

    /**
     * One source's figure as casefile words it ("up to 250", "5 reported"), with the source's own words when they
     * differ: "about 200 (\u201csome 200\u201d)".
     */
    private static String claimValue(JsonNode c) {
        String words = c.path("words").asText("not stated");
        String says = c.path("says").asText(null);
        if (says != null && !says.strip().equalsIgnoreCase(words)) words += " (\u201c" + says.strip() + "\u201d)";
        return words;
    }

    private static String publisher(JsonNode claim) {
        String p = claim.path("publisher").asText("");
        return p.isBlank() ? "source " + claim.path("source").asText("?") : p;
    }

    private static String publishers(JsonNode range) {
        List<String> names = new ArrayList<>();
        range.path("claims").forEach(c -> {
            String p = publisher(c);
            if (!names.contains(p)) names.add(p);
        });
        if (names.size() <= 1) return names.isEmpty() ? "A source" : names.getFirst();
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    }

    /** A documented sum in casefile's words. */
    private static String sum(JsonNode sum) {
        return sum.path("reporting").asInt() == 0 ? "not reported" : sum.path("words").asText();
    }

    private String movement(JsonNode m) {
        String from = m.hasNonNull("from") ? place(m.path("from")) : null;
        String to = m.hasNonNull("to") ? place(m.path("to")) : null;
        return m.path("label").asText(label(m.path("kind").asText("movement"))) + (from == null ? "" : " from " + from)
                + (to == null ? "" : " to " + to)
                + (m.hasNonNull("voluntariness") ? " (" + m.path("voluntariness").asText() + ")" : "");
    }

    // ---- footnotes -------------------------------------------------------------------------------------------------

    private List<Integer> cites(JsonNode sources) {
        List<Integer> out = new ArrayList<>();
        if (sources == null) return out;
        for (JsonNode s : sources) {
            int n = cite(s);
            if (!out.contains(n)) out.add(n);
        }
        return out;
    }

    /** The footnote number of a source, numbering it on its first citation. */
    private int cite(JsonNode source) {
        String key = source.path("publisher").asText("") + "\u0000" + source.path("title").asText("") + "\u0000"
                + source.path("date").asText("") + "\u0000" + source.path("url").asText("") + "\u0000" + source.path("documentIndex").asText("");
        Integer known = footnoteNumbers.get(key);
        if (known != null) return known;
        int n = footnoteNumbers.size() + 1;
        footnoteNumbers.put(key, n);
        Text.Builder b = Text.builder().add(source.path("publisher").asText("Unnamed source"));
        if (source.hasNonNull("title")) b.add(", ").em(source.path("title").asText());
        if (source.hasNonNull("date")) b.add(", " + source.path("date").asText());
        if (source.hasNonNull("documentIndex")) b.add(", " + source.path("documentIndex").asText());
        if (source.hasNonNull("url")) b.add(", " + source.path("url").asText());
        footnotes.add(new Report.Footnote(n, b.add(".").build()));
        return n;
    }

    // ---- small helpers ---------------------------------------------------------------------------------------------

    /** The date as its sources gave it, with the interval it stands for when that is not plain from the words. */
    private static String dateOf(JsonNode item) {
        String text = item.path("date").asText("undated");
        String precision = item.path("precision").asText("");
        if (!(precision.equals("range") || precision.equals("approximate"))) return text;
        LocalDate earliest = LocalDate.parse(item.path("earliest").asText());
        LocalDate latest = LocalDate.parse(item.path("latest").asText());
        String interval = day(earliest) + " - " + day(latest);
        boolean plain = text.equals(interval) || (earliest.getYear() == latest.getYear() && earliest.getMonth() == latest.getMonth()
                && text.equals(earliest.getDayOfMonth() + "-" + day(latest)));
        return plain ? text : text + " (between " + day(earliest) + " and " + day(latest) + ")";
    }

    private static String siteName(JsonNode s) {
        String site = s.path("site").asText("unnamed site");
        return s.hasNonNull("subgroup") && !s.path("subgroup").asText().isBlank() ? site + " (" + s.path("subgroup").asText() + ")" : site;
    }

    private static String place(JsonNode p) {
        List<String> parts = new ArrayList<>();
        for (String f : List.of("name", "region", "country")) {
            if (p.hasNonNull(f) && !p.path(f).asText().isBlank()) parts.add(p.path(f).asText());
        }
        return parts.isEmpty() ? "an unnamed place" : String.join(", ", parts);
    }

    private static String typeLabel(String type) {
        return switch (kind(type)) {
            case "vigil.population.registered" -> "Population registered";
            case "vigil.population.count-reported" -> "Headcount reported";
            case "vigil.relocation.recorded" -> "Movement";
            case "vigil.attack.recorded" -> "Attack";
            case "vigil.casualties.aggregate-claimed" -> "Casualty total claimed";
            case "vigil.legal-designation.changed" -> "Legal designation changed";
            case "vigil.refugee-status.changed" -> "Refugee status changed";
            case "vigil.access-restriction.recorded" -> "Access restricted";
            case "vigil.access-restriction.lifted" -> "Access restriction lifted";
            case "vigil.intervention.recorded" -> "Intervention";
            default -> type;
        };
    }

    /** An event type without its version: "vigil.attack.recorded". Every version of a type reads the same here. */
    static String kind(String type) {
        return type.replaceFirst("\\.v\\d+$", "");
    }

    /** A field of an event in words: "killed" is "Killed", "occurred" is "Date", "perpetrator" is "Perpetrator". */
    private static String fieldLabel(String field) {
        return switch (field) {
            case "occurred" -> "Date";
            case "place" -> "Place";
            case "sources" -> "Sources";
            case "count" -> "Number";
            default -> label(field.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ENGLISH));
        };
    }

    /** The designation in casefile's words: "Protected persons (Fourth Geneva Convention, Article 27)". */
    private static String designationLabel(JsonNode d) {
        return d.path("label").asText(label(d.path("designation").asText()));
    }

    /** "internal_transfer" reads "Internal transfer". */
    static String label(String code) {
        if (code == null || code.isBlank()) return "";
        String words = code.replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String text(JsonNode node, String field, String otherwise) {
        String v = node.path(field).asText("");
        return v.isBlank() ? otherwise : v;
    }

    /** "3,400": thousands grouped with commas, as in English. */
    static String number(long n) {
        String digits = Long.toString(Math.abs(n));
        StringBuilder out = new StringBuilder(digits.length() + 8);
        if (n < 0) out.append('-');
        int head = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        out.append(digits, 0, head);
        for (int i = head; i < digits.length(); i += 3) out.append(',').append(digits, i, i + 3);
        return out.toString();
    }

    static String day(LocalDate d) {
        return d == null ? "" : d.format(DAY);
    }

    private static long count(JsonNode array, java.util.function.Predicate<JsonNode> p) {
        long n = 0;
        for (JsonNode x : array) if (p.test(x)) n++;
        return n;
    }
}
