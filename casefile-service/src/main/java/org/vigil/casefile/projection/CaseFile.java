package org.vigil.casefile.projection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.vigil.access.Confidentiality;
import org.vigil.casefile.event.Event;

/**
 * Everything the log has said about one population, folded: one entry per recorded fact, each with every revision
 * it went through (as first recorded, each correction, a retraction), and when each revision was recorded. Nothing is
 * dropped, so the status can be computed for any date the facts describe ({@code asOf}) and for any moment of the
 * record ({@code knownAt}), and every superseded figure stays visible in the entry's history.
 *
 * <p>Applying an event is deterministic and does no I/O. It refuses (as an {@link Outcome.Stalled}) what it cannot
 * apply rather than skipping it.
 */
public final class CaseFile {

    public enum RevisionKind { RECORDED, CORRECTED, RETRACTED }

    /**
     * One state of an entry: the fact as it read from {@code recordedAt} on ({@code fact}; null for a retraction), or
     * its retraction. {@code text} is what the store keeps of the revision: the fact's JSON, or the retraction's.
     */
    public record Revision(RevisionKind kind, UUID byEvent, long streamVersion, Instant recordedAt, String reason,
                           String confidentiality, Event.Fact fact, String text) {
    }

    /** A recorded fact and its revisions, oldest first. */
    public record Entry(UUID eventId, String type, List<Revision> revisions) {

        /** The revision in force at a moment of the record, or null if the fact was not yet recorded then. */
        public Revision asKnownAt(Instant knownAt) {
            Revision found = null;
            for (Revision r : revisions) {
                if (knownAt == null || !r.recordedAt().isAfter(knownAt)) found = r;
            }
            return found;
        }
    }

    /** What applying one event did. */
    public sealed interface Outcome {
        record Applied() implements Outcome {
        }

        /** Already applied: a redelivery, which changes nothing. */
        record Duplicate() implements Outcome {
        }

        /** Cannot be applied; the population stops here until the cause is fixed and the event replayed. */
        record Stalled(String reason) implements Outcome {
        }
    }

    /** A revision this case file gained by applying an event: what the store must write. */
    public record NewRevision(UUID entryId, String type, Revision revision) {
    }

    private final UUID populationId;
    private final List<NewRevision> added = new ArrayList<>();
    private long version;
    private long position;
    private Instant lastRecordedAt;
    private final Map<UUID, Entry> entries;

    public CaseFile(UUID populationId) {
        this(populationId, 0, 0, null, new LinkedHashMap<>());
    }

    public CaseFile(UUID populationId, long version, long position, Instant lastRecordedAt, Map<UUID, Entry> entries) {
        this.populationId = populationId;
        this.version = version;
        this.position = position;
        this.lastRecordedAt = lastRecordedAt;
        this.entries = new LinkedHashMap<>(entries);
    }

    public UUID populationId() {
        return populationId;
    }

    public long version() {
        return version;
    }

    public long position() {
        return position;
    }

    public Instant lastRecordedAt() {
        return lastRecordedAt;
    }

    public Collection<Entry> entries() {
        return Collections.unmodifiableCollection(entries.values());
    }

    public Entry entry(UUID eventId) {
        return entries.get(eventId);
    }

    /**
     * Keeps only what applying further events needs (each fact's id and type), dropping the facts' contents: for a
     * rebuild, which writes revisions as it goes and must not hold the whole log in memory.
     */
    public void forgetContents() {
        entries.replaceAll((id, entry) -> new Entry(id, entry.type(), List.of()));
        levels = null;
    }

    /**
     * The case file as it stood once stream version {@code atVersion} was applied: later revisions, and facts recorded
     * later, left out. The log position of that version is not kept here, so the copy's position reads 0.
     */
    public CaseFile atVersion(long atVersion) {
        if (atVersion >= version) return this;
        Map<UUID, Entry> kept = new LinkedHashMap<>();
        Instant last = null;
        for (Entry e : entries.values()) {
            List<Revision> revisions = e.revisions().stream().filter(r -> r.streamVersion() <= atVersion).toList();
            if (revisions.isEmpty()) continue;
            kept.put(e.eventId(), new Entry(e.eventId(), e.type(), revisions));
            Instant at = revisions.getLast().recordedAt();
            if (last == null || at.isAfter(last)) last = at;
        }
        return new CaseFile(populationId, atVersion, 0, last, kept);
    }

    /** What a reader cleared up to some level may see, and how many records (events) were withheld, per level. */
    public record Visible(CaseFile file, Map<String, Integer> withheld) {
    }

