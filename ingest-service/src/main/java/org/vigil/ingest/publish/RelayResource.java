package org.vigil.ingest.publish;

import org.eclipse.microprofile.openapi.annotations.Operation;
import java.util.List;
import java.util.Map;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.vigil.problems.Problem;
import org.vigil.ingest.api.ProblemException;
import org.vigil.ingest.security.Roles;

/**
 * The relay, for admins: which instance publishes and how far, and publishing the log again from a position (the log
 * is the source of truth: a lost or new topic is refilled from it, see docs/reliability.md).
 */
@Path("/admin/relay")
@Produces(MediaType.APPLICATION_JSON)
public class RelayResource {

    private final OutboxRelay relay;

    public RelayResource(OutboxRelay relay) {
        this.relay = relay;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "The relay's state",
            description = "Whether this instance leads the relay, and the last log position Kafka acknowledged.")
    public Map<String, Object> state() {
        return Map.of("leader", relay.isLeader(), "publishedPosition", relay.publishedPosition());
    }

    /** Publishes every event after {@code fromPosition} (default 0: the whole log) again, in position order. */
    @POST
    @Path("republish")
    @Blocking
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Publish the log again from a position",
            description = "Sends every committed event after fromPosition (default 0: the whole log) to Kafka again, "
                + "in position order; consumers skip what they already applied.")
    public Map<String, Object> republish(@QueryParam("fromPosition") String fromPosition) throws Exception {
        long from;
        try {
            from = fromPosition == null || fromPosition.isBlank() ? 0 : Long.parseLong(fromPosition.strip());
            if (from < 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.of("bad-request", "Bad fromPosition", 400, "fromPosition is a log position, 0 or more",
                    List.of(new Problem.FieldError(null, "fromPosition", "position.format", "a whole number, 0 or more"))));
        }
        if (!relay.isLeader()) {
            throw new ProblemException(Problem.of("not-leader", "This instance does not publish the log", 409,
                    "another instance holds the relay's lock; send this to that one (GET /admin/relay says which)", null));
        }
        relay.republishFrom(from);
        return Map.of("republishingAfter", from, "leader", true);
    }
}
