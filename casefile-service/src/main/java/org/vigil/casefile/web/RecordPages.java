package org.vigil.casefile.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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
import org.vigil.casefile.event.Event;
import org.vigil.casefile.security.Caller;
import org.vigil.casefile.store.CitedSources;
import org.vigil.casefile.security.Roles;

/**
 * Recording through the web app: registering a population, and recording an event of any type with a form made from
 * its published JSON Schema ({@link SchemaForms}). What is typed goes to ingest-service with the person's own token
 * and an Idempotency-Key made when the form was shown, so a form sent twice records once; a refusal comes back as
 * ingest-service's problem answer and is shown beside the fields it names.
 */
@Path("/app")
@RolesAllowed(Roles.RECORDER)
@Produces(MediaType.TEXT_HTML)
public class RecordPages {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The type of a registration, as the views read it. */
    static final String REGISTRATION = Event.typeName(Event.Registered.class);

    private final SchemaForms forms;
    private final Ingest ingest;
    private final Caller caller;

    private final SessionToken token;
    private final CitedSources cited;

    public RecordPages(SchemaForms forms, Ingest ingest, Caller caller, SessionToken token, CitedSources cited) {
        this.forms = forms;
        this.ingest = ingest;
        this.caller = caller;
        this.token = token;
        this.cited = cited;
    }

    /** How many sources cited before a form offers. */
    private static final int CITED = 200;

    private Uni<List<CitedSources.Cited>> cited(String population) {
        return cited(cited, caller, population);
    }

    /** The sources the population cited before, as the person may read them (none for a registration). */
    static Uni<List<CitedSources.Cited>> cited(CitedSources store, Caller caller, String population) {
        if (population == null) return Uni.createFrom().item(List.of());
        var clearance = caller.clearance();
        List<String> levels = java.util.Arrays.stream(org.vigil.access.Confidentiality.values()).filter(clearance::mayRead)
                .map(org.vigil.access.Confidentiality::label).toList();
        return store.of(UUID.fromString(population), levels, CITED);
    }

    /** A type one may record, with its name in words. */
    public record Choice(String type, String label) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance types(AppPages.Person person, String population, List<Choice> types);

