package org.vigil.report.store;

import java.util.Map;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/** Migrates the reports schema over JDBC as the schema owner, before the first request. */
@ApplicationScoped
public class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class);

    void migrate(@Observes @Priority(1) StartupEvent event,
                 @ConfigProperty(name = "vigil.migration.jdbc-url") String url,
                 @ConfigProperty(name = "vigil.migration.owner-username") String owner,
                 @ConfigProperty(name = "vigil.migration.owner-password") String password,
                 @ConfigProperty(name = "vigil.migration.app-role") String appRole) {
        var result = Flyway.configure().dataSource(url, owner, password).locations("classpath:db/migration")
                .placeholders(Map.of("appRole", appRole)).load().migrate();
        LOG.infof("reports schema at version %s (%d migrations applied)", result.targetSchemaVersion, result.migrationsExecuted);
    }
}
