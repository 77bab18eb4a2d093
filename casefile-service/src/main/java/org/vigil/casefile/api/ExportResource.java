package org.vigil.casefile.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestMulti;
import org.vigil.access.Confidentiality;
import org.vigil.casefile.app.ExportJobs;
import org.vigil.casefile.app.Views;
import org.vigil.casefile.audit.AuditLog;
import org.vigil.casefile.audit.AuditTrail;
import org.vigil.casefile.event.Event;
import org.vigil.casefile.export.ExportJobStore;
import org.vigil.casefile.export.FigureFormats;
import org.vigil.casefile.projection.FigureRows;
import org.vigil.casefile.security.Caller;
import org.vigil.casefile.security.Roles;
import org.vigil.problems.Problem;

/**
 * Exports for analysts: a population's facts as flat rows and as places on a map (docs/exports.md), streamed a page of
 * facts at a time, so that an export of any size is never held in memory; and the same as jobs, for large ones, with
 * progress and a download link that expires.
 */
@Path("/")
public class ExportResource {

    private static final Set<String> FORMATS = Set.of("csv", "xlsx", "geojson");
    private static final Set<String> JOB_MEMBERS = Set.of("format", "knownAt", "types", "from", "to", "hxl");

    private final Views views;
    private final ExportJobs jobs;
    private final Caller caller;
    private final AuditTrail audit;
    private final AuditLog auditLog;
    private final ObjectMapper json;

