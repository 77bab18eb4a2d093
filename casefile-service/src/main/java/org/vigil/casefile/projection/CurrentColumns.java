package org.vigil.casefile.projection;

import java.util.List;

import org.vigil.figures.Bounds;

import org.vigil.access.Confidentiality;
import org.vigil.casefile.event.Event;

/**
 * What the current view keeps beside each stored revision (V10__current_view.sql): its rung, the interval of days it
 * may have happened in, the key it is folded by, and an attack's casualty figures as the totals add them. Computed
 * from the revision by the same rules the status uses ({@link When}, {@link Ranges}, {@link StatusView}), so that a
 * status read from these columns says what the status folded from the whole history says.
 */
public record CurrentColumns(int level, String earliest, String latest, String foldKey, long[] figures) {

    /** An undated fact (and a retraction) sorts first, as the fold puts it. */
    public static final String UNDATED = "-infinity";

    /** The fold key of a relocation that moves the whole population (a transfer or a resettlement). */
    public static final String MOVES = "moves";
    /** The fold keys of headcounts begin with this, then the site and subgroup. */
    public static final String COUNT = "count:";
    /** The fold key of a lifting: this, then the restriction lifted. */
    public static final String LIFTS = "lifts:";

    public static CurrentColumns of(CaseFile.Revision revision) {
        int level = Confidentiality.ofRecord(revision.confidentiality()).ordinal();
        Event.Fact fact = revision.fact();
        if (fact == null) return new CurrentColumns(level, UNDATED, UNDATED, null, null);
        When when;
        try {
            when = When.of(fact.occurred());
        } catch (RuntimeException unreadable) {
            when = null; // the status cannot read it either; ingest-service refuses such dates
        }
        return new CurrentColumns(level, when == null ? UNDATED : when.earliest().toString(),
                when == null ? UNDATED : when.latest().toString(), foldKey(fact), figures(fact));
    }

    private static String foldKey(Event.Fact fact) {
        return switch (fact) {
            case Event.CountReported c -> {
                StatusView.HeadcountKey key = StatusView.HeadcountKey.of(c);
                yield COUNT + key.site() + '\u001f' + key.subgroup();
            }
            case Event.Relocation r when r.movesThePopulation() -> MOVES;
            case Event.RestrictionLifted l when l.restriction() != null -> LIFTS + l.restriction();
            default -> null;
        };
    }

    /**
     * An attack's killed, injured and abducted, five numbers each: reported (1/0), low, high, open below, open above;
     * then, for each of the three in the same order, whether its range is one approximate number (1/0) (V11).
     */
    private static long[] figures(Event.Fact fact) {
        if (!(fact instanceof Event.Attack a)) return null;
        long[] out = new long[18];
        put(out, 0, a.killed(), a.sources());
        put(out, 1, a.injured(), a.sources());
        put(out, 2, a.abducted(), a.sources());
        return out;
    }

    private static void put(long[] out, int category, List<Event.Figure> figures, List<Event.Source> sources) {
        // as StatusView.sum counts an incident: one whose claims state no number reports nothing
        Bounds range = figures == null ? null : Ranges.bounds(Ranges.claims(figures, sources));
        if (range == null) return;
        int at = 5 * category;
        out[at] = 1;
        out[at + 1] = range.low();
        out[at + 2] = range.high();
        out[at + 3] = range.openBelow() ? 1 : 0;
        out[at + 4] = range.openAbove() ? 1 : 0;
        out[15 + category] = range.about() ? 1 : 0;
    }

    /** The figures as PostgreSQL reads an array literal, or null. */
    public String figuresText() {
        if (figures == null) return null;
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < figures.length; i++) out.append(i == 0 ? "" : ",").append(figures[i]);
        return out.append('}').toString();
    }

}
