package org.vigil.ingest.event;

/**
 * How a headcount was arrived at, as its source says: a count of people present (HEADCOUNT), a register such as
 * UNHCR's (REGISTRATION), or an estimate (ESTIMATE). NOT_STATED when the source does not say; every headcount
 * recorded before vigil.population.count-reported.v2 reads as NOT_STATED (see docs/schema-evolution.md).
 */
public enum CountMethod {
    HEADCOUNT, REGISTRATION, ESTIMATE, NOT_STATED
}
