package org.vigil.ingest.event;

import org.vigil.access.Confidentiality;
import java.util.List;
import java.util.UUID;

/**
 * Everything that can be recorded about a population at risk, as facts in the past tense. Each event carries when
 * it happened (with its precision), where, which sources claim it and who may read it; figures are always
 * {@link Figure}s attributed to one of the event's sources, stating only what the source states. A field a source
 * may leave unsaid (attribution, voluntariness, channel, a headcount's method, a source's reliability grade) is
 * optional: absent or {@code not_stated} both mean "not stated", and no view turns that into a stronger word.
 *
 * <p>The stable type names that clients, the log and Kafka use are in {@link EventType}, never derived from these
 * class names.
 */
public sealed interface PopulationEvent {

    Occurrence occurred();

    Place place();

    List<Source> sources();

    Confidentiality confidentiality();

    /** Free text, the recorder's own words; optional. */
    String summary();

    /** A population enters the record: the first event of its stream. */
    record PopulationRegistered(Occurrence occurred, Place place, List<Source> sources,
                                Confidentiality confidentiality, String summary,
                                String name, List<String> aliases, String description, List<Figure> size)
            implements PopulationEvent {
        public PopulationRegistered {
            sources = listOrEmpty(sources);
            aliases = listOrEmpty(aliases);
            size = listOrEmpty(size);
        }
    }

    /**
     * A source's headcount of the population, or of a named part of it ({@code subgroup}), at a place, and how the
     * source arrived at it ({@code method}; added in v2, "not_stated" for v1 events).
     */
    record PopulationCountReported(Occurrence occurred, Place place, List<Source> sources,
                                   Confidentiality confidentiality, String summary,
                                   String subgroup, List<Figure> count, CountMethod method)
            implements PopulationEvent {
        public PopulationCountReported {
            sources = listOrEmpty(sources);
            count = listOrEmpty(count);
        }
    }

    /** People moved from one site to another site or country. */
    record RelocationRecorded(Occurrence occurred, Place place, List<Source> sources,
                              Confidentiality confidentiality, String summary,
                              Place from, Place to, List<Figure> count, RelocationKind kind,
                              Voluntariness voluntariness)
            implements PopulationEvent {
        public RelocationRecorded {
            sources = listOrEmpty(sources);
            count = listOrEmpty(count);
        }
    }

    /** An attack on the population; killed, injured and abducted are kept apart, each as figures per source. */
    record AttackRecorded(Occurrence occurred, Place place, List<Source> sources,
                          Confidentiality confidentiality, String summary,
                          String means, String perpetrator, Attribution attribution,
                          List<Figure> killed, List<Figure> injured, List<Figure> abducted)
            implements PopulationEvent {
        public AttackRecorded {
            sources = listOrEmpty(sources);
            killed = listOrEmpty(killed);
            injured = listOrEmpty(injured);
            abducted = listOrEmpty(abducted);
        }
    }

    /**
     * A total that a source claims over several incidents ("three major attacks that killed 116"). Kept as a
     * claim of its own, never merged with the sum of documented incidents.
     */
    record CasualtyAggregateClaimed(Occurrence occurred, Place place, List<Source> sources,
                                    Confidentiality confidentiality, String summary,
                                    String scope, List<Figure> killed, List<Figure> injured, List<Figure> abducted)
            implements PopulationEvent {
        public CasualtyAggregateClaimed {
            sources = listOrEmpty(sources);
            killed = listOrEmpty(killed);
            injured = listOrEmpty(injured);
            abducted = listOrEmpty(abducted);
        }
    }

    /** A legal status given to, taken from, lapsing for or disputed over the population or a part of it. */
    record LegalDesignationChanged(Occurrence occurred, Place place, List<Source> sources,
                                   Confidentiality confidentiality, String summary,
                                   String subject, Designation designation, String authority,
                                   DesignationAction action, String effectiveFrom, String effectiveUntil,
                                   String instrument)
            implements PopulationEvent {
        public LegalDesignationChanged {
            sources = listOrEmpty(sources);
        }
    }

    /** A step of refugee status determination, for a number of people. */
    record RefugeeStatusChanged(Occurrence occurred, Place place, List<Source> sources,
                                Confidentiality confidentiality, String summary,
                                String authority, RefugeeStep step, List<Figure> count, String country)
            implements PopulationEvent {
        public RefugeeStatusChanged {
            sources = listOrEmpty(sources);
            count = listOrEmpty(count);
        }
    }

