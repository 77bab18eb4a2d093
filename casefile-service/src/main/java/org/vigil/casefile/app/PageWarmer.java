package org.vigil.casefile.app;

import java.util.UUID;

import io.smallrye.mutiny.Uni;
import org.vigil.access.Confidentiality;

/**
 * What computes a population's pages ahead of a reader, for {@link WarmUp}: the web app's population page
 * (web/PopulationPages), which keeps what it computed for the first reader of that clearance.
 */
public interface PageWarmer {

    /** Computes and keeps the population's page as a reader of {@code clearance} first sees it. */
    Uni<Void> warm(UUID populationId, Confidentiality clearance);
}
