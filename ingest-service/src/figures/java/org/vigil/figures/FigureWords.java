package org.vigil.figures;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures in words, both ways: the one grammar that reads what a recorder types ("at least 12", "about 3,400",
 * "between 90 and 100", "up to 250", "nearly 100", "more than 1,300", "5 reported") and writes what a view prints.
 * Whatever {@link #say} writes, {@link #parse} reads back to the same numbers; the grammar is in docs/counting.md.
 */
public final class FigureWords {

    /** Text that is not a figure this grammar reads; the message says what it expects. */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private static final String NUM = "(\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d+))?(?: (thousand|million))?";
    private static final Pattern ONE = Pattern.compile(NUM);
    private static final Pattern TWO = Pattern.compile(NUM + " ?(?:-|to|and) ?" + NUM);
    /** "3,000-plus", "3,000 plus", "3,000+": more than 3,000. */
    private static final Pattern PLUS = Pattern.compile("^(" + NUM + ")(?:-| )?(?:plus|\\+)$");
    private static final Pattern BEST = Pattern.compile("^(.*?),? \\(?best (?:estimate )?" + NUM + "\\)?$");

    /** Words a source puts before its number, longest first, and the qualifier each means. */
    private static final List<Map.Entry<String, Qualifier>> PREFIXES = List.of(
            Map.entry("approximately", Qualifier.ABOUT), Map.entry("an estimated", Qualifier.ABOUT),
            Map.entry("estimated", Qualifier.ABOUT), Map.entry("around", Qualifier.ABOUT),
            Map.entry("roughly", Qualifier.ABOUT), Map.entry("approx.", Qualifier.ABOUT),
            Map.entry("approx", Qualifier.ABOUT), Map.entry("circa", Qualifier.ABOUT), Map.entry("about", Qualifier.ABOUT),
            Map.entry("some", Qualifier.ABOUT), Map.entry("c.", Qualifier.ABOUT), Map.entry("~", Qualifier.ABOUT),
            Map.entry("just under", Qualifier.NEARLY), Map.entry("close to", Qualifier.NEARLY),
            Map.entry("almost", Qualifier.NEARLY), Map.entry("nearly", Qualifier.NEARLY),
            Map.entry("no fewer than", Qualifier.AT_LEAST), Map.entry("no less than", Qualifier.AT_LEAST),
            Map.entry("a minimum of", Qualifier.AT_LEAST), Map.entry("at least", Qualifier.AT_LEAST),
            Map.entry("in excess of", Qualifier.MORE_THAN), Map.entry("more than", Qualifier.MORE_THAN),
            Map.entry("over", Qualifier.MORE_THAN), Map.entry("above", Qualifier.MORE_THAN),
            Map.entry("as many as", Qualifier.UP_TO), Map.entry("up to", Qualifier.UP_TO),
            Map.entry("no more than", Qualifier.AT_MOST), Map.entry("not more than", Qualifier.AT_MOST),
            Map.entry("a maximum of", Qualifier.AT_MOST), Map.entry("at most", Qualifier.AT_MOST),
            Map.entry("fewer than", Qualifier.FEWER_THAN), Map.entry("less than", Qualifier.FEWER_THAN),
            Map.entry("under", Qualifier.FEWER_THAN), Map.entry("below", Qualifier.FEWER_THAN),
            Map.entry("between", Qualifier.BETWEEN));

    private static final String EXPECTED = "write a number as a source gives it, such as '15', 'about 3,400', "
            + "'nearly 100', 'at least 12', 'more than 1,300', 'up to 250', 'fewer than 50', 'between 90 and 100', "
            + "'5 reported', optionally followed by ', best 95'";

    private FigureWords() {
    }

    // ---------------------------------------------------------------- reading

    /** Reads one source's figure in words. */
    public static Stated parse(String words) throws Unreadable {
        if (words == null || words.isBlank()) throw new Unreadable("the words are empty; " + EXPECTED);
        String text = normalise(words);
        Long best = null;
        Matcher withBest = BEST.matcher(text);
        if (withBest.matches()) {
            best = number(withBest, 2, words);
            text = withBest.group(1).trim();
        }
        boolean reported = false;
        if (text.startsWith("reportedly ") || text.startsWith("reported ")) {
            reported = true;
            text = text.substring(text.indexOf(' ') + 1);
        } else if (text.endsWith(" reported")) {
            reported = true;
            text = text.substring(0, text.length() - " reported".length());
        }
        Stated stated = body(text, words);
        if (best != null) {
            if (stated.best() != null) throw new Unreadable("'" + words + "' gives two best figures");
            stated = new Stated(stated.qualifier(), stated.low(), best, stated.high());
        }
        if (reported) {
            if (stated.qualifier() != Qualifier.EXACT) {
                throw new Unreadable("'reported' goes with a plain number ('5 reported'); for '" + words
                        + "' record the qualifier and say in the note that the source reports it");
            }
            stated = new Stated(Qualifier.REPORTED, null, stated.best(), null);
        }
        List<String> problems = stated.problems();
        if (!problems.isEmpty()) throw new Unreadable("'" + words + "': " + String.join("; ", problems));
        return stated;
    }

    private static Stated body(String text, String words) throws Unreadable {
        Matcher m;
        if ((m = ONE.matcher(text)).matches()) return new Stated(Qualifier.EXACT, null, number(m, 1, words), null);
        if (text.endsWith(" or more") && (m = ONE.matcher(strip(text, " or more"))).matches()) {
            return new Stated(Qualifier.AT_LEAST, number(m, 1, words), null, null);
        }
        for (String fewer : List.of(" or fewer", " or less")) {
            if (text.endsWith(fewer) && (m = ONE.matcher(strip(text, fewer))).matches()) {
                return new Stated(Qualifier.AT_MOST, null, null, number(m, 1, words));
            }
        }
        if ((m = TWO.matcher(text)).matches() && !text.contains(" and ")) {
            return new Stated(Qualifier.BETWEEN, number(m, 1, words), null, number(m, 4, words));
        }
        for (Map.Entry<String, Qualifier> p : PREFIXES) {
            if (!text.startsWith(p.getKey())) continue;
            String rest = text.substring(p.getKey().length()).trim();
            Qualifier q = p.getValue();
            if ((m = ONE.matcher(rest)).matches() && q != Qualifier.BETWEEN) {
                long n = number(m, 1, words);
                if (q.opensAbove()) return new Stated(q, n, null, null);
                if (q.opensBelow()) return new Stated(q, null, null, n);
                return new Stated(q, null, n, null);
            }
            if ((m = TWO.matcher(rest)).matches() && (q == Qualifier.BETWEEN || q == Qualifier.ABOUT)) {
                if (q == Qualifier.BETWEEN && !rest.contains(" and ")) continue;
                return new Stated(q, number(m, 1, words), null, number(m, 4, words));
            }
            throw new Unreadable("'" + words + "': after '" + p.getKey() + "' comes "
                    + (q == Qualifier.BETWEEN ? "'A and B'" : q == Qualifier.ABOUT ? "a number or 'A to B'" : "a number")
                    + " in digits; " + EXPECTED);
        }
        throw new Unreadable("'" + words + "' is not a figure Vigil can read; " + EXPECTED);
    }

    /**
     * Reads a range as a view states it: "15", "about 3,400", "at least 12", "up to 250", "between 12 and 20",
     * "between 12 and 20 or more", "between 10 or fewer and 50".
     */
    public static Bounds parseBounds(String words) throws Unreadable {
        String text = normalise(words == null ? "" : words);
        Matcher m;
        if ((m = ONE.matcher(text)).matches()) {
            long n = number(m, 1, words);
            return new Bounds(n, n, false, false);
        }
        if (text.startsWith("about ") && (m = ONE.matcher(text.substring(6))).matches()) {
            long n = number(m, 1, words);
            return new Bounds(n, n, false, false, true);
        }
        if (text.startsWith("at least ") && (m = ONE.matcher(text.substring(9))).matches()) {
            long n = number(m, 1, words);
            return new Bounds(n, n, false, true);
        }
        if (text.startsWith("up to ") && (m = ONE.matcher(text.substring(6))).matches()) {
            long n = number(m, 1, words);
            return new Bounds(n, n, true, false);
        }
        if (text.startsWith("between ")) {
            String[] ends = text.substring(8).split(" and ", -1);
            if (ends.length == 2) {
                boolean openBelow = ends[0].endsWith(" or fewer");
                boolean openAbove = ends[1].endsWith(" or more");
                Matcher lo = ONE.matcher(openBelow ? strip(ends[0], " or fewer") : ends[0]);
                Matcher hi = ONE.matcher(openAbove ? strip(ends[1], " or more") : ends[1]);
                if (lo.matches() && hi.matches()) {
                    long low = number(lo, 1, words);
                    long high = number(hi, 1, words);
                    if (low <= high) return new Bounds(low, high, openBelow, openAbove);
                }
            }
        }
        throw new Unreadable("'" + words + "' is not a range as Vigil states one");
    }

    // ---------------------------------------------------------------- writing

    /** One source's figure in words: "at least 12", "about 3,400", "between 90 and 100, best 95", "5 reported". */
    public static String say(Stated figure) {
        Stated s = figure.canonical();
        Qualifier q = s.qualifier() == null ? Qualifier.EXACT : s.qualifier();
        String body = switch (q) {
            case EXACT -> number(s.min());
            case REPORTED -> number(s.min()) + " reported";
            case NEARLY -> "nearly " + number(s.min());
            case ABOUT -> s.low() != null && s.high() != null
                    ? "about " + number(s.low()) + " to " + number(s.high())
                    : "about " + number(s.best());
            case AT_LEAST, MORE_THAN -> q.words() + " " + number(s.low() != null ? s.low() : s.min());
            case UP_TO, AT_MOST, FEWER_THAN -> q.words() + " " + number(s.high() != null ? s.high() : s.max());
            case BETWEEN -> "between " + number(s.min()) + " and " + number(s.max());
        };
        boolean bestSeparate = s.best() != null && switch (q) {
            case EXACT, REPORTED, NEARLY -> false;
            case ABOUT -> s.low() != null && s.high() != null;
            default -> s.low() != null || s.high() != null;
        };
        return bestSeparate ? body + ", best " + number(s.best()) : body;
    }

    /** A range in words: "15", "about 3,400", "at least 12", "up to 250", "between 12 and 20", "between 12 and 20 or more". */
    public static String say(Bounds b) {
        if (b.low() == b.high() && !(b.openBelow() && b.openAbove())) {
            if (b.openAbove()) return "at least " + number(b.low());
            if (b.openBelow()) return "up to " + number(b.low());
            return (b.about() ? "about " : "") + number(b.low());
        }
        return "between " + number(b.low()) + (b.openBelow() ? " or fewer" : "") + " and " + number(b.high())
                + (b.openAbove() ? " or more" : "");
    }

    /** A count with thousands separated by commas: 3,400. */
    public static String number(long n) {
        // what String.format(Locale.ROOT, "%,d", n) writes, without parsing a format for each figure
        String digits = Long.toString(n);
        int sign = n < 0 ? 1 : 0;
        int length = digits.length() - sign;
        if (length <= 3) return digits;
        StringBuilder out = new StringBuilder(digits.length() + length / 3);
        out.append(digits, 0, sign);
        int head = length % 3 == 0 ? 3 : length % 3;
        out.append(digits, sign, sign + head);
        for (int i = sign + head; i < digits.length(); i += 3) out.append(',').append(digits, i, i + 3);
        return out.toString();
    }

    // ---------------------------------------------------------------- helpers

    private static String normalise(String words) {
        String t = words.strip().toLowerCase(Locale.ROOT)
                .replace('\u2013', '-').replace('\u2014', '-').replace('\u00a0', ' ').replace('\u202f', ' ')
                .replaceAll("\\s+", " ");
        if (t.endsWith(".")) t = t.substring(0, t.length() - 1);
        if (t.startsWith("~")) t = "about " + t.substring(1).trim();
        Matcher plus = PLUS.matcher(t);
        if (plus.matches()) t = "more than " + plus.group(1);
        return t;
    }

    private static String strip(String text, String suffix) {
        return text.substring(0, text.length() - suffix.length());
    }

    /** The number in groups {@code at} (digits), {@code at+1} (decimals), {@code at+2} (thousand, million). */
    private static long number(Matcher m, int at, String words) throws Unreadable {
        String digits = m.group(at).replace(",", "");
        String decimals = m.group(at + 1);
        String scale = m.group(at + 2);
        if (digits.length() > 1 && digits.startsWith("0")) {
            throw new Unreadable("'" + words + "': a count does not start with 0");
        }
        BigDecimal n = new BigDecimal(decimals == null ? digits : digits + "." + decimals);
        if (scale != null) n = n.multiply(BigDecimal.valueOf(scale.equals("thousand") ? 1_000 : 1_000_000));
        try {
            long value = n.longValueExact();
            if (value > 100_000_000L) throw new Unreadable("'" + words + "': a count is at most 100,000,000");
            return value;
        } catch (ArithmeticException e) {
            throw new Unreadable("'" + words + "': a count is a whole number ("
                    + (scale == null ? "no decimals" : "'" + m.group(0) + "' is not") + ")");
        }
    }
}
