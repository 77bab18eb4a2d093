package org.vigil.ingest.event;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The rules for when something happened, as {@link EventRules} applies them: a date agrees with its precision (exact
 * takes a date-time with offset; day, month and year take YYYY-MM-DD, YYYY-MM and YYYY; a range takes earliest and
 * latest, in order), parses as a calendar date, and lies between 1800 and 2200. Each broken rule goes to {@code fail}.
 */
final class DateRules {

    /** Where a broken rule is reported: its field, the rule's stable name, and a message. */
    interface Fail {
        void fail(String field, String rule, String message);
    }

    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern YEAR_MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final Fail sink;

    DateRules(Fail sink) {
        this.sink = sink;
    }

    void occurrence(String at, Occurrence o) {
        if (o.precision() == null) {
            fail(at + ".precision", "required", "one of exact, day, month, year, approximate, range");
            return;
        }
        switch (o.precision()) {
            case EXACT -> {
                if (o.at() == null) {
                    fail(at + ".at", "required", "an exact time is an ISO-8601 date-time with offset");
                } else {
                    try {
                        OffsetDateTime.parse(o.at());
                    } catch (DateTimeParseException e) {
                        fail(at + ".at", "date.format", "'" + o.at() + "' is not an ISO-8601 date-time with offset");
                    }
                }
                unexpected(at, o.date(), "date", o.earliest(), o.latest());
            }
            case DAY, MONTH, YEAR, APPROXIMATE -> {
                if (o.date() == null) {
                    fail(at + ".date", "required", "give the date for precision " + o.precision().name().toLowerCase());
                } else {
                    Pattern expected = switch (o.precision()) {
                        case DAY -> DAY;
                        case MONTH -> YEAR_MONTH;
                        case YEAR -> YEAR;
                        default -> null;
                    };
                    if (expected != null && !expected.matcher(o.date()).matches()) {
                        fail(at + ".date", "date.matches-precision", "precision " + o.precision().name().toLowerCase()
                                + " takes " + (expected == DAY ? "YYYY-MM-DD" : expected == YEAR_MONTH ? "YYYY-MM" : "YYYY")
                                + ", not '" + o.date() + "'");
                    } else {
                        partialDate(at + ".date", o.date(), true);
                    }
                }
                if (o.at() != null) fail(at + ".at", "date.matches-precision", "'at' goes with precision exact only");
                unexpected(at, null, null, o.earliest(), o.latest());
            }
            case RANGE -> {
                LocalDate earliest = fullDate(at + ".earliest", o.earliest());
                LocalDate latest = fullDate(at + ".latest", o.latest());
                if (earliest != null && latest != null && latest.isBefore(earliest)) {
                    fail(at + ".latest", "interval.ordered", "earliest <= latest: " + o.latest() + " is before " + o.earliest());
                }
                if (o.at() != null || o.date() != null) {
                    fail(at + ".date", "date.matches-precision", "a range gives earliest and latest only");
                }
            }
        }
    }

    private void unexpected(String at, String date, String dateName, String earliest, String latest) {
        if (date != null) fail(at + "." + dateName, "date.matches-precision", "'" + dateName + "' does not go with precision exact");
        if (earliest != null || latest != null) {
            fail(at + ".earliest", "date.matches-precision", "earliest and latest go with precision range only");
        }
    }

    private LocalDate fullDate(String at, String value) {
        if (value == null) {
            fail(at, "required", "a range has both earliest and latest, as YYYY-MM-DD");
            return null;
        }
        if (!DAY.matcher(value).matches()) {
            fail(at, "date.format", "'" + value + "' is not YYYY-MM-DD");
            return null;
        }
        return partialDate(at, value, true);
    }

    /** Parses YYYY, YYYY-MM or YYYY-MM-DD; answers the first day it could mean, or null. */
    LocalDate partialDate(String at, String value, boolean required) {
        if (value == null) {
            if (required) fail(at, "required", "give a date as YYYY, YYYY-MM or YYYY-MM-DD");
            return null;
        }
        try {
            LocalDate date;
            if (DAY.matcher(value).matches()) date = LocalDate.parse(value);
            else if (YEAR_MONTH.matcher(value).matches()) date = YearMonth.parse(value).atDay(1);
            else if (YEAR.matcher(value).matches()) date = Year.parse(value).atDay(1);
            else {
                fail(at, "date.format", "'" + value + "' is not YYYY, YYYY-MM or YYYY-MM-DD");
                return null;
            }
            if (date.getYear() < 1800 || date.getYear() > 2200) {
                fail(at, "date.in-range", "'" + value + "' is outside the years 1800 to 2200");
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            fail(at, "date.format", "'" + value + "' is not a calendar date");
            return null;
        }
    }

    private void fail(String field, String rule, String message) {
        sink.fail(field, rule, message);
    }
}
