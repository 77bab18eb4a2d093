package org.vigil.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigil.ingest.event.EventType;

/** Queries over the log match every name a type was ever written under: the log keeps old events as written. */
class UpcastersTest {

    @Test
    void every_name_of_a_type_is_known_and_reads_as_the_current_one() {
        assertThat(Upcasters.allNames(EventType.EVENT_RETRACTED.typeName()))
                .containsExactly("vigil.event.retracted.v1", "vigil.event.retracted.v2");
        assertThat(Upcasters.allNames(EventType.POPULATION_COUNT_REPORTED.typeName())).containsExactly(
                "vigil.population.count-reported.v1", "vigil.population.count-reported.v2", "vigil.population.count-reported.v3");
        for (EventType type : EventType.values()) {
            for (String name : Upcasters.allNames(type.typeName())) {
                assertThat(EventType.byName(Upcasters.currentType(name))).contains(type);
            }
        }
    }
}