    public ExportResource(Views views, ExportJobs jobs, Caller caller, AuditTrail audit, AuditLog auditLog, ObjectMapper json) {
        this.views = views;
        this.jobs = jobs;
        this.caller = caller;
        this.audit = audit;
        this.auditLog = auditLog;
        this.json = json;
    }

    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations/{id}/figures.csv")
    @Produces(FigureFormats.CSV)
    @Operation(summary = "A population's figures as CSV",
            description = "One row per figure claim (one source's figure for one category) and one per fact without a"
                    + " figure, with the date, its precision (and UCDP's date_prec code) and EDTF form, the place, the source,"
                    + " when it was recorded and whether it was corrected; a bound the source did not state is empty."
                    + " Filters: knownAt (the record as it stood then), types (comma-separated type names), from and to"
                    + " (facts whose date may fall in the period). hxl=true adds a row of HXL hashtags. Facts above your"
                    + " clearance are left out and counted in the Vigil-Withheld header. Streamed, a thousand facts at a"
                    + " time. See docs/exports.md.")
    @APIResponse(responseCode = "200", description = "The rows", content = @Content(mediaType = FigureFormats.CSV))
    @APIResponse(responseCode = "400", description = "A filter is malformed",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No view of this population",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public RestMulti<byte[]> figures(@PathParam("id") String id, @QueryParam("knownAt") String knownAt,
                                     @QueryParam("types") String types, @QueryParam("from") String from,
                                     @QueryParam("to") String to, @QueryParam("hxl") boolean hxl,
                                     @Context io.vertx.core.http.HttpServerRequest http) {
        UUID populationId = CaseFileResource.populationId(id);
        FigureRows.Filter filter = filter(knownAt, types, from, to, null);
        return streamed(populationId, filter, http, "figures exported (csv)", "figures.csv", FigureFormats.CSV + ";charset=utf-8",
                x -> Multi.createBy().concatenating().streams(Multi.createFrom().item(FigureFormats.csvHeader(hxl)),
                        x.pages().map(p -> FigureFormats.csvRows(p.rows()))));
    }

    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations/{id}/figures.xlsx")
    @Produces(FigureFormats.XLSX)
    @Operation(summary = "A population's figures as an XLSX workbook",
            description = "The rows of figures.csv in a worksheet named figures (numbers as numbers, a bound the source"
                    + " did not state an empty cell), with the same filters and clearance; the Vigil-Withheld header counts"
                    + " what was left out. The workbook is written to a temporary file a page at a time, then sent.")
    @APIResponse(responseCode = "200", description = "The workbook", content = @Content(mediaType = FigureFormats.XLSX))
    @APIResponse(responseCode = "400", description = "A filter is malformed",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public RestMulti<byte[]> figuresXlsx(@PathParam("id") String id, @QueryParam("knownAt") String knownAt,
                                         @QueryParam("types") String types, @QueryParam("from") String from,
                                         @QueryParam("to") String to, @Context io.vertx.core.http.HttpServerRequest http) {
        UUID populationId = CaseFileResource.populationId(id);
        FigureRows.Filter filter = filter(knownAt, types, from, to, null);
        return streamed(populationId, filter, http, "figures exported (xlsx)", "figures.xlsx", FigureFormats.XLSX,
                x -> jobs.workbook(x, p -> Uni.createFrom().voidItem()));
    }

    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations/{id}/places.geojson")
    @Produces(FigureFormats.GEOJSON)
    @Operation(summary = "A population's located facts as GeoJSON",
            description = "A FeatureCollection: one Point per fact recorded with coordinates (an attack, a movement's"
                    + " place, a detention, ...), with its type, date (as given, its precision, EDTF), place name, the"
                    + " coordinates' precision, whether it was corrected, and its figures as the sources stated them. Facts"
                    + " without coordinates are left out and counted in the collection's unlocated. The same filters as"
                    + " figures.csv; facts above your clearance are left out and counted in the Vigil-Withheld header.")
    @APIResponse(responseCode = "200", description = "The features", content = @Content(mediaType = FigureFormats.GEOJSON))
    @APIResponse(responseCode = "400", description = "A filter is malformed",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public RestMulti<byte[]> places(@PathParam("id") String id, @QueryParam("knownAt") String knownAt,
                                    @QueryParam("types") String types, @QueryParam("from") String from,
                                    @QueryParam("to") String to, @Context io.vertx.core.http.HttpServerRequest http) {
        UUID populationId = CaseFileResource.populationId(id);
        FigureRows.Filter filter = filter(knownAt, types, from, to, null);
        Confidentiality clearance = caller.clearance();
        AuditLog.Reader reader = auditLog.reader(http, caller.identity());
        // A JSON type: the HTTP layer would wrap a stream's chunks in an array unless told not to, which only a
        // stream built up front can be; so the headers that depend on the export are set as it starts, before any byte.
        Multi<byte[]> body = views.figureExport(populationId, filter, clearance)
                .call(x -> x.held().isEmpty() ? Uni.createFrom().voidItem()
                        : auditLog.exported(reader, populationId, x.version(), "places exported", x.held()))
                .onItem().transformToMulti(x -> {
                    http.response().putHeader("Vigil-Clearance", clearance.label())
                            .putHeader("Vigil-Withheld", ExportJobs.withheld(x.withheld()))
                            .putHeader("Content-Disposition", "attachment; filename=\"" + populationId + "-places.geojson\"");
                    var geo = new FigureFormats.GeoJson();
                    return Multi.createBy().concatenating().streams(Multi.createFrom().item(geo::begin),
                            x.pages().map(p -> geo.page(p.rows())).filter(b -> b.length > 0), Multi.createFrom().item(geo::end));
                });
        return RestMulti.fromMultiData(body).encodeAsJsonArray(false)
                .header("Content-Type", FigureFormats.GEOJSON + ";charset=utf-8").build();
    }

    /**
     * An export streamed as it is read: the audit line (when it may show records above public) is written before the
     * first byte; the headers say the reader's clearance and what was withheld.
     */
    private RestMulti<byte[]> streamed(UUID populationId, FigureRows.Filter filter, io.vertx.core.http.HttpServerRequest http,
                                       String what, String file, String contentType,
                                       java.util.function.Function<Views.FigureExport, Multi<byte[]>> body) {
        Confidentiality clearance = caller.clearance();
        AuditLog.Reader reader = auditLog.reader(http, caller.identity());
        Uni<Views.FigureExport> export = views.figureExport(populationId, filter, clearance)
                .call(x -> x.held().isEmpty() ? Uni.createFrom().voidItem()
                        : auditLog.exported(reader, populationId, x.version(), what, x.held()));
        return RestMulti.fromUniResponse(export, body, x -> Map.of(
                "Content-Type", List.of(contentType),
                "Content-Disposition", List.of("attachment; filename=\"" + populationId + "-" + file + "\""),
                "Vigil-Clearance", List.of(clearance.label()),
                "Vigil-Withheld", List.of(ExportJobs.withheld(x.withheld()))));
    }

    /** A job as the API shows it: its progress, and the download link once done (until it expires). */
    public record JobView(UUID id, UUID populationId, String format, String state, long streamVersion, long factsTotal,
                          long factsDone, double progress, long rows, long bytes, String clearance, String withheld,
                          Instant createdAt, Instant finishedAt, Instant expiresAt, String download, String error) {

        static JobView of(ExportJobStore.Job j) {
            boolean ready = j.state().equals("done") && j.expiresAt().isAfter(Instant.now());
            double progress = j.state().equals("done") ? 1.0 : j.factsTotal() == 0 ? 0.0 : (double) j.factsDone() / j.factsTotal();
            return new JobView(j.id(), j.populationId(), j.format(), j.state(), j.streamVersion(), j.factsTotal(), j.factsDone(),
                    Math.round(progress * 1000) / 1000.0, j.rowsWritten(), j.bytesWritten(), j.clearance(), j.withheld(),
                    j.createdAt(), j.finishedAt(), j.expiresAt(),
                    ready ? "/exports/" + j.id() + "/file?token=" + j.token() : null, j.error());
        }
    }

    /** The body of a new export job, for the OpenAPI document. */
    public record NewExport(String format, String knownAt, String types, String from, String to, Boolean hxl) {
    }

    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @POST
    @Path("populations/{id}/exports")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start an export job (for large exports)",
            description = "Body: format (csv, xlsx or geojson), and the filters of the direct exports: knownAt, types,"
                    + " from, to, hxl. The job reads the view at its current stream version, a thousand facts at a time;"
                    + " GET /exports/{jobId} says how far it got and, once done, gives a download link that works"
                    + " without a token until it expires (an hour).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NewExport.class)))
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", description = "The request breaks a rule; errors names each member and rule",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No view of this population",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> startJob(@PathParam("id") String id, String body) {
        UUID populationId = CaseFileResource.populationId(id);
        ExportJobs.Request request = jobRequest(body);
        Confidentiality clearance = caller.clearance();
        return jobs.start(populationId, request, caller.identity().getPrincipal().getName(), clearance).map(started -> {
            audit.disclosed(started.held(), populationId, request.format() + " export job " + started.job().id());
            return Response.accepted(JobView.of(started.job())).location(java.net.URI.create("/exports/" + started.job().id())).build();
        });
    }

    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("exports/{jobId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "An export job: its progress, and its download link once done",
            description = "state (running, done, failed), factsDone of factsTotal and progress (0 to 1), rows and bytes"
                    + " written, what was withheld, and download, a link that works without a token until expiresAt.")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", description = "No job of yours has this id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<JobView> job(@PathParam("jobId") String jobId) {
        UUID id = jobId(jobId);
        return jobs.find(id, caller.identity().getPrincipal().getName(), caller.identity().hasRole(Roles.ADMIN))
                .onItem().ifNull().failWith(() -> Problem.of(404, "not-found", "No such export", "no export of yours has the id " + jobId,
                        "jobId", "export.exists"))
                .map(JobView::of);
    }

    @PermitAll
    @GET
    @Path("exports/{jobId}/file")
    @Operation(summary = "Download a finished export (the link GET /exports/{jobId} gives)",
            description = "No token: the link's own token opens it, until it expires. 410 once expired.")
    @APIResponse(responseCode = "200", description = "The file")
    @APIResponse(responseCode = "404", description = "No export has this id and token",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The export is not done (running or failed)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "410", description = "The link has expired",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public RestMulti<byte[]> download(@PathParam("jobId") String jobId, @QueryParam("token") String token) {
        UUID id = jobId(jobId);
        Uni<ExportJobs.Download.File> file = jobs.download(id, token).map(d -> switch (d) {
            case ExportJobs.Download.File f -> f;
            case ExportJobs.Download.Missing m -> throw Problem.of(404, "not-found", "No such export",
                    "no export has this id and token", "token", "export.link");
            case ExportJobs.Download.Expired e -> throw Problem.of(410, "expired", "Link expired",
                    "this download link expired at " + e.at() + "; start the export again", "token", "export.unexpired");
            case ExportJobs.Download.NotReady n -> throw Problem.of(409, "conflict", "Export not ready",
                    "the export is " + n.state() + ", not done", "jobId", "export.done");
        });
        return RestMulti.fromUniResponse(file, ExportJobs.Download.File::chunks, f -> Map.of(
                "Content-Type", List.of(switch (f.job().format()) {
                    case "xlsx" -> FigureFormats.XLSX;
                    case "geojson" -> FigureFormats.GEOJSON + ";charset=utf-8";
                    default -> FigureFormats.CSV + ";charset=utf-8";
                }),
                "Content-Disposition", List.of("attachment; filename=\"" + f.job().populationId() + "-figures."
                        + f.job().format() + "\""),
                "Content-Length", List.of(Long.toString(f.job().bytesWritten())),
                "Vigil-Clearance", List.of(f.job().clearance()),
                "Vigil-Withheld", List.of(f.job().withheld())));
    }

    /** Reads and checks a new export job, naming every member and rule at fault at once. */
    private ExportJobs.Request jobRequest(String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw Problem.of(400, "malformed-json", "The body is not valid JSON", e.getOriginalMessage(), "", "json.syntax");
        }
        if (node == null || !node.isObject()) {
            throw Problem.of(400, "invalid-request", "Invalid request", "the body is a JSON object with at least format", "", "body.object");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!JOB_MEMBERS.contains(name)) errors.add(new Problem.FieldError(null, name, "member.known",
                    "not a member of an export: " + String.join(", ", JOB_MEMBERS)));
        });
        String format = node.path("format").asText(null);
        if (format == null || !FORMATS.contains(format)) {
            errors.add(new Problem.FieldError(null, "format", "format.known", "csv, xlsx or geojson"));
        }
        JsonNode hxl = node.get("hxl");
        if (hxl != null && !hxl.isNull() && !hxl.isBoolean()) errors.add(new Problem.FieldError(null, "hxl", "boolean", "true or false"));
        FigureRows.Filter filter = filter(text(node, "knownAt", errors), text(node, "types", errors), text(node, "from", errors),
                text(node, "to", errors), errors);
        if (!errors.isEmpty()) {
            throw Problem.of(400, "invalid-request", "Invalid request", errors.size() + " problem(s) with the request: "
                    + errors.getFirst().field() + ": " + errors.getFirst().message(), errors);
        }
        return new ExportJobs.Request(format, filter, hxl != null && hxl.asBoolean(), node.toString());
    }

