package org.vigil.report.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** ingest-service: the log's head, its links (position and chain hash), and a stream's version at a position. */
@RegisterRestClient(configKey = "ingest")
public interface IngestClient {

    @GET
    @Path("/log/head")
    Uni<JsonNode> head();

    @GET
    @Path("/log/positions/{position}")
    Uni<JsonNode> link(@PathParam("position") long position);

    @GET
    @Path("/log/verify")
    Uni<JsonNode> verify();

    @GET
    @Path("/populations/{id}/version")
    Uni<JsonNode> versionAt(@PathParam("id") String populationId, @QueryParam("atPosition") long position);
}
