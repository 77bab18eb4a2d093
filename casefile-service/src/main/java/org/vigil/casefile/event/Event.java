package org.vigil.casefile.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An event of a population's log as this service reads it: one record per event type, in the current version of
 * that type (older versions are upcast before they become one of these; see docs/schema-evolution.md). The fields
 * are those of the type's schema in docs/schemas, with the JSON names; a field the source did not state is null (a
 * list: empty). What each type means is in docs/events.md.
 *
 * <p>The hierarchy is sealed: a new event type is a new record here, and every switch over {@link Fact} that the
 * views make (no {@code default}) then fails to compile until it says what the new type does to them.
 */
public sealed interface Event {

    /** The names of the current event types, each with its record: the hierarchy read once. */
    Map<String, Class<? extends Event>> TYPES = EventTypes.all();

    /** The name this event's type is published under. */
    default String typeName() {
        return typeName(getClass());
    }

    static String typeName(Class<? extends Event> type) {
        TypeName name = type.getAnnotation(TypeName.class);
        if (name == null) throw new IllegalStateException(type + " names no event type");
        return name.value();
    }

    /** When something happened, with the precision its source gave (see {@code occurrenceV2}). */
    record Occurred(String precision, String at, String date, String earliest, String latest, String label) {
    }

    /** A named place, with coordinates when known (see {@code placeV2}). */
    record Place(String name, String region, String country, Double latitude, Double longitude,
                 String coordinatePrecision) {
    }

    /** A source, cited by {@code ref} from figures (see {@code sourceV2}). */
    record Source(String ref, String publisher, String title, String date, String url, String documentIndex,
                  String affiliation, String reliability, String excerpt) {
    }

    /** One source's figure, with only the numbers it states (see {@code figureV2} and docs/counting.md). */
    record Figure(String source, String qualifier, Long low, Long best, Long high, String says, String note) {
    }

    /** A fact the record keeps: recorded once, then corrected or retracted by later events, never changed. */
    sealed interface Fact extends Event {
        Occurred occurred();

        Place place();

        List<Source> sources();

        String summary();

        /** The figures this fact gives, by field name ("killed", "count"), in the order of the type's schema. */
        default Map<String, List<Figure>> figures() {
            return Map.of();
        }
    }

    @TypeName("vigil.population.registered.v2")
    record Registered(Occurred occurred, Place place, List<Source> sources, String summary, String name,
                      List<String> aliases, String description, List<Figure> size) implements Fact {
        public Registered {
            sources = list(sources);
            aliases = list(aliases);
            size = list(size);
        }

        @Override
        public Map<String, List<Figure>> figures() {
            return Map.of("size", size);
        }
    }

    @TypeName("vigil.population.count-reported.v3")
    record CountReported(Occurred occurred, Place place, List<Source> sources, String summary, String subgroup,
                         List<Figure> count, String method) implements Fact {
        public CountReported {
            sources = list(sources);
            count = list(count);
        }

        @Override
        public Map<String, List<Figure>> figures() {
            return Map.of("count", count);
        }
    }

    @TypeName("vigil.relocation.recorded.v2")
    record Relocation(Occurred occurred, Place place, List<Source> sources, String summary, Place from, Place to,
                      List<Figure> count, String kind, String voluntariness) implements Fact {
        public Relocation {
            sources = list(sources);
            count = list(count);
        }

        /** A transfer or a resettlement moves the population; a departure or a return takes some people away. */
        public boolean movesThePopulation() {
            return "internal_transfer".equals(kind) || resettlement();
        }

        public boolean resettlement() {
            return "resettlement_to_third_country".equals(kind);
        }

        @Override
        public Map<String, List<Figure>> figures() {
            return Map.of("count", count);
        }
    }

