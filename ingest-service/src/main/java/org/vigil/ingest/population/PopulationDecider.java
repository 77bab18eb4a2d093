package org.vigil.ingest.population;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.vigil.ingest.event.EventRules;
import org.vigil.ingest.event.EventType;
import org.vigil.ingest.event.PopulationEvent;
import org.vigil.ingest.event.PopulationEvent.AccessRestrictionLifted;
import org.vigil.ingest.event.PopulationEvent.EventCorrected;
import org.vigil.ingest.event.PopulationEvent.EventRetracted;
import org.vigil.ingest.event.PopulationEvent.PopulationRegistered;
import org.vigil.ingest.event.Violation;
import org.vigil.ingest.population.Decision.Refusal;

/**
 * The business rules of one population's stream, as a pure function: given what is recorded and what a client asks
 * to record, which events to append, or why none. No clock, no ids, no I/O: those come in on the command.
 */
public final class PopulationDecider {

    private PopulationDecider() {
    }

    public static Decision decide(AppendCommand command, StreamState state) {
        if (command.events().isEmpty()) {
            return new Decision.Rejected(Refusal.INVALID,
                    List.of(new Violation("events", "required", "send at least one event")));
        }
        if (command.expectedVersion() != null && command.expectedVersion() != state.version()) {
            return new Decision.Rejected(Refusal.VERSION_CONFLICT, List.of(new Violation("If-Match", "version.expected",
                    "the stream is at version " + state.version() + ", not " + command.expectedVersion()
                            + "; read it again and retry")));
        }

        List<Violation> invalid = new ArrayList<>();
        for (int i = 0; i < command.events().size(); i++) {
            for (Violation v : EventRules.check(command.events().get(i).event())) {
                invalid.add(command.batch() ? v.prefixed(at(command, i)) : v);
            }
        }
        if (!invalid.isEmpty()) return new Decision.Rejected(Refusal.INVALID, invalid);

        // One working copy for the whole command: folding event by event through immutable states would copy the
        // known-event map once per event, which is quadratic in the size of a batch.
        Working current = new Working(state);
        for (int i = 0; i < command.events().size(); i++) {
            NewEvent next = command.events().get(i);
            Decision.Rejected refused = refuse(command, i, next, current.snapshot());
            if (refused != null) return refused;
            current.apply(next);
        }
        return new Decision.Accepted(command.events(), current.toState());
    }

    /** The state a decision reads, seen through the working copy without copying it. */
    private record View(UUID populationId, boolean registered, long version, Map<UUID, KnownEvent> known) {
    }

    private static final class Working {
        private final UUID populationId;
        private final Map<UUID, KnownEvent> known;
        private boolean registered;
        private long version;

        Working(StreamState state) {
            this.populationId = state.populationId();
            this.known = new HashMap<>(state.known());
            this.registered = state.registered();
            this.version = state.version();
        }

        View snapshot() {
            return new View(populationId, registered, version, known);
        }

        void apply(NewEvent recorded) {
            evolve(this, recorded);
        }

        StreamState toState() {
            return new StreamState(populationId, registered, version, known);
        }
    }

    /** The stream after one more event: the state the next decision starts from. */
    public static StreamState evolve(StreamState state, NewEvent recorded) {
        Working next = new Working(state);
        evolve(next, recorded);
        return next.toState();
    }

    /**
     * What one recorded event does to the state decisions read; the one evolve, the one {@link #decide} uses. The
     * event becomes known; a registration registers the population; an event that refers to an earlier one changes
     * what that one is, as {@link #referredBy} says.
     */
    private static void evolve(Working state, NewEvent recorded) {
        PopulationEvent event = recorded.event();
        EventType type = EventType.of(event);
        state.known.put(recorded.eventId(), new KnownEvent(recorded.eventId(), state.populationId, type, false, false));
        state.version++;
        if (type == EventType.POPULATION_REGISTERED) state.registered = true;
        UUID target = refersTo(event);
        if (target != null) state.known.computeIfPresent(target, (id, known) -> referredBy(known, type));
    }

    /** The recorded event an event refers to (the fact it amends, the restriction it lifts), or null. */
    public static UUID refersTo(PopulationEvent event) {
        return switch (event) {
            case EventCorrected e -> e.target();
            case EventRetracted e -> e.target();
            case AccessRestrictionLifted e -> e.restriction();
            case PopulationRegistered e -> null;
            case PopulationEvent.PopulationCountReported e -> null;
            case PopulationEvent.RelocationRecorded e -> null;
            case PopulationEvent.AttackRecorded e -> null;
            case PopulationEvent.CasualtyAggregateClaimed e -> null;
            case PopulationEvent.LegalDesignationChanged e -> null;
            case PopulationEvent.RefugeeStatusChanged e -> null;
            case PopulationEvent.AccessRestrictionRecorded e -> null;
            case PopulationEvent.DetentionRecorded e -> null;
            case PopulationEvent.InterventionRecorded e -> null;
        };
    }

