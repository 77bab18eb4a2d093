package org.vigil.casefile.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.vigil.casefile.projection.FigureRows;

/**
 * The formats of a figures export (docs/exports.md), each written a page at a time so that an export of any size is
 * never held in memory: CSV (with an optional row of HXL hashtags), GeoJSON (one Feature per located fact) and XLSX
 * (through POI's streaming workbook, which keeps a hundred rows in memory and the rest in a temporary file).
 */
public final class FigureFormats {

    public static final String CSV = "text/csv";
    public static final String GEOJSON = "application/geo+json";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** The columns, in order: each with its name and its HXL hashtag. */
    public static final List<String[]> COLUMNS = List.of(
            new String[] {"event_id", "#event+id"}, new String[] {"population_id", "#group+id"},
            new String[] {"type", "#event+type"}, new String[] {"date", "#date"},
            new String[] {"date_precision", "#date+precision"}, new String[] {"date_precision_code", "#date+precision+code"},
            new String[] {"date_edtf", "#date+edtf"}, new String[] {"date_label", "#date+label"},
            new String[] {"place", "#loc+name"}, new String[] {"region", "#adm1+name"},
            new String[] {"country", "#country+code"}, new String[] {"latitude", "#geo+lat"},
            new String[] {"longitude", "#geo+lon"}, new String[] {"coordinate_precision", "#geo+precision"},
            new String[] {"category", "#indicator+category"}, new String[] {"low", "#affected+num+min"},
            new String[] {"best", "#affected+num"}, new String[] {"high", "#affected+num+max"},
            new String[] {"qualifier", "#affected+qualifier"}, new String[] {"says", "#affected+text"},
            new String[] {"source_ref", "#meta+source+id"}, new String[] {"publisher", "#meta+source"},
            new String[] {"source_title", "#meta+source+title"}, new String[] {"source_date", "#meta+source+date"},
            new String[] {"affiliation", "#meta+source+affiliation"}, new String[] {"reliability", "#meta+source+reliability"},
            new String[] {"recorded_at", "#date+recorded"}, new String[] {"corrected", "#status+corrected"},
            new String[] {"confidentiality", "#meta+confidentiality"});

    private static final ObjectMapper JSON = new ObjectMapper();

    private FigureFormats() {
    }

