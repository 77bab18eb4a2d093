package org.vigil.casefile.audit;

import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Appends lines to the audit log table (migration V3): who, when (the database's clock), what, from where. */
@ApplicationScoped
public class AuditLog {

    private static final Pattern POPULATION = Pattern.compile("^/populations/([0-9a-fA-F-]{36})(?:/|$)");
    private static final String INSERT = "INSERT INTO audit_log (actor, roles, client, forwarded_for, kind, level, method,"
            + " path, status, population_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

    private final Pool pool;

    public AuditLog(Pool pool) {
        this.pool = pool;
    }

    /** Who makes a request ({@code who}, null when unknown) and from where: taken once, for its line or its stream's. */
    public record Reader(String actor, String roles, String client, String forwardedFor, String path) {
    }

    public Reader reader(HttpServerRequest http, SecurityIdentity who) {
        boolean anonymous = who == null || who.isAnonymous();
        return new Reader(anonymous ? "anonymous" : cut(who.getPrincipal().getName(), 256),
                anonymous ? "" : String.join(",", new TreeSet<>(who.getRoles())),
                http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress(),
                cut(http.getHeader("X-Forwarded-For"), 512), cut(http.uri(), 2048));
    }

    /** The line of one request: its caller ({@code who}, null when unknown), what it disclosed ({@code trail}), its status. */
    public Uni<Void> record(HttpServerRequest http, SecurityIdentity who, AuditTrail trail, int status) {
        trail.markRecorded();
        String method = http.method().name().toUpperCase(Locale.ROOT);
        boolean write = !method.equals("GET") && !method.equals("HEAD");
        String kind = write ? "write" : trail.level() != null ? "read" : "admin";
        UUID population = trail.population() != null ? trail.population() : population(http.path());
        return insert(reader(http, who), kind, trail.level(), method, status, population, trail.detail());
    }

    /**
     * The line of one status sent on a live stream that holds records above public ({@code held}, counted per level):
     * each is a read of its own. The status is sent only once its line is written.
     */
    public Uni<Void> streamed(Reader reader, UUID population, long version,
                              java.util.Map<org.vigil.access.Confidentiality, Integer> held) {
        var level = java.util.Collections.max(held.keySet());
        StringBuilder detail = new StringBuilder("live stream, status at stream version ").append(version).append(':');
        held.forEach((l, n) -> detail.append(' ').append(n).append(' ').append(l.label()));
        return insert(reader, "read", level.label(), "GET", 200, population, detail.toString());
    }

    /**
     * The line of a streamed export that may show records above public ({@code held}, counted per level): written
     * before its first byte is sent, since the answer outlives the request's filter.
     */
    public Uni<Void> exported(Reader reader, UUID population, long version, String what,
                              java.util.Map<org.vigil.access.Confidentiality, Integer> held) {
        var level = java.util.Collections.max(held.keySet());
        StringBuilder detail = new StringBuilder(what).append(", at stream version ").append(version).append(':');
        held.forEach((l, n) -> detail.append(' ').append(n).append(' ').append(l.label()));
        return insert(reader, "read", level.label(), "GET", 200, population, detail.toString());
    }

    private Uni<Void> insert(Reader who, String kind, String level, String method, int status, UUID population, String detail) {
        Tuple row = Tuple.tuple().addString(who.actor()).addString(who.roles()).addString(who.client())
                .addString(who.forwardedFor()).addString(kind).addString(level).addString(method).addString(who.path())
                .addInteger(status).addUUID(population).addString(cut(detail, 2048));
        return pool.preparedQuery(INSERT).execute(row).replaceWithVoid();
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
