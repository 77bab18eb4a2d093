package org.vigil.ingest.api;

import java.sql.SQLException;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.vigil.ingest.log.LogReader;

/** The log as a whole: is the hash chain intact? */
@Path("/log")
@Produces(MediaType.APPLICATION_JSON)
public class LogResource {

    private final LogReader reader;

    public LogResource(LogReader reader) {
        this.reader = reader;
    }

    /** Recomputes every hash from position 1 to the head; names the first broken link, if any. */
    @GET
    @Path("verify")
    @Blocking
    public LogReader.Verification verify() throws SQLException {
        return reader.verify();
    }
}
