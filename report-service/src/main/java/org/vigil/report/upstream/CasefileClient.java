package org.vigil.report.upstream;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** casefile-service: the dossier a report is written from, read with the caller's own bearer token. */
@RegisterRestClient(configKey = "casefile")
@Path("/populations")
public interface CasefileClient {

    @GET
    @Path("{id}/dossier")
    @Produces(MediaType.APPLICATION_JSON)
    /** The dossier as casefile-service wrote it (UTF-8 JSON): stored as is with the report, parsed to compose it. */
    Uni<byte[]> dossier(@HeaderParam("Authorization") String authorization, @PathParam("id") String populationId, @QueryParam("asOf") String asOf,
                          @QueryParam("atVersion") long atVersion, @QueryParam("audience") String audience);
}
