import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws the lag-over-rate plot of deploy/local/bench-casefile.sh as an SVG: one point per rate measured, at its
 * achieved rate, for p50, p90 and p99 of the end-to-end lag, with the 250 ms target as a dashed line.
 * Run as a single source file: java LagPlot.java <lines: asked achieved p50 p90 p99 all> <out.svg> <title>
 */
public class LagPlot {

    record Point(double asked, double achieved, double p50, double p90, double p99, double all) {
    }

    public static void main(String[] args) throws Exception {
        List<Point> points = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 6) continue;
            points.add(new Point(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])));
        }
        int width = 720, height = 420, left = 70, right = 30, top = 50, bottom = 60;
        double maxX = points.stream().mapToDouble(Point::asked).max().orElse(2000) * 1.1;
        double maxY = Math.max(300, points.stream().mapToDouble(Point::p99).max().orElse(0) * 1.15);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"25\" font-size=\"15\">%s</text>%n", left, escape(args.length > 2 ? args[2] : "")));
        int plotW = width - left - right, plotH = height - top - bottom;
        java.util.function.DoubleUnaryOperator x = v -> left + v / maxX * plotW;
        java.util.function.DoubleUnaryOperator y = v -> top + plotH - v / maxY * plotH;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top + plotH, left + plotW, top + plotH));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top, left, top + plotH));
        for (double vx = 0; vx <= maxX; vx += nice(maxX / 5)) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>%n", x.applyAsDouble(vx), top + plotH + 18, vx));
        }
        for (double vy = 0; vy <= maxY; vy += nice(maxY / 5)) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>%n", left - 6, y.applyAsDouble(vy) + 4, vy));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", left, y.applyAsDouble(vy), left + plotW, y.applyAsDouble(vy)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">events/s achieved (single POSTs from hey)</text>%n", left + plotW / 2, height - 15));
        svg.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%d\" transform=\"rotate(-90 18 %d)\" text-anchor=\"middle\">lag, ingest commit to view (ms)</text>%n", top + plotH / 2, top + plotH / 2));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c00\" stroke-dasharray=\"6 4\"/>%n", left, y.applyAsDouble(250), left + plotW, y.applyAsDouble(250)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#c00\" text-anchor=\"end\">target p99 250 ms</text>%n", left + plotW - 4, y.applyAsDouble(250) - 5));
        String[] names = {"p50", "p90", "p99"};
        String[] colours = {"#1f77b4", "#ff7f0e", "#2ca02c"};
        for (int s = 0; s < 3; s++) {
            StringBuilder path = new StringBuilder();
            for (Point p : points) {
                double v = s == 0 ? p.p50() : s == 1 ? p.p90() : p.p99();
                path.append(String.format(Locale.ROOT, "%s%.1f,%.1f ", path.isEmpty() ? "M" : "L", x.applyAsDouble(p.achieved()), y.applyAsDouble(v)));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s %.0f ms at %.0f/s</title></circle>%n",
                        x.applyAsDouble(p.achieved()), y.applyAsDouble(v), colours[s], names[s], v, p.achieved()));
            }
            svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", path.toString().trim(), colours[s]));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", left + 10 + s * 50, top - 8, colours[s], names[s]));
        }
        svg.append("</svg>\n");
        Files.writeString(Path.of(args[1]), svg);
    }

    /** A round step near {@code rough}: 1, 2 or 5 times a power of ten. */
    static double nice(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double f = rough / power;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
