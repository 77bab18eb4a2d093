package org.vigil.casefile.web;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date as a source writes it, read into an occurrence with the precision the words carry, never more: "2009" is a
 * year, "July 2009" a month, "28 July 2009" a day; "28-29 July 2009", "28 July - 2 August 2009", "July-August 2009",
 * "2009-2011", "between May and July 2010" are spans (earliest, latest); "early 2009" is the first four months of the
 * year, "mid 2009" the middle four, "late 2009" the last four, and "early July 2009" the first ten days of the month
 * (mid: 11-20, late: 21 to its end); "first half of 2009", "Q3 2009" spans too; "about 2009", "around March 2010",
 * "c. 28 July 2009" are approximate at their own precision. ISO dates (2009-07, 2009-07-28) read as they are. Words
 * that say no bounded period ("before 2009", "recently") are not read: the form asks for the precision instead.
 * English month names, full or cut to three letters.
 */
public final class DateWords {

    private DateWords() {
    }

    /** What the words say: a precision and the members that go with it ({@code date}, or {@code earliest} and {@code latest}). */
    public record Read(String precision, String date, String earliest, String latest) {

        static Read day(LocalDate d) {
            return new Read("day", d.toString(), null, null);
        }

        static Read span(LocalDate from, LocalDate to) {
            return new Read("range", null, from.toString(), to.toString());
        }

        /** The same period, said to be approximate ("about July 2009"); a span cannot be. */
        Read approximate() {
            return date == null ? null : new Read("approximate", date, null, null);
        }

        LocalDate first() {
            return earliest != null ? LocalDate.parse(earliest) : switch (date.length()) {
                case 4 -> LocalDate.of(Integer.parseInt(date), 1, 1);
                case 7 -> YearMonth.parse(date).atDay(1);
                default -> LocalDate.parse(date);
            };
        }