    private static String text(JsonNode node, String member, List<Problem.FieldError> errors) {
        JsonNode v = node.get(member);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) {
            errors.add(new Problem.FieldError(null, member, "text", member + " is text"));
            return null;
        }
        return v.asText();
    }

    /**
     * The filters of an export. With {@code errors}, each fault is added there (all named at once); without, the first
     * is thrown as a 400 problem.
     */
    private static FigureRows.Filter filter(String knownAt, String types, String from, String to, List<Problem.FieldError> errors) {
        List<Problem.FieldError> found = errors == null ? new ArrayList<>() : errors;
        Instant moment = null;
        if (knownAt != null && !knownAt.isBlank()) {
            try {
                moment = Instant.parse(knownAt);
            } catch (DateTimeParseException e) {
                found.add(new Problem.FieldError(null, "knownAt", "instant.format", "an instant such as 2026-11-23T12:00:00Z"));
            }
        }
        Set<String> wanted = new LinkedHashSet<>();
        if (types != null && !types.isBlank()) {
            for (String t : types.split(",")) {
                String name = t.strip();
                if (Event.TYPES.containsKey(name)) wanted.add(name);
                else found.add(new Problem.FieldError(null, "types", "type.known", "'" + name + "' is not a current event type"));
            }
        }
        LocalDate start = day("from", from, found), end = day("to", to, found);
        if (start != null && end != null && end.isBefore(start)) {
            found.add(new Problem.FieldError(null, "to", "period.ordered", "to is on or after from"));
        }
        if (errors == null && !found.isEmpty()) {
            Problem.FieldError first = found.getFirst();
            throw Problem.of(400, "bad-request", "Bad " + first.field(), first.message(), found);
        }
        return new FigureRows.Filter(moment, wanted, start, end);
    }

    private static LocalDate day(String field, String value, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) return null;
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(null, field, "date.format", field + " is a date, YYYY-MM-DD"));
            return null;
        }
    }

    private static UUID jobId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problem.of(400, "malformed-id", "The id is not a UUID", "'" + id + "' is not an export id", "jobId", "uuid.format");
        }
    }
}
