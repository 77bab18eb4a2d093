package org.vigil.casefile.web;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.vigil.casefile.projection.StatusView.HeadcountPoint;

/**
 * The headcount chart of a population's page, drawn on the server as SVG (no script, nothing fetched): every
 * headcount claim at its date, as the range its sources give (a bar from the lowest to the highest figure; a figure
 * open above, "at least 3,000", is drawn paler and up to the top, one open below paler and down to zero), one colour per site and
 * subgroup, with a line on the day the page is "as of". The page's headcount table and the list under the chart say
 * the same in words.
 */
final class HeadcountChart {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 260;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 36;
    private static final String[] COLOURS = {"#0b5cad", "#b3261e", "#1a7f37", "#8a4baf", "#b06000", "#00727a", "#5f6b76"};

    private HeadcountChart() {
    }

    /** Beyond this many claims, a bar is a month of one site's claims: the lowest to the highest figure they give. */
    static final int MAX_BARS = 400;

    static String svg(List<HeadcountPoint> claims, LocalDate asOf) {
        if (claims.isEmpty()) return "";
        List<HeadcountPoint> points = claims.size() > MAX_BARS ? byMonth(claims) : claims;
        long first = points.stream().mapToLong(p -> p.earliest().toEpochDay()).min().orElseThrow();
        long last = points.stream().mapToLong(p -> p.latest().toEpochDay()).max().orElseThrow();
        if (asOf != null) {
            first = Math.min(first, asOf.toEpochDay());
            last = Math.max(last, asOf.toEpochDay());
        }
        first = LocalDate.ofEpochDay(first).withDayOfYear(1).toEpochDay();
        last = LocalDate.ofEpochDay(last).withDayOfYear(1).plusYears(1).toEpochDay();
        long top = 0;
        for (HeadcountPoint p : points) top = Math.max(top, Math.max(p.count().low(), p.count().high()));
        top = niceCeiling(top);
        Map<String, String> colours = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        out.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">")
                .append("<title id=\"chart-title\">").append(FormFields.esc(Words.text().chart_title())).append("</title>")
                .append("<desc id=\"chart-desc\">").append(FormFields.esc(Words.text().chart_desc(points.size(), LocalDate.ofEpochDay(first).getYear(),
                        LocalDate.ofEpochDay(last).getYear() - 1)))
                .append(FormFields.esc(points == claims ? Words.text().chart_desc_ranges() : Words.text().chart_desc_bins()))
                .append(FormFields.esc(Words.text().chart_desc_list())).append("</desc>")
                ;
        // axes: years along the bottom, counts up the side
        int years = LocalDate.ofEpochDay(last).getYear() - LocalDate.ofEpochDay(first).getYear();
        int step = Math.max(1, (int) Math.ceil(years / 10.0));
        for (int y = LocalDate.ofEpochDay(first).getYear(); y <= LocalDate.ofEpochDay(last).getYear(); y += step) {
            double x = x(LocalDate.of(y, 1, 1).toEpochDay(), first, last);
            out.append(line(x, TOP, x, HEIGHT - BOTTOM, "#eef1f3"))
                    .append(text(x, HEIGHT - BOTTOM + 16, Integer.toString(y), "middle"));
        }
        for (int i = 0; i <= 4; i++) {
            long value = top * i / 4;
            double y = y(value, top);
            out.append(line(LEFT, y, WIDTH - RIGHT, y, "#eef1f3")).append(text(LEFT - 6, y + 4, String.format(Locale.ROOT, "%,d", value), "end"));
        }
        out.append(line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#5f6b76"));
        for (HeadcountPoint p : points) {
            String key = (p.site() == null ? "" : p.site()) + (p.subgroup() == null ? "" : " · " + p.subgroup());
            String colour = colours.computeIfAbsent(key, k -> COLOURS[colours.size() % COLOURS.length]);
            double x1 = x(p.earliest().toEpochDay(), first, last);
            double x2 = Math.max(x1 + 4, x(p.latest().toEpochDay() + 1, first, last));
            long low = p.count().openBelow() ? 0 : p.count().low();
            double yLow = y(low, top);
            double yHigh = p.count().openAbove() ? TOP : y(p.count().high(), top);
            double h = Math.max(3, yLow - yHigh);
            out.append("<rect x=\"").append(f(x1)).append("\" y=\"").append(f(yLow - h)).append("\" width=\"").append(f(x2 - x1))
                    .append("\" height=\"").append(f(h)).append("\" fill=\"").append(colour).append('"')
                    .append(p.count().openAbove() || p.count().openBelow() ? " fill-opacity=\"0.35\"" : " fill-opacity=\"0.8\"")
                    .append("><title>").append(FormFields.esc(key + ", " + p.date() + ": " + p.count().statement())).append("</title></rect>");
        }
        if (asOf != null) {
            double x = x(asOf.toEpochDay(), first, last);
            out.append(line(x, TOP, x, HEIGHT - BOTTOM, "#1d2327")).append(text(x + 4, TOP + 10, "as of " + asOf, "start"));
        }
        out.append("</svg><ul class=\"legend\">");
        colours.forEach((key, colour) -> out.append("<li><svg class=\"swatch\" width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" fill=\"")
                .append(colour).append("\"/></svg> ").append(FormFields.esc(key.isBlank() ? Words.text().population_all_sites() : key)).append("</li>"));
        return out.append("</ul>").toString();
    }

