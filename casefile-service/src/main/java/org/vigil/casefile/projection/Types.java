package org.vigil.casefile.projection;

import java.util.Set;

/** The current names of the event types this projection handles (older versions are upcast to these first). */
public final class Types {

    public static final String REGISTERED = "vigil.population.registered.v2";
    public static final String COUNT_REPORTED = Upcaster.COUNT_REPORTED_V3;
    public static final String RELOCATION = "vigil.relocation.recorded.v2";
    public static final String ATTACK = "vigil.attack.recorded.v2";
    public static final String AGGREGATE = "vigil.casualties.aggregate-claimed.v2";
    public static final String DESIGNATION = "vigil.legal-designation.changed.v2";
    public static final String REFUGEE_STATUS = "vigil.refugee-status.changed.v2";
    public static final String RESTRICTION = "vigil.access-restriction.recorded.v2";
    public static final String RESTRICTION_LIFTED = "vigil.access-restriction.lifted.v2";
    public static final String INTERVENTION = "vigil.intervention.recorded.v2";
    public static final String CORRECTED = "vigil.event.corrected.v2";
    public static final String RETRACTED = "vigil.event.retracted.v2";

    public static final Set<String> ALL = Set.of(REGISTERED, COUNT_REPORTED, RELOCATION, ATTACK, AGGREGATE, DESIGNATION,
            REFUGEE_STATUS, RESTRICTION, RESTRICTION_LIFTED, INTERVENTION, CORRECTED, RETRACTED);

    private Types() {
    }
}