        static native TemplateInstance form(AppPages.Person person, String population, SchemaForms.Form form, String action,
                                            String key, String csrf, String fields, List<String> problems);
    }

    @GET
    @Path("populations/{id}/record")
    @Operation(hidden = true)
    public TemplateInstance types(@PathParam("id") String id) {
        List<Choice> types = Event.TYPES.entrySet().stream()
                .filter(e -> Event.Fact.class.isAssignableFrom(e.getValue()) && e.getValue() != Event.Registered.class)
                .map(e -> new Choice(e.getKey(), words(e.getKey()))).sorted(java.util.Comparator.comparing(Choice::label)).toList();
        return Templates.types(AppPages.person(caller), population(id), types);
    }

    @GET
    @Path("populations/{id}/record/{type}")
    @Operation(hidden = true)
    public Uni<Response> recordForm(@PathParam("id") String id, @PathParam("type") String type,
                                    @jakarta.ws.rs.CookieParam(CSRF) String csrf) {
        String population = population(id);
        String token = csrfToken(csrf);
        return form(type).chain(form -> cited(population).map(sources -> Response.ok(page(form, "/app/populations/" + population + "/record/" + type,
                population, UUID.randomUUID().toString(), token, Map.of(), Map.of(), Map.of(), sources)).cookie(csrfCookie(token)).build()));
    }

    @POST
    @Path("populations/{id}/record/{type}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> record(@PathParam("id") String id, @PathParam("type") String type,
                                @jakarta.ws.rs.CookieParam(CSRF) String csrf, MultivaluedMap<String, String> typed) {
        sameSite(csrf, typed);
        String population = population(id);
        String action = "/app/populations/" + population + "/record/" + type;
        return form(type).chain(form -> submit(form, action, population, csrf, typed,
                (json, key) -> ingest.append(population, json, token.get(), key)));
    }

    @GET
    @Path("register")
    @Operation(hidden = true)
    public Uni<Response> registerForm(@jakarta.ws.rs.CookieParam(CSRF) String csrf) {
        String token = csrfToken(csrf);
        return forms.form(REGISTRATION).map(form -> Response.ok(page(form, "/app/register", null, UUID.randomUUID().toString(),
                token, Map.of(), Map.of(), Map.of(), List.of())).cookie(csrfCookie(token)).build());
    }

    @POST
    @Path("register")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> register(@jakarta.ws.rs.CookieParam(CSRF) String csrf, MultivaluedMap<String, String> typed) {
        sameSite(csrf, typed);
        return forms.form(REGISTRATION).chain(form -> submit(form, "/app/register", null, csrf, typed,
                (json, key) -> ingest.register(json, token.get(), key)));
    }

    /** The CSRF token's cookie and form field. */
    static final String CSRF = "vigil_csrf";

    /**
     * A form is taken only with the CSRF token the page gave it, equal to the one in its cookie (the double-submit
     * cookie: another site can make a browser send a form and its cookies, but cannot read the token to put in it).
     * The check is the web app's own, on its own form endpoints: a filter over every POST would refuse the APIs'
     * bodiless calls, which carry bearer tokens and need none.
     */
    static void sameSite(String cookie, MultivaluedMap<String, String> typed) {
        sameSite(cookie, typed.getFirst(CSRF));
    }

    /** The same check, for a form whose token came as a multipart field. */
    static void sameSite(String cookie, String field) {
        if (cookie == null || field == null || !java.security.MessageDigest.isEqual(
                cookie.getBytes(java.nio.charset.StandardCharsets.UTF_8), field.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw new jakarta.ws.rs.BadRequestException("the form's CSRF token is missing or does not match: reload the page and send it again");
        }
    }

    /** The CSRF token already in the browser's cookie, or a new one (32 random bytes). */
    static String csrfToken(String cookie) {
        if (cookie != null && cookie.matches("[A-Za-z0-9_-]{43}")) return cookie;
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** The cookie that carries it: this app's paths only, not readable by scripts, not sent by other sites' forms. */
    static jakarta.ws.rs.core.NewCookie csrfCookie(String token) {
        return new jakarta.ws.rs.core.NewCookie.Builder(CSRF).value(token).path("/app").httpOnly(true)
                .sameSite(jakarta.ws.rs.core.NewCookie.SameSite.STRICT).maxAge(8 * 3600).build();
    }

    private Uni<Response> submit(SchemaForms.Form form, String action, String population, String csrf, MultivaluedMap<String, String> typed,
                                 java.util.function.BiFunction<String, String, Uni<Ingest.Answer>> send) {
        Map<String, String> values = new LinkedHashMap<>();
        typed.forEach((name, list) -> {
            if (!name.startsWith("_") && !name.equals(CSRF) && !list.isEmpty()) values.put(name, list.getFirst());
        });
        FormFields.cite(typed, values);
        String key = key(typed);
        String more = typed.getFirst("_more");
        if (more != null) { // another row asked for: the same form again, with what was typed
            return cited(population).map(sources -> Response.ok(page(form, action, population, key, csrf, values, Map.of(), Map.of(more, 1), sources)).build());
        }
        FormFields fields = new FormFields(form.fields(), values, Map.of(), Map.of());
        Map<String, List<String>> unread = fields.readDates();
        if (!unread.isEmpty()) { // a date in words that says no date: shown beside it, nothing sent
            return cited(population).map(sources -> Response.status(422)
                    .entity(page(form, action, population, key, csrf, values, unread, Map.of(), sources)).build());
        }
        String json = fields.json(form.type()).toString();
        return send.apply(json, key).chain(answer -> {
            if (answer.ok()) return Uni.createFrom().item(recorded(population, answer));
            Map<String, List<String>> refusals = FormFields.refusals(answer.body());
            return cited(population).map(sources -> Response.status(answer.status() >= 500 ? 502 : 422)
                    .entity(page(form, action, population, key, csrf, values, refusals, Map.of(), sources)).build());
        });
    }

    private TemplateInstance page(SchemaForms.Form form, String action, String population, String key, String csrf,
                                  Map<String, String> values, Map<String, List<String>> refusals, Map<String, Integer> extraRows,
                                  List<CitedSources.Cited> sources) {
        FormFields fields = new FormFields(form.fields(), values, refusals, extraRows).citing(sources);
        return Templates.form(AppPages.person(caller), population, form, action, key, csrf, fields.html(), fields.unplaced());
    }

    private Uni<SchemaForms.Form> form(String type) {
        Class<? extends Event> known = Event.TYPES.get(type);
        if (known == null || !Event.Fact.class.isAssignableFrom(known)) throw new NotFoundException();
        return forms.form(type);
    }

    /** The form's Idempotency-Key, made when it was shown (a new one if a client sent none). */
    static String key(MultivaluedMap<String, String> typed) {
        String key = typed.getFirst("_key");
        return key == null || key.isBlank() ? UUID.randomUUID().toString() : key;
    }

    /** After ingest-service recorded it: to the population's page, which says so (and whether the view shows it yet). */
    static Response recorded(String population, Ingest.Answer answer) {
        JsonNode receipt = read(answer.body());
        String where = population != null ? population : receipt.path("populationId").asText();
        return Response.seeOther(URI.create("/app/populations/" + where + "?recorded=" + receipt.path("eventId").asText()
                + "&version=" + receipt.path("streamVersion").asText())).build();
    }

    private static String population(String id) {
        try {
            return UUID.fromString(id).toString();
        } catch (IllegalArgumentException e) {
            throw new NotFoundException();
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** "vigil.legal-designation.changed.v2" as "Legal designation changed". */
    static String words(String type) {
        String core = type.replaceFirst("^vigil\\.", "").replaceFirst("\\.v\\d+$", "").replace('.', ' ').replace('-', ' ');
        return Character.toUpperCase(core.charAt(0)) + core.substring(1);
    }
}
