package org.vigil.casefile.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.vigil.casefile.projection.StatusView.Site;

/**
 * The map of a population's page: the sites the record gives coordinates for, on Natural Earth's country boundaries
 * (1:50m, public domain; the world-atlas package's TopoJSON, packaged into the jar at build time), drawn on the
 * server as SVG: no tile server, no script, nothing fetched when a page is shown. The view is framed on the sites
 * (at least eight degrees across), in an equirectangular projection scaled by the cosine of its middle latitude; each
 * site is a dot with its name, its facts in its tooltip and in the list under the map.
 */
final class BaseMap {

    private static final int WIDTH = 720;
    private static final double MIN_SPAN = 8;

    /** A country: its name, its rings (longitude, latitude pairs) and their bounds. */
    private record Country(String name, List<double[][]> rings, double west, double south, double east, double north) {
    }

    private static final class Holder {
        static final List<Country> COUNTRIES = load();
    }

    private BaseMap() {
    }

    /** Reads the boundaries at startup, off the main thread (about a second, once): the first page with a map does not wait. */
    @jakarta.enterprise.context.ApplicationScoped
    static class Warm {
        void onStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
            io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool().execute(() -> Holder.COUNTRIES.size());
        }
    }

    static String svg(List<Site> sites) {
        if (sites.isEmpty()) return "";
        double west = sites.stream().mapToDouble(Site::longitude).min().orElseThrow();
        double east = sites.stream().mapToDouble(Site::longitude).max().orElseThrow();
        double south = sites.stream().mapToDouble(Site::latitude).min().orElseThrow();
        double north = sites.stream().mapToDouble(Site::latitude).max().orElseThrow();
        double midLat = (south + north) / 2;
        double cos = Math.max(0.2, Math.cos(Math.toRadians(midLat)));
        double spanX = Math.max(MIN_SPAN, (east - west) * 1.4);
        double spanY = Math.max(MIN_SPAN * 0.6, (north - south) * 1.4);
        // the frame's shape: no taller than wide
        if (spanY > spanX * cos) spanX = spanY / cos;
        else spanY = Math.max(spanY, spanX * cos * 0.55);
        double x0 = (west + east) / 2 - spanX / 2;
        double y1 = (south + north) / 2 + spanY / 2;
        double scale = WIDTH / (spanX * cos);
        int height = (int) Math.round(spanY * scale);
        Projection at = new Projection(x0, y1, cos, scale);

        StringBuilder out = new StringBuilder();
        out.append("<svg class=\"map\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"map-title map-desc\" xmlns=\"http://www.w3.org/2000/svg\">")
                .append("<title id=\"map-title\">").append(FormFields.esc(Words.text().map_title())).append("</title>")
                .append("<desc id=\"map-desc\">").append(FormFields.esc(Words.text().map_desc(sites.size()))).append("</desc>")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#dbe9f4\"/>");
        double viewWest = x0, viewEast = x0 + spanX, viewNorth = y1, viewSouth = y1 - spanY;
        for (Country c : Holder.COUNTRIES) {
            if (c.east() < viewWest || c.west() > viewEast || c.north() < viewSouth || c.south() > viewNorth) continue;
            out.append("<path fill=\"#f7f5ef\" stroke=\"#9aa5ad\" stroke-width=\"0.8\" fill-rule=\"evenodd\" d=\"");
            for (double[][] ring : c.rings()) path(out, ring, at);
            out.append("\"><title>").append(FormFields.esc(c.name())).append("</title></path>");
        }
        for (Country c : Holder.COUNTRIES) { // a country's name in the middle of its part in view, if that lies in it
            double w = Math.max(c.west(), viewWest), e = Math.min(c.east(), viewEast);
            double s = Math.max(c.south(), viewSouth), n = Math.min(c.north(), viewNorth);
            if (e - w < spanX * 0.15 || n - s < spanY * 0.15) continue;
            double lon = (w + e) / 2, lat = (s + n) / 2;
            if (!inside(c, lon, lat)) continue;
            out.append("<text x=\"").append(fmt(at.x(lon))).append("\" y=\"").append(fmt(at.y(lat)))
                    .append("\" class=\"country\" text-anchor=\"middle\">").append(FormFields.esc(c.name())).append("</text>");
        }
        for (Site s : sites) {
            double x = at.x(s.longitude()), y = at.y(s.latitude());
            out.append("<g class=\"site\"><title>").append(FormFields.esc(s.name())).append(": ")
                    .append(FormFields.esc(String.join("; ", s.facts()))).append(s.more() > 0 ? FormFields.esc("; " + Words.text().population_site_more(s.more())) : "")
                    .append("</title>")
                    .append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y)).append("\" r=\"5\"/>")
                    .append("<text x=\"").append(fmt(x + 8)).append("\" y=\"").append(fmt(y + 4)).append("\" dir=\"auto\">")
                    .append(FormFields.esc(s.name())).append("</text></g>");
        }
        out.append("<text x=\"").append(WIDTH - 6).append("\" y=\"").append(height - 6)
                .append("\" class=\"credit\" text-anchor=\"end\">Boundaries: Natural Earth</text></svg>");
        return out.toString();
    }

    /** Whether a point lies inside a country (even-odd over its rings). */
    private static boolean inside(Country c, double lon, double lat) {
        boolean in = false;
        for (double[][] ring : c.rings()) {
            for (int i = 0, j = ring.length - 1; i < ring.length; j = i++) {
                if ((ring[i][1] > lat) != (ring[j][1] > lat)
                        && lon < (ring[j][0] - ring[i][0]) * (lat - ring[i][1]) / (ring[j][1] - ring[i][1]) + ring[i][0]) {
                    in = !in;
                }
            }
        }
        return in;
    }

    private record Projection(double west, double north, double cos, double scale) {
        double x(double lon) {
            return (lon - west) * cos * scale;
        }

        double y(double lat) {
            return (north - lat) * scale;
        }
    }

    /** A ring as a closed path, leaving out points less than half a pixel from the last one drawn. */
    private static void path(StringBuilder out, double[][] ring, Projection at) {
        double lastX = Double.NaN, lastY = Double.NaN;
        boolean first = true;
        for (double[] p : ring) {
            double x = at.x(p[0]), y = at.y(p[1]);
            if (!first && Math.abs(x - lastX) < 0.5 && Math.abs(y - lastY) < 0.5) continue;
            out.append(first ? 'M' : 'L').append(fmt(x)).append(',').append(fmt(y));
            first = false;
            lastX = x;
            lastY = y;
        }
        out.append('Z');
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Reads the TopoJSON: arcs quantized and delta-encoded, a polygon's rings as lists of arcs (~i: arc i reversed). */
    private static List<Country> load() {
        try (InputStream in = BaseMap.class.getResourceAsStream("/map/countries-50m.json")) {
            if (in == null) throw new IllegalStateException("the base map (map/countries-50m.json) is not in the jar: build with npm");
            JsonNode topo = new ObjectMapper().readTree(in);
            double sx = topo.path("transform").path("scale").path(0).asDouble(1), sy = topo.path("transform").path("scale").path(1).asDouble(1);
            double tx = topo.path("transform").path("translate").path(0).asDouble(), ty = topo.path("transform").path("translate").path(1).asDouble();
            List<double[][]> arcs = new ArrayList<>();
            for (JsonNode arc : topo.path("arcs")) {
                double[][] points = new double[arc.size()][];
                long x = 0, y = 0;
                for (int i = 0; i < arc.size(); i++) {
                    x += arc.get(i).get(0).asLong();
                    y += arc.get(i).get(1).asLong();
                    points[i] = new double[] {x * sx + tx, y * sy + ty};
                }
                arcs.add(points);
            }
            List<Country> countries = new ArrayList<>();
            for (JsonNode g : topo.path("objects").path("countries").path("geometries")) {
                List<double[][]> rings = new ArrayList<>();
                switch (g.path("type").asText()) {
                    case "Polygon" -> g.path("arcs").forEach(ring -> rings.add(ring(ring, arcs)));
                    case "MultiPolygon" -> g.path("arcs").forEach(polygon -> polygon.forEach(ring -> rings.add(ring(ring, arcs))));
                    default -> { }
                }
                if (rings.isEmpty()) continue;
                double w = 180, e = -180, s = 90, n = -90;
                for (double[][] ring : rings) {
                    for (double[] p : ring) {
                        w = Math.min(w, p[0]);
                        e = Math.max(e, p[0]);
                        s = Math.min(s, p[1]);
                        n = Math.max(n, p[1]);
                    }
                }
                countries.add(new Country(g.path("properties").path("name").asText(""), List.copyOf(rings), w, s, e, n));
            }
            return List.copyOf(countries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[][] ring(JsonNode arcIndexes, List<double[][]> arcs) {
        List<double[]> points = new ArrayList<>();
        for (JsonNode index : arcIndexes) {
            int i = index.asInt();
            double[][] arc = i >= 0 ? arcs.get(i) : reversed(arcs.get(~i));
            // consecutive arcs share their joining point
            for (int k = points.isEmpty() ? 0 : 1; k < arc.length; k++) points.add(arc[k]);
        }
        return points.toArray(double[][]::new);
    }

    private static double[][] reversed(double[][] arc) {
        double[][] out = new double[arc.length][];
        for (int i = 0; i < arc.length; i++) out[i] = arc[arc.length - 1 - i];
        return out;
    }

}