    /**
     * The case file as a reader cleared up to {@code clearance} may see it. A fact first recorded above the clearance is
     * left out with all its revisions (a correction restates the fact); a correction or retraction above the clearance
     * is left out and the fact reads as it stood before it. Every left-out event is counted by its level; nothing else
     * about it is kept. A level that names no rung counts as the most protected.
     */
    public Visible visibleTo(Confidentiality clearance) {
        Map<String, Integer> withheld = new LinkedHashMap<>();
        for (Confidentiality level : Confidentiality.values()) if (!clearance.mayRead(level)) withheld.put(level.label(), 0);
        if (allReadableBy(clearance)) return new Visible(this, withheld); // nothing to leave out: no copy
        Map<UUID, Entry> kept = new LinkedHashMap<>();
        for (Entry e : entries.values()) {
            List<Revision> visible = new ArrayList<>();
            Confidentiality hiddenAs = null; // the level of a fact withheld as a whole
            for (Revision r : e.revisions()) {
                Confidentiality level = Confidentiality.ofRecord(r.confidentiality());
                boolean above = !clearance.mayRead(level);
                if (hiddenAs == null && visible.isEmpty() && above) hiddenAs = level;
                if (hiddenAs != null) withheld.merge(hiddenAs.label(), 1, Integer::sum);
                else if (above) withheld.merge(level.label(), 1, Integer::sum);
                else visible.add(r);
            }
            if (hiddenAs == null && !visible.isEmpty()) {
                // an entry the reader sees whole is kept as it is (most are): no copy of it per read
                kept.put(e.eventId(), visible.size() == e.revisions().size() ? e : new Entry(e.eventId(), e.type(), List.copyOf(visible)));
            }
        }
        return new Visible(new CaseFile(populationId, version, position, lastRecordedAt, kept), withheld);
    }

    private boolean allReadableBy(Confidentiality clearance) {
        for (Confidentiality level : levels().keySet()) if (!clearance.mayRead(level)) return false;
        return true;
    }

    /** How many records (revisions) above public this case file holds, per level: what showing it discloses. */
    public Map<Confidentiality, Integer> heldAbovePublic() {
        Map<Confidentiality, Integer> held = new java.util.EnumMap<>(levels());
        held.remove(Confidentiality.PUBLIC);
        return held;
    }

    /**
     * How many revisions this case file holds at each level, counted once: a case file kept for reading is not changed
     * (a change makes a new one, see {@link #extendedWith}), and each read of it asks.
     */
    private Map<Confidentiality, Integer> levels() {
        Levels known = levels;
        if (known != null && known.version() == version) return known.counts();
        Map<Confidentiality, Integer> counted = new java.util.EnumMap<>(Confidentiality.class);
        for (Entry e : entries.values()) {
            for (Revision r : e.revisions()) counted.merge(Confidentiality.ofRecord(r.confidentiality()), 1, Integer::sum);
        }
        levels = new Levels(version, java.util.Collections.unmodifiableMap(counted));
        return counted;
    }

    /** The revisions counted by level, and the version they were counted at (applying an event moves it). */
    private record Levels(long version, Map<Confidentiality, Integer> counts) {
    }

    private volatile Levels levels;

    /** The revisions gained since the last call, oldest first; the list is then cleared. */
    public List<NewRevision> drainAdded() {
        List<NewRevision> out = List.copyOf(added);
        added.clear();
        return out;
    }

    /** Rebuilds a case file from stored revisions (in stream-version order) and the stored version and position. */
    public static CaseFile fromRevisions(UUID populationId, long version, long position, Instant lastRecordedAt,
                                         List<NewRevision> revisions) {
        return new CaseFile(populationId).extendedWith(version, position, lastRecordedAt, revisions);
    }

    /**
     * A new case file: this one with stored revisions recorded after it (in stream-version order) added, at the stored
     * version and position. This one is left as it was.
     */
    public CaseFile extendedWith(long newVersion, long newPosition, Instant newLastRecordedAt, List<NewRevision> revisions) {
        Map<UUID, Entry> copy = new LinkedHashMap<>(entries);
        for (NewRevision r : revisions) {
            Entry entry = copy.get(r.entryId());
            List<Revision> list = entry == null ? new ArrayList<>() : new ArrayList<>(entry.revisions());
            list.add(r.revision());
            copy.put(r.entryId(), new Entry(r.entryId(), r.type(), List.copyOf(list)));
        }
        return new CaseFile(populationId, newVersion, newPosition, newLastRecordedAt, copy);
    }

