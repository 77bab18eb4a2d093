package org.vigil.report.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Every knob of report-service under {@code vigil.}, in one typed place. */
@ConfigMapping(prefix = "vigil")
public interface ReportConfig {

    Report report();

    Migration migration();

    Oidc oidc();

    /** The OpenID Connect provider the web app signs people in with, trusted besides {@code mp.jwt.verify.issuer}. */
    interface Oidc {
        /** Its issuer as its tokens state it (VIGIL_OIDC_ISSUER); none: only the configured issuer is trusted. */
        java.util.Optional<String> issuer();
    }

    interface Report {
        /** How long a report request waits for casefile-service to reach the log position (milliseconds). */
        long waitForViews();

        default Duration waitForViewsDuration() {
            return Duration.ofMillis(waitForViews());
        }
    }

    /** Flyway runs as the schema owner; the service itself connects as the app role the migrations grant to. */
    interface Migration {
        String jdbcUrl();

        String ownerUsername();

        String ownerPassword();

        String appRole();
    }
}
