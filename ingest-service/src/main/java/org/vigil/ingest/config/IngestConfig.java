package org.vigil.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every knob of ingest-service, in one typed place. Connection settings come from the profile or the environment. */
@ConfigMapping(prefix = "vigil")
public interface IngestConfig {

    Migration migration();

    Writer writer();

    Relay relay();

    Limits limits();

    Jwt jwt();

    /** Bearer tokens: how long a token that verified is remembered (never beyond its expiry); 0 checks every request. */
    interface Jwt {
        @WithDefault("60")
        long cacheSeconds();
    }

    /** Flyway runs as the schema owner; the service itself connects as a role that cannot update or delete events. */
    interface Migration {
        @WithDefault("true")
        boolean atStart();

        String jdbcUrl();

        String ownerUsername();

        String ownerPassword();

        /** The role the service connects as; the migration grants it INSERT and SELECT on the log, nothing more. */
        String appRole();
    }

    /** Group commit: concurrent appends share one transaction, so one fsync serves many requests. */
    interface Writer {
        @WithDefault("512")
        int maxRequestsPerTransaction();

        @WithDefault("20000")
        int maxEventsPerTransaction();

        @WithDefault("10000")
        int queueCapacity();
    }

    interface Relay {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("vigil.population-events")
        String topic();

        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();

        @WithDefault("true")
        boolean createTopic();

        @WithDefault("5000")
        int batchSize();

        /** How often the relay looks at the log when nothing told it of a commit (another instance may have written). */
        @WithDefault("200ms")
        Duration pollInterval();

        @WithDefault("/vigil/ingest-service")
        String source();

        /** Producer compression: lz4 saves network between racks; on one machine none saves CPU. */
        @WithDefault("lz4")
        String compression();
    }

    interface Limits {
        /** Events in one batch request; larger imports are split by the client. */
        @WithDefault("50000")
        int maxBatchEvents();

        @WithDefault("1000")
        int maxPageSize();
    }
}
