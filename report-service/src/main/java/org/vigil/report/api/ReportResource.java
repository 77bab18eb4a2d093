package org.vigil.report.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.vigil.problems.Problem;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.vigil.report.app.ReportService;
import org.vigil.report.app.ReportService.StoredReport;
import org.vigil.report.security.Caller;
import org.vigil.report.security.Roles;
import org.vigil.access.Audience;
import org.vigil.access.Confidentiality;

/** Reports: write one, read it as Markdown, HTML or PDF, list a population's, verify one against the log. */
@Path("/")
public class ReportResource {

    static final String MARKDOWN = "text/markdown";
    static final String PDF = "application/pdf";
    static final Set<String> FIELDS = Set.of("populationId", "asOf", "period", "audience", "format", "logPosition");
    private static final Map<String, String> FORMATS = Map.of("markdown", MARKDOWN, "html", MediaType.TEXT_HTML, "pdf", PDF);

    private final ReportService reports;
    private final ObjectMapper mapper;
    private final Caller caller;
    private final org.vigil.report.audit.AuditTrail audit;

    public ReportResource(ReportService reports, ObjectMapper mapper, Caller caller, org.vigil.report.audit.AuditTrail audit) {
        this.caller = caller;
        this.audit = audit;
        this.reports = reports;
        this.mapper = mapper;
    }

    /** What the API says about a report, without its contents. */
    public record Summary(UUID id, String index, UUID populationId, String populationName, LocalDate asOf,
                          LocalDate periodFrom, LocalDate periodTo, String audience, String format, long logPosition,
                          String chainHash, long streamVersion, UUID previousReport, LocalDate issuedOn,
                          String markdownSha256, Map<String, String> links) {

        static Summary of(StoredReport r) {
            String self = "/reports/" + r.id();
            Map<String, String> links = new LinkedHashMap<>();
            links.put("self", self);
            links.put("markdown", self + "?format=markdown");
            links.put("html", self + "?format=html");
            links.put("pdf", self + "?format=pdf");
            links.put("verify", self + "/verify");
            return new Summary(r.id(), r.index(), r.populationId(), r.populationName(), r.asOf(), r.periodFrom(), r.periodTo(),
                    r.audience(), r.format(), r.logPosition(), r.chainHash(), r.streamVersion(), r.previousReport(), r.issuedOn(),
                    r.markdownSha256(), links);
        }
    }

