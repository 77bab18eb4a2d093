package org.vigil.report.write;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.vigil.report.view.Dossier;

/**
 * The report's picture, as SVG: headcount by site over time (each month's claims as a bar from the lowest to the
 * highest figure, the highs joined by a line) with the documented incidents marked along the time axis. Deterministic:
 * the same dossier draws the same bytes.
 */
public final class Chart {

    /** 640 px fits the PDF's A4 text width (178 mm); HTML scales it with its viewBox. */
    private static final int WIDTH = 640;
    private static final int HEIGHT = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;
    private static final String[] COLOURS = {"#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#17becf", "#bcbd22", "#7f7f7f", "#e377c2"};
    private static final String INCIDENT = "#d62728";

    private Chart() {
    }

    private record Point(int month, long low, long high) {
    }

    public static String svg(Dossier dossier) {
        Map<String, List<Point>> series = new LinkedHashMap<>();
        for (Dossier.CountMonth p : dossier.headcountSeries()) {
            series.computeIfAbsent(Words.siteName(p), k -> new ArrayList<>()).add(new Point(month(YearMonth.parse(p.month())),
                    p.low() == null ? 0 : p.low(), p.high() == null ? 0 : p.high()));
        }
        List<Dossier.TimelineItem> timeline = dossier.status() == null ? List.of() : dossier.status().timeline();
        Map<String, String> dated = new java.util.HashMap<>();
        for (Dossier.TimelineItem t : timeline) {
            if (t.earliest() != null) dated.put(t.eventId(), t.earliest());
        }
        List<Integer> incidents = new ArrayList<>();
        for (Dossier.Casualties.Incident i : dossier.status() == null ? List.<Dossier.Casualties.Incident>of()
                : dossier.status().casualties().incidents()) {
            String earliest = dated.get(i.eventId());
            if (earliest != null) incidents.add(month(YearMonth.from(LocalDate.parse(earliest))));
        }
        // Without a headcount there is nothing to draw: no chart, rather than an empty one.
        if (series.isEmpty()) return "";
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT + 18 * (series.size() + 1)).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT + 18 * (series.size() + 1)).append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">");
        svg.append("<title>Headcount by site over time, with documented incidents marked</title>");
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        long max = 1;
        for (List<Point> points : series.values()) {
            for (Point p : points) {
                first = Math.min(first, p.month());
                last = Math.max(last, p.month());
                max = Math.max(max, p.high());
            }
        }
        for (int m : incidents) {
            first = Math.min(first, m);
            last = Math.max(last, m);
        }
        // The time axis spans the whole record, not only its headcounts: its first and last dated facts.
        for (Dossier.TimelineItem t : timeline) {
            if (t.earliest() == null || t.latest() == null) continue;
            first = Math.min(first, month(YearMonth.from(LocalDate.parse(t.earliest()))));
            last = Math.max(last, month(YearMonth.from(LocalDate.parse(t.latest()))));
        }
        first -= 6;
        last += 6;
        long top = niceCeiling(max);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        int from = first;
        int span = Math.max(1, last - first);
        java.util.function.IntToDoubleFunction x = m -> LEFT + plotW * (m - from) / span;
        java.util.function.LongToDoubleFunction y = v -> TOP + plotH - plotH * v / top;

        // axes, gridlines, labels
        svg.append("<g stroke=\"#999\" stroke-width=\"0.5\">");
        for (int i = 0; i <= 4; i++) {
            long v = top * i / 4;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(f(y.applyAsDouble(v)))
                    .append("\" y2=\"").append(f(y.applyAsDouble(v))).append("\"/>");
        }
        svg.append("</g><g fill=\"#333\">");
        for (int i = 0; i <= 4; i++) {
            long v = top * i / 4;
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(f(y.applyAsDouble(v) + 4)).append("\" text-anchor=\"end\">")
                    .append(Words.number(v)).append("</text>");
        }
        int firstYear = Math.floorDiv(from, 12) + 1;
        int lastYear = Math.floorDiv(last, 12);
        int step = Math.max(1, (lastYear - firstYear + 1) / 10);
        for (int year = firstYear; year <= lastYear; year += step) {
            double px = x.applyAsDouble(year * 12);
            svg.append("<text x=\"").append(f(px)).append("\" y=\"").append(HEIGHT - BOTTOM + 16).append("\" text-anchor=\"middle\">")
                    .append(year).append("</text>");
        }
        svg.append("</g>");
        // incidents: a red tick and dashed line per incident month
        svg.append("<g stroke=\"").append(INCIDENT).append("\" stroke-width=\"1\">");
        for (int m : incidents) {
            double px = x.applyAsDouble(m);
            svg.append("<line x1=\"").append(f(px)).append("\" x2=\"").append(f(px)).append("\" y1=\"").append(TOP)
                    .append("\" y2=\"").append(HEIGHT - BOTTOM).append("\" stroke-dasharray=\"3,3\" stroke-opacity=\"0.5\"/>");
            svg.append("<path d=\"M").append(f(px)).append(' ').append(HEIGHT - BOTTOM).append(" l-4 8 l8 0 z\" fill=\"")
                    .append(INCIDENT).append("\"/>");
        }
        svg.append("</g>");
        // series: range bars and the line of highs
        int c = 0;
        for (List<Point> points : series.values()) {
            String colour = COLOURS[c++ % COLOURS.length];
            svg.append("<g stroke=\"").append(colour).append("\" fill=\"").append(colour).append("\">");
            if (points.size() > 1) {
                svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" points=\"");
                for (Point p : points) svg.append(f(x.applyAsDouble(p.month()))).append(',').append(f(y.applyAsDouble(p.high()))).append(' ');
                svg.setLength(svg.length() - 1);
                svg.append("\"/>");
            }
            for (Point p : points) {
                double px = x.applyAsDouble(p.month());
                svg.append("<line stroke-width=\"3\" x1=\"").append(f(px)).append("\" x2=\"").append(f(px)).append("\" y1=\"")
                        .append(f(y.applyAsDouble(p.low()))).append("\" y2=\"").append(f(y.applyAsDouble(p.high()))).append("\"/>");
                svg.append("<circle r=\"2.5\" cx=\"").append(f(px)).append("\" cy=\"").append(f(y.applyAsDouble(p.high()))).append("\"/>");
            }
            svg.append("</g>");
        }
        // legend
        int row = 0;
        for (String key : series.keySet()) {
            int ly = HEIGHT + 4 + 18 * row;
            svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(ly).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(COLOURS[row % COLOURS.length]).append("\"/><text x=\"").append(LEFT + 16).append("\" y=\"").append(ly + 9)
                    .append("\">").append(Text.html(key)).append("</text>");
            row++;
        }
        int ly = HEIGHT + 4 + 18 * row;
        svg.append("<path d=\"M").append(LEFT + 5).append(' ').append(ly).append(" l-5 10 l10 0 z\" fill=\"").append(INCIDENT)
                .append("\"/><text x=\"").append(LEFT + 16).append("\" y=\"").append(ly + 9).append("\">documented incident (")
                .append(incidents.size()).append(")</text>");
        svg.append("</svg>");
        return svg.toString();
    }

    private static int month(YearMonth m) {
        return m.getYear() * 12 + m.getMonthValue() - 1;
    }

    private static long niceCeiling(long max) {
        long magnitude = 1;
        while (magnitude * 10 <= max) magnitude *= 10;
        for (long m : new long[]{1, 2, 5, 10}) {
            if (m * magnitude >= max) return m * magnitude;
        }
        return 10 * magnitude;
    }

    /** One decimal, as "%.1f" would write it, without the formatter's cost (a chart has tens of thousands). */
    static String f(double v) {
        long tenths = Math.round(v * 10);
        long abs = Math.abs(tenths);
        return (tenths < 0 ? "-" : "") + abs / 10 + "." + abs % 10;
    }
}