    /** Something blocked: medical visits, fuel, visitors. It stays in force until lifted. */
    record AccessRestrictionRecorded(Occurrence occurred, Place place, List<Source> sources,
                                     Confidentiality confidentiality, String summary,
                                     RestrictedAccess restricts, String imposedBy, String description)
            implements PopulationEvent {
        public AccessRestrictionRecorded {
            sources = listOrEmpty(sources);
        }
    }

    /**
     * People of the population detained, arrested or held by an authority ({@code detainedBy}): how many, per source,
     * the grounds and the duration as the source gives them, and what became of them ({@code outcome}, with whom they
     * were handed to, {@code transferredTo}).
     */
    record DetentionRecorded(Occurrence occurred, Place place, List<Source> sources,
                             Confidentiality confidentiality, String summary,
                             String detainedBy, List<Figure> count, String grounds, String duration,
                             DetentionOutcome outcome, String transferredTo)
            implements PopulationEvent {
        public DetentionRecorded {
            sources = listOrEmpty(sources);
            count = listOrEmpty(count);
        }
    }

    /** An earlier restriction ({@code restriction} is its event id) ends. */
    record AccessRestrictionLifted(Occurrence occurred, Place place, List<Source> sources,
                                   Confidentiality confidentiality, String summary,
                                   UUID restriction, String liftedBy)
            implements PopulationEvent {
        public AccessRestrictionLifted {
            sources = listOrEmpty(sources);
        }
    }

    /** An outside actor (Amnesty International, a UN body) asks something of an addressee. */
    record InterventionRecorded(Occurrence occurred, Place place, List<Source> sources,
                                Confidentiality confidentiality, String summary,
                                String actor, List<String> addressees, InterventionChannel channel, String asks,
                                String documentIndex)
            implements PopulationEvent {
        public InterventionRecorded {
            sources = listOrEmpty(sources);
            addressees = listOrEmpty(addressees);
        }
    }

    /**
     * A later, better version of an earlier event ({@code target}): {@code corrected} is the whole event as it should
     * now read, of the same type. A recorder may send only what changes instead, as a JSON Merge Patch (RFC 7396)
     * against the fact as it stands ({@code patch}, kept as sent); the log then stores the patch and the whole
     * event it makes. The original stays in the log.
     */
    record EventCorrected(Occurrence occurred, Place place, List<Source> sources,
                          Confidentiality confidentiality, String summary,
                          UUID target, String reason, PopulationEvent corrected, java.util.Map<String, Object> patch)
            implements PopulationEvent {
        public EventCorrected {
            sources = listOrEmpty(sources);
        }

        public EventCorrected(Occurrence occurred, Place place, List<Source> sources, Confidentiality confidentiality,
                              String summary, UUID target, String reason, PopulationEvent corrected) {
            this(occurred, place, sources, confidentiality, summary, target, reason, corrected, null);
        }

        /** The same correction with the whole event its patch makes. */
        public EventCorrected resolved(PopulationEvent whole) {
            return new EventCorrected(occurred, place, sources, confidentiality, summary, target, reason, whole, patch);
        }
    }

    /** An earlier event ({@code target}) should no longer be relied on. It stays in the log, marked. */
    record EventRetracted(Occurrence occurred, Place place, List<Source> sources,
                          Confidentiality confidentiality, String summary,
                          UUID target, String reason)
            implements PopulationEvent {
        public EventRetracted {
            sources = listOrEmpty(sources);
        }
    }

    enum RelocationKind { INTERNAL_TRANSFER, RESETTLEMENT_TO_THIRD_COUNTRY, RETURN_TO_ORIGIN, DEPARTURE }

    enum Voluntariness { VOLUNTARY, FORCED, CONTESTED, UNKNOWN, NOT_STATED }

    enum DetentionOutcome { RELEASED, TRANSFERRED, DEPORTED, STILL_HELD, NOT_STATED }

    enum Attribution { KNOWN, SUSPECTED, DISPUTED, UNKNOWN, NOT_STATED }

    enum Designation {
        PROTECTED_PERSONS_GCIV_ART27, TERRORIST_LISTING, ASYLUM_SEEKERS, REFUGEES, PERSONS_OF_CONCERN, OTHER
    }

    enum DesignationAction { DESIGNATED, REVOKED, LAPSED, CONTESTED }

    enum RefugeeStep { REGISTERED, INTERVIEWED, RECOGNISED, REJECTED, RESETTLED }

    enum RestrictedAccess { MEDICAL_VISITS, MEDICAL_SUPPLIES, FOOD, FUEL, WATER, VISITORS, LAWYERS, MEDIA, MOVEMENT, OTHER }

    enum InterventionChannel { LETTER, PUBLIC_STATEMENT, REPORT, URGENT_ACTION, MEETING, RESOLUTION, OTHER, NOT_STATED }

    private static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
