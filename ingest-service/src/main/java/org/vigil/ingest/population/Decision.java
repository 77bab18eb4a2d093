package org.vigil.ingest.population;

import java.util.List;

import org.vigil.ingest.event.Violation;

/** What the decider says of a command: record these events, or record nothing, for these reasons. */
public sealed interface Decision {

    /** The events to append, and the stream state once they are: where the next command on the stream starts. */
    record Accepted(List<NewEvent> events, StreamState after) implements Decision {
    }

    record Rejected(Refusal refusal, List<Violation> violations) implements Decision {
    }

    /** Why nothing was recorded; each maps to one problem type and HTTP status at the edge. */
    enum Refusal {
        /** An event breaks a rule of its own (a field missing, a range reversed). */
        INVALID,
        /** The population is not registered. */
        UNKNOWN_POPULATION,
        /** The stream moved on since the version the client expected. */
        VERSION_CONFLICT,
        /** The event conflicts with what is recorded: an id taken, a population registered twice. */
        CONFLICT,
        /** The event refers to a recorded event that it may not refer to (missing, retracted, of another kind). */
        INVALID_REFERENCE
    }
}
