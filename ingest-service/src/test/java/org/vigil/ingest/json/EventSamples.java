package org.vigil.ingest.json;

import org.vigil.figures.Qualifier;

import java.util.List;
import java.util.UUID;

import org.vigil.access.Confidentiality;
import org.vigil.ingest.event.CountMethod;
import org.vigil.ingest.event.Figure;
import org.vigil.ingest.event.Occurrence;
import org.vigil.ingest.event.Place;
import org.vigil.ingest.event.PopulationEvent;
import org.vigil.ingest.event.PopulationEvent.*;
import org.vigil.ingest.event.Precision;
import org.vigil.ingest.event.Source;

/** One fixed example of every event type, from the Camp Ashraf record, for the approval tests. */
public final class EventSamples {

    private EventSamples() {
    }

    static final Place ASHRAF = new Place("Camp Ashraf", "Diyala", "IQ", 33.64, 44.52, Place.CoordinatePrecision.SITE);
    static final Place LIBERTY = Place.named("Camp Liberty", "Baghdad", "IQ");
    static final Source AMNESTY = new Source("ai", "Amnesty International",
            "Iraq: No Iranians in need of protection should be sent to Iran against their will", "2008-08-28", null,
            "AI Index: MDE 14/023/2008", Source.Affiliation.NGO, Source.Reliability.B, null);
    static final Source OVERVIEW = new Source("pp", "Political Platform", "Camp Ashraf: an overview 1986-2016", "2016",
            null, null, Source.Affiliation.PARTY_TO_CONFLICT, Source.Reliability.D, "killing 13 people and wounding many others");
    static final UUID TARGET = UUID.fromString("0192a000-0000-7000-8000-000000000001");

    public static List<PopulationEvent> all() {
        return List.of(
                new PopulationRegistered(Occurrence.year("1986"), ASHRAF, List.of(AMNESTY), Confidentiality.PUBLIC, null,
                        "Camp Ashraf residents", List.of("PMOI", "MEK", "MKO"), "Iranian exiles", List.of(Figure.of("ai", Qualifier.ABOUT, null, 3400L, null))),
                new PopulationCountReported(Occurrence.month("2008-01"), ASHRAF, List.of(AMNESTY), Confidentiality.PUBLIC, null,
                        "dissidents at the US-protected camp", List.of(Figure.exactly("ai", 110)), CountMethod.ESTIMATE),
                new RelocationRecorded(Occurrence.range("2012-02-01", "2013-09-30", "2012 to September 2013"), null, List.of(OVERVIEW),
                        Confidentiality.PUBLIC, null, ASHRAF, LIBERTY, List.of(Figure.of("pp", Qualifier.MORE_THAN, 3000L, null, null)),
                        RelocationKind.INTERNAL_TRANSFER, Voluntariness.CONTESTED),
                new AttackRecorded(Occurrence.range("2009-07-28", "2009-07-29", "28-29 July 2009"), ASHRAF, List.of(OVERVIEW),
                        Confidentiality.PUBLIC, null, "armed raid", "Iraqi armed forces", Attribution.KNOWN,
                        List.of(Figure.exactly("pp", 13)), List.of(), List.of()),
                new CasualtyAggregateClaimed(new Occurrence(Precision.RANGE, null, null, "2009-01-01", "2013-09-30", null), ASHRAF,
                        List.of(OVERVIEW), Confidentiality.PUBLIC, null, "three major attacks on Camp Ashraf",
                        List.of(Figure.exactly("pp", 116)), List.of(Figure.says("pp", "about 1,000").completed()), List.of()),
                new LegalDesignationChanged(Occurrence.day("2004-07-21"), ASHRAF, List.of(AMNESTY), Confidentiality.PUBLIC, null,
                        "residents of Camp Ashraf", Designation.PROTECTED_PERSONS_GCIV_ART27, "Multi-National Force - Iraq",
                        DesignationAction.DESIGNATED, "2004-07-21", null, "Fourth Geneva Convention, art. 27"),
                new RefugeeStatusChanged(Occurrence.year("2012"), LIBERTY, List.of(OVERVIEW), Confidentiality.RESTRICTED, null,
                        "UNHCR", RefugeeStep.RECOGNISED, List.of(Figure.of("pp", Qualifier.AT_LEAST, 1L, null, null)), null),
                new AccessRestrictionRecorded(Occurrence.month("2009-01"), ASHRAF, List.of(AMNESTY), Confidentiality.PUBLIC, null,
                        RestrictedAccess.MEDICAL_VISITS, "Iraqi authorities", "a team of doctors denied access for several days"),
                new AccessRestrictionLifted(Occurrence.month("2009-01"), ASHRAF, List.of(AMNESTY), Confidentiality.PUBLIC, null,
                        TARGET, "Iraqi authorities"),
                new PopulationEvent.DetentionRecorded(Occurrence.month("2008-01"), Place.named("Turkish border", null, "TR"),
                        List.of(AMNESTY), Confidentiality.PUBLIC, null, "Turkish border police", List.of(Figure.exactly("ai", 70)),
                        "crossing the border", "one month", PopulationEvent.DetentionOutcome.TRANSFERRED, "Iraqi police"),
                new InterventionRecorded(Occurrence.day("2008-08-28"), null, List.of(AMNESTY), Confidentiality.PUBLIC, null,
                        "Amnesty International", List.of("Prime Minister of Iraq", "US Secretary of State"), InterventionChannel.LETTER,
                        "no forcible return to Iran; protection under international law", "AI Index: MDE 14/023/2008"),
                new EventCorrected(null, null, List.of(OVERVIEW), Confidentiality.PUBLIC, null, TARGET, "a later count",
                        new AttackRecorded(Occurrence.day("2011-04-08"), ASHRAF, List.of(OVERVIEW), Confidentiality.PUBLIC, null,
                                "army raid", "Iraqi army", Attribution.KNOWN, List.of(Figure.exactly("pp", 36)),
                                List.of(Figure.exactly("pp", 318)), List.of())),
                new EventRetracted(null, null, List.of(), Confidentiality.PUBLIC, "withdrawn", TARGET, "entered twice"));
    }
}