    /**
     * A recorded event as it stands once an event of type {@code by} referred to it: a retraction retracts it, a
     * lifting lifts it, a correction changes what it says but not whether it may be referred to. The state rules
     * live here and nowhere else: the log loads the events that referred to an event and folds them through this.
     */
    public static KnownEvent referredBy(KnownEvent target, EventType by) {
        return switch (by) {
            case EVENT_RETRACTED -> target.markRetracted();
            case ACCESS_RESTRICTION_LIFTED -> target.markLifted();
            case EVENT_CORRECTED, POPULATION_REGISTERED, POPULATION_COUNT_REPORTED, RELOCATION_RECORDED, ATTACK_RECORDED,
                 CASUALTY_AGGREGATE_CLAIMED, LEGAL_DESIGNATION_CHANGED, REFUGEE_STATUS_CHANGED,
                 ACCESS_RESTRICTION_RECORDED, DETENTION_RECORDED, INTERVENTION_RECORDED -> target;
        };
    }

    private static Decision.Rejected refuse(AppendCommand command, int i, NewEvent next, View state) {
        String at = at(command, i);
        String prefix = command.batch() ? at + "." : "";
        PopulationEvent event = next.event();

        if (state.known().containsKey(next.eventId())) {
            return rejected(Refusal.CONFLICT, prefix + "eventId", "event.id-unique",
                    "an event with id " + next.eventId() + " is already recorded");
        }
        if (event instanceof PopulationRegistered) {
            if (state.registered() || state.version() > 0) {
                return rejected(Refusal.CONFLICT, prefix + "type", "population.registered-once",
                        "population " + state.populationId() + " is already registered");
            }
            return null;
        }
        if (!state.registered()) {
            return rejected(Refusal.UNKNOWN_POPULATION, command.batch() ? at : "populationId", "population.registered",
                    "population " + state.populationId() + " is not registered; register it first");
        }
        return switch (event) {
            case EventCorrected c -> {
                Decision.Rejected r = checkAmendable(state, c.target(), prefix + "target", "correct");
                if (r == null && EventType.of(c.corrected()) != state.known().get(c.target()).type()) {
                    r = rejected(Refusal.INVALID_REFERENCE, prefix + "corrected.type", "correction.same-type",
                            "the corrected event must be a " + state.known().get(c.target()).type().typeName()
                                    + ", like the event it corrects");
                }
                yield r;
            }
            case EventRetracted r -> checkAmendable(state, r.target(), prefix + "target", "retract");
            case AccessRestrictionLifted l -> {
                KnownEvent restriction = state.known().get(l.restriction());
                if (restriction == null || !restriction.populationId().equals(state.populationId())) {
                    yield rejected(Refusal.INVALID_REFERENCE, prefix + "restriction", "restriction.exists",
                            "no access restriction " + l.restriction() + " is recorded for this population");
                }
                if (restriction.type() != EventType.ACCESS_RESTRICTION_RECORDED) {
                    yield rejected(Refusal.INVALID_REFERENCE, prefix + "restriction", "restriction.exists",
                            "event " + l.restriction() + " is a " + restriction.type().typeName() + ", not an access restriction");
                }
                if (restriction.retracted()) {
                    yield rejected(Refusal.INVALID_REFERENCE, prefix + "restriction", "target.not-retracted",
                            "access restriction " + l.restriction() + " was retracted");
                }
                if (restriction.lifted()) {
                    yield rejected(Refusal.INVALID_REFERENCE, prefix + "restriction", "restriction.in-force",
                            "access restriction " + l.restriction() + " is already lifted");
                }
                yield null;
            }
            case PopulationRegistered e -> null; // handled above
            case PopulationEvent.PopulationCountReported e -> null;
            case PopulationEvent.RelocationRecorded e -> null;
            case PopulationEvent.AttackRecorded e -> null;
            case PopulationEvent.CasualtyAggregateClaimed e -> null;
            case PopulationEvent.LegalDesignationChanged e -> null;
            case PopulationEvent.RefugeeStatusChanged e -> null;
            case PopulationEvent.AccessRestrictionRecorded e -> null;
            case PopulationEvent.DetentionRecorded e -> null;
            case PopulationEvent.InterventionRecorded e -> null;
        };
    }

    private static Decision.Rejected checkAmendable(View state, UUID target, String field, String verb) {
        KnownEvent known = state.known().get(target);
        if (known == null || !known.populationId().equals(state.populationId())) {
            return rejected(Refusal.INVALID_REFERENCE, field, "target.exists",
                    "no event " + target + " is recorded for this population, so there is nothing to " + verb);
        }
        if (known.type() == EventType.EVENT_CORRECTED || known.type() == EventType.EVENT_RETRACTED) {
            return rejected(Refusal.INVALID_REFERENCE, field, "target.is-fact",
                    "event " + target + " is itself a " + known.type().typeName() + "; " + verb + " the original event instead");
        }
        if (known.retracted()) {
            return rejected(Refusal.INVALID_REFERENCE, field, "target.not-retracted",
                    "event " + target + " was retracted and cannot be " + (verb.equals("correct") ? "corrected" : "retracted") + " again");
        }
        return null;
    }

    private static String at(AppendCommand command, int i) {
        return "events[" + i + "]";
    }

    private static Decision.Rejected rejected(Refusal refusal, String field, String rule, String message) {
        return new Decision.Rejected(refusal, List.of(new Violation(field, rule, message)));
    }
}
