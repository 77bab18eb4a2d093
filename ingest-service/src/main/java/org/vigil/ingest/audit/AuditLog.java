package org.vigil.ingest.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.vigil.ingest.log.AuditNote;

/**
 * Appends lines to the audit log table (migration V3): who, when (the database's clock), what, from where. The insert
 * runs on a worker thread (JDBC blocks); the answer waits for it.
 */
@ApplicationScoped
public class AuditLog {

    private static final Pattern POPULATION = Pattern.compile("^/populations/([0-9a-fA-F-]{36})(?:/|$)");
    private static final String INSERT = "INSERT INTO audit_log (actor, roles, client, forwarded_for, kind, level, method,"
            + " path, status, population_id, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, clock_timestamp()))";
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AuditLog.class);

    /** Lines kept while the database is out of reach, at most; beyond it a line is logged in full at ERROR instead. */
    static final int MAX_PENDING = 100_000;

    private final DataSource dataSource;
    private final java.util.concurrent.ConcurrentLinkedQueue<Line> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger pendingCount = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.ScheduledExecutorService flusher =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "audit-log-flusher");
                t.setDaemon(true);
                return t;
            });

    public AuditLog(DataSource dataSource, io.micrometer.core.instrument.MeterRegistry registry) {
        this.dataSource = dataSource;
        registry.gauge("vigil.audit.pending", pendingCount);
        flusher.scheduleWithFixedDelay(this::flushQuietly, 2, 2, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** One line, with the moment of the request when it waits to be written ({@code at}; null: the database's clock). */
    record Line(String[] values, int status, UUID population, String detail, java.time.OffsetDateTime at) {
    }

    /** Who makes a request ({@code who}, null when unknown) and from where: what every line of it holds. */
    public static AuditNote note(HttpServerRequest http, SecurityIdentity who) {
        boolean anonymous = who == null || who.isAnonymous();
        return new AuditNote(anonymous ? "anonymous" : cut(who.getPrincipal().getName(), 256),
                anonymous ? "" : String.join(",", new TreeSet<>(who.getRoles())),
                http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress(),
                cut(http.getHeader("X-Forwarded-For"), 512), http.method().name().toUpperCase(Locale.ROOT), cut(http.uri(), 2048));
    }

    /** The line of one request: its caller ({@code who}, null when unknown), what it disclosed ({@code trail}), its status. */
    public Uni<Void> record(HttpServerRequest http, SecurityIdentity who, AuditTrail trail, int status) {
        trail.markRecorded();
        AuditNote note = note(http, who);
        boolean write = !note.method().equals("GET") && !note.method().equals("HEAD");
        String[] values = {note.actor(), note.roles(), note.client(), note.forwardedFor(),
                write ? "write" : trail.level() != null ? "read" : "admin", trail.level(), note.method(), note.path()};
        UUID population = trail.population() != null ? trail.population() : population(http.path());
        String detail = cut(trail.detail(), 2048);
        Line line = new Line(values, status, population, detail, null);
        return Uni.createFrom().<Void>item(() -> {
            try (Connection c = dataSource.getConnection()) {
                insert(c, List.of(line));
                return null;
            } catch (java.sql.SQLException e) {
                if (org.vigil.ingest.log.Unavailable.isCause(e)) {
                    keep(line);
                    throw new Pending(e);
                }
                throw new IllegalStateException("audit log line not written", e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * The line of one page of a live feed that shows records above public ({@code level}, the highest): each page is a
     * read of its own, written before the page is sent (on this worker thread; throws when it cannot be written, and
     * then nothing of the page is sent).
     */
    public void streamed(AuditNote note, UUID population, String level, String detail) {
        String[] values = {note.actor(), note.roles(), note.client(), note.forwardedFor(), "read", level, note.method(), note.path()};
        try (Connection c = dataSource.getConnection()) {
            insert(c, List.of(new Line(values, 200, population, cut(detail, 2048), null)));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("audit log line of a feed page not written; the page is not sent", e);
        }
    }

    /**
     * The line could not be written because the database is out of reach; it is kept, with the moment of the
     * request, and written once the database answers again. A read is still refused (nothing is disclosed before its
     * line is on record); a write's answer stands.
     */
    public static final class Pending extends IllegalStateException {
        Pending(Throwable cause) {
            super("audit log line kept until the database answers", cause);
        }
    }

    /** Lines waiting for the database. */
    public int pending() {
        return pendingCount.get();
    }

    private void keep(Line line) {
        Line stamped = new Line(line.values(), line.status(), line.population(), line.detail(),
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
        if (pendingCount.incrementAndGet() > MAX_PENDING) {
            pendingCount.decrementAndGet();
            LOG.errorf("audit log line dropped (%d lines already wait for the database): %s %s",
                    MAX_PENDING, java.util.Arrays.toString(stamped.values()), stamped.status());
            return;
        }
        pending.add(stamped);
    }

    /** Writes the lines kept while the database was out of reach, oldest first, in one transaction per thousand. */
    void flush() throws java.sql.SQLException {
        while (!pending.isEmpty()) {
            List<Line> chunk = new java.util.ArrayList<>();
            for (Line l : pending) {
                chunk.add(l);
                if (chunk.size() == 1000) break;
            }
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                insert(c, chunk);
                c.commit();
            }
            for (int i = 0; i < chunk.size(); i++) {
                pending.poll();
                pendingCount.decrementAndGet();
            }
            LOG.infof("wrote %d audit log lines kept while the database was unavailable", chunk.size());
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (Exception | Error e) {
            LOG.debugf("audit log lines still wait for the database: %s", e.getMessage());
        }
    }

    void stop(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        flusher.shutdownNow();
        flushQuietly();
        for (Line l : pending) {
            LOG.errorf("audit log line not written before shutdown: at=%s %s status=%d population=%s detail=%s", l.at(),
                    java.util.Arrays.toString(l.values()), l.status(), l.population(), l.detail());
        }
    }

    private static void insert(Connection c, List<Line> lines) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            for (Line line : lines) {
                for (int i = 0; i < line.values().length; i++) s.setString(i + 1, line.values()[i]);
                s.setInt(9, line.status());
                s.setObject(10, line.population(), Types.OTHER);
                s.setString(11, line.detail());
                s.setObject(12, line.at(), Types.TIMESTAMP_WITH_TIMEZONE);
                // One line at a time: the driver's batch path answers a connection closed under it with an
                // AssertionError rather than an SQLException.
                s.executeUpdate();
            }
            if (!c.getAutoCommit()) c.commit();
        }
    }

    private static UUID population(String path) {
        Matcher m = POPULATION.matcher(path == null ? "" : path);
        if (!m.find()) return null;
        try {
            return UUID.fromString(m.group(1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
