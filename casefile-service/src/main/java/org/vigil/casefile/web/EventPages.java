package org.vigil.casefile.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.vigil.casefile.app.Views;
import org.vigil.casefile.event.Event;
import org.vigil.casefile.security.Caller;
import org.vigil.casefile.security.Roles;

/**
 * One recorded fact in the web app: what it says now, every revision with what each changed, and for recorders
 * "correct" (its own form pre-filled; only what changes is sent, as a JSON Merge Patch) and "retract" (with a
 * reason). Corrections never erase: the page keeps showing what the fact said before.
 */
@Path("/app/populations/{id}/events/{eventId}")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class EventPages {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CORRECTED = Event.typeName(Event.Corrected.class);
    static final String RETRACTED = Event.typeName(Event.Retracted.class);

    private final Views views;
    private final SchemaForms forms;
    private final Ingest ingest;
    private final Caller caller;
    private final SessionToken token;

    private final org.vigil.casefile.audit.AuditTrail audit;
    private final org.vigil.casefile.store.CitedSources cited;

    public EventPages(Views views, SchemaForms forms, Ingest ingest, Caller caller,
                      SessionToken token, org.vigil.casefile.audit.AuditTrail audit, org.vigil.casefile.store.CitedSources cited) {
        this.audit = audit;
        this.cited = cited;
        this.views = views;
        this.forms = forms;
        this.ingest = ingest;
        this.caller = caller;
        this.token = token;
    }

    /** One field's value, and what it was before this revision (null: unchanged or new). */
    public record Line(String field, String value, String before) {

        /** The field in words: {@code killed[0].best} as "Killed 1 · Best", {@code place.name} as "Place · Name". */
        public String label() {
            StringBuilder out = new StringBuilder();
            for (String segment : field.split("\\.")) {
                if (!out.isEmpty()) out.append(" · ");
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("([^\\[]*)((?:\\[\\d+])*)").matcher(segment);
                if (!m.matches()) {
                    out.append(segment);
                    continue;
                }
                out.append(SchemaForms.humanize(m.group(1)));
                java.util.regex.Matcher index = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(m.group(2));
                while (index.find()) out.append(' ').append(Integer.parseInt(index.group(1)) + 1);
            }
            return out.toString();
        }
    }

    /** A revision as the page shows it: what kind, when, why, and the fields it set or changed. */
    public record Revision(String kind, String recordedAt, long streamVersion, String reason, String confidentiality, List<Line> changes) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance event(AppPages.Person person, String population, String eventId, String type,
                                             List<Line> now, boolean retracted, List<Revision> revisions, int withheld,
                                             String csrf, String key);

        static native TemplateInstance correct(AppPages.Person person, String population, String eventId, String type,
                                               String action, String key, String csrf, String fields, String own, List<String> problems);
    }

    @GET
    @Operation(hidden = true)
    public Uni<Response> event(@PathParam("id") String id, @PathParam("eventId") String eventId, @CookieParam(RecordPages.CSRF) String csrf) {
        UUID population = uuid(id);
        String token = RecordPages.csrfToken(csrf);
        return views.history(population, uuid(eventId), caller.clearance()).map(history -> {
            audit.disclosed(history.held(), population, "history of " + eventId + " (web app)");
            List<Revision> revisions = new ArrayList<>();
            Map<String, String> before = Map.of();
            Map<String, String> now = Map.of();
            boolean retracted = false;
            for (Views.RevisionView r : history.revisions()) {
                Map<String, String> fields = r.data() == null || !r.data().isObject() || r.kind().equals("retracted") ? before : FormFields.values(r.data(), "");
                List<Line> changes = new ArrayList<>();
                for (var e : fields.entrySet()) {
                    String old = before.get(e.getKey());
                    if (!e.getValue().equals(old)) changes.add(new Line(e.getKey(), e.getValue(), old));
                }
                for (var e : before.entrySet()) if (!fields.containsKey(e.getKey())) changes.add(new Line(e.getKey(), "(removed)", e.getValue()));
                revisions.add(new Revision(r.kind(), r.recordedAt().toString(), r.streamVersion(), r.reason(), r.confidentiality(), changes));
                retracted = r.kind().equals("retracted");
                before = fields;
                now = fields;
            }
            List<Line> lines = now.entrySet().stream().map(e -> new Line(e.getKey(), e.getValue(), null)).toList();
            return Response.ok(Templates.event(AppPages.person(caller), population.toString(), eventId, history.type(), lines, retracted,
                    List.copyOf(revisions), history.withheld(), token, UUID.randomUUID().toString())).cookie(RecordPages.csrfCookie(token)).build();
        });
    }

    @GET
    @Path("correct")
    @RolesAllowed(Roles.RECORDER)
    @Operation(hidden = true)
    public Uni<Response> correctForm(@PathParam("id") String id, @PathParam("eventId") String eventId, @CookieParam(RecordPages.CSRF) String csrf) {
        String token = RecordPages.csrfToken(csrf);
        return current(id, eventId).chain(fact -> page(id, eventId, fact, token, FormFields.values(fact.data(), ""),
                Map.of("correction.confidentiality", fact.confidentiality()), Map.of(), Map.of(), UUID.randomUUID().toString()))
                .map(page -> Response.ok(page).cookie(RecordPages.csrfCookie(token)).build());
    }

    @POST
    @Path("correct")
    @RolesAllowed(Roles.RECORDER)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> correct(@PathParam("id") String id, @PathParam("eventId") String eventId, @CookieParam(RecordPages.CSRF) String csrf,
                                 MultivaluedMap<String, String> typed) {
        RecordPages.sameSite(csrf, typed);
        Map<String, String> factValues = new LinkedHashMap<>();
        Map<String, String> ownValues = new LinkedHashMap<>();
        typed.forEach((name, list) -> {
            if (name.startsWith("_") || name.equals(RecordPages.CSRF) || list.isEmpty()) return;
            (name.startsWith("correction.") ? ownValues : factValues).put(name, list.getFirst());
        });
        FormFields.cite(typed, factValues);
        FormFields.cite(typed, ownValues);
        String key = RecordPages.key(typed);
        String more = typed.getFirst("_more");
        return current(id, eventId).chain(fact -> forms.form(fact.type()).chain(form -> forms.form(CORRECTED).chain(own -> {
            if (more != null) {
                return page(id, eventId, fact, csrf, factValues, ownValues, Map.of(), Map.of(more, 1), key).map(p -> Response.ok(p).build());
            }
            ObjectNode before = new FormFields(form.fields(), FormFields.values(fact.data(), ""), Map.of(), Map.of()).json(null);
            FormFields typedFact = new FormFields(form.fields(), factValues, Map.of(), Map.of());
            Map<String, List<String>> unread = typedFact.readDates();
            if (!unread.isEmpty()) {
                return page(id, eventId, fact, csrf, factValues, ownValues, unread, Map.of(), key).map(p -> Response.status(422).entity(p).build());
            }
            ObjectNode after = typedFact.json(null);
            ObjectNode patch = FormFields.mergePatch(before, after);
            ObjectNode correction = new FormFields("correction.", ownFields(own), ownValues, Map.of(), Map.of()).json(CORRECTED);
            correction.put("target", eventId);
            if (!correction.has("sources")) correction.putArray("sources");
            correction.set("patch", patch);
            if (patch.isEmpty()) {
                return page(id, eventId, fact, csrf, factValues, ownValues, Map.of("", List.of(Words.text().correct_nothing_changed())), Map.of(), key)
                        .map(p -> Response.status(422).entity(p).build());
            }
            return ingest.append(uuid(id).toString(), correction.toString(), token.get(), key).chain(answer -> {
                if (answer.ok()) return Uni.createFrom().item(RecordPages.recorded(uuid(id).toString(), answer));
                return page(id, eventId, fact, csrf, factValues, ownValues, FormFields.refusals(answer.body()), Map.of(), key)
                        .map(p -> Response.status(answer.status() >= 500 ? 502 : 422).entity(p).build());
            });
        })));
    }

    @POST
    @Path("retract")
    @RolesAllowed(Roles.RECORDER)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> retract(@PathParam("id") String id, @PathParam("eventId") String eventId, @CookieParam(RecordPages.CSRF) String csrf,
                                 MultivaluedMap<String, String> typed) {
        RecordPages.sameSite(csrf, typed);
        return current(id, eventId).chain(fact -> {
            ObjectNode retraction = JSON.createObjectNode().put("type", RETRACTED).put("target", eventId)
                    .put("reason", typed.getFirst("reason") == null ? "" : typed.getFirst("reason").strip())
                    .put("confidentiality", fact.confidentiality());
            String key = RecordPages.key(typed);
            return ingest.append(uuid(id).toString(), retraction.toString(), token.get(), key).map(answer -> answer.ok() ? RecordPages.recorded(uuid(id).toString(), answer)
                    : Response.status(answer.status() >= 500 ? 502 : 422).type(MediaType.TEXT_PLAIN)
                    .entity(Words.text().event_not_retracted(FormFields.refusalsInOneLine(answer.body()))).build());
        });
    }

    /** The fact as it reads now: its type, its latest revision's JSON and level. */
    record Current(String type, JsonNode data, String confidentiality) {
    }

    private Uni<Current> current(String id, String eventId) {
        return views.history(uuid(id), uuid(eventId), caller.clearance()).map(history -> {
            Views.RevisionView last = null;
            for (Views.RevisionView r : history.revisions()) if (!r.kind().equals("retracted")) last = r;
            if (last == null || last.data() == null) throw new NotFoundException();
            return new Current(history.type(), last.data(), last.confidentiality());
        });
    }

    private Uni<TemplateInstance> page(String id, String eventId, Current fact, String csrf, Map<String, String> factValues,
                                       Map<String, String> ownValues, Map<String, List<String>> refusals, Map<String, Integer> more, String key) {
        // a patch's refusals are named under patch.: they belong to the fact's fields
        Map<String, List<String>> factErrors = new LinkedHashMap<>();
        Map<String, List<String>> ownErrors = new LinkedHashMap<>();
        refusals.forEach((path, messages) -> {
            if (path.startsWith("patch.")) factErrors.put(path.substring("patch.".length()), messages);
            else if (path.startsWith("corrected.")) factErrors.put(path.substring("corrected.".length()), messages);
            else ownErrors.put(path, messages);
        });
        return forms.form(fact.type()).chain(form -> forms.form(CORRECTED).chain(own -> RecordPages.cited(cited, caller, uuid(id).toString()).map(sources -> {
            FormFields factFields = new FormFields(form.fields(), factValues, factErrors, more).citing(sources);
            FormFields ownFields = new FormFields("correction.", ownFields(own), ownValues, ownErrors, more).citing(sources);
            List<String> problems = new ArrayList<>(ownFields.unplaced());
            problems.addAll(factFields.unplaced().stream().filter(p -> !problems.contains(p)).toList());
            return Templates.correct(AppPages.person(caller), uuid(id).toString(), eventId, fact.type(),
                    "/app/populations/" + uuid(id) + "/events/" + eventId + "/correct", key, csrf, factFields.html(), ownFields.html(),
                    problems.stream().distinct().toList());
        })));
    }

    /** A correction's own fields: why, at which level, and on which sources. */
    private static List<SchemaForms.Field> ownFields(SchemaForms.Form corrected) {
        return corrected.fields().stream().filter(f -> List.of("reason", "confidentiality", "sources").contains(f.name())).toList();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException();
        }
    }
}
