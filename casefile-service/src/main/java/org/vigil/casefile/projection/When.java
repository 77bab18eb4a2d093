package org.vigil.casefile.projection;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.vigil.casefile.event.Event;

/**
 * When something happened, as the interval of days it may have happened in, with the precision the source gave.
 * "2009" is 1 January to 31 December 2009; "about 2003" widens by one unit on each side (2002 to 2004); a range is
 * its earliest and latest day. {@link #text()} writes it as a report would: the source's own label when there is
 * one ("early 2009"), else "28 July 2009", "July 2009", "2009", "about 2003", "28-29 July 2009".
 */
public record When(LocalDate earliest, LocalDate latest, String precision, String label) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

    /**
     * Occurrences read before, by value: a status folds every fact of a history on each read, and a history says the
     * same few thousand dates again and again, so reading each once is most of what the fold spent on dates. Bounded:
     * emptied when it holds {@link #KEPT}. A date that does not read is not kept (the exception goes to the caller).
     */
    private static final int KEPT = 20_000;
    private static final java.util.concurrent.ConcurrentHashMap<Event.Occurred, When> READ = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.concurrent.ConcurrentHashMap<When, String> TEXTS = new java.util.concurrent.ConcurrentHashMap<>();

    public static When of(Event.Occurred occurred) {
        if (occurred == null) return null;
        When known = READ.get(occurred);
        if (known != null) return known;
        When read = read(occurred);
        if (READ.size() >= KEPT) READ.clear();
        READ.put(occurred, read);
        return read;
    }

    private static When read(Event.Occurred occurred) {
        String precision = String.valueOf(occurred.precision());
        String label = occurred.label();
        return switch (precision) {
            case "exact" -> {
                LocalDate day = OffsetDateTime.parse(occurred.at()).toLocalDate();
                yield new When(day, day, precision, label);
            }
            case "day", "month", "year" -> {
                LocalDate[] span = span(occurred.date(), 0);
                yield new When(span[0], span[1], precision, label);
            }
            case "approximate" -> {
                LocalDate[] span = span(occurred.date(), 1);
                yield new When(span[0], span[1], precision, label);
            }
            case "range" -> new When(LocalDate.parse(occurred.earliest()), LocalDate.parse(occurred.latest()), precision, label);
            default -> throw new IllegalArgumentException("unknown precision '" + precision + "'");
        };
    }

    /** The first and last day a partial date can mean, widened by {@code widen} of its own unit on each side. */
    private static LocalDate[] span(String date, int widen) {
        return switch (date.length()) {
            case 4 -> new LocalDate[]{Year.parse(date).minusYears(widen).atDay(1), Year.parse(date).plusYears(widen).atMonth(12).atEndOfMonth()};
            case 7 -> new LocalDate[]{YearMonth.parse(date).minusMonths(widen).atDay(1), YearMonth.parse(date).plusMonths(widen).atEndOfMonth()};
            default -> new LocalDate[]{LocalDate.parse(date).minusDays(widen), LocalDate.parse(date).plusDays(widen)};
        };
    }

    /** Certainly happened on or before the day: its whole interval lies before or on it. */
    public boolean certainlyBy(LocalDate day) {
        return !latest.isAfter(day);
    }

    /** Might have happened by the day, but might also have happened after it. */
    public boolean possiblyBy(LocalDate day) {
        return !earliest.isAfter(day) && latest.isAfter(day);
    }

    public String text() {
        if (label != null && !label.isBlank()) return label;
        String known = TEXTS.get(this);
        if (known != null) return known;
        String text = written();
        if (TEXTS.size() >= KEPT) TEXTS.clear();
        TEXTS.put(this, text);
        return text;
    }

    private String written() {
        return switch (precision) {
            case "exact", "day" -> earliest.format(DAY);
            case "month" -> earliest.format(MONTH);
            case "year" -> Integer.toString(earliest.getYear());
            case "approximate" -> "about " + middle();
            default -> rangeText();
        };
    }

    private String middle() {
        LocalDate mid = earliest.plusDays(java.time.temporal.ChronoUnit.DAYS.between(earliest, latest) / 2);
        long days = java.time.temporal.ChronoUnit.DAYS.between(earliest, latest);
        if (days > 700) return Integer.toString(mid.getYear());
        if (days > 50) return mid.format(MONTH);
        return mid.format(DAY);
    }

    private static final DateTimeFormatter MONTH_ONLY = DateTimeFormatter.ofPattern("MMMM", Locale.ENGLISH);

    /** "28-29 July 2009", "early 2009", "March-April 2009", "3 March 2009 - 5 May 2010". */
    private String rangeText() {
        boolean wholeMonths = earliest.getDayOfMonth() == 1 && latest.equals(YearMonth.from(latest).atEndOfMonth());
        if (wholeMonths && earliest.getYear() == latest.getYear()) {
            int from = earliest.getMonthValue();
            int to = latest.getMonthValue();
            int year = earliest.getYear();
            if (from == 1 && to == 12) return Integer.toString(year);
            if (from == 1 && to >= 3 && to <= 5) return "early " + year;
            if (from >= 4 && from <= 6 && to >= 7 && to <= 9) return "mid-" + year;
            if (from >= 8 && from <= 10 && to == 12) return "late " + year;
            if (from == to) return earliest.format(MONTH);
            return earliest.format(MONTH_ONLY) + "-" + latest.format(MONTH);
        }
        if (earliest.getYear() == latest.getYear() && earliest.getMonth() == latest.getMonth()) {
            return earliest.getDayOfMonth() + "-" + latest.format(DAY);
        }
        return earliest.format(DAY) + " - " + latest.format(DAY);
    }
}
