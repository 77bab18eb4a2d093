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

    Oidc oidc();

    Webhooks webhooks();

    /** The OpenID Connect provider the web app signs people in with, trusted besides {@code mp.jwt.verify.issuer}. */
    interface Oidc {
        /** Its issuer as its tokens state it (VIGIL_OIDC_ISSUER); none: only the configured issuer is trusted. */
        java.util.Optional<String> issuer();
    }

    /** Webhooks (docs/webhooks.md): where they may go, how long an attempt may take, how failures are retried. */
    interface Webhooks {
        /** Whether this instance may dispatch (one instance at a time does, under an advisory lock). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Internal destinations let through anyway: host names, or address ranges in CIDR form (127.0.0.0/8). Empty: no
         * loopback, private or link-local address takes webhooks.
         */
        java.util.Optional<java.util.List<String>> allow();

        @WithDefault("5s")
        Duration connectTimeout();

        /** The whole attempt, from connecting to the receiver's status line. */
        @WithDefault("10s")
        Duration requestTimeout();

        /** What is read of a receiver's answer at most (the rest is dropped); 1 KiB of it is kept with the attempt. */
        @WithDefault("65536")
        int maxResponseBytes();

        /** An event whose delivery would be larger is sent without its payload, with a link to read it instead. */
        @WithDefault("262144")
        int maxPayloadBytes();

        /** The first retry waits about this long; each further one twice as long, up to {@link #retryCap()}, with jitter. */
        @WithDefault("5s")
        Duration retryBase();

        @WithDefault("1h")
        Duration retryCap();

        /** A subscription whose every attempt failed for this long is disabled, with the reason. */
        @WithDefault("24h")
        Duration disableAfter();

        /** How often the dispatcher looks for new events and for deliveries due. */
        @WithDefault("250ms")
        Duration pollInterval();

        /** Deliveries sent at once. */
        @WithDefault("32")
        int concurrency();

        /**
         * Deliveries due taken in one round: sent {@link #concurrency()} at a time, their attempts then written in one
         * transaction.
         */
        @WithDefault("500")
        int round();
    }

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

        /**
         * Under concurrent load (the last transaction served several requests), how long the writer waits for more
         * requests before it commits what it has: fewer, larger transactions. After a transaction that served one
         * request alone, nothing waits.
         */
        @WithDefault("1ms")
        Duration linger();

        /**
         * From how many event rows a transaction inserts them with a binary COPY (each value as its bytes) instead of
         * in the statement that writes the rest of the group (one array literal per column): a bulk file's rows.
         */
        @WithDefault("64")
        int copyFrom();
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

        /**
         * How often, at most, the relay stores how far it has published while it has work (and always after a poll
         * interval without work, and when it stops): a crash re-sends what was acknowledged since, which consumers skip.
         */
        @WithDefault("1s")
        Duration storeInterval();

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
