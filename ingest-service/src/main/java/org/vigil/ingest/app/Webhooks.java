package org.vigil.ingest.app;

import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import org.vigil.access.Confidentiality;
import org.vigil.ingest.log.LogReader;
import org.vigil.ingest.webhook.Signature;
import org.vigil.ingest.webhook.WebhookDispatcher;
import org.vigil.ingest.webhook.WebhookStore;

/**
 * Webhook subscriptions as their owners see them: an analyst sees and manages the subscriptions they created, an
 * admin every one. A subscription delivers what its creator's clearance allowed when it was created, from the log's
 * head then (or from a position given), and a replay sends again from any position.
 */
@ApplicationScoped
public class Webhooks {

    private final WebhookStore store;
    private final WebhookDispatcher dispatcher;
    private final LogReader log;

    public Webhooks(WebhookStore store, WebhookDispatcher dispatcher, LogReader log) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.log = log;
    }

    /** Who asks: their name, whether they may see every subscription, and their clearance. */
    public record Owner(String name, boolean admin, Confidentiality clearance) {
    }

    /** What a new subscription asks for; {@code secret} null: one is made. {@code fromPosition} null: the log's head. */
    public record Request(URI url, List<String> eventTypes, List<UUID> populations, String secret, String description,
                          Long fromPosition) {
    }

    /** Why the address is refused (a private or loopback destination the allow-list does not admit), or null. */
    public String refusal(URI url) {
        return dispatcher.destinations().refusal(url);
    }

    public boolean secretWellFormed(String secret) {
        return Signature.wellFormed(secret);
    }

    public long head() {
        return read(log::headPosition);
    }

    public WebhookStore.Subscription create(Request r, Owner owner) {
        String secret = r.secret() == null ? Signature.newSecret() : r.secret();
        long from = r.fromPosition() == null ? head() : r.fromPosition();
        WebhookStore.Subscription s = new WebhookStore.Subscription(UUID.randomUUID(), r.url().toString(), secret,
                List.copyOf(r.eventTypes()), List.copyOf(r.populations()), owner.clearance().label(), r.description(),
                owner.name(), Instant.now(), from, true, null, null, null);
        read(() -> {
            store.insert(s);
            return null;
        });
        return s;
    }

    public List<WebhookStore.Subscription> list(Owner owner) {
        return read(() -> store.subscriptions(owner.admin() ? null : owner.name()));
    }

    /** A subscription its owner (or an admin) may see; another caller's is missing, as if it did not exist. */
    public Optional<WebhookStore.Subscription> find(UUID id, Owner owner) {
        return read(() -> store.subscription(id)).filter(s -> owner.admin() || s.createdBy().equals(owner.name()));
    }

    public boolean delete(UUID id, Owner owner) {
        return find(id, owner).map(s -> read(() -> store.delete(id))).orElse(false);
    }

    public Optional<WebhookStore.Subscription> enable(UUID id, Owner owner) {
        return find(id, owner).flatMap(s -> {
            read(() -> {
                store.enable(id, Instant.now());
                return null;
            });
            return read(() -> store.subscription(id));
        });
    }

    /** Delivers again every event after {@code position} that the subscription takes, each under its earlier id. */
    public Optional<WebhookStore.Subscription> replay(UUID id, long position, Owner owner) {
        return find(id, owner).flatMap(s -> {
            read(() -> {
                store.rewind(id, position);
                return null;
            });
            return read(() -> store.subscription(id));
        });
    }

    public Optional<List<WebhookStore.Delivery>> deliveries(UUID id, String state, long after, int limit, Owner owner) {
        return find(id, owner).map(s -> read(() -> store.deliveries(id, state, after, limit)));
    }

    /** One delivery and its attempts, oldest first. */
    public record DeliveryDetail(WebhookStore.Delivery delivery, List<WebhookStore.Attempt> attempts) {
    }

    public Optional<DeliveryDetail> delivery(UUID id, UUID deliveryId, Owner owner) {
        return find(id, owner).flatMap(s -> read(() -> store.delivery(deliveryId))
                .filter(d -> d.subscriptionId().equals(id))
                .map(d -> new DeliveryDetail(d, read(() -> store.attempts(deliveryId)))));
    }

    @FunctionalInterface
    private interface Query<T> {
        T run() throws SQLException;
    }

    private static <T> T read(Query<T> query) {
        try {
            return query.run();
        } catch (SQLException e) {
            throw new StoreFailure(e);
        }
    }
}
