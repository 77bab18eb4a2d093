package org.vigil.ingest.webhook;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import org.vigil.ingest.log.RecordedEvent;

/** The webhooks' tables: subscriptions, their deliveries (one per event), and every attempt of each delivery. */
@ApplicationScoped
public class WebhookStore {

    private final DataSource dataSource;

    public WebhookStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A subscription as stored. {@code position}: the last log position fanned out into its deliveries. */
    public record Subscription(UUID id, String url, String secret, List<String> eventTypes, List<UUID> populations,
                               String clearance, String description, String createdBy, Instant createdAt, long position,
                               boolean enabled, Instant disabledAt, String disabledReason, Instant failingSince) {
    }

    /** One event for one subscription: {@code id} is the webhook-id it carries on every attempt and replay. */
    public record Delivery(UUID id, UUID subscriptionId, UUID eventId, long position, String type, UUID populationId,
                           String state, int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError,
                           Instant createdAt, Instant deliveredAt, int replays) {
    }

    public record Attempt(int attempt, Instant at, Integer status, String error, int durationMs) {
    }

    /** A delivery due now, with where it goes and the key that signs it. */
    public record Due(Delivery delivery, String url, String secret) {
    }

    /** The id of the delivery of one event to one subscription: the same however often it is sent. */
    public static UUID deliveryId(UUID subscriptionId, UUID eventId) {
        return UUID.nameUUIDFromBytes((subscriptionId + "/" + eventId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static final String SUBSCRIPTION = "SELECT id, url, secret, event_types, populations, clearance, description,"
            + " created_by, created_at, position, enabled, disabled_at, disabled_reason, failing_since FROM webhook_subscriptions ";

    private static final String DELIVERY = "SELECT id, subscription_id, event_id, position, type, population_id, state,"
            + " attempts, next_attempt_at, last_status, last_error, created_at, delivered_at, replays FROM webhook_deliveries ";

    public void insert(Subscription s) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO webhook_subscriptions (id, url, secret, event_types,"
                     + " populations, clearance, description, created_by, created_at, position, enabled)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true)")) {
            p.setObject(1, s.id());
            p.setString(2, s.url());
            p.setString(3, s.secret());
            p.setArray(4, c.createArrayOf("text", s.eventTypes().toArray()));
            p.setArray(5, c.createArrayOf("uuid", s.populations().toArray()));
            p.setString(6, s.clearance());
            p.setString(7, s.description());
            p.setString(8, s.createdBy());
            p.setTimestamp(9, Timestamp.from(s.createdAt()));
            p.setLong(10, s.position());
            p.executeUpdate();
        }
    }

    /** Every subscription ({@code createdBy} null) or those one caller created, oldest first. */
    public List<Subscription> subscriptions(String createdBy) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(SUBSCRIPTION + (createdBy == null ? "" : "WHERE created_by = ? ")
                     + "ORDER BY created_at, id")) {
            if (createdBy != null) p.setString(1, createdBy);
            List<Subscription> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(subscription(rs));
            }
            return out;
        }
    }

    public Optional<Subscription> subscription(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(SUBSCRIPTION + "WHERE id = ?")) {
            p.setObject(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(subscription(rs)) : Optional.empty();
            }
        }
    }

    public boolean delete(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("DELETE FROM webhook_subscriptions WHERE id = ?")) {
            p.setObject(1, id);
            return p.executeUpdate() == 1;
        }
    }

    /** Sets the fan-out back to just after {@code position}: the events after it are delivered again, with their ids. */
    public void rewind(UUID id, long position) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE webhook_subscriptions SET position = ? WHERE id = ?")) {
            p.setLong(1, position);
            p.setObject(2, id);
            p.executeUpdate();
        }
    }

    /** Enables a subscription again; its failed deliveries are due at once, and its fan-out goes on where it stopped. */
    public void enable(UUID id, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("UPDATE webhook_subscriptions SET enabled = true, disabled_at = NULL,"
                    + " disabled_reason = NULL, failing_since = NULL WHERE id = ?");
                 PreparedStatement d = c.prepareStatement("UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = ?"
                         + " WHERE subscription_id = ? AND state = 'failed'")) {
                s.setObject(1, id);
                s.executeUpdate();
                d.setTimestamp(1, Timestamp.from(now));
                d.setObject(2, id);
                d.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** A subscription's deliveries after a log position, in position order; of one state, or (null) all. */
    public List<Delivery> deliveries(UUID subscriptionId, String state, long afterPosition, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(DELIVERY + "WHERE subscription_id = ? AND position > ?"
                     + (state == null ? "" : " AND state = ?") + " ORDER BY position LIMIT ?")) {
            int i = 1;
            p.setObject(i++, subscriptionId);
            p.setLong(i++, afterPosition);
            if (state != null) p.setString(i++, state);
            p.setInt(i, limit);
            List<Delivery> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(delivery(rs));
            }
            return out;
        }
    }

    public Optional<Delivery> delivery(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(DELIVERY + "WHERE id = ?")) {
            p.setObject(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(delivery(rs)) : Optional.empty();
            }
        }
    }

    public List<Attempt> attempts(UUID deliveryId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT attempt, at, status, error, duration_ms FROM webhook_attempts"
                     + " WHERE delivery_id = ? ORDER BY attempt")) {
            p.setObject(1, deliveryId);
            List<Attempt> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new Attempt(rs.getInt(1), rs.getTimestamp(2).toInstant(), (Integer) rs.getObject(3),
                            rs.getString(4), rs.getInt(5)));
                }
            }
            return out;
        }
    }

    /**
     * Queues a delivery of each of {@code events} and moves the subscription's position from {@code from} to
     * {@code to}, in one transaction; nothing when the position is no longer {@code from} (a replay moved it). An event
     * delivered before (a replay) is due again, with the same id.
     */
    public boolean fanOut(UUID subscriptionId, long from, long to, List<RecordedEvent> events, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement move = c.prepareStatement("UPDATE webhook_subscriptions SET position = ?"
                    + " WHERE id = ? AND position = ? AND enabled");
                 PreparedStatement add = c.prepareStatement("INSERT INTO webhook_deliveries (id, subscription_id, event_id,"
                         + " position, type, population_id, state, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)"
                         + " ON CONFLICT (subscription_id, event_id) DO UPDATE SET state = 'pending',"
                         + " next_attempt_at = excluded.next_attempt_at, replays = webhook_deliveries.replays + 1")) {
                move.setLong(1, to);
                move.setObject(2, subscriptionId);
                move.setLong(3, from);
                if (move.executeUpdate() != 1) {
                    c.rollback();
                    return false;
                }
                Timestamp at = Timestamp.from(now);
                for (RecordedEvent e : events) {
                    add.setObject(1, deliveryId(subscriptionId, e.eventId()));
                    add.setObject(2, subscriptionId);
                    add.setObject(3, e.eventId());
                    add.setLong(4, e.position());
                    add.setString(5, e.type());
                    add.setObject(6, e.populationId());
                    add.setTimestamp(7, at);
                    add.setTimestamp(8, at);
                    add.addBatch();
                }
                if (!events.isEmpty()) add.executeBatch();
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Deliveries due now of enabled subscriptions, the longest waiting first. */
    public List<Due> due(Instant now, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT d.id, d.subscription_id, d.event_id, d.position, d.type,"
                     + " d.population_id, d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.created_at,"
                     + " d.delivered_at, d.replays, s.url, s.secret FROM webhook_deliveries d JOIN webhook_subscriptions s"
                     + " ON s.id = d.subscription_id WHERE d.state = 'pending' AND d.next_attempt_at <= ? AND s.enabled"
                     + " ORDER BY d.next_attempt_at LIMIT ?")) {
            p.setTimestamp(1, Timestamp.from(now));
            p.setInt(2, limit);
            List<Due> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(new Due(delivery(rs), rs.getString(15), rs.getString(16)));
            }
            return out;
        }
    }

    /** One attempt made, and what it means for its delivery: delivered, or to be tried again at {@code retryAt}. */
    public record Outcome(Delivery delivery, Attempt attempt, boolean ok, Instant retryAt) {
    }

    /**
     * Writes the attempts of one round in one transaction (each attempt, each delivery's state), then each
     * subscription's standing: one that delivered anything in the round is not failing; one whose every attempt
     * failed is failing since its first failure after the last success, and is disabled once that is before
     * {@code disableBefore}. The ids of the subscriptions disabled, with why.
     */
    public java.util.Map<UUID, String> recordAttempts(List<Outcome> outcomes, Instant disableBefore) throws SQLException {
        java.util.Map<UUID, String> disabled = new java.util.LinkedHashMap<>();
        if (outcomes.isEmpty()) return disabled;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement a = c.prepareStatement("INSERT INTO webhook_attempts (delivery_id, attempt, at, status,"
                        + " error, duration_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
                     PreparedStatement u = c.prepareStatement("UPDATE webhook_deliveries SET attempts = ?, state = ?,"
                             + " next_attempt_at = ?, last_status = ?, last_error = ?, delivered_at = COALESCE(?, delivered_at)"
                             + " WHERE id = ?")) {
                    for (Outcome o : outcomes) {
                        Attempt attempt = o.attempt();
                        a.setObject(1, o.delivery().id());
                        a.setInt(2, attempt.attempt());
                        a.setTimestamp(3, Timestamp.from(attempt.at()));
                        if (attempt.status() == null) a.setNull(4, Types.INTEGER);
                        else a.setInt(4, attempt.status());
                        a.setString(5, attempt.error());
                        a.setInt(6, attempt.durationMs());
                        a.addBatch();
                        u.setInt(1, attempt.attempt());
                        u.setString(2, o.ok() ? "delivered" : "pending");
                        u.setTimestamp(3, o.ok() ? null : Timestamp.from(o.retryAt()));
                        if (attempt.status() == null) u.setNull(4, Types.INTEGER);
                        else u.setInt(4, attempt.status());
                        u.setString(5, attempt.error());
                        u.setTimestamp(6, o.ok() ? Timestamp.from(attempt.at()) : null);
                        u.setObject(7, o.delivery().id());
                        u.addBatch();
                    }
                    a.executeBatch();
                    u.executeBatch();
                }
                // per subscription: any success in the round, else its first and last failures
                java.util.Map<UUID, Outcome> firstFailure = new java.util.LinkedHashMap<>();
                java.util.Map<UUID, Outcome> lastFailure = new java.util.HashMap<>();
                java.util.Set<UUID> delivered = new java.util.HashSet<>();
                for (Outcome o : outcomes) {
                    UUID sub = o.delivery().subscriptionId();
                    if (o.ok()) {
                        delivered.add(sub);
                        continue;
                    }
                    firstFailure.merge(sub, o, (x, y) -> y.attempt().at().isBefore(x.attempt().at()) ? y : x);
                    lastFailure.merge(sub, o, (x, y) -> y.attempt().at().isAfter(x.attempt().at()) ? y : x);
                }
                if (!delivered.isEmpty()) {
                    try (PreparedStatement s = c.prepareStatement("UPDATE webhook_subscriptions SET failing_since = NULL"
                            + " WHERE id = ANY (?) AND failing_since IS NOT NULL")) {
                        s.setArray(1, c.createArrayOf("uuid", delivered.toArray()));
                        s.executeUpdate();
                    }
                }
                for (var f : firstFailure.entrySet()) {
                    if (delivered.contains(f.getKey())) continue;
                    Attempt last = lastFailure.get(f.getKey()).attempt();
                    try (PreparedStatement s = c.prepareStatement("UPDATE webhook_subscriptions"
                            + " SET failing_since = COALESCE(failing_since, ?) WHERE id = ? RETURNING failing_since, enabled")) {
                        s.setTimestamp(1, Timestamp.from(f.getValue().attempt().at()));
                        s.setObject(2, f.getKey());
                        try (ResultSet rs = s.executeQuery()) {
                            if (rs.next() && rs.getBoolean(2) && rs.getTimestamp(1).toInstant().isBefore(disableBefore)) {
                                String why = "every attempt has failed since " + rs.getTimestamp(1).toInstant() + "; the last, at "
                                        + last.at() + ": " + last.error();
                                disable(c, f.getKey(), last.at(), why);
                                disabled.put(f.getKey(), why);
                            }
                        }
                    }
                }
                c.commit();
                return disabled;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void disable(Connection c, UUID id, Instant at, String why) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE webhook_subscriptions SET enabled = false, disabled_at = ?,"
                + " disabled_reason = ? WHERE id = ?");
             PreparedStatement d = c.prepareStatement("UPDATE webhook_deliveries SET state = 'failed'"
                     + " WHERE subscription_id = ? AND state = 'pending'")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, why);
            s.setObject(3, id);
            s.executeUpdate();
            d.setObject(1, id);
            d.executeUpdate();
        }
    }

    private static Subscription subscription(ResultSet rs) throws SQLException {
        return new Subscription(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), strings(rs.getArray(4)),
                uuids(rs.getArray(5)), rs.getString(6), rs.getString(7), rs.getString(8), instant(rs.getTimestamp(9)),
                rs.getLong(10), rs.getBoolean(11), instant(rs.getTimestamp(12)), rs.getString(13), instant(rs.getTimestamp(14)));
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        return new Delivery(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getLong(4), rs.getString(5), rs.getObject(6, UUID.class), rs.getString(7), rs.getInt(8),
                instant(rs.getTimestamp(9)), (Integer) rs.getObject(10), rs.getString(11), instant(rs.getTimestamp(12)),
                instant(rs.getTimestamp(13)), rs.getInt(14));
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.stream((Object[]) a.getArray()).map(String::valueOf).toList();
    }

    private static List<UUID> uuids(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.stream((Object[]) a.getArray()).map(o -> (UUID) o).toList();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
