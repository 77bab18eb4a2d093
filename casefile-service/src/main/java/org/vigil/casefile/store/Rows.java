package org.vigil.casefile.store;

import org.vigil.casefile.failure.Failures;
import java.time.Instant;
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
        return row;
    }

    static CaseFile.NewRevision toRevision(FactRow f) {
        try {
            CaseFile.RevisionKind kind = CaseFile.RevisionKind.valueOf(f.kind.toUpperCase());
            boolean retraction = kind == CaseFile.RevisionKind.RETRACTED;
            String type = f.type;
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
}
