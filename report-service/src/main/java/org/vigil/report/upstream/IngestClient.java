package org.vigil.report.upstream;

import com.fasterxml.jackson.databind.JsonNode;
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

    @GET
    @Path("/log/head")
    Uni<JsonNode> head(@HeaderParam("Authorization") String authorization);

    @GET
    @Path("/log/positions/{position}")
    Uni<JsonNode> link(@HeaderParam("Authorization") String authorization, @PathParam("position") long position);

    @GET
    @Path("/log/verify")
    Uni<JsonNode> verify(@HeaderParam("Authorization") String authorization);

    @GET
    @Path("/populations/{id}/version")
    Uni<JsonNode> versionAt(@HeaderParam("Authorization") String authorization, @PathParam("id") String populationId, @QueryParam("atPosition") long position);
}
