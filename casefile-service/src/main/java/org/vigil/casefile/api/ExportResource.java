package org.vigil.casefile.api;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.vigil.access.Confidentiality;
import org.vigil.casefile.app.Views;
import org.vigil.casefile.audit.AuditTrail;
import org.vigil.casefile.event.Event;
import org.vigil.casefile.projection.FigureRows;
import org.vigil.casefile.security.Caller;
import org.vigil.casefile.security.Roles;
import org.vigil.problems.Problem;

/** Exports for analysts: a population's facts as flat rows and as places on a map (docs/exports.md). */
@Path("/")
public class ExportResource {

    static final String CSV = "text/csv";
    static final String GEOJSON = "application/geo+json";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** The columns, in order: each with its name and its HXL hashtag. */
    static final List<String[]> COLUMNS = List.of(
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

    private static final CsvMapper MAPPER = new CsvMapper();
    private static final CsvSchema SCHEMA;

    static {
        CsvSchema.Builder b = CsvSchema.builder();
        for (String[] c : COLUMNS) b.addColumn(c[0]);
        SCHEMA = b.build().withoutHeader();
    }

    private final Views views;
    private final Caller caller;
    private final AuditTrail audit;

    public ExportResource(Views views, Caller caller, AuditTrail audit) {
        this.views = views;
        this.caller = caller;
        this.audit = audit;
    }

    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations/{id}/figures.csv")
    @Produces(CSV)
    @Operation(summary = "A population's figures as CSV",
            description = "One row per figure claim (one source's figure for one category) and one per fact without a"
                    + " figure, with the date, its precision (and UCDP's date_prec code) and EDTF form, the place, the source,"
                    + " when it was recorded and whether it was corrected; a bound the source did not state is empty."
                    + " Filters: knownAt (the record as it stood then), types (comma-separated type names), from and to"
                    + " (facts whose date may fall in the period). hxl=true adds a row of HXL hashtags. Facts above your"
                    + " clearance are left out and counted in the Vigil-Withheld header. See docs/exports.md.")
    @APIResponse(responseCode = "200", description = "The rows", content = @Content(mediaType = CSV))
    @APIResponse(responseCode = "400", description = "A filter is malformed",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No view of this population",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> figures(@PathParam("id") String id, @QueryParam("knownAt") String knownAt,
                                 @QueryParam("types") String types, @QueryParam("from") String from,
                                 @QueryParam("to") String to, @QueryParam("hxl") boolean hxl) {
        UUID populationId = CaseFileResource.populationId(id);
        FigureRows.Filter filter = filter(knownAt, types, from, to);
        Confidentiality clearance = caller.clearance();
        return views.figures(populationId, filter, clearance).map(figures -> {
            audit.disclosed(figures.held(), populationId, "figures exported");
            return Response.ok(csv(figures.rows(), hxl), CSV + ";charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + populationId + "-figures.csv\"")
                    .header("Vigil-Clearance", clearance.label()).header("Vigil-Withheld", withheld(figures)).build();
        });
    }

    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations/{id}/figures.xlsx")
    @Produces(XLSX)
    @Operation(summary = "A population's figures as an XLSX workbook",
            description = "The rows of figures.csv in a worksheet named figures (numbers as numbers, a bound the source"
                    + " did not state an empty cell), with the same filters and clearance; the Vigil-Withheld header counts"
                    + " what was left out.")
    @APIResponse(responseCode = "200", description = "The workbook", content = @Content(mediaType = XLSX))
    @APIResponse(responseCode = "400", description = "A filter is malformed",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> figuresXlsx(@PathParam("id") String id, @QueryParam("knownAt") String knownAt,
                                     @QueryParam("types") String types, @QueryParam("from") String from,
                                     @QueryParam("to") String to) {
        UUID populationId = CaseFileResource.populationId(id);
        FigureRows.Filter filter = filter(knownAt, types, from, to);
        Confidentiality clearance = caller.clearance();
        return views.figures(populationId, filter, clearance).map(figures -> {
            audit.disclosed(figures.held(), populationId, "figures exported (xlsx)");
            return Response.ok(xlsx(figures.rows()), XLSX)
                    .header("Content-Disposition", "attachment; filename=\"" + populationId + "-figures.xlsx\"")
                    .header("Vigil-Clearance", clearance.label()).header("Vigil-Withheld", withheld(figures)).build();
        });
    }

    /** The rows in one worksheet, written through POI's streaming workbook (a hundred rows in memory at a time). */
    static byte[] xlsx(List<FigureRows.Row> rows) {
        try (var workbook = new org.apache.poi.xssf.streaming.SXSSFWorkbook(100);
             var out = new java.io.ByteArrayOutputStream()) {
            var sheet = workbook.createSheet("figures");
            var header = sheet.createRow(0);
            for (int c = 0; c < COLUMNS.size(); c++) header.createCell(c).setCellValue(COLUMNS.get(c)[0]);
            int n = 1;
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
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations/{id}/places.geojson")
    @Produces(GEOJSON)
    @Operation(summary = "A population's located facts as GeoJSON",
            description = "A FeatureCollection: one Point per fact recorded with coordinates (an attack, a movement's"
                    + " place, a detention, ...), with its type, date (as given, its precision, EDTF), place name, the"
                    + " coordinates' precision, whether it was corrected, and its figures as the sources stated them. Facts"
                    + " without coordinates are left out and counted in the collection's unlocated. The same filters as"
                    + " figures.csv; facts above your clearance are left out and counted in the Vigil-Withheld header.")
    @APIResponse(responseCode = "200", description = "The features", content = @Content(mediaType = GEOJSON))
    @APIResponse(responseCode = "400", description = "A filter is malformed",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> places(@PathParam("id") String id, @QueryParam("knownAt") String knownAt,
                                @QueryParam("types") String types, @QueryParam("from") String from,
                                @QueryParam("to") String to) {
        UUID populationId = CaseFileResource.populationId(id);
        FigureRows.Filter filter = filter(knownAt, types, from, to);
        Confidentiality clearance = caller.clearance();
        return views.figures(populationId, filter, clearance).map(figures -> {
            audit.disclosed(figures.held(), populationId, "places exported");
            return Response.ok(geojson(figures.rows()), GEOJSON + ";charset=utf-8")
                    .header("Vigil-Clearance", clearance.label()).header("Vigil-Withheld", withheld(figures)).build();
        });
    }

    /** The rows grouped by fact: one Feature per fact with coordinates, its figures in a list. */
    static String geojson(List<FigureRows.Row> rows) {
        Map<String, List<FigureRows.Row>> byFact = new java.util.LinkedHashMap<>();
        for (FigureRows.Row r : rows) byFact.computeIfAbsent(r.eventId(), k -> new java.util.ArrayList<>()).add(r);
        List<Object> features = new java.util.ArrayList<>();
        int unlocated = 0;
        for (List<FigureRows.Row> fact : byFact.values()) {
            FigureRows.Row r = fact.getFirst();
            if (r.latitude() == null || r.longitude() == null) {
                unlocated++;
                continue;
            }
            Map<String, Object> properties = new java.util.LinkedHashMap<>();
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
                Map<String, Object> figure = new java.util.LinkedHashMap<>();
                figure.put("category", f.category());
                if (f.low() != null) figure.put("low", f.low());
                if (f.best() != null) figure.put("best", f.best());
                if (f.high() != null) figure.put("high", f.high());
                figure.put("qualifier", f.qualifier());
                if (f.says() != null) figure.put("says", f.says());
                figure.put("source", f.publisher());
                return figure;
            }).toList());
            Map<String, Object> geometry = new java.util.LinkedHashMap<>();
            geometry.put("type", "Point");
            geometry.put("coordinates", List.of(r.longitude(), r.latitude())); // GeoJSON: longitude first
            Map<String, Object> feature = new java.util.LinkedHashMap<>();
            feature.put("type", "Feature");
            feature.put("id", r.eventId());
            feature.put("geometry", geometry);
            feature.put("properties", properties);
            features.add(feature);
        }
        Map<String, Object> collection = new java.util.LinkedHashMap<>();
        collection.put("type", "FeatureCollection");
        collection.put("features", features);
        collection.put("unlocated", unlocated);
        try {
            return GEO.writeValueAsString(collection);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper GEO = new com.fasterxml.jackson.databind.ObjectMapper();

    private static FigureRows.Filter filter(String knownAt, String types, String from, String to) {
        FigureRows.Filter filter = new FigureRows.Filter(CaseFileResource.knownAt(knownAt), types(types), day("from", from),
                day("to", to));
        if (filter.from() != null && filter.to() != null && filter.to().isBefore(filter.from())) {
            throw Problem.of(400, "bad-request", "Bad period", "to is on or after from", "to", "period.ordered");
        }
        return filter;
    }

    private static String withheld(Views.Figures figures) {
        String withheld = figures.withheld().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return withheld.isEmpty() ? "none" : withheld;
    }

    static String csv(List<FigureRows.Row> rows, boolean hxl) {
        StringWriter out = new StringWriter();
        try (var writer = MAPPER.writer(SCHEMA).writeValues(out)) {
            writer.write(COLUMNS.stream().map(c -> c[0]).toArray());
            if (hxl) writer.write(COLUMNS.stream().map(c -> c[1]).toArray());
            for (FigureRows.Row r : rows) {
                writer.write(Arrays.stream(values(r)).map(ExportResource::cell).toArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A row's values in the order of {@link #COLUMNS}. */
    static Object[] values(FigureRows.Row r) {
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
    static Object cell(Object value) {
        if (value == null) return "";
        if (value instanceof String text && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) return "'" + text;
        return value instanceof Instant i ? i.toString() : value;
    }

    private static Set<String> types(String value) {
        if (value == null || value.isBlank()) return Set.of();
        Set<String> types = new LinkedHashSet<>();
        for (String t : value.split(",")) {
            String name = t.strip();
            if (!Event.TYPES.containsKey(name)) {
                throw Problem.of(400, "bad-request", "Unknown type", "'" + name + "' is not a current event type", "types", "type.known");
            }
            types.add(name);
        }
        return types;
    }

    private static LocalDate day(String field, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Problem.of(400, "bad-request", "Bad " + field, field + " is a date, YYYY-MM-DD", field, "date.format");
        }
    }
}
