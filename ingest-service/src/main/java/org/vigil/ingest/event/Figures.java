package org.vigil.ingest.event;

import java.util.List;

import org.vigil.ingest.event.PopulationEvent.AccessRestrictionLifted;
import org.vigil.ingest.event.PopulationEvent.AccessRestrictionRecorded;
import org.vigil.ingest.event.PopulationEvent.AttackRecorded;
import org.vigil.ingest.event.PopulationEvent.CasualtyAggregateClaimed;
import org.vigil.ingest.event.PopulationEvent.EventCorrected;
import org.vigil.ingest.event.PopulationEvent.EventRetracted;
import org.vigil.ingest.event.PopulationEvent.InterventionRecorded;
import org.vigil.ingest.event.PopulationEvent.LegalDesignationChanged;
import org.vigil.ingest.event.PopulationEvent.PopulationCountReported;
import org.vigil.ingest.event.PopulationEvent.PopulationRegistered;
import org.vigil.ingest.event.PopulationEvent.RefugeeStatusChanged;
import org.vigil.ingest.event.PopulationEvent.RelocationRecorded;

/** Every figure of an event, {@link Figure#completed() completed} as it is stored. */
public final class Figures {

    private Figures() {
    }

    public static PopulationEvent completed(PopulationEvent event) {
        return switch (event) {
            case PopulationRegistered e -> new PopulationRegistered(e.occurred(), e.place(), e.sources(), e.confidentiality(),
                    e.summary(), e.name(), e.aliases(), e.description(), complete(e.size()));
            case PopulationCountReported e -> new PopulationCountReported(e.occurred(), e.place(), e.sources(),
                    e.confidentiality(), e.summary(), e.subgroup(), complete(e.count()), e.method());
            case RelocationRecorded e -> new RelocationRecorded(e.occurred(), e.place(), e.sources(), e.confidentiality(),
                    e.summary(), e.from(), e.to(), complete(e.count()), e.kind(), e.voluntariness());
            case AttackRecorded e -> new AttackRecorded(e.occurred(), e.place(), e.sources(), e.confidentiality(), e.summary(),
                    e.means(), e.perpetrator(), e.attribution(), complete(e.killed()), complete(e.injured()), complete(e.abducted()));
            case CasualtyAggregateClaimed e -> new CasualtyAggregateClaimed(e.occurred(), e.place(), e.sources(),
                    e.confidentiality(), e.summary(), e.scope(), complete(e.killed()), complete(e.injured()), complete(e.abducted()));
            case RefugeeStatusChanged e -> new RefugeeStatusChanged(e.occurred(), e.place(), e.sources(), e.confidentiality(),
                    e.summary(), e.authority(), e.step(), complete(e.count()), e.country());
            case EventCorrected e -> e.corrected() == null ? e : e.resolved(completed(e.corrected()));
            case LegalDesignationChanged e -> e;
            case AccessRestrictionRecorded e -> e;
            case PopulationEvent.DetentionRecorded e -> new PopulationEvent.DetentionRecorded(e.occurred(), e.place(),
                    e.sources(), e.confidentiality(), e.summary(), e.detainedBy(), complete(e.count()), e.grounds(),
                    e.duration(), e.outcome(), e.transferredTo());
            case AccessRestrictionLifted e -> e;
            case InterventionRecorded e -> e;
            case EventRetracted e -> e;
        };
    }

    private static List<Figure> complete(List<Figure> figures) {
        return figures.stream().map(f -> f == null ? null : f.completed()).toList();
    }
}
