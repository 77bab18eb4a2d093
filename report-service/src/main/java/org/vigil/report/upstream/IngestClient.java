package org.vigil.report.upstream;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * ingest-service: the log's head, its links (position and chain hash), and a stream's version at a position. Each call
 * carries the caller's own bearer token ({@code authorization}), so ingest-service applies the caller's rights.
 */
@RegisterRestClient(configKey = "ingest")
public interface IngestClient {

    /** A position of the log and the chain hash there (ingest-service's {@code LogLink}). */
    record Link(long position, String hash) {
    }

    /** Whether the whole chain verifies (ingest-service's {@code ChainVerification}). */
    record ChainCheck(boolean valid) {
    }

    /** A population's stream version at a log position (0: not yet recorded there). */
    record StreamVersion(long version) {
    }

    @GET
    @Path("/log/head")
    Uni<Link> head(@HeaderParam("Authorization") String authorization);

    @GET
    @Path("/log/positions/{position}")
    Uni<Link> link(@HeaderParam("Authorization") String authorization, @PathParam("position") long position);

    @GET
    @Path("/log/verify")
    Uni<ChainCheck> verify(@HeaderParam("Authorization") String authorization);

    @GET
    @Path("/populations/{id}/version")
    Uni<StreamVersion> versionAt(@HeaderParam("Authorization") String authorization, @PathParam("id") String populationId, @QueryParam("atPosition") long position);
}
