package org.vigil.casefile.web;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.vigil.casefile.security.Caller;
import org.vigil.casefile.security.Roles;

/**
 * Importing a spreadsheet through the web app ({@link Imports}): a template per type to download, the upload (CSV or
 * XLSX), the columns mapped to field paths, every line's errors before anything is written, then all or nothing. An
 * import's page reads its job from the database, so its progress bar survives a reload; only the person who
 * uploaded a file sees its import.
 */
@Path("/app")
@RolesAllowed(Roles.RECORDER)
@Produces(MediaType.TEXT_HTML)
public class ImportPages {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rows shown in a preview. */
    static final int PREVIEW = 20;

    private final Imports imports;
    private final ImportJobStore store;
    private final Caller caller;
    private final SessionToken token;

    public ImportPages(Imports imports, ImportJobStore store, Caller caller, SessionToken token) {
        this.imports = imports;
        this.store = store;
        this.caller = caller;
        this.token = token;
    }

    /** A column of the file: its name, what it fills now, and the choices. */
    public record Column(int index, String name, String target, boolean known) {
    }

    /** An error found, with the file's row number and the column it came from. */
    public record Found(Integer line, String column, String field, String rule, String message) {
    }

    /** A row of the preview: its number in the file, its mapped cells, and whether errors name it. */
    public record PreviewRow(int line, List<String> cells, boolean faulty) {
    }

    /** An import's page: the job, its columns, the choices, what was found, the preview, and how far it got. */
    public record View(ImportJobStore.Job job, List<Column> columns, List<String> targets, List<RecordPages.Choice> types,
                       List<Found> errors, List<String> previewHeader, List<PreviewRow> preview, int percent,
                       boolean stalled, int recordedCount, List<String> problems) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance start(AppPages.Person person, String population, List<RecordPages.Choice> types,
                                             String csrf, String problem);