    /**
     * Claims grouped by site, subgroup and month (by quarter, or by year, when months would still make more than
     * {@link #MAX_BARS} bars): one bar each, spanning every figure its claims give.
     */
    private static List<HeadcountPoint> byMonth(List<HeadcountPoint> claims) {
        record Bin(String site, String subgroup, int year, int firstMonth) {
        }
        Map<Bin, List<HeadcountPoint>> groups = Map.of();
        for (int months : new int[] {1, 3, 12}) {
            groups = new LinkedHashMap<>();
            for (HeadcountPoint p : claims) {
                LocalDate d = p.earliest();
                int firstMonth = d.getMonthValue() - (d.getMonthValue() - 1) % months;
                groups.computeIfAbsent(new Bin(p.site(), p.subgroup(), d.getYear(), firstMonth), k -> new java.util.ArrayList<>()).add(p);
            }
            if (groups.size() <= MAX_BARS) break;
        }
        List<HeadcountPoint> out = new java.util.ArrayList<>(groups.size());
        for (List<HeadcountPoint> g : groups.values()) {
            HeadcountPoint first = g.getFirst();
            boolean openBelow = g.stream().anyMatch(p -> p.count().openBelow());
            boolean openAbove = g.stream().anyMatch(p -> p.count().openAbove());
            long low = g.stream().mapToLong(p -> p.count().low()).min().orElseThrow();
            long high = g.stream().mapToLong(p -> p.count().high()).max().orElseThrow();
            LocalDate begin = g.stream().map(HeadcountPoint::earliest).min(LocalDate::compareTo).orElseThrow();
            LocalDate end = g.stream().map(HeadcountPoint::latest).max(LocalDate::compareTo).orElseThrow();
            String statement = g.size() + " claim(s), from " + String.format(Locale.ROOT, "%,d", low) + " to "
                    + String.format(Locale.ROOT, "%,d", high) + (openAbove ? " or more" : "");
            out.add(new HeadcountPoint(first.site(), first.subgroup(), begin, end, begin + " to " + end, new org.vigil.casefile.projection.PopulationStatus.Range(low, high, openBelow, openAbove, null,
                    statement, List.of(), List.of()), g.stream().anyMatch(HeadcountPoint::corrected)));
        }
        return out;
    }

    private static double x(long day, long first, long last) {
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - first) / (double) Math.max(1, last - first);
    }

    private static double y(long value, long top) {
        return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * value / (double) Math.max(1, top);
    }

    /** The next round number at or above {@code n}: 1, 2 or 5 times a power of ten. */
    static long niceCeiling(long n) {
        if (n <= 0) return 10;
        long power = 1;
        while (power * 10 <= n) power *= 10;
        for (long m : new long[]{1, 2, 5, 10}) if (m * power >= n) return m * power;
        return 10 * power;
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return "<line x1=\"" + f(x1) + "\" y1=\"" + f(y1) + "\" x2=\"" + f(x2) + "\" y2=\"" + f(y2) + "\" stroke=\"" + colour + "\"/>";
    }

    private static String text(double x, double y, String s, String anchor) {
        return "<text x=\"" + f(x) + "\" y=\"" + f(y) + "\" font-size=\"11\" text-anchor=\"" + anchor + "\" fill=\"#1d2327\">" + FormFields.esc(s) + "</text>";
    }

    private static String f(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

}
