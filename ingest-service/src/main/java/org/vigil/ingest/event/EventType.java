package org.vigil.ingest.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The public, stable name of each event type: what the log stores, what Kafka's {@code ce_type} says and what clients
 * send. A name never changes; a changed shape gets a new version with an upcaster from the old one.
 */
public enum EventType {
    POPULATION_REGISTERED("vigil.population.registered.v2", PopulationEvent.PopulationRegistered.class),
    POPULATION_COUNT_REPORTED("vigil.population.count-reported.v3", PopulationEvent.PopulationCountReported.class),
    RELOCATION_RECORDED("vigil.relocation.recorded.v2", PopulationEvent.RelocationRecorded.class),
    ATTACK_RECORDED("vigil.attack.recorded.v2", PopulationEvent.AttackRecorded.class),
    CASUALTY_AGGREGATE_CLAIMED("vigil.casualties.aggregate-claimed.v2", PopulationEvent.CasualtyAggregateClaimed.class),
    LEGAL_DESIGNATION_CHANGED("vigil.legal-designation.changed.v2", PopulationEvent.LegalDesignationChanged.class),
    REFUGEE_STATUS_CHANGED("vigil.refugee-status.changed.v2", PopulationEvent.RefugeeStatusChanged.class),
    ACCESS_RESTRICTION_RECORDED("vigil.access-restriction.recorded.v2", PopulationEvent.AccessRestrictionRecorded.class),
    DETENTION_RECORDED("vigil.detention.recorded.v1", PopulationEvent.DetentionRecorded.class),
    ACCESS_RESTRICTION_LIFTED("vigil.access-restriction.lifted.v2", PopulationEvent.AccessRestrictionLifted.class),
    INTERVENTION_RECORDED("vigil.intervention.recorded.v2", PopulationEvent.InterventionRecorded.class),
    EVENT_CORRECTED("vigil.event.corrected.v2", PopulationEvent.EventCorrected.class),
    EVENT_RETRACTED("vigil.event.retracted.v2", PopulationEvent.EventRetracted.class);

    private static final Map<String, EventType> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::typeName, Function.identity()));

    private final String typeName;
    private final Class<? extends PopulationEvent> javaType;

    EventType(String typeName, Class<? extends PopulationEvent> javaType) {
        this.typeName = typeName;
        this.javaType = javaType;
    }

    public String typeName() {
        return typeName;
    }

    public Class<? extends PopulationEvent> javaType() {
        return javaType;
    }

    public static Optional<EventType> byName(String typeName) {
        return Optional.ofNullable(BY_NAME.get(typeName));
    }

    public static EventType of(PopulationEvent event) {
        return switch (event) {
            case PopulationEvent.PopulationRegistered e -> POPULATION_REGISTERED;
            case PopulationEvent.PopulationCountReported e -> POPULATION_COUNT_REPORTED;
            case PopulationEvent.RelocationRecorded e -> RELOCATION_RECORDED;
            case PopulationEvent.AttackRecorded e -> ATTACK_RECORDED;
            case PopulationEvent.CasualtyAggregateClaimed e -> CASUALTY_AGGREGATE_CLAIMED;
            case PopulationEvent.LegalDesignationChanged e -> LEGAL_DESIGNATION_CHANGED;
            case PopulationEvent.RefugeeStatusChanged e -> REFUGEE_STATUS_CHANGED;
            case PopulationEvent.AccessRestrictionRecorded e -> ACCESS_RESTRICTION_RECORDED;
            case PopulationEvent.DetentionRecorded e -> DETENTION_RECORDED;
            case PopulationEvent.AccessRestrictionLifted e -> ACCESS_RESTRICTION_LIFTED;
            case PopulationEvent.InterventionRecorded e -> INTERVENTION_RECORDED;
            case PopulationEvent.EventCorrected e -> EVENT_CORRECTED;
            case PopulationEvent.EventRetracted e -> EVENT_RETRACTED;
        };
    }
}
