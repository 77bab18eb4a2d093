package org.vigil.casefile.store;

import org.vigil.casefile.failure.Failures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The records of the events topic that are not Vigil CloudEvents, kept whole (bytes and all, in the transaction of the
 * batch they came in) so that the consumer moves past them without losing them; {@code POST /admin/replay} reads them
 * again once the cause is fixed, and forgets each one it then applied.
 */
@ApplicationScoped
public class UnreadableRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Mutiny.SessionFactory sessions;

    public UnreadableRecords(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Keeps the records that are not Vigil CloudEvents, bytes and all; a redelivered one is kept once. */
    static Uni<Void> keep(Mutiny.StatelessSession session, List<UnreadableRecord> records) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        Instant now = Instant.now();
        for (UnreadableRecord r : records) {
            chain = chain.chain(() -> session.createNativeQuery("INSERT INTO unreadable_records (topic, partition, record_offset,"
                            + " key_base64, headers, value_base64, reason, parked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                            + " ON CONFLICT (topic, partition, record_offset) DO NOTHING")
                    .setParameter(1, Failures.storable(r.topic())).setParameter(2, r.partition()).setParameter(3, r.offset())
                    .setParameter(4, base64(r.key())).setParameter(5, headersJson(r.headers())).setParameter(6, base64(r.value()))
                    .setParameter(7, Failures.storable(r.reason())).setParameter(8, now)
                    .executeUpdate().replaceWithVoid());
        }
        return chain;
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : java.util.Base64.getEncoder().encodeToString(bytes);
    }

    private static String headersJson(List<UnreadableRecord.Header> headers) {
        var array = JSON.createArrayNode();
        for (UnreadableRecord.Header h : headers) {
            array.addObject().put("name", Failures.storable(h.name())).put("base64", base64(h.value()));
        }
        return array.toString();
    }

    /** The records kept because they could not be read, oldest first. */
    public Uni<List<UnreadableRecord>> all() {
        return sessions.withStatelessSession(session -> session.createNativeQuery(
                        "SELECT topic, partition, record_offset, key_base64, headers, value_base64, reason FROM unreadable_records ORDER BY id",
                        Object[].class).getResultList())
                .map(rows -> rows.stream().map(UnreadableRecords::toUnreadable).toList());
    }

    private static UnreadableRecord toUnreadable(Object[] row) {
        try {
            List<UnreadableRecord.Header> headers = new ArrayList<>();
            for (var h : JSON.readTree((String) row[4])) {
                headers.add(new UnreadableRecord.Header(h.path("name").asText(), unbase64(h.path("base64").textValue())));
            }
            return new UnreadableRecord((String) row[0], ((Number) row[1]).intValue(), ((Number) row[2]).longValue(),
                    unbase64((String) row[3]), headers, unbase64((String) row[5]), (String) row[6]);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a kept unreadable record does not read back", e);
        }
    }

    private static byte[] unbase64(String text) {
        return text == null ? null : java.util.Base64.getDecoder().decode(text);
    }

    /** Forgets an unreadable record once it has been read again and applied (or parked behind its population). */
    public Uni<Void> forget(UnreadableRecord r) {
        return sessions.withStatelessTransaction((session, tx) -> session.createNativeQuery(
                        "DELETE FROM unreadable_records WHERE topic = ?1 AND partition = ?2 AND record_offset = ?3")
                .setParameter(1, r.topic()).setParameter(2, r.partition()).setParameter(3, r.offset()).executeUpdate()).replaceWithVoid();
    }
}