    /**
     * Applies one event, or says why it cannot be. Whatever the event holds, this never throws: an unknown type, a
     * payload that does not read as its type, text PostgreSQL cannot store and any failure of the projection code
     * stall the population at this event (which is parked), and every other population goes on.
     */
    public Outcome apply(Envelope e) {
        String unstorable = unstorable(e);
        if (unstorable != null) return new Outcome.Stalled("event " + e.eventId() + ": " + unstorable);
        int addedBefore = added.size();
        try {
            return applyChecked(e);
        } catch (RuntimeException failure) {
            while (added.size() > addedBefore) added.removeLast();
            return new Outcome.Stalled("the projection failed on event " + e.eventId() + " (" + e.type() + "): " + failure);
        }
    }

    /** Why a text this event brings into a column of its own (not JSON) cannot be stored, or null. */
    private static String unstorable(Envelope e) {
        if (hasNul(e.type())) return "its type holds U+0000, which PostgreSQL cannot store";
        if (hasNul(e.confidentiality())) return "its confidentiality holds U+0000, which PostgreSQL cannot store";
        if (!(e.content() instanceof Envelope.Content.Read read)) return null;
        String reason = switch (read.event()) {
            case Event.Corrected c -> c.reason();
            case Event.Retracted r -> r.reason();
            case Event.Fact f -> null;
        };
        if (hasNul(reason)) return "its reason holds U+0000, which PostgreSQL cannot store";
        Event fact = read.event() instanceof Event.Corrected c ? c.corrected() : read.event();
        if (fact instanceof Event.Registered r && hasNul(r.name())) {
            return "its name holds U+0000, which PostgreSQL cannot store";
        }
        return null;
    }

    private static boolean hasNul(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }

    private Outcome applyChecked(Envelope e) {
        if (!e.populationId().equals(populationId)) {
            return new Outcome.Stalled("event " + e.eventId() + " belongs to population " + e.populationId());
        }
        if (e.streamVersion() <= version) return new Outcome.Duplicate();
        if (e.streamVersion() != version + 1) {
            return new Outcome.Stalled("expected stream version " + (version + 1) + " but received " + e.streamVersion()
                    + " (event " + e.eventId() + "): an event is missing");
        }
        Envelope.Content.Read read;
        switch (e.content()) {
            case Envelope.Content.Read r -> read = r;
            case Envelope.Content.UnknownType u -> {
                return new Outcome.Stalled("unknown event type " + e.type() + " (event " + e.eventId() + ")");
            }
            case Envelope.Content.Unreadable u -> {
                return new Outcome.Stalled("event " + e.eventId() + " (" + e.type() + ") does not read: " + u.why());
            }
        }
        Outcome refused = switch (read.event()) {
            case Event.Corrected c -> amend(e, c.target(), RevisionKind.CORRECTED, c.reason(), c.corrected(), read.text());
            case Event.Retracted r -> amend(e, r.target(), RevisionKind.RETRACTED, r.reason(), null, read.text());
            case Event.Fact fact -> record(e, fact, read.text());
        };
        if (refused != null) return refused;
        version = e.streamVersion();
        position = e.position();
        lastRecordedAt = e.recordedAt();
        return new Outcome.Applied();
    }

    /** A new fact; null when applied. */
    private Outcome record(Envelope e, Event.Fact fact, String text) {
        boolean registration = fact instanceof Event.Registered;
        if (registration && version > 0) {
            return new Outcome.Stalled("population registered twice (event " + e.eventId() + ")");
        }
        if (!registration && version == 0) {
            return new Outcome.Stalled("event " + e.eventId() + " arrived before the population's registration");
        }
        Revision revision = new Revision(RevisionKind.RECORDED, e.eventId(), e.streamVersion(), e.recordedAt(),
                null, e.confidentiality(), fact, text);
        String type = fact.typeName();
        entries.put(e.eventId(), new Entry(e.eventId(), type, List.of(revision)));
        added.add(new NewRevision(e.eventId(), type, revision));
        return null;
    }

    /** A correction (with the fact as it now reads) or a retraction (fact null) of an earlier fact; null when applied. */
    private Outcome amend(Envelope e, UUID target, RevisionKind kind, String reason, Event.Fact fact, String text) {
        Entry entry = entries.get(target);
        if (entry == null) {
            return new Outcome.Stalled("event " + e.eventId() + " amends event " + target + ", which this view never saw");
        }
        if (fact != null && !fact.typeName().equals(entry.type())) {
            return new Outcome.Stalled("event " + e.eventId() + " corrects event " + target + ", a " + entry.type()
                    + ", as a " + fact.typeName());
        }
        List<Revision> revisions = new ArrayList<>(entry.revisions());
        Revision revision = new Revision(kind, e.eventId(), e.streamVersion(), e.recordedAt(), reason,
                e.confidentiality(), fact, text);
        revisions.add(revision);
        entries.put(target, new Entry(target, entry.type(), List.copyOf(revisions)));
        added.add(new NewRevision(target, entry.type(), revision));
        return null;
    }
}
