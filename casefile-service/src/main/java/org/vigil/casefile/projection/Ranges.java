package org.vigil.casefile.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.vigil.casefile.event.Event;
import org.vigil.casefile.projection.CaseFile.Revision;
import org.vigil.casefile.projection.CaseFile.RevisionKind;
import org.vigil.casefile.projection.PopulationStatus.Claim;
import org.vigil.casefile.projection.PopulationStatus.Range;
import org.vigil.figures.Bounds;
import org.vigil.figures.FigureWords;
import org.vigil.figures.Qualifier;
import org.vigil.figures.Stated;

/**
 * A fact's figures as the views give them: each source's claim with the source named, the range of the claims by
 * the one algebra ({@link FigureAlgebra}), in words and with the sources, and every different figure the fact gave
 * before a correction.
 */
final class Ranges {

    private Ranges() {
    }

    /** The range of one field's figures, each claim with the source it cites; null when none states a number. */
    static Range of(List<Event.Figure> figures, List<Event.Source> sources) {
        return of(claims(figures, sources));
    }

    /** Each figure as a claim by its source. */
    static List<Claim> claims(List<Event.Figure> figures, List<Event.Source> sources) {
        Map<String, PopulationStatus.Cited> cited = new HashMap<>();
        for (Event.Source s : sources) cited.put(s.ref(), cited(s));
        List<Claim> claims = new ArrayList<>(figures.size());
        for (Event.Figure f : figures) claims.add(claim(f, cited.get(f.source())));
        return claims;
    }

    /**
     * The bounds of these claims, as {@link #of(List)} gives them, without the words and the statement (the headcount
     * history and series of a dossier sum thousands of reports and need neither); null when no claim states a number.
     */
    static Bounds bounds(List<Claim> claims) {
        List<Stated> stated = new ArrayList<>(claims.size());
        for (Claim c : claims) {
            Stated s = stated(c);
            if (s != null) stated.add(s);
        }
        return stated.isEmpty() ? null : FigureAlgebra.range(stated);
    }

    /**
     * The bounds of several groups of claims taken together, from each group's own bounds: what {@link #bounds(List)}
     * gives for all their claims at once (the lowest low, open below when a group reaching it is, and so above), without
     * keeping the claims. Null when no group states a number.
     */
    static Bounds union(List<Bounds> groups) {
        if (groups.isEmpty()) return null;
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (Bounds b : groups) {
            low = Math.min(low, b.low());
            high = Math.max(high, b.high());
        }
        boolean openBelow = false;
        boolean openAbove = false;
        boolean about = true;
        for (Bounds b : groups) {
            if (b.low() == low && b.openBelow()) openBelow = true;
            if (b.high() == high && b.openAbove()) openAbove = true;
            if (!b.about()) about = false;
        }
        return new Bounds(low, high, openBelow, openAbove, about);
    }

    /** The range of these claims (see {@link FigureAlgebra}); null when none states a number. */
    static Range of(List<Claim> claims) {
        List<Stated> stated = new ArrayList<>();
        List<FigureAlgebra.Attribution> said = new ArrayList<>();
        for (Claim c : claims) {
            Stated s = stated(c);
            if (s == null) continue;
            stated.add(s);
            said.add(new FigureAlgebra.Attribution(c.publisher() != null ? c.publisher() : c.source(), c.words()));
        }
        if (stated.isEmpty()) return null;
        Bounds b = FigureAlgebra.range(stated);
        return new Range(b.low(), b.high(), b.openBelow(), b.openAbove(), FigureWords.say(b),
                FigureAlgebra.statement(b, said), List.copyOf(claims), List.of());
    }

