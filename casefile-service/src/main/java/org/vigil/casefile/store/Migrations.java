package org.vigil.casefile.store;

import java.util.Map;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/** Migrates the views' schema over JDBC as the schema owner, before the consumer starts. */
@ApplicationScoped
public class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class);

    void migrate(@Observes @Priority(1) StartupEvent event, org.vigil.casefile.config.CasefileConfig config) {
        var m = config.migration();
        var result = Flyway.configure().dataSource(m.jdbcUrl(), m.ownerUsername(), m.ownerPassword())
                .locations("classpath:db/migration").placeholders(Map.of("appRole", m.appRole())).load().migrate();
        LOG.infof("views schema at version %s (%d migrations applied)", result.targetSchemaVersion, result.migrationsExecuted);
    }
}
