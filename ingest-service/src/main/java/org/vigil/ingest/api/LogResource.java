package org.vigil.ingest.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.vigil.problems.Problem;
import org.vigil.ingest.security.Roles;

import java.util.List;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.vigil.ingest.app.Reading;
import org.vigil.ingest.log.LogReader;

/** The log as a whole: its head, any link of the chain, and whether the chain is intact. */
@Path("/log")
@Produces(MediaType.APPLICATION_JSON)
public class LogResource {

    private final Reading reading;

    public LogResource(Reading reading) {
        this.reading = reading;
    }

    /** The last position of the log and the chain hash there. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @Path("head")
    @Blocking
    @Operation(summary = "The head of the log",
            description = "The last position of the log and the chain hash there.")
    public LogReader.Link head() {
        return reading.head();
    }

    /** The event at a position and the chain hash up to it: what a report stamped at that position can be checked against. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @Path("positions/{position}")
    @Blocking
    @Operation(summary = "One link of the chain",
            description = "The event at a log position and the chain hash up to it: what a report stamped at that "
                + "position is checked against.")
    @APIResponse(responseCode = "200", description = "The link",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = org.vigil.ingest.log.LogReader.Link.class)))
    @APIResponse(responseCode = "400", description = "The position is not a whole number, 1 or more",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    @APIResponse(responseCode = "404", description = "The log has no such position (its head is lower)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.vigil.problems.Problem.class)))
    public LogReader.Link position(@PathParam("position") String position) {
        long p;
        try {
            p = Long.parseLong(position);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1) {
            throw new ProblemException(Problem.of("bad-request", "Bad position", 400, "a log position is a whole number, 1 or more",
                    List.of(new Problem.FieldError(null, "position", "position.positive", "'" + position + "' is not a position"))));
        }
        long asked = p;
        return reading.link(p).orElseThrow(() -> new ProblemException(Problem.of("not-found", "No such position", 404,
                "the log has no position " + asked + " (its head is lower)",
                List.of(new Problem.FieldError(null, "position", "position.exists", "beyond the head")))));
    }

    /** Recomputes every hash from position 1 to the head; names the first broken link, if any. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ANALYST, Roles.RECORDER, Roles.ADMIN})
    @Path("verify")
    @Blocking
    @Operation(summary = "Check the whole chain",
            description = "Recomputes every hash from position 1 to the head and names the first broken link, if any.")
    public LogReader.Verification verify() {
        return reading.verify();
    }
}