    /**
     * Writes a report: {@code populationId}; {@code asOf} (default: the end of the period, else today);
     * {@code period} {@code {from, to}} for a "what changed" report; {@code audience} public (default) or internal;
     * {@code format} markdown (default), html or pdf, the edition served by default; {@code logPosition} (default:
     * the head of the log). 201 with Location. For analysts and admins; the internal edition needs confidential clearance.
     */
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @POST
    @Path("reports")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Write a report",
            description = "From the log at logPosition (default: the head): populationId; asOf (default: the end of "
                + "the period, else today); period {from, to} for a what-changed report; audience public "
                + "(default) or internal; format markdown (default), html or pdf, the edition served by "
                + "default. For analysts and admins; the internal edition needs confidential clearance.")
    @APIResponse(responseCode = "201", description = "Written: Location names the report",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = org.vigil.report.api.ReportResource.Summary.class)))
    @APIResponse(responseCode = "400", description = "The request breaks rules; every field and rule at fault is listed",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "403", description = "The internal edition needs confidential clearance, or an upstream service refused your token",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "404", description = "No such population upstream",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "409", description = "The log is empty, or the population has no event at that position",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "503", description = "casefile-service is behind the log or down, or ingest-service is down; nothing was stored",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = ReportRequestBody.class), examples = {
                    @org.eclipse.microprofile.openapi.annotations.media.ExampleObject(name = "public report",
                            summary = "The public edition at the head of the log",
                            value = "{\"populationId\": \"8f3e2a41-5a0c-4c0e-9d7b-2a7d1f6c0a51\", \"asOf\": \"2016-09-09\"}"),
                    @org.eclipse.microprofile.openapi.annotations.media.ExampleObject(name = "what changed",
                            summary = "What changed over a period, internal edition, as a PDF, at a fixed log position",
                            value = "{\"populationId\": \"8f3e2a41-5a0c-4c0e-9d7b-2a7d1f6c0a51\", \"period\": {\"from\": \"2011-01-01\", "
                                    + "\"to\": \"2013-12-31\"}, \"audience\": \"internal\", \"format\": \"pdf\", \"logPosition\": 40}")}))
    public Uni<Response> create(byte[] body) {
        ReportService.Request request = parse(body);
        Audience audience = request.audience();
        Confidentiality clearance = caller.clearance();
        if (!clearance.mayRead(audience.clearance())) {
            throw Problem.of(403, "withheld", "Not cleared for the " + audience.label() + " edition", "the " + audience.label()
                    + " edition holds " + audience.clearance().label() + " records; your clearance is " + clearance.label(), "audience", "clearance");
        }
        audit.about(request.populationId());
        audit.disclosed(audience.clearance(), request.populationId(), audience.label() + " report written");
        return reports.create(request, caller.authorization()).map(row -> Response.created(URI.create("/reports/" + row.id()))
                .type(MediaType.APPLICATION_JSON).entity(Summary.of(row)).build());
    }

    /**
     * The report in the edition asked for by {@code format} or, failing that, by Accept (JSON: its summary). An internal
     * report is withheld (403) from a reader below confidential clearance.
     */
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("reports/{id}")
    @Produces({MARKDOWN, MediaType.TEXT_HTML, PDF, MediaType.APPLICATION_JSON})
    @Operation(summary = "Read a report",
            description = "In the edition format names (markdown, html, pdf or json: its summary) or, failing that, "
                + "the one Accept asks for.")
    @APIResponse(responseCode = "400", description = "format names no edition, or the id is not a UUID",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "403", description = "The report is above your clearance",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "404", description = "No such report",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    public Uni<Response> read(@PathParam("id") String id, @QueryParam("format") String format, HttpHeaders headers) {
        UUID reportId = uuid("id", id);
        return found(reportId).chain(row -> {
            String type = edition(format, headers.getAcceptableMediaTypes(), row.format());
            return switch (type) {
                case MARKDOWN -> Uni.createFrom().item(Response.ok(row.markdown(), MARKDOWN + ";charset=utf-8").build());
                case MediaType.TEXT_HTML -> reports.html(row).map(html -> Response.ok(html, MediaType.TEXT_HTML + ";charset=utf-8").build());
                case PDF -> reports.pdf(row).map(pdf -> Response.ok(pdf, PDF)
                        .header("Content-Disposition", "inline; filename=\"" + row.index().replace(' ', '-').replace('/', '-') + ".pdf\"").build());
                default -> Uni.createFrom().item(Response.ok(Summary.of(row), MediaType.APPLICATION_JSON).build());
            };
        });
    }

    /** Checks a report against the log and a regeneration, with the caller's rights upstream. */
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("reports/{id}/verify")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Verify a report against the log",
            description = "Checks the chain hash stamped on the report against the log at its position, the whole "
                + "chain, and a regeneration at the same stream version against the stored Markdown, with "
                + "your rights upstream.")
    @APIResponse(responseCode = "403", description = "The report is above your clearance",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "404", description = "No such report",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    public Uni<ReportService.Verification> verify(@PathParam("id") String id) {
        String authorization = caller.authorization();
        return found(uuid("id", id)).chain(row -> reports.verify(row, authorization));
    }

    /** A population's reports the caller may read, newest log position first, and how many were withheld. */
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @GET
    @Path("populations/{id}/reports")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A population's reports",
            description = "The reports you may read, newest log position first; the others are counted in withheld.")
    public Uni<Listing> ofPopulation(@PathParam("id") String id) {
        UUID populationId = uuid("populationId", id);
        Confidentiality clearance = caller.clearance();
        return reports.ofPopulation(populationId, clearance).map(listing -> {
            Map<Audience, Long> shown = listing.readable().stream().collect(java.util.stream.Collectors.groupingBy(
                    StoredReport::audienceLevel, java.util.stream.Collectors.counting()));
            shown.forEach((audience, n) -> audit.disclosed(audience.clearance(), populationId, n + " " + audience.label() + " reports listed"));
            return new Listing(populationId, listing.readable().stream().map(Summary::of).toList(), clearance.label(), listing.withheld());
        });
    }

    /** A population's reports, newest log position first; {@code withheld}: how many the caller's clearance hides. */
    public record Listing(UUID populationId, List<Summary> reports, String clearance, int withheld) {
    }

    /** The report, unless it is above the caller's clearance (403, saying no more); reading it is put on record. */
    private Uni<StoredReport> found(UUID id) {
        Confidentiality clearance = caller.clearance(); // taken now, on the request's thread
        return reports.find(id, clearance).invoke(row -> audit.disclosed(row.audienceLevel().clearance(), row.populationId(),
                row.audienceLevel().label() + " report " + row.index()));
    }

    static String edition(String format, List<MediaType> accepted, String stored) {
        if (format != null && !format.isBlank()) {
            String type = FORMATS.get(format);
            if (type == null && !format.equals("json")) {
                throw Problem.of(400, "bad-request", "Unknown format", "format is markdown, html, pdf or json", "format", "format.known");
            }
            return type == null ? MediaType.APPLICATION_JSON : type;
        }
        for (MediaType m : accepted) {
            if (m.isWildcardType()) return FORMATS.get(stored);
            for (String type : List.of(MARKDOWN, MediaType.TEXT_HTML, PDF, MediaType.APPLICATION_JSON)) {
                if (m.isCompatible(MediaType.valueOf(type))) return type;
            }
        }
        return FORMATS.get(stored);
    }

    private ReportService.Request parse(byte[] body) {
        JsonNode json;
        try {
            // Strict: a key given twice, or anything after the object, is refused rather than guessed at.
            json = mapper.reader().with(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(body);
        } catch (Exception e) {
            throw Problem.of(400, "malformed-json", "Malformed JSON", "the body is not valid JSON", "body", "json.valid");
        }
        if (json == null || !json.isObject()) {
            throw Problem.of(400, "malformed-json", "Malformed JSON", "the body is a JSON object", "body", "json.object");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) errors.add(new Problem.FieldError(null, f, "field.known", "unknown field; the fields are " + FIELDS));
        }
        UUID population = null;
        if (!json.hasNonNull("populationId")) errors.add(new Problem.FieldError(null, "populationId", "required", "populationId is required"));
        else {
            try {
                if (!json.get("populationId").isTextual()) throw new IllegalArgumentException("not text");
                population = UUID.fromString(json.get("populationId").asText());
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError(null, "populationId", "uuid.format", "populationId is a UUID"));
            }
        }
        LocalDate from = null;
        LocalDate to = null;
        JsonNode period = json.path("period");
        if (!period.isMissingNode() && !period.isNull()) {
            if (!period.isObject()) errors.add(new Problem.FieldError(null, "period", "period.object", "period is an object {from, to}"));
            else {
                for (Iterator<String> it = period.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    if (!f.equals("from") && !f.equals("to")) errors.add(new Problem.FieldError(null, "period." + f, "field.known", "a period has from and to only"));
                }
                from = date(period, "from", "period.from", errors, true);
                to = date(period, "to", "period.to", errors, true);
                if (from != null && to != null && from.isAfter(to)) {
                    errors.add(new Problem.FieldError(null, "period.to", "period.ordered", "period.to is on or after period.from"));
                }
            }
        }
        LocalDate asOf = date(json, "asOf", "asOf", errors, false);
        if (asOf == null && to != null) asOf = to;
        if (asOf == null) asOf = ReportService.today();
        if (to != null && asOf.isBefore(to)) {
            errors.add(new Problem.FieldError(null, "asOf", "asOf.after-period", "asOf is on or after the end of the period"));
        }
        String audienceWord = text(json, "audience", "public", errors);
        Audience audience = audienceWord == null ? null : Audience.named(audienceWord).orElse(null);
        if (audienceWord != null && audience == null) {
            errors.add(new Problem.FieldError(null, "audience", "audience.known", "audience is public or internal"));
        }
        String format = text(json, "format", "markdown", errors);
        if (format != null && !FORMATS.containsKey(format)) {
            errors.add(new Problem.FieldError(null, "format", "format.known", "format is markdown, html or pdf"));
        }
        Long position = null;
        if (json.hasNonNull("logPosition")) {
            JsonNode p = json.get("logPosition");
            if (!p.isIntegralNumber() || !p.canConvertToLong() || p.asLong() < 1) {
                errors.add(new Problem.FieldError(null, "logPosition", "position.positive", "logPosition is a whole number, 1 or more"));
            } else {
                position = p.asLong();
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.of(400, "invalid-request", "Invalid report request", errors.size() + " problem(s) with the request", errors);
        }
        return new ReportService.Request(population, asOf, from, to, audience, format, position);
    }

    private static LocalDate date(JsonNode node, String name, String field, List<Problem.FieldError> errors, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) errors.add(new Problem.FieldError(null, field, "required", field + " is required"));
            return null;
        }
        try {
            if (!v.isTextual() || v.asText().length() != 10) throw new DateTimeParseException("not YYYY-MM-DD", v.asText(), 0);
            return LocalDate.parse(v.asText());
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(null, field, "date.format", field + " is a date, YYYY-MM-DD"));
            return null;
        }
    }

    private static String text(JsonNode node, String name, String otherwise, List<Problem.FieldError> errors) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return otherwise;
        if (!v.isTextual()) {
            errors.add(new Problem.FieldError(null, name, "string", name + " is a string"));
            return null;
        }
        return v.asText();
    }

    /** A malformed id is a bad request (400), not a missing report: nothing could ever be found under it. */
    private static UUID uuid(String field, String value) {
        if (value == null || !UUID_TEXT.matcher(value).matches()) {
            throw Problem.of(400, "malformed-id", "The id is not a UUID", "'" + value + "' is not an id (a UUID)", field, "uuid.format");
        }
        return UUID.fromString(value);
    }

    private static final java.util.regex.Pattern UUID_TEXT =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
}
