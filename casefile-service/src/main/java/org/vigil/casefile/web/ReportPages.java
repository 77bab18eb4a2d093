package org.vigil.casefile.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.vigil.casefile.security.Caller;
import org.vigil.casefile.security.Roles;

/**
 * Reports in the web app: a population's reports and a form to write one (as of a day, over a period, for an
 * audience), a report's page with its editions (HTML as report-service wrote it, Markdown and PDF to download) and its
 * verification. Everything goes through report-service with the signed-in person's token.
 */
@Path("/app")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class ReportPages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Reports reports;
    private final Caller caller;
    private final SessionToken token;

    public ReportPages(Reports reports, Caller caller, SessionToken token) {
        this.reports = reports;
        this.caller = caller;
        this.token = token;
    }

    /** A report as listed: its id, index, day, period, audience, log position. */
    public record Listed(String id, String index, String asOf, String period, String audience, long logPosition, String issuedOn) {
        static Listed of(JsonNode r) {
            String period = r.hasNonNull("periodFrom") ? r.path("periodFrom").asText() + " to " + r.path("periodTo").asText() : null;
            return new Listed(r.path("id").asText(), r.path("index").asText(), r.path("asOf").asText(null), period,
                    r.path("audience").asText(), r.path("logPosition").asLong(), r.path("issuedOn").asText(null));
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance reports(AppPages.Person person, String population, List<Listed> reports, int withheld,
                                               boolean mayWrite, String csrf, Map<String, String> typed, List<String> problems);

        static native TemplateInstance report(AppPages.Person person, Listed report, String population, String verification,
                                              boolean verified);
    }

    @GET
    @Path("populations/{id}/reports")
    @Operation(hidden = true)
    public Uni<Response> list(@PathParam("id") String id, @CookieParam(RecordPages.CSRF) String csrf) {
        String token = RecordPages.csrfToken(csrf);
        return listing(uuid(id), token, Map.of(), List.of()).map(page -> Response.ok(page).cookie(RecordPages.csrfCookie(token)).build());
    }

    @POST
    @Path("populations/{id}/reports")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> write(@PathParam("id") String id, @CookieParam(RecordPages.CSRF) String csrf, MultivaluedMap<String, String> form) {
        RecordPages.sameSite(csrf, form);
        UUID population = uuid(id);
        ObjectNode request = JSON.createObjectNode().put("populationId", population.toString());
        Map<String, String> typed = new java.util.LinkedHashMap<>();
        for (String field : List.of("asOf", "from", "to", "audience")) {
            String value = form.getFirst(field);
            if (value != null && !value.isBlank()) typed.put(field, value.strip());
        }
        if (typed.containsKey("asOf")) request.put("asOf", typed.get("asOf"));
        if (typed.containsKey("from") || typed.containsKey("to")) {
            request.putObject("period").put("from", typed.getOrDefault("from", "")).put("to", typed.getOrDefault("to", ""));
        }
        request.put("audience", typed.getOrDefault("audience", "public"));
        return reports.write(request.toString(), token.get()).chain(answer -> {
            if (answer.ok()) {
                String report = read(answer.text()).path("id").asText();
                return Uni.createFrom().item(Response.seeOther(URI.create("/app/reports/" + report)).build());
            }
            List<String> problems = new ArrayList<>();
            FormFields.refusals(answer.text()).forEach((field, messages) -> messages.forEach(m -> problems.add(field.isEmpty() ? m : field + ": " + m)));
            return listing(population, csrf, typed, problems).map(page -> Response.status(answer.status() >= 500 ? 502 : 422).entity(page).build());
        });
    }

    @GET
    @Path("reports/{rid}")
    @Operation(hidden = true)
    public Uni<TemplateInstance> report(@PathParam("rid") String rid) {
        String report = uuid(rid).toString();
        return reports.get("/reports/" + report + "?format=json", "application/json", token.get()).chain(summary -> {
            if (!summary.ok()) throw new jakarta.ws.rs.WebApplicationException(summary.status() == 403 ? 403 : 404);
            JsonNode r = read(summary.text());
            return reports.get("/reports/" + report + "/verify", "application/json", token.get()).map(verify -> {
                JsonNode v = read(verify.text());
                boolean verified = verify.ok() && v.path("verified").asBoolean(false);
                String said = verify.ok() ? v.toPrettyString() : Words.text().report_answered(verify.status());
                return Templates.report(AppPages.person(caller), Listed.of(r), r.path("populationId").asText(), said, verified);
            });
        });
    }

    /** An edition as report-service wrote it: HTML shown (under its own strict policy), Markdown and PDF downloaded. */
    @GET
    @Path("reports/{rid}/edition.{format}")
    @Produces({MediaType.TEXT_HTML, "text/markdown", "application/pdf"})
    @Operation(hidden = true)
    public Uni<Response> edition(@PathParam("rid") String rid, @PathParam("format") String format) {
        String report = uuid(rid).toString();
        String name = switch (format) {
            case "html" -> "html";
            case "md" -> "markdown";
            case "pdf" -> "pdf";
            default -> throw new NotFoundException();
        };
        return reports.get("/reports/" + report + "?format=" + name, "*/*", token.get()).map(answer -> {
            if (!answer.ok()) return Response.status(answer.status() == 403 ? 403 : 404).build();
            Response.ResponseBuilder out = Response.ok(answer.body()).type(answer.contentType());
            if (!format.equals("html")) out.header("Content-Disposition", "attachment; filename=\"report-" + report + "." + format + "\"");
            return out.build();
        });
    }

    private Uni<TemplateInstance> listing(UUID population, String csrf, Map<String, String> typed, List<String> problems) {
        return reports.get("/populations/" + population + "/reports", "application/json", token.get()).map(answer -> {
            List<Listed> listed = new ArrayList<>();
            int withheld = 0;
            if (answer.ok()) {
                JsonNode l = read(answer.text());
                l.path("reports").forEach(r -> listed.add(Listed.of(r)));
                withheld = l.path("withheld").asInt();
            }
            boolean mayWrite = caller.identity().hasRole(Roles.ANALYST) || caller.identity().hasRole(Roles.ADMIN);
            return Templates.reports(AppPages.person(caller), population.toString(), listed, withheld, mayWrite, csrf, typed, problems);
        });
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException();
        }
    }

}
