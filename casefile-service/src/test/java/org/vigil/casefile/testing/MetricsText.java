package org.vigil.casefile.testing;

/** Values read from a Prometheus scrape ({@code /q/metrics}) in tests. */
public final class MetricsText {

    /** The sum of a metric's samples over all its labels; 0 when it is not in the scrape. */
    public static double sum(String metrics, String name) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }

    private MetricsText() {
    }
}
