package org.vigil.casefile.projection;

import java.util.List;

import org.vigil.figures.Bounds;
import org.vigil.figures.FigureWords;
import org.vigil.figures.Stated;

/**
 * How Vigil counts: the one algebra of ranges and totals, pure and typed. docs/counting.md states it with worked
 * examples; the report's methodology summarises it.
 * <ul>
 *   <li>One fact's range across sources runs from the lowest number any source states to the highest number any
 *   source states. A lower bound ("at least 12") contributes its number and never erases the others. The range is
 *   open above only where its highest number is itself a lower bound, open below only where its lowest is itself an
 *   upper bound ("up to 250"). low <= high always.</li>
 *   <li>A range of one number that every source gives as an approximation ("about 3,400") says "about": the range
 *   never prints that number barer than its sources did.</li>
 *   <li>A documented sum runs from the sum of the parts' lows to the sum of their highs, open above (below) where any
 *   part is, "about" (when it is one number) where any part is. A part that gives no figure is "not reported", never
 *   0: it is counted apart, not added.</li>
 * </ul>
 */
public final class FigureAlgebra {

    private FigureAlgebra() {
    }

    /** The range of one fact's figures across sources; {@code figures} is not empty. */
    public static Bounds range(List<Stated> figures) {
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (Stated f : figures) {
            low = Math.min(low, f.min());
            high = Math.max(high, f.max());
        }
        boolean openBelow = false;
        boolean openAbove = false;
        boolean about = true;  // one number, approximate only when every source gives it so
        for (Stated f : figures) {
            if (f.max() == high && f.openAbove()) openAbove = true;
            if (f.min() == low && f.openBelow()) openBelow = true;
            if (!f.approximate()) about = false;
        }
        return new Bounds(low, high, openBelow, openAbove, about);
    }

    /** The documented sum of several facts' ranges; {@code parts} is not empty. */
    public static Bounds sum(List<Bounds> parts) {
        long low = 0;
        long high = 0;
        boolean openBelow = false;
        boolean openAbove = false;
        boolean about = false;
        for (Bounds b : parts) {
            low += b.low();
            high += b.high();
            openBelow |= b.openBelow();
            openAbove |= b.openAbove();
            about |= b.about();  // a sum of single numbers is approximate when any of them is
        }
        return new Bounds(low, high, openBelow, openAbove, about);
    }

    /** A source's name and its figure in words, for a statement. */
    public record Attribution(String source, String words) {
    }

    /**
     * The range with the sources beside it: "between 12 and 20, according to A (at least 12), B (15) and C (about
     * 20)"; one source alone in its own words: "more than 1,300, according to A".
     */
    public static String statement(Bounds range, List<Attribution> claims) {
        if (claims.isEmpty()) return FigureWords.say(range);
        if (claims.size() == 1) return claims.getFirst().words() + ", according to " + claims.getFirst().source();
        StringBuilder out = new StringBuilder(FigureWords.say(range)).append(", according to ");
        for (int i = 0; i < claims.size(); i++) {
            if (i > 0) out.append(i == claims.size() - 1 ? " and " : ", ");
            out.append(claims.get(i).source()).append(" (").append(claims.get(i).words()).append(')');
        }
        return out.toString();
    }
}