    @TypeName("vigil.attack.recorded.v2")
    record Attack(Occurred occurred, Place place, List<Source> sources, String summary, String means,
                  String perpetrator, String attribution, List<Figure> killed, List<Figure> injured,
                  List<Figure> abducted) implements Fact {
        public Attack {
            sources = list(sources);
            killed = list(killed);
            injured = list(injured);
            abducted = list(abducted);
        }

        @Override
        public Map<String, List<Figure>> figures() {
            return casualties(killed, injured, abducted);
        }
    }

    @TypeName("vigil.casualties.aggregate-claimed.v2")
    record CasualtiesClaimed(Occurred occurred, Place place, List<Source> sources, String summary, String scope,
                             List<Figure> killed, List<Figure> injured, List<Figure> abducted) implements Fact {
        public CasualtiesClaimed {
            sources = list(sources);
            killed = list(killed);
            injured = list(injured);
            abducted = list(abducted);
        }

        @Override
        public Map<String, List<Figure>> figures() {
            return casualties(killed, injured, abducted);
        }
    }

    @TypeName("vigil.legal-designation.changed.v2")
    record DesignationChanged(Occurred occurred, Place place, List<Source> sources, String summary, String subject,
                              String designation, String authority, String action, String effectiveFrom,
                              String effectiveUntil, String instrument) implements Fact {
        public DesignationChanged {
            sources = list(sources);
        }
    }

    @TypeName("vigil.refugee-status.changed.v2")
    record RefugeeStatusChanged(Occurred occurred, Place place, List<Source> sources, String summary, String authority,
                                String step, List<Figure> count, String country) implements Fact {
        public RefugeeStatusChanged {
            sources = list(sources);
            count = list(count);
        }

        @Override
        public Map<String, List<Figure>> figures() {
            return Map.of("count", count);
        }
    }

    @TypeName("vigil.access-restriction.recorded.v2")
    record RestrictionRecorded(Occurred occurred, Place place, List<Source> sources, String summary, String restricts,
                               String imposedBy, String description) implements Fact {
        public RestrictionRecorded {
            sources = list(sources);
        }
    }

    /** People of the population detained by an authority; see docs/events.md. */
    @TypeName("vigil.detention.recorded.v1")
    record DetentionRecorded(Occurred occurred, Place place, List<Source> sources, String summary, String detainedBy,
                             List<Figure> count, String grounds, String duration, String outcome, String transferredTo)
            implements Fact {
        public DetentionRecorded {
            sources = list(sources);
            count = list(count);
        }

        @Override
        public Map<String, List<Figure>> figures() {
            return Map.of("count", count);
        }
    }

    @TypeName("vigil.access-restriction.lifted.v2")
    record RestrictionLifted(Occurred occurred, Place place, List<Source> sources, String summary, UUID restriction,
                             String liftedBy) implements Fact {
        public RestrictionLifted {
            sources = list(sources);
            Objects.requireNonNull(restriction, "restriction");
        }
    }

    @TypeName("vigil.intervention.recorded.v2")
    record InterventionRecorded(Occurred occurred, Place place, List<Source> sources, String summary, String actor,
                                List<String> addressees, String channel, String asks, String documentIndex)
            implements Fact {
        public InterventionRecorded {
            sources = list(sources);
            addressees = list(addressees);
        }
    }

    /**
     * A later, better version of the fact recorded by {@code target}: {@code corrected} is the whole fact as it
     * should now read, of the same type.
     */
    @TypeName("vigil.event.corrected.v2")
    record Corrected(UUID target, String reason, Fact corrected) implements Event {
        public Corrected {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(corrected, "corrected");
        }
    }

    /** The fact recorded by {@code target} should not have been: it no longer counts, and stays in its history. */
    @TypeName("vigil.event.retracted.v2")
    record Retracted(UUID target, String reason) implements Event {
        public Retracted {
            Objects.requireNonNull(target, "target");
        }
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }

    private static Map<String, List<Figure>> casualties(List<Figure> killed, List<Figure> injured, List<Figure> abducted) {
        Map<String, List<Figure>> figures = new LinkedHashMap<>();
        figures.put("killed", killed);
        figures.put("injured", injured);
        figures.put("abducted", abducted);
        return figures;
    }
}
