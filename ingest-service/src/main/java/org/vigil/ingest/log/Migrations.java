package org.vigil.ingest.log;

import java.util.Map;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;
import org.vigil.ingest.config.IngestConfig;

/**
 * Runs the Flyway migrations as the schema owner before anything else starts. The service's own connections use
 * the application role, which the migrations grant only what the append path needs: it cannot update or delete an
 * event.
 */
@ApplicationScoped
public class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class);

    private final IngestConfig config;

    public Migrations(IngestConfig config) {
        this.config = config;
    }

    void migrate(@Observes @Priority(1) StartupEvent event) {
        IngestConfig.Migration m = config.migration();
        if (!m.atStart()) return;
        var result = Flyway.configure()
                .dataSource(m.jdbcUrl(), m.ownerUsername(), m.ownerPassword())
                .locations("classpath:db/migration")
                .placeholders(Map.of("appRole", m.appRole()))
                .load()
                .migrate();
        LOG.infof("event store schema at version %s (%d migrations applied)", result.targetSchemaVersion, result.migrationsExecuted);
    }
}
