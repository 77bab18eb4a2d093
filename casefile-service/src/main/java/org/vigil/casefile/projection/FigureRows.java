package org.vigil.casefile.projection;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.vigil.casefile.event.Event;

/**
 * A case file as flat rows for analysts, in the manner of ACLED and UCDP: one row per figure claim (one source's
 * figure for one category: killed, injured, count, ...), and one per fact that gives no figure (an incident, a
 * designation, a movement without a number), each carrying the fact's date with its precision, place, sources and
 * whether it was corrected. Numbers are as the source stated them: a bound the source did not give stays empty.
 */
public final class FigureRows {

    private FigureRows() {
    }

    /** One row. {@code precisionCode} follows UCDP GED's {@code date_prec}; {@code edtf} is the date in EDTF. */
    public record Row(String eventId, String populationId, String type, String date, String datePrecision,
                      Integer precisionCode, String edtf, String dateLabel, String place, String region, String country,
                      Double latitude, Double longitude, String coordinatePrecision, String category, Long low, Long best,
                      Long high, String qualifier, String says, String sourceRef, String publisher, String sourceTitle,
                      String sourceDate, String affiliation, String reliability, Instant recordedAt, boolean corrected,
                      String confidentiality) {
    }

    /** Which facts: as the record stood at {@code knownAt} (null: now), of these types (empty: all), in the period. */
    public record Filter(Instant knownAt, Set<String> types, LocalDate from, LocalDate to) {

        boolean admits(String type, Event.Occurred occurred) {
            if (!types.isEmpty() && !types.contains(type)) return false;
            if (from == null && to == null) return true;
            When when = When.of(occurred);
            if (when == null) return false;
            return (from == null || !when.latest().isBefore(from)) && (to == null || !when.earliest().isAfter(to));
        }
    }

    /** The rows of a case file (already cut to what the reader may see), facts in the order they were recorded. */
    public static List<Row> of(CaseFile file, Filter filter) {
        List<Row> rows = new ArrayList<>();
        for (CaseFile.Entry entry : file.entries()) {
            CaseFile.Revision revision = entry.asKnownAt(filter.knownAt());
            if (revision == null || revision.fact() == null) continue; // not yet recorded then, or retracted
            Event.Fact fact = revision.fact();
            if (!filter.admits(entry.type(), fact.occurred())) continue;
            boolean corrected = revision.kind() == CaseFile.RevisionKind.CORRECTED;
            Map<String, List<Event.Figure>> figures = fact.figures();
            boolean any = false;
            for (var category : figures.entrySet()) {
                for (Event.Figure f : category.getValue()) {
                    rows.add(row(file, entry, revision, fact, category.getKey(), f, source(fact, f.source()), corrected));
                    any = true;
                }
            }
            if (!any) {
                Event.Source first = fact.sources() == null || fact.sources().isEmpty() ? null : fact.sources().getFirst();
                rows.add(row(file, entry, revision, fact, null, null, first, corrected));
            }
        }
        return rows;
    }

    private static Row row(CaseFile file, CaseFile.Entry entry, CaseFile.Revision revision, Event.Fact fact, String category,
                           Event.Figure f, Event.Source s, boolean corrected) {
        Event.Occurred o = fact.occurred();
        Event.Place p = fact.place();
        return new Row(entry.eventId().toString(), file.populationId().toString(), entry.type(), date(o),
                o == null ? null : o.precision(), precisionCode(o), edtf(o), o == null ? null : o.label(),
                p == null ? null : p.name(), p == null ? null : p.region(), p == null ? null : p.country(),
                p == null ? null : p.latitude(), p == null ? null : p.longitude(), p == null ? null : p.coordinatePrecision(),
                category, f == null ? null : f.low(), f == null ? null : f.best(), f == null ? null : f.high(),
                f == null ? null : f.qualifier(), f == null ? null : f.says(), s == null ? null : s.ref(),
                s == null ? null : s.publisher(), s == null ? null : s.title(), s == null ? null : s.date(),
                s == null ? null : s.affiliation(), s == null ? null : s.reliability(), revision.recordedAt(), corrected,
                revision.confidentiality());
    }

    private static Event.Source source(Event.Fact fact, String ref) {
        if (fact.sources() == null) return null;
        for (Event.Source s : fact.sources()) if (s.ref() != null && s.ref().equals(ref)) return s;
        return null;
    }

    /** The date as the source gave it: the date-time, the partial date, or earliest/latest. */
    static String date(Event.Occurred o) {
        if (o == null || o.precision() == null) return null;
        return switch (o.precision()) {
            case "exact" -> o.at();
            case "range" -> o.earliest() + "/" + o.latest();
            default -> o.date();
        };
    }

    /** The date in EDTF (ISO 8601-2): {@code 2009-07-28}, {@code 2009-07}, {@code 2009~}, {@code 2009-07-28/2009-07-29}. */
    static String edtf(Event.Occurred o) {
        if (o == null || o.precision() == null) return null;
        return switch (o.precision()) {
            case "exact" -> o.at();
            case "approximate" -> o.date() + "~";
            case "range" -> o.earliest() + "/" + o.latest();
            default -> o.date();
        };
    }

    /**
     * UCDP GED's {@code date_prec}: 1 the exact day, 2 within 2 to 6 days, 3 within a week or so, 4 within a month, 5
     * more than a month. An approximate date counts one step less precise than its own precision.
     */
    static Integer precisionCode(Event.Occurred o) {
        if (o == null || o.precision() == null) return null;
        return switch (o.precision()) {
            case "exact", "day" -> 1;
            case "month" -> 4;
            case "year" -> 5;
            case "approximate" -> o.date() == null ? 5 : o.date().length() == 10 ? 2 : 5;
            case "range" -> {
                long days = ChronoUnit.DAYS.between(LocalDate.parse(o.earliest()), LocalDate.parse(o.latest())) + 1;
                yield days <= 1 ? 1 : days <= 6 ? 2 : days <= 10 ? 3 : days <= 31 ? 4 : 5;
            }
            default -> null;
        };
    }
}