        LocalDate last() {
            return latest != null ? LocalDate.parse(latest) : switch (date.length()) {
                case 4 -> LocalDate.of(Integer.parseInt(date), 12, 31);
                case 7 -> YearMonth.parse(date).atEndOfMonth();
                default -> LocalDate.parse(date);
            };
        }
    }

    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("january", 1), Map.entry("february", 2), Map.entry("march", 3), Map.entry("april", 4),
            Map.entry("may", 5), Map.entry("june", 6), Map.entry("july", 7), Map.entry("august", 8),
            Map.entry("september", 9), Map.entry("sept", 9), Map.entry("october", 10), Map.entry("november", 11), Map.entry("december", 12));

    private static final String MONTH = "([a-z]{3,9})\\.?";
    private static final String DAY = "(\\d{1,2})(?:st|nd|rd|th)?";
    private static final String YEAR = "(\\d{4})";
    private static final String DASH = "\\s*(?:-|–|—|to|until|till)\\s*";

    private static final Pattern ISO = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?");
    private static final Pattern MONTH_YEAR = Pattern.compile(MONTH + ",?\\s+" + YEAR);
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile(DAY + "\\s+(?:of\\s+)?" + MONTH + ",?\\s+" + YEAR);
    private static final Pattern MONTH_DAY_YEAR = Pattern.compile(MONTH + "\\s+" + DAY + ",?\\s+" + YEAR);
    private static final Pattern DAYS_MONTH_YEAR = Pattern.compile(DAY + DASH + DAY + "\\s+" + MONTH + ",?\\s+" + YEAR);
    private static final Pattern MONTH_DAYS_YEAR = Pattern.compile(MONTH + "\\s+" + DAY + DASH + DAY + ",?\\s+" + YEAR);
    private static final Pattern DAY_MONTH_DAY_MONTH_YEAR = Pattern.compile(DAY + "\\s+" + MONTH + DASH + DAY + "\\s+" + MONTH + ",?\\s+" + YEAR);
    private static final Pattern MONTHS_YEAR = Pattern.compile(MONTH + DASH + MONTH + ",?\\s+" + YEAR);
    private static final Pattern YEARS = Pattern.compile(YEAR + DASH + YEAR);
    private static final Pattern BETWEEN = Pattern.compile("(?:between|from)\\s+(.+?)\\s+(?:and|to|until|till)\\s+(.+)");
    private static final Pattern PART = Pattern.compile("(early|mid|middle of|late|end of|beginning of|start of)[\\s-]+(.+)");
    private static final Pattern HALF = Pattern.compile("(first|second) half of\\s+" + YEAR);
    private static final Pattern QUARTER = Pattern.compile("(?:q([1-4])|(first|second|third|fourth) quarter of)\\s+" + YEAR);
    private static final Pattern ABOUT = Pattern.compile("(?:about|around|circa|approximately|approx\\.?|c\\.|ca\\.?|roughly)\\s*(.+)");

    /** The words read, or null when they say no date this grammar knows. */
    public static Read read(String words) {
        if (words == null) return null;
        String w = words.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("[.,;]+$", "");
        if (w.isEmpty()) return null;
        try {
            return readSpan(w);
        } catch (DateTimeException | NumberFormatException e) {
            return null; // "31 February 2009": no such day
        }
    }

    private static Read readSpan(String w) {
        Matcher m;
        if ((m = ABOUT.matcher(w)).matches()) {
            Read inner = readOne(m.group(1));
            return inner == null ? null : inner.approximate();
        }
        if ((m = BETWEEN.matcher(w)).matches()) return between(m.group(1), readOne(m.group(2)));
        if ((m = DAYS_MONTH_YEAR.matcher(w)).matches()) {
            int month = month(m.group(3)), year = Integer.parseInt(m.group(4));
            return ordered(LocalDate.of(year, month, Integer.parseInt(m.group(1))), LocalDate.of(year, month, Integer.parseInt(m.group(2))));
        }
        if ((m = MONTH_DAYS_YEAR.matcher(w)).matches()) {
            int month = month(m.group(1)), year = Integer.parseInt(m.group(4));
            return ordered(LocalDate.of(year, month, Integer.parseInt(m.group(2))), LocalDate.of(year, month, Integer.parseInt(m.group(3))));
        }
        if ((m = DAY_MONTH_DAY_MONTH_YEAR.matcher(w)).matches()) {
            int year = Integer.parseInt(m.group(5));
            return ordered(LocalDate.of(year, month(m.group(2)), Integer.parseInt(m.group(1))), LocalDate.of(year, month(m.group(4)), Integer.parseInt(m.group(3))));
        }
        if ((m = MONTHS_YEAR.matcher(w)).matches()) {
            int year = Integer.parseInt(m.group(3));
            return ordered(YearMonth.of(year, month(m.group(1))).atDay(1), YearMonth.of(year, month(m.group(2))).atEndOfMonth());
        }
        if ((m = YEARS.matcher(w)).matches()) {
            return ordered(LocalDate.of(Integer.parseInt(m.group(1)), 1, 1), LocalDate.of(Integer.parseInt(m.group(2)), 12, 31));
        }
        // two whole dates joined by a dash or "to": "28 July 2009 - 2 August 2009"
        for (String join : new String[] {" - ", " – ", " — ", " to ", " until "}) {
            int at = w.indexOf(join);
            if (at > 0) {
                Read from = readOne(w.substring(0, at)), to = readOne(w.substring(at + join.length()));
                if (from != null && to != null) return ordered(from.first(), to.last());
            }
        }
        return readOne(w);
    }

    /** One period: a day, a month, a year, or a part of one ("early 2009", "Q3 2009"). */
    private static Read readOne(String w) {
        Matcher m;
        if ((m = ISO.matcher(w)).matches()) {
            if (m.group(3) != null) return Read.day(LocalDate.parse(w));
            if (m.group(2) != null) return new Read("month", YearMonth.parse(w).toString(), null, null);
            return new Read("year", m.group(1), null, null);
        }
        if ((m = HALF.matcher(w)).matches()) {
            int year = Integer.parseInt(m.group(2));
            return m.group(1).equals("first") ? Read.span(LocalDate.of(year, 1, 1), LocalDate.of(year, 6, 30))
                    : Read.span(LocalDate.of(year, 7, 1), LocalDate.of(year, 12, 31));
        }
        if ((m = QUARTER.matcher(w)).matches()) {
            int q = m.group(1) != null ? Integer.parseInt(m.group(1)) : 1 + java.util.List.of("first", "second", "third", "fourth").indexOf(m.group(2));
            int year = Integer.parseInt(m.group(3));
            return Read.span(YearMonth.of(year, 3 * q - 2).atDay(1), YearMonth.of(year, 3 * q).atEndOfMonth());
        }
        if ((m = PART.matcher(w)).matches()) {
            Read whole = readOne(m.group(2));
            if (whole == null || whole.date() == null || whole.precision().equals("day")) return null;
            int part = switch (m.group(1)) {
                case "early", "beginning of", "start of" -> 0;
                case "mid", "middle of" -> 1;
                default -> 2;
            };
            if (whole.precision().equals("year")) {
                int year = Integer.parseInt(whole.date());
                return Read.span(YearMonth.of(year, 1 + 4 * part).atDay(1), YearMonth.of(year, 4 + 4 * part).atEndOfMonth());
            }
            YearMonth month = YearMonth.parse(whole.date());
            return Read.span(month.atDay(1 + 10 * part), part == 2 ? month.atEndOfMonth() : month.atDay(10 + 10 * part));
        }
        if ((m = DAY_MONTH_YEAR.matcher(w)).matches()) {
            return Read.day(LocalDate.of(Integer.parseInt(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1))));
        }
        if ((m = MONTH_DAY_YEAR.matcher(w)).matches()) {
            return Read.day(LocalDate.of(Integer.parseInt(m.group(3)), month(m.group(1)), Integer.parseInt(m.group(2))));
        }
        if ((m = MONTH_YEAR.matcher(w)).matches()) {
            return new Read("month", YearMonth.of(Integer.parseInt(m.group(2)), month(m.group(1))).toString(), null, null);
        }
        return null;
    }

    /**
     * From the first day of one period to the last of the other; a first period without its year ("between May and
     * July 2010", "from 28 July to 2 August 2009") takes the second's.
     */
    private static Read between(String fromWords, Read to) {
        if (to == null) return null;
        Read from = readOne(fromWords);
        if (from == null) from = readOne(fromWords + " " + to.last().getYear());
        return from == null ? null : ordered(from.first(), to.last());
    }

    private static Read ordered(LocalDate from, LocalDate to) {
        return from.isAfter(to) ? null : Read.span(from, to);
    }

    private static int month(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        Integer m = MONTHS.get(n);
        if (m == null && n.length() >= 3) {
            for (var e : MONTHS.entrySet()) if (e.getKey().startsWith(n)) return e.getValue();
        }
        if (m == null) throw new NumberFormatException("no month " + name);
        return m;
    }
}
