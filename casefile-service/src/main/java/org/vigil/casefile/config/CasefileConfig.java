package org.vigil.casefile.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every knob of casefile-service under {@code vigil.}, in one typed place. Kafka's connection settings are the
 * {@code kafka.*} ones, which every Kafka client of the service takes whole.
 */
@ConfigMapping(prefix = "vigil")
public interface CasefileConfig {

    Oidc oidc();

    Web web();

    /** The web app (/app). */
    interface Web {
        /** Where ingest-service answers, for what people record through the pages (VIGIL_INGEST_URL). */
        @io.smallrye.config.WithDefault("http://127.0.0.1:8081")
        String ingestUrl();

        /** Where report-service answers, for the reports pages (VIGIL_REPORT_URL). */
        @io.smallrye.config.WithDefault("http://127.0.0.1:8083")
        String reportUrl();
    }

    /** The OpenID Connect provider the web app signs people in with, trusted besides {@code mp.jwt.verify.issuer}. */
    interface Oidc {
        /** Its issuer as its tokens state it (VIGIL_OIDC_ISSUER); none: only the configured issuer is trusted. */
        java.util.Optional<String> issuer();
    }

    /** The topic the log is published on. */
    String eventsTopic();

    /** The topic the status-change notices go to. */
    String statusTopic();

    /** The consumer group of the live projection: instances in one group share the partitions. */
    String consumerGroup();

    Migration migration();

    StatusNotices statusNotices();

    Exports exports();

    Rebuild rebuild();

    Reads reads();

    /** Reads of a population's case file (store/CaseFileReads). */
    interface Reads {
        /** A history is read in slices of this many stream versions, asked for at once, each read as it arrives. */
        @WithDefault("20000")
        int slice();

        /**
         * After a start, how many of the populations changed last have their case files read and kept before anyone
         * asks (app/WarmUp), within the kept case files' budget; 0 reads none.
         */
        @WithDefault("16")
        int warmUp();

        /**
         * How many of their latest entries a status answer shows of each list that grows with the history (the
         * timeline, movements, restrictions in force, incidents, claimed aggregates, detentions, interventions); the
         * answer says how many each has in all ({@code listed}), and GET /populations/{id}/timeline pages through the rest.
         */
        @WithDefault("100")
        int statusLatest();

        /**
         * A population with at least this many stream versions whose case file is not kept has its dossier read
         * straight from the stored revisions, a slice at a time, its plain headcount reports kept only as what the
         * dossier sums (projection/Dossier.Parts), instead of being read whole into memory: a history of a million
         * events does not fit in the heap as a case file.
         */
        @WithDefault("50000")
        long streamedDossierFrom();

        /**
         * The most stream versions one read puts together into a case file in memory (a status on another date or as
         * known at another moment, a population page's chart and map, a fact's history); a longer history is answered
         * 503 {@code history-too-long} rather than running the service out of heap (today's status, timeline pages,
         * dossiers, reports and exports do not read it whole). 0: one per 4 KB of the heap (about 358,000 at 1,400 MB).
         */
        @WithDefault("0")
        long wholeHistoryMax();
    }

    /** Rebuilds of every view from the log (docs/runbook.md). */
    interface Rebuild {
        /** Records read from the topic, folded and written per chunk (one transaction); progress is logged per chunk. */
        @WithDefault("20000")
        int chunkEvents();

        /**
         * A running rebuild whose heartbeat is older than this lost its instance: another instance marks it interrupted
         * and starts it over. The heartbeat comes every third of it.
         */
        @WithDefault("30s")
        java.time.Duration staleAfter();
    }

    /** Export jobs (docs/exports.md): how long a finished export's download link works. */
    interface Exports {
        @WithDefault("1h")
        java.time.Duration linkTtl();

        /** A running job that has not moved for this long has lost its instance and reads as failed. */
        @WithDefault("2m")
        java.time.Duration staleAfter();

        /** Facts read from the store at a time by an export: what it holds in memory at most. */
        @WithDefault("1000")
        int pageFacts();

        /** The size of the chunks a job's file is stored in. */
        @WithDefault("1048576")
        int chunkBytes();
    }

    /** Flyway runs as the schema owner; the service itself connects as the app role the migrations grant to. */
    interface Migration {
        String jdbcUrl();

        String ownerUsername();

        String ownerPassword();

        String appRole();
    }

    /** How often the committed views are compared with the notices published, and how many go in one pass. */
    interface StatusNotices {
        @WithDefault("200")
        long intervalMs();

        @WithDefault("1000")
        int batch();
    }
}
