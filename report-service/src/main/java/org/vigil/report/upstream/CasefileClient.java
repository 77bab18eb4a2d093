package org.vigil.report.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** casefile-service: the dossier a report is written from. */
@RegisterRestClient(configKey = "casefile")
@Path("/populations")
public interface CasefileClient {

    @GET
    @Path("{id}/dossier")
    Uni<JsonNode> dossier(@PathParam("id") String populationId, @QueryParam("asOf") String asOf,
                          @QueryParam("atVersion") long atVersion, @QueryParam("audience") String audience);
}