    /** The CSV's first line (and, with {@code hxl}, the line of hashtags). */
    public static byte[] csvHeader(boolean hxl) {
        StringBuilder out = new StringBuilder(1024);
        line(out, COLUMNS.stream().map(c -> (Object) c[0]).toArray());
        if (hxl) line(out, COLUMNS.stream().map(c -> (Object) c[1]).toArray());
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The CSV lines of a page of rows (RFC 4180: a field with a comma, a quote or a line break is quoted). */
    public static byte[] csvRows(List<FigureRows.Row> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 320 + 16);
        for (FigureRows.Row r : rows) {
            Object[] values = values(r);
            for (int i = 0; i < values.length; i++) values[i] = cell(values[i]);
            line(out, values);
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder out, Object[] fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) out.append(',');
            Object v = fields[i];
            if (!(v instanceof String text)) {
                out.append(v);
                continue;
            }
            boolean quote = false;
            for (int c = 0; c < text.length() && !quote; c++) {
                char ch = text.charAt(c);
                quote = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
            }
            if (!quote) {
                out.append(text);
            } else {
                out.append('"');
                for (int c = 0; c < text.length(); c++) {
                    char ch = text.charAt(c);
                    if (ch == '"') out.append('"');
                    out.append(ch);
                }
                out.append('"');
            }
        }
        out.append('\n');
    }

    /** A row's values in the order of {@link #COLUMNS}. */
    public static Object[] values(FigureRows.Row r) {
        return new Object[] {r.eventId(), r.populationId(), r.type(), r.date(), r.datePrecision(), r.precisionCode(), r.edtf(),
                r.dateLabel(), r.place(), r.region(), r.country(), r.latitude(), r.longitude(), r.coordinatePrecision(),
                r.category(), r.low(), r.best(), r.high(), r.qualifier(), r.says(), r.sourceRef(), r.publisher(),
                r.sourceTitle(), r.sourceDate(), r.affiliation(), r.reliability(),
                r.recordedAt() == null ? null : r.recordedAt().toString(), r.corrected(), r.confidentiality()};
    }

    /**
     * A cell as a spreadsheet should see it: text that a spreadsheet would run as a formula (starting with =, +, -, @,
     * a tab or a carriage return) gets a leading apostrophe, the usual guard; numbers and dates stay as they are.
     */
    public static Object cell(Object value) {
        if (value == null) return "";
        if (value instanceof String text && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) return "'" + text;
        return value instanceof Instant i ? i.toString() : value;
    }

    /**
     * A FeatureCollection written a page at a time: {@link #begin}, {@link #page} for each page (one Feature per fact
     * with coordinates, its figures in a list), {@link #end} with the count of facts without coordinates.
     */
    public static final class GeoJson {

        private boolean first = true;
        private long unlocated;

        public byte[] begin() {
            return "{\"type\":\"FeatureCollection\",\"features\":[".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        public byte[] page(List<FigureRows.Row> rows) {
            Map<String, List<FigureRows.Row>> byFact = new LinkedHashMap<>();
            for (FigureRows.Row r : rows) byFact.computeIfAbsent(r.eventId(), k -> new ArrayList<>()).add(r);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                for (List<FigureRows.Row> fact : byFact.values()) {
                    FigureRows.Row r = fact.getFirst();
                    if (r.latitude() == null || r.longitude() == null) {
                        unlocated++;
                        continue;
                    }
                    if (!first) out.write(',');
                    first = false;
                    JSON.writeValue(new NoClose(out), feature(r, fact));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        public byte[] end() {
            return ("],\"unlocated\":" + unlocated + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        private static Map<String, Object> feature(FigureRows.Row r, List<FigureRows.Row> fact) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("eventId", r.eventId());
            properties.put("type", r.type());
            properties.put("date", r.date());
            properties.put("datePrecision", r.datePrecision());
            properties.put("dateEdtf", r.edtf());
            properties.put("dateLabel", r.dateLabel());
            properties.put("place", r.place());
            properties.put("country", r.country());
            properties.put("coordinatePrecision", r.coordinatePrecision());
            properties.put("corrected", r.corrected());
            properties.put("confidentiality", r.confidentiality());
            properties.put("figures", fact.stream().filter(f -> f.category() != null).map(f -> {
                Map<String, Object> figure = new LinkedHashMap<>();
                figure.put("category", f.category());
                if (f.low() != null) figure.put("low", f.low());
                if (f.best() != null) figure.put("best", f.best());
                if (f.high() != null) figure.put("high", f.high());
                figure.put("qualifier", f.qualifier());
                if (f.says() != null) figure.put("says", f.says());
                figure.put("source", f.publisher());
                return figure;
            }).toList());
            Map<String, Object> geometry = new LinkedHashMap<>();
            geometry.put("type", "Point");
            geometry.put("coordinates", List.of(r.longitude(), r.latitude())); // GeoJSON: longitude first
            Map<String, Object> feature = new LinkedHashMap<>();
            feature.put("type", "Feature");
            feature.put("id", r.eventId());
            feature.put("geometry", geometry);
            feature.put("properties", properties);
            return feature;
        }
    }

    /** Jackson closes the stream it writes a value to; a page's buffer must stay open for the next feature. */
    private static final class NoClose extends java.io.FilterOutputStream {
        NoClose(OutputStream out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /**
     * A workbook filled a page at a time (one worksheet, {@code figures}; numbers as numeric cells, a bound the source
     * did not state an empty cell, text a string cell, never run as a formula), then written to a temporary file.
     * Blocking: POI writes its rows to disk as it goes.
     */
    public static final class Xlsx implements AutoCloseable {

        private final org.apache.poi.xssf.streaming.SXSSFWorkbook workbook = new org.apache.poi.xssf.streaming.SXSSFWorkbook(100);
        private final org.apache.poi.ss.usermodel.Sheet sheet = workbook.createSheet("figures");
        private int n = 1;

        public Xlsx() {
            var header = sheet.createRow(0);
            for (int c = 0; c < COLUMNS.size(); c++) header.createCell(c).setCellValue(COLUMNS.get(c)[0]);
        }

        public Xlsx add(List<FigureRows.Row> rows) {
            for (FigureRows.Row r : rows) {
                var row = sheet.createRow(n++);
                Object[] values = values(r);
                for (int c = 0; c < values.length; c++) {
                    Object v = values[c];
                    if (v == null) continue;
                    var cell = row.createCell(c);
                    if (v instanceof Number number) cell.setCellValue(number.doubleValue());
                    else if (v instanceof Boolean b) cell.setCellValue(b);
                    else cell.setCellValue(v.toString()); // a string cell: never run as a formula
                }
            }
            return this;
        }

        /** Writes the workbook to a new temporary file and answers it; the caller deletes it. */
        public Path finish() {
            try {
                Path file = Files.createTempFile("vigil-figures-", ".xlsx");
                try (OutputStream out = Files.newOutputStream(file)) {
                    workbook.write(out);
                }
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            try {
                workbook.close(); // also removes POI's own temporary files
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

}
