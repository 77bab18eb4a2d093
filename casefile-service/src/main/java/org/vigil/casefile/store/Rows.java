package org.vigil.casefile.store;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.vigil.casefile.failure.Failures;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.vigil.casefile.event.Event;
import org.vigil.casefile.wire.EventCodec;
import org.vigil.casefile.wire.Upcaster;
import org.vigil.casefile.projection.CaseFile;
import org.vigil.casefile.wire.LoggedEvent;

/** Between the projection's values and the rows that store them: revisions, parked events. */
final class Rows {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ParkedEvent park(LoggedEvent e, String reason, Instant now) {
        ParkedEvent p = new ParkedEvent();
        p.eventId = e.eventId();
        p.populationId = e.populationId();
        p.streamVersion = e.streamVersion();
        p.position = e.position();
        p.type = Failures.storable(e.type());
        p.recordedAt = e.recordedAt();
        p.confidentiality = Failures.storable(e.confidentiality());
        p.data = e.data().toString();
        p.reason = Failures.storable(reason);
        p.parkedAt = now;
        return p;
    }

    static LoggedEvent toEvent(ParkedEvent p) {
        try {
            return new LoggedEvent(p.eventId, p.populationId, p.streamVersion, p.position, p.type, p.recordedAt,
                    p.confidentiality, JSON.readTree(p.data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parked event does not read back: " + p.eventId, e);
        }
    }

    static FactRow toRow(UUID populationId, CaseFile.NewRevision r) {
        FactRow row = new FactRow();
        row.byEvent = r.revision().byEvent();
        row.populationId = populationId;
        row.entryId = r.entryId();
        row.streamVersion = r.revision().streamVersion();
        row.kind = r.revision().kind().name().toLowerCase();
        row.type = r.type();
        row.recordedAt = r.revision().recordedAt();
        row.reason = r.revision().reason();
        row.confidentiality = r.revision().confidentiality();
        row.data = r.revision().text();
        row.current = org.vigil.casefile.projection.CurrentColumns.of(r.revision());
        return row;
    }

    static CaseFile.NewRevision toRevision(FactRow f) {
        try {
            CaseFile.RevisionKind kind = CaseFile.RevisionKind.valueOf(f.kind.toUpperCase());
            boolean retraction = kind == CaseFile.RevisionKind.RETRACTED;
            String type = f.type;
            // the common cases read once: a retraction carries no fact, and a fact of the current version reads
            // straight into its record (no tree in between); an older version goes the long way, through its upcast
            if (retraction) {
                String current = Upcaster.retired(type) ? Upcaster.currentType(type) : type;
                return new CaseFile.NewRevision(f.entryId, current, new CaseFile.Revision(
                        kind, f.byEvent, f.streamVersion, f.recordedAt, f.reason, f.confidentiality, null, f.data));
            }
            if (EventCodec.decodeDirectly(type, f.data) instanceof Event.Fact direct) {
                return new CaseFile.NewRevision(f.entryId, type, new CaseFile.Revision(
                        kind, f.byEvent, f.streamVersion, f.recordedAt, f.reason, f.confidentiality, direct, f.data));
            }
            JsonNode data = JSON.readTree(f.data);
            // A fact stored by an older version of this service reads as the current version.
            Upcaster.Upcast current = Upcaster.upcastFact(type, retraction, data);
            if (current != null) {
                type = current.type();
                data = current.data();
            }
            Event.Fact fact = retraction ? null : EventCodec.fact(type, data);
            return new CaseFile.NewRevision(f.entryId, type, new CaseFile.Revision(
                    kind, f.byEvent, f.streamVersion, f.recordedAt, f.reason, f.confidentiality, fact,
                    current != null ? data.toString() : f.data));
        } catch (JsonProcessingException | EventCodec.Unreadable e) {
            throw new IllegalStateException("a stored fact does not read back: " + f.byEvent + " (" + e.getMessage() + ")", e);
        }
    }

    private Rows() {
    }

    /**
     * All of a batch's facts in one INSERT ... SELECT FROM unnest(arrays): one statement and one round trip instead
     * of one row each, which is where catch-up spends its time. With each revision go the current view's columns
     * (V10__current_view.sql): an amendment takes its fact's first rung from the fact's first revision (in this batch
     * or stored before), and the revisions before it are marked superseded from its rung on, in a second statement
     * that runs only when the batch amends something.
     */
    static Uni<Void> insertFacts(Mutiny.StatelessSession session, List<FactRow> facts) {
        if (facts.isEmpty()) return Uni.createFrom().voidItem();
        int n = facts.size();
        UUID[] byEvent = new UUID[n];
        UUID[] population = new UUID[n];
        UUID[] entry = new UUID[n];
        Long[] version = new Long[n];
        String[] kind = new String[n];
        String[] type = new String[n];
        String[] reason = new String[n];
        String[] confidentiality = new String[n];
        String[] data = new String[n];
        String[] recordedAt = new String[n]; // as text: the driver does not take arrays of date-times
        Integer[] level = new Integer[n];
        String[] earliest = new String[n];
        String[] latest = new String[n];
        String[] foldKey = new String[n];
        String[] figures = new String[n];
        List<UUID> amendments = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            FactRow f = facts.get(i);
            byEvent[i] = f.byEvent;
            population[i] = f.populationId;
            entry[i] = f.entryId;
            version[i] = f.streamVersion;
            kind[i] = f.kind;
            type[i] = f.type;
            recordedAt[i] = f.recordedAt.toString();
            reason[i] = f.reason;
            confidentiality[i] = f.confidentiality;
            data[i] = f.data;
            var c = f.current;
            level[i] = c.level();
            earliest[i] = c.earliest();
            latest[i] = c.latest();
            foldKey[i] = c.foldKey();
            figures[i] = c.figuresText();
            if (!"recorded".equals(f.kind)) amendments.add(f.byEvent);
        }
        Uni<Void> inserted = session.createNativeQuery(INSERT)
                .setParameter(1, byEvent).setParameter(2, population).setParameter(3, entry).setParameter(4, version)
                .setParameter(5, kind).setParameter(6, type).setParameter(7, recordedAt).setParameter(8, reason)
                .setParameter(9, confidentiality).setParameter(10, data).setParameter(11, level).setParameter(12, earliest)
                .setParameter(13, latest).setParameter(14, foldKey).setParameter(15, figures)
                .executeUpdate().replaceWithVoid();
        if (amendments.isEmpty()) return inserted;
        UUID[] amending = amendments.toArray(UUID[]::new);
        return inserted.chain(() -> session.createNativeQuery(SUPERSEDE).setParameter(1, amending).executeUpdate()).replaceWithVoid();
    }

    private static final String INSERT = """
            WITH u AS (SELECT * FROM unnest(CAST(?1 AS uuid[]), CAST(?2 AS uuid[]), CAST(?3 AS uuid[]), CAST(?4 AS bigint[]),
                    CAST(?5 AS text[]), CAST(?6 AS text[]), CAST(CAST(?7 AS text[]) AS timestamptz[]), CAST(?8 AS text[]),
                    CAST(?9 AS text[]), CAST(?10 AS text[]), CAST(?11 AS int[]), CAST(CAST(?12 AS text[]) AS date[]),
                    CAST(CAST(?13 AS text[]) AS date[]), CAST(?14 AS text[]), CAST(?15 AS text[]))
                AS u(by_event, population_id, entry_id, stream_version, kind, type, recorded_at, reason, confidentiality,
                     data, level, earliest, latest, fold_key, figures))
            INSERT INTO facts (by_event, population_id, entry_id, stream_version, kind, type, recorded_at, reason,
                               confidentiality, data, level, entry_level, earliest, latest, fold_key, figures)
            SELECT u.by_event, u.population_id, u.entry_id, u.stream_version, u.kind, u.type, u.recorded_at, u.reason,
                   u.confidentiality, u.data, u.level,
                   CASE WHEN u.kind = 'recorded' THEN u.level
                        ELSE coalesce(b.level, (SELECT e.level FROM facts e WHERE e.by_event = u.entry_id), 2) END,
                   u.earliest, u.latest, u.fold_key, CAST(u.figures AS bigint[])
            FROM u LEFT JOIN u b ON u.kind <> 'recorded' AND b.by_event = u.entry_id""";

    /** The revisions before each amendment just written ($1: the amendments alone) are superseded from its rung on. */
    private static final String SUPERSEDE = """
            UPDATE facts f SET superseded_from = s.rung
            FROM (SELECT o.by_event, min(a.level) AS rung
                  FROM facts a JOIN facts o ON o.entry_id = a.entry_id AND o.stream_version < a.stream_version
                  WHERE a.by_event = ANY (CAST(?1 AS uuid[]))
                  GROUP BY o.by_event) s
            WHERE f.by_event = s.by_event AND f.superseded_from > s.rung""";
}
