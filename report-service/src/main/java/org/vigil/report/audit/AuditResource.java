package org.vigil.report.audit;

import org.eclipse.microprofile.openapi.annotations.Operation;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.vigil.problems.Problem;
import org.vigil.report.security.Roles;

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

    private final Pool pool;

    public AuditResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Read the audit log",
            description = "Who wrote what, and who read what above public, newest first, a page at a time; for "
                + "admins.")
    public Uni<Page> read(@QueryParam("actor") String actor, @QueryParam("populationId") String populationId,
                          @QueryParam("kind") String kind, @QueryParam("since") String since,
                          @QueryParam("before") String before, @QueryParam("limit") String limit) {
        List<String> where = new ArrayList<>();
        Tuple args = Tuple.tuple();
        Map<String, String> query = new LinkedHashMap<>();
        if (actor != null && !actor.isEmpty()) {
            args.addString(actor);
            where.add("actor = $" + args.size());
            query.put("actor", actor);
        }
        if (populationId != null && !populationId.isEmpty()) {
            try {
                args.addUUID(UUID.fromString(populationId));
            } catch (IllegalArgumentException e) {
                throw Problem.of(400, "bad-request", "Bad populationId", "populationId is a UUID", "populationId", "uuid.format");
            }
            where.add("population_id = $" + args.size());
            query.put("populationId", populationId);
        }
        if (kind != null && !kind.isEmpty()) {
            if (!List.of("write", "read", "admin").contains(kind)) {
                throw Problem.of(400, "bad-request", "Bad kind", "kind is write, read or admin", "kind", "kind.known");
            }
            args.addString(kind);
            where.add("kind = $" + args.size());
            query.put("kind", kind);
        }
        if (since != null && !since.isEmpty()) {
            try {
                args.addOffsetDateTime(Instant.parse(since).atOffset(java.time.ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                throw Problem.of(400, "bad-request", "Bad since", "since is an ISO instant, e.g. 2026-01-31T00:00:00Z", "since", "instant.format");
            }
            where.add("at >= $" + args.size());
            query.put("since", since);
        }
        if (before != null && !before.isEmpty()) {
            args.addLong(number("before", before, 1, Long.MAX_VALUE));
            where.add("id < $" + args.size());
        }
        int size = limit == null || limit.isEmpty() ? 100 : (int) number("limit", limit, 1, 1000);
        args.addInteger(size);
        String sql = "SELECT id, at, actor, roles, client, forwarded_for, kind, level, method, path, status, population_id, detail"
                + " FROM audit_log" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY id DESC LIMIT $" + args.size();
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<Entry> entries = new ArrayList<>();
            for (Row r : rows) {
                entries.add(new Entry(r.getLong("id"), r.getOffsetDateTime("at").toInstant(), r.getString("actor"),
                        r.getString("roles"), r.getString("client"), r.getString("forwarded_for"), r.getString("kind"),
                        r.getString("level"), r.getString("method"), r.getString("path"), r.getInteger("status"),
                        r.getUUID("population_id"), r.getString("detail")));
            }
            String next = null;
            if (entries.size() == size) {
                StringBuilder link = new StringBuilder("/admin/audit?before=").append(entries.getLast().id()).append("&limit=").append(size);
                query.forEach((k, v) -> link.append('&').append(k).append('=')
                        .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
                next = link.toString();
            }
            return new Page(entries, next);
        });
    }

    private static long number(String field, String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw Problem.of(400, "bad-request", "Bad " + field, field + " is a whole number from " + min + " to " + max, field, "number.range");
        }
    }
}