        static native TemplateInstance job(AppPages.Person person, View view, String csrf);
    }

    @GET
    @Path("populations/{id}/import")
    @Operation(hidden = true)
    public Response start(@PathParam("id") String id, @CookieParam(RecordPages.CSRF) String csrf) {
        String token = RecordPages.csrfToken(csrf);
        return Response.ok(Templates.start(AppPages.person(caller), population(id).toString(), choices(), token, null))
                .cookie(RecordPages.csrfCookie(token)).build();
    }

    @GET
    @Path("import/templates/{type}.csv")
    @Produces("text/csv")
    @Operation(hidden = true)
    public Response template(@PathParam("type") String type) {
        if (!Imports.types().contains(type)) throw new NotFoundException();
        return Response.ok(imports.template(type)).type("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + type + ".csv\"").build();
    }

    @POST
    @Path("populations/{id}/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(hidden = true)
    public Response upload(@PathParam("id") String id, @CookieParam(RecordPages.CSRF) String csrf,
                           @RestForm(RecordPages.CSRF) String csrfField, @RestForm("file") FileUpload file,
                           @RestForm("type") String type) {
        RecordPages.sameSite(csrf, csrfField);
        UUID population = population(id);
        String chosen = type == null || type.isBlank() ? null : type;
        if (chosen != null && !Imports.types().contains(chosen)) throw new BadRequestException("no such type: " + chosen);
        try {
            UUID job = imports.upload(population, caller.identity().getPrincipal().getName(), file == null ? null : file.fileName(),
                    bytes(file), chosen);
            return back(job);
        } catch (Spreadsheets.Unreadable e) {
            return Response.status(422).entity(Templates.start(AppPages.person(caller), population.toString(), choices(),
                    RecordPages.csrfToken(csrf), e.say(Words.text()))).build();
        }
    }

    @GET
    @Path("imports/{job}")
    @Operation(hidden = true)
    public Response job(@PathParam("job") String id, @CookieParam(RecordPages.CSRF) String csrf) {
        String token = RecordPages.csrfToken(csrf);
        return Response.ok(Templates.job(AppPages.person(caller), view(mine(id), List.of()), token))
                .cookie(RecordPages.csrfCookie(token)).build();
    }

    /** How far a step got, for the progress bar (assets/import.js polls it). */
    @GET
    @Path("imports/{job}/progress")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Map<String, Object> progress(@PathParam("job") String id) {
        ImportJobStore.Job job = mine(id);
        return Map.of("state", job.state(), "checked", job.checkedRows(), "total", job.totalRows(), "percent", percent(job),
                "stalled", stalled(job));
    }

    @POST
    @Path("imports/{job}/check")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response check(@PathParam("job") String id, @CookieParam(RecordPages.CSRF) String csrf, MultivaluedMap<String, String> form) {
        RecordPages.sameSite(csrf, form);
        ImportJobStore.Job job = mine(id);
        if (job.running() && !stalled(job)) return back(job.id());
        List<String> header = Imports.strings(job.header());
        List<String> mapping = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String target = form.getFirst("column" + i);
            mapping.add(target == null || target.isBlank() ? null : target);
        }
        String type = form.getFirst("type");
        type = type == null || type.isBlank() ? null : type;
        if (type != null && !Imports.types().contains(type)) throw new BadRequestException("no such type: " + type);
        List<String> problems = imports.mappingProblems(header, mapping, type);
        if (!problems.isEmpty()) {
            ImportJobStore.Job asChosen = job.withMapping(Imports.json(mapping), type);
            return Response.status(422).entity(Templates.job(AppPages.person(caller), view(asChosen, problems), RecordPages.csrfToken(csrf))).build();
        }
        imports.check(job, mapping, type, token.get());
        return back(job.id());
    }

    @POST
    @Path("imports/{job}/file")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(hidden = true)
    public Response replace(@PathParam("job") String id, @CookieParam(RecordPages.CSRF) String csrf,
                            @RestForm(RecordPages.CSRF) String csrfField, @RestForm("file") FileUpload file) {
        RecordPages.sameSite(csrf, csrfField);
        ImportJobStore.Job job = mine(id);
        try {
            imports.replace(job, file == null ? null : file.fileName(), bytes(file));
        } catch (Spreadsheets.Unreadable e) {
            return Response.status(422).entity(Templates.job(AppPages.person(caller), view(job, List.of(e.say(Words.text()))),
                    RecordPages.csrfToken(csrf))).build();
        }
        return back(job.id());
    }

    @POST
    @Path("imports/{job}/record")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response record(@PathParam("job") String id, @CookieParam(RecordPages.CSRF) String csrf, MultivaluedMap<String, String> form) {
        RecordPages.sameSite(csrf, form);
        ImportJobStore.Job job = mine(id);
        // a second click while it records (or once it has) starts nothing: one file, one batch
        if ((job.running() && !stalled(job)) || job.state().equals("recorded")) {
            return back(job.id());
        }
        boolean clean = job.errors() != null && Imports.strings(job.errors()).isEmpty();
        if (!clean) {
            throw new BadRequestException("the file has errors or has not been checked: nothing is recorded until every line passes");
        }
        imports.record(job, token.get());
        return back(job.id());
    }

    private View view(ImportJobStore.Job job, List<String> problems) {
        List<String> header = Imports.strings(job.header());
        List<String> mapping = Imports.strings(job.mapping());
        List<Column> columns = new ArrayList<>();
        java.util.Set<String> fields = imports.fields(job.eventType());
        for (int i = 0; i < header.size(); i++) {
            String target = i < mapping.size() ? mapping.get(i) : null;
            columns.add(new Column(i, header.get(i), target, Imports.known(header.get(i), fields)));
        }
        List<Found> errors = new ArrayList<>();
        if (job.errors() != null) {
            for (JsonNode e : read(job.errors())) {
                errors.add(new Found(e.hasNonNull("line") ? e.get("line").asInt() : null, e.path("column").asText(""),
                        e.path("field").asText(""), e.path("rule").asText(""), e.path("message").asText("")));
            }
        }
        List<String> previewHeader = List.of();
        List<PreviewRow> preview = List.of();
        if (job.state().equals("checked") || job.state().equals("refused") || job.state().equals("recorded")) {
            Imports.Mapped file = imports.mapped(job);
            java.util.Set<Integer> faulty = new java.util.HashSet<>();
            errors.forEach(e -> { if (e.line() != null) faulty.add(e.line()); });
            previewHeader = file.header();
            List<PreviewRow> rows = new ArrayList<>();
            for (int r = 0; r < file.rows().size() && rows.size() < PREVIEW; r++) {
                int line = file.lines().get(r);
                // the first rows, and any faulty row further down in their place
                if (r >= PREVIEW / 2 && !faulty.contains(line) && rows.size() >= PREVIEW / 2 && !faulty.isEmpty()) continue;
                rows.add(new PreviewRow(line, file.rows().get(r), faulty.contains(line)));
            }
            preview = rows;
        }
        int recorded = job.recorded() == null ? 0 : read(job.recorded()).path("count").asInt();
        return new View(job, columns, imports.targets(job.eventType()), choices(), errors, previewHeader, preview, percent(job),
                stalled(job), recorded, problems);
    }

    /** To the import's page, which says where it stands. */
    private static Response back(UUID job) {
        return Response.seeOther(URI.create("/app/imports/" + job)).build();
    }

    private static int percent(ImportJobStore.Job job) {
        return job.totalRows() == 0 ? 0 : (int) Math.min(100, 100L * job.checkedRows() / job.totalRows());
    }

    private static boolean stalled(ImportJobStore.Job job) {
        return job.running() && job.updatedAt().isBefore(Instant.now().minus(Imports.STALE));
    }

    private ImportJobStore.Job mine(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException();
        }
        ImportJobStore.Job job = store.find(uuid).await().atMost(Duration.ofSeconds(30));
        if (job == null || !job.owner().equals(caller.identity().getPrincipal().getName())) throw new NotFoundException();
        return job;
    }

    private static List<RecordPages.Choice> choices() {
        return Imports.types().stream().map(t -> new RecordPages.Choice(t, RecordPages.words(t)))
                .sorted(java.util.Comparator.comparing(RecordPages.Choice::label)).toList();
    }

    private static byte[] bytes(FileUpload file) {
        if (file == null || file.uploadedFile() == null) throw new Spreadsheets.Unreadable("no file uploaded", AppText::import_choose_file);
        try {
            return Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new Spreadsheets.Unreadable("the upload could not be read: " + e.getMessage(), t -> t.import_upload_unread(String.valueOf(e.getMessage())));
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createArrayNode();
        }
    }

    private static UUID population(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException();
        }
    }

}
