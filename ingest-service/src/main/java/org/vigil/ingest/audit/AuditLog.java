package org.vigil.ingest.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Types;
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
            + " path, status, population_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;

    public AuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
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
        return Uni.createFrom().<Void>item(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INSERT)) {
                for (int i = 0; i < values.length; i++) s.setString(i + 1, values[i]);
                s.setInt(9, status);
                s.setObject(10, population, Types.OTHER);
                s.setString(11, detail);
                s.executeUpdate();
                if (!c.getAutoCommit()) c.commit();
                return null;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("audit log line not written", e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
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
