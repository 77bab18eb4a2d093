package org.vigil.ingest.audit;

import org.eclipse.microprofile.openapi.annotations.Operation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.vigil.problems.Problem;
import org.vigil.ingest.security.Roles;

/**
 * The audit log, for admins: newest first, filtered by {@code actor}, {@code populationId}, {@code kind} (write,
 * read, admin) and {@code since} (an ISO instant), a page of {@code limit} lines (1 to 1,000, default 100) before the
 * line id {@code before}; {@code next} links the following page. Reading it is itself recorded.
 */
@Path("/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    public record Entry(long id, Instant at, String actor, String roles, String client, String forwardedFor, String kind,
                        String level, String method, String path, int status, UUID populationId, String detail) {
    }

    public record Page(List<Entry> entries, String next) {
    }

    private final DataSource dataSource;

    public AuditResource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @GET
    @Blocking
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Read the audit log",
            description = "Who wrote what, and who read what above public, newest first, a page at a time; for "
                + "admins.")
    public Page read(@QueryParam("actor") String actor, @QueryParam("populationId") String populationId,
                     @QueryParam("kind") String kind, @QueryParam("since") String since,
                     @QueryParam("before") String before, @QueryParam("limit") String limit) throws SQLException {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        Map<String, String> query = new LinkedHashMap<>();
        if (actor != null && !actor.isEmpty()) {
            where.add("actor = ?");
            args.add(actor);
            query.put("actor", actor);
        }
        if (populationId != null && !populationId.isEmpty()) {
            try {
                args.add(UUID.fromString(populationId));
            } catch (IllegalArgumentException e) {
                throw bad("populationId", "uuid.format", "populationId is a UUID");
            }
            where.add("population_id = ?");
            query.put("populationId", populationId);
        }
        if (kind != null && !kind.isEmpty()) {
            if (!List.of("write", "read", "admin").contains(kind)) throw bad("kind", "kind.known", "kind is write, read or admin");
            where.add("kind = ?");
            args.add(kind);
            query.put("kind", kind);
        }
        if (since != null && !since.isEmpty()) {
            try {
                args.add(Timestamp.from(Instant.parse(since)));
            } catch (DateTimeParseException e) {
                throw bad("since", "instant.format", "since is an ISO instant, e.g. 2026-01-31T00:00:00Z");
            }
            where.add("at >= ?");
            query.put("since", since);
        }
        if (before != null && !before.isEmpty()) {
            where.add("id < ?");
            args.add(number("before", before, 1, Long.MAX_VALUE));
        }
        int size = limit == null || limit.isEmpty() ? 100 : (int) number("limit", limit, 1, 1000);
        String sql = "SELECT id, at, actor, roles, client, forwarded_for, kind, level, method, path, status, population_id, detail"
                + " FROM audit_log" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY id DESC LIMIT " + size;
        List<Entry> entries = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) s.setObject(i + 1, args.get(i));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    entries.add(new Entry(r.getLong("id"), r.getTimestamp("at").toInstant(), r.getString("actor"), r.getString("roles"),
                            r.getString("client"), r.getString("forwarded_for"), r.getString("kind"), r.getString("level"),
                            r.getString("method"), r.getString("path"), r.getInt("status"), r.getObject("population_id", UUID.class),
                            r.getString("detail")));
                }
            }
        }
        String next = null;
        if (entries.size() == size) {
            StringBuilder link = new StringBuilder("/admin/audit?before=").append(entries.getLast().id()).append("&limit=").append(size);
            query.forEach((k, v) -> link.append('&').append(k).append('=')
                    .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
            next = link.toString();
        }
        return new Page(entries, next);
    }

    private static long number(String field, String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw bad(field, "number.range", field + " is a whole number from " + min + " to " + max);
        }
    }

    private static jakarta.ws.rs.WebApplicationException bad(String field, String rule, String message) {
        return Problem.of(400, "bad-request", "Bad query parameter", message, field, rule);
    }
}