    /**
     * One field's figures of a fact as the record stands ({@code revision} of {@code entry}), with every different
     * figure the fact gave in the revisions before (a correction never erases what was known): "4, according to B;
     * earlier 3, according to A". Every revision of an entry is a fact of the same type.
     */
    @SuppressWarnings("unchecked")
    static <F extends Event.Fact> Range of(CaseFile.Entry entry, Revision inForce, F fact,
                                           Function<F, List<Event.Figure>> field) {
        Range current = of(field.apply(fact), fact.sources());
        List<Revision> revisions = entry.revisions();
        if (revisions.size() == 1) return current; // the common case: a fact never corrected
        List<PopulationStatus.Earlier> earlier = new ArrayList<>();
        int at = revisions.indexOf(inForce);
        for (int i = 0; i < at; i++) {
            Revision r = revisions.get(i);
            if (r.kind() == RevisionKind.RETRACTED) continue;
            F was = (F) r.fact();
            Range before = of(field.apply(was), was.sources());
            String said = before == null ? "not stated" : before.statement();
            String now = current == null ? "not stated" : current.statement();
            if (said.equals(now)) continue;
            earlier.add(new PopulationStatus.Earlier(r.recordedAt().toString(), revisions.get(i + 1).recordedAt().toString(),
                    before == null ? "not stated" : before.words(), said, before == null ? List.of() : before.claims()));
        }
        if (earlier.isEmpty()) return current;
        if (current == null) {
            return new Range(0, 0, false, false, "not stated", "not stated", List.of(), List.copyOf(earlier));
        }
        return current.withEarlier(earlier);
    }

    /** Ranges of one quantity given by several facts, merged into one, with what each said before. */
    static Range merge(List<Range> ranges) {
        List<Claim> claims = new ArrayList<>();
        List<PopulationStatus.Earlier> earlier = new ArrayList<>();
        for (Range r : ranges) {
            claims.addAll(r.claims());
            earlier.addAll(r.earlier());
        }
        Range merged = of(claims);
        return merged == null || earlier.isEmpty() ? merged : merged.withEarlier(earlier);
    }

    static Bounds bounds(Range r) {
        if (r.low() != r.high() || r.openBelow() || r.openAbove()) return new Bounds(r.low(), r.high(), r.openBelow(), r.openAbove());
        // one number: its claims say whether it is approximate (the same low, high and open ends)
        Bounds fromClaims = bounds(r.claims());
        return fromClaims != null ? fromClaims : new Bounds(r.low(), r.high(), r.openBelow(), r.openAbove());
    }

    private static Claim claim(Event.Figure f, PopulationStatus.Cited source) {
        Stated s = stated(f);
        boolean numbers = f.low() != null || f.best() != null || f.high() != null;
        // a publisher that sent words alone is read with the same grammar (ingest-service stores the numbers beside
        // the words); a figure whose words do not read states no number
        boolean read = !numbers && s != null;
        Qualifier q = read ? s.qualifier() : Qualifier.fromWire(f.qualifier());
        return new Claim(f.source(), source == null ? null : source.publisher(), q == null ? null : q.wire(),
                read ? s.low() : f.low(), read ? s.best() : f.best(), read ? s.high() : f.high(),
                s == null ? "not stated" : FigureWords.say(s), f.says(), f.note(), source);
    }

    /** What one figure states: its numbers, else its words read with the figure grammar; null when neither does. */
    private static Stated stated(Event.Figure f) {
        if (f.low() != null || f.best() != null || f.high() != null) {
            Qualifier q = Qualifier.fromWire(f.qualifier());
            return new Stated(q == null ? Qualifier.EXACT : q, f.low(), f.best(), f.high());
        }
        if (f.says() == null) return null;
        try {
            return FigureWords.parse(f.says());
        } catch (FigureWords.Unreadable e) {
            return null;
        }
    }

    /**
     * The bounds alone of a fact's figures, by the same algebra, without words, statement or claims: for drawing
     * many claims at once, where only the latest are said in words. Null when none states a number.
     */
    static Range bare(List<Event.Figure> figures) {
        List<Stated> stated = new ArrayList<>();
        for (Event.Figure f : figures) {
            Stated s = stated(f);
            if (s != null) stated.add(s);
        }
        if (stated.isEmpty()) return null;
        Bounds b = FigureAlgebra.range(stated);
        return new Range(b.low(), b.high(), b.openBelow(), b.openAbove(), null, null, List.of(), List.of());
    }

    private static Stated stated(Claim c) {
        if (c.low() == null && c.best() == null && c.high() == null) return null;
        Qualifier q = Qualifier.fromWire(c.qualifier());
        return new Stated(q == null ? Qualifier.EXACT : q, c.low(), c.best(), c.high());
    }

    static PopulationStatus.Cited cited(Event.Source s) {
        return new PopulationStatus.Cited(s.publisher(), s.title(), s.date(), s.url(), s.documentIndex());
    }

    static List<PopulationStatus.Cited> sources(Event.Fact fact) {
        return fact == null ? List.of() : fact.sources().stream().map(Ranges::cited).toList();
    }
}
