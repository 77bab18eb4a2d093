package org.vigil.ingest.api;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.vigil.ingest.app.Webhooks;
import org.vigil.ingest.event.EventType;
import org.vigil.ingest.security.Caller;
import org.vigil.ingest.security.Roles;
import org.vigil.ingest.webhook.WebhookStore;
import org.vigil.problems.Problem;

/**
 * Webhook subscriptions, their deliveries and each delivery's attempts (docs/webhooks.md). An analyst manages the
 * subscriptions they created, an admin every one; a subscription delivers up to its creator's clearance.
 */
@Path("/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ANALYST, Roles.ADMIN})
@Blocking
public class WebhookResource {

    private static final Set<String> MEMBERS = Set.of("url", "eventTypes", "populations", "secret", "description", "fromPosition");
    private static final Set<String> STATES = Set.of("pending", "delivered", "failed");

    private final Webhooks webhooks;
    private final Caller caller;
    private final ObjectMapper json;

    public WebhookResource(Webhooks webhooks, Caller caller, ObjectMapper json) {
        this.webhooks = webhooks;
        this.caller = caller;
        this.json = json;
    }

    /** A subscription as the API shows it; {@code secret} only in the answer that created it. */
    public record SubscriptionView(UUID id, String url, List<String> eventTypes, List<UUID> populations, String clearance,
                                   String description, String createdBy, Instant createdAt, long position, boolean enabled,
                                   Instant disabledAt, String disabledReason, Instant failingSince, String secret,
                                   String deliveries) {

        static SubscriptionView of(WebhookStore.Subscription s, boolean withSecret) {
            return new SubscriptionView(s.id(), s.url(), s.eventTypes(), s.populations(), s.clearance(), s.description(),
                    s.createdBy(), s.createdAt(), s.position(), s.enabled(), s.disabledAt(), s.disabledReason(),
                    s.failingSince(), withSecret ? s.secret() : null, "/webhooks/" + s.id() + "/deliveries");
        }
    }

    public record DeliveryPage(List<WebhookStore.Delivery> deliveries, Long nextAfter) {
    }

    public record DeliveryDetail(WebhookStore.Delivery delivery, List<WebhookStore.Attempt> attempts) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe to events by webhook",
            description = "Body: url (required; http or https, not a private or loopback address unless the allow-list"
                    + " admits it), eventTypes (type names, with or without the version; empty: all), populations (ids;"
                    + " empty: all), secret (whsec_ and base64 of 24-64 bytes; left out: one is made and answered once),"
                    + " description, fromPosition (deliver the events after this log position; left out: from now)."
                    + " Deliveries are signed per Standard Webhooks and carry what your clearance allows.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NewSubscription.class)))
    @APIResponse(responseCode = "201", description = "Subscribed; the answer holds the secret, shown this once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "400", description = "The request breaks a rule; errors names each field and rule",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Response create(byte[] body) {
        Webhooks.Request request = request(body);
        WebhookStore.Subscription s = webhooks.create(request, owner());
        return Response.created(URI.create("/webhooks/" + s.id())).entity(SubscriptionView.of(s, true)).build();
    }

    /** The body of a new subscription, for the OpenAPI document. */
    public record NewSubscription(String url, List<String> eventTypes, List<UUID> populations, String secret,
                                  String description, Long fromPosition) {
    }

    @GET
    @Operation(summary = "Your webhook subscriptions (an admin: all)")
    public List<SubscriptionView> list() {
        return webhooks.list(owner()).stream().map(s -> SubscriptionView.of(s, false)).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One subscription: its position, whether it is enabled, why it was disabled")
    @APIResponse(responseCode = "200", description = "The subscription",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "404", description = "No subscription of yours has this id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public SubscriptionView get(@PathParam("id") String id) {
        return SubscriptionView.of(webhooks.find(uuid(id), owner()).orElseThrow(() -> missing(id)), false);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Unsubscribe: the subscription and its delivery records are deleted")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No subscription of yours has this id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Response delete(@PathParam("id") String id) {
        if (!webhooks.delete(uuid(id), owner())) throw missing(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/enable")
    @Operation(summary = "Enable a disabled subscription: its failed deliveries are sent again, and it goes on where it stopped")
    @APIResponse(responseCode = "200", description = "Enabled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionView.class)))
    public SubscriptionView enable(@PathParam("id") String id) {
        return SubscriptionView.of(webhooks.enable(uuid(id), owner()).orElseThrow(() -> missing(id)), false);
    }

    @POST
    @Path("{id}/replay")
    @Operation(summary = "Deliver again from a log position",
            description = "Every event after fromPosition (a query parameter; 0: the whole log) that the subscription"
                    + " takes is delivered again, each with the webhook-id it had before, so a receiver that keeps the ids"
                    + " it has seen drops what it already has.")
    @APIResponse(responseCode = "200", description = "The subscription, its position set back",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "400", description = "fromPosition is missing or not a log position",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public SubscriptionView replay(@PathParam("id") String id, @QueryParam("fromPosition") String fromPosition) {
        UUID subscription = uuid(id);
        long head = webhooks.head();
        Long from = position(fromPosition, head);
        if (from == null) throw invalid(List.of(error("fromPosition", "position.required", "the log position to deliver again after")));
        return SubscriptionView.of(webhooks.replay(subscription, from, owner()).orElseThrow(() -> missing(id)), false);
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(summary = "A subscription's deliveries, in log order",
            description = "Each with its state (pending: not yet accepted, retried with backoff; delivered; failed: its"
                    + " subscription was disabled first), attempts, next attempt, last status and error. Filters: state,"
                    + " after (a log position), limit (1-1000, 100 by default); nextAfter continues the list.")
    @APIResponse(responseCode = "200", description = "A page of deliveries",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveryPage.class)))
    public DeliveryPage deliveries(@PathParam("id") String id, @QueryParam("state") String state,
                                   @QueryParam("after") String after, @QueryParam("limit") String limit) {
        UUID subscription = uuid(id);
        List<Problem.FieldError> errors = new ArrayList<>();
        if (state != null && !STATES.contains(state)) errors.add(error("state", "state.known", "pending, delivered or failed"));
        long from = 0;
        int size = 100;
        try {
            if (after != null) from = Long.parseLong(after);
            if (from < 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            errors.add(error("after", "position.format", "a log position, 0 or more"));
        }
        try {
            if (limit != null) size = Integer.parseInt(limit);
            if (size < 1 || size > 1000) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            errors.add(error("limit", "limit.range", "a page size from 1 to 1000"));
        }
        if (!errors.isEmpty()) throw new ProblemException(Problem.of("bad-request", "Bad query", 400, errors.getFirst().message(), errors));
        int n = size;
        List<WebhookStore.Delivery> page = webhooks.deliveries(subscription, state, from, n, owner()).orElseThrow(() -> missing(id));
        return new DeliveryPage(page, page.size() == n ? page.getLast().position() : null);
    }

    @GET
    @Path("{id}/deliveries/{deliveryId}")
    @Operation(summary = "One delivery and every attempt: when, the receiver's status, the error, how long it took")
    @APIResponse(responseCode = "200", description = "The delivery and its attempts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveryDetail.class)))
    public DeliveryDetail delivery(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        var found = webhooks.delivery(uuid(id), uuid(deliveryId), owner()).orElseThrow(() -> new ProblemException(
                Problem.of("not-found", "No such delivery", 404, "subscription " + id + " has no delivery " + deliveryId, null)));
        return new DeliveryDetail(found.delivery(), found.attempts());
    }

    private Webhooks.Owner owner() {
        return new Webhooks.Owner(caller.name(), caller.identity().hasRole(Roles.ADMIN), caller.clearance());
    }

    /** Reads and checks a new subscription, naming every member and rule at fault at once. */
    private Webhooks.Request request(byte[] body) {
        JsonNode node;
        try {
            node = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.of("malformed-json", "The body is not valid JSON", 400, e.getOriginalMessage(),
                    List.of(error("", "json.syntax", e.getOriginalMessage()))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) throw invalid(List.of(error("", "body.object", "the body is a JSON object with at least url")));
        List<Problem.FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) errors.add(error(name, "member.known", "not a member of a subscription: " + String.join(", ", MEMBERS)));
        }
        URI url = null;
        JsonNode u = node.get("url");
        if (u == null || !u.isTextual() || u.asText().isBlank()) {
            errors.add(error("url", "url.required", "the address to deliver to, http or https"));
        } else if (u.asText().length() > 2000) {
            errors.add(error("url", "url.length", "2000 characters at most"));
        } else {
            try {
                url = new URI(u.asText());
                if (!url.isAbsolute()) throw new java.net.URISyntaxException(u.asText(), "not absolute");
                String refused = webhooks.refusal(url);
                if (refused != null) {
                    errors.add(error("url", "url.allowed", refused));
                    url = null;
                }
            } catch (java.net.URISyntaxException e) {
                errors.add(error("url", "url.format", "an absolute http or https address"));
            }
        }
        List<String> types = new ArrayList<>();
        JsonNode t = node.get("eventTypes");
        if (t != null && !t.isNull()) {
            if (!t.isArray()) errors.add(error("eventTypes", "types.array", "a list of event type names"));
            else for (int i = 0; i < t.size(); i++) {
                String name = t.get(i).asText("");
                boolean known = t.get(i).isTextual() && java.util.Arrays.stream(EventType.values())
                        .anyMatch(k -> k.typeName().equals(name) || k.typeName().startsWith(name + ".v"));
                if (known) types.add(name);
                else errors.add(error("eventTypes[" + i + "]", "type.known", "'" + name + "' names no event type"));
            }
        }
        List<UUID> populations = new ArrayList<>();
        JsonNode p = node.get("populations");
        if (p != null && !p.isNull()) {
            if (!p.isArray()) errors.add(error("populations", "populations.array", "a list of population ids"));
            else for (int i = 0; i < p.size(); i++) {
                try {
                    populations.add(UUID.fromString(p.get(i).asText("")));
                } catch (IllegalArgumentException e) {
                    errors.add(error("populations[" + i + "]", "uuid.format", "a population id is a UUID"));
                }
            }
        }
        String secret = null;
        JsonNode s = node.get("secret");
        if (s != null && !s.isNull()) {
            if (!s.isTextual() || !webhooks.secretWellFormed(s.asText())) {
                errors.add(error("secret", "secret.format", "whsec_ followed by the base64 of 24 to 64 random bytes"));
            } else {
                secret = s.asText();
            }
        }
        String description = null;
        JsonNode d = node.get("description");
        if (d != null && !d.isNull()) {
            if (!d.isTextual() || d.asText().length() > 500 || d.asText().indexOf('\u0000') >= 0) {
                errors.add(error("description", "description.text", "text of 500 characters at most"));
            } else {
                description = d.asText();
            }
        }
        Long from = null;
        JsonNode f = node.get("fromPosition");
        if (f != null && !f.isNull()) {
            long head = webhooks.head();
            if (!f.canConvertToLong() || !f.isIntegralNumber() || f.asLong() < 0 || f.asLong() > head) {
                errors.add(error("fromPosition", "position.range", "a log position from 0 to the head, " + head));
            } else {
                from = f.asLong();
            }
        }
        if (!errors.isEmpty()) throw invalid(errors);
        return new Webhooks.Request(url, types, populations, secret, description, from);
    }

    private static Long position(String value, long head) {
        if (value == null || value.isBlank()) return null;
        try {
            long p = Long.parseLong(value);
            if (p < 0 || p > head) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw invalid(List.of(error("fromPosition", "position.range", "a log position from 0 to the head, " + head)));
        }
    }

    private static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(Problem.of("invalid-request", "Invalid request", 400,
                errors.size() + " problem(s) with the request: " + errors.getFirst().field() + ": " + errors.getFirst().message(), errors));
    }

    private static Problem.FieldError error(String field, String rule, String message) {
        return new Problem.FieldError(null, field, rule, message);
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of("malformed-id", "The id is not a UUID", 400, "'" + id + "' is not a UUID",
                    List.of(error("id", "uuid.format", "an id is a UUID"))));
        }
    }

    private static ProblemException missing(String id) {
        return new ProblemException(Problem.of("not-found", "No such subscription", 404, "no subscription of yours has the id " + id, null));
    }
}
