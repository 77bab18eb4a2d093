package org.vigil.ingest.event;

import java.util.Optional;

import org.vigil.figures.FigureWords;
import org.vigil.figures.Qualifier;
import org.vigil.figures.Stated;

/**
 * A number as one source claims it: the source's ref, how the source qualifies it, the numbers it states (each
 * absent when the source does not state it: "up to 250" has no low), the source's own words ({@code says}, as the
 * recorder typed them) and a {@code note} ("bodies counted at the hospital"). A recorder may send the words alone,
 * the numbers alone (one is enough; a single number without a qualifier is a plain figure), or both, which must
 * agree. The grammar of the words and the rules of the numbers are org.vigil.figures'; docs/counting.md.
 */
public record Figure(String source, Qualifier qualifier, Long low, Long best, Long high, String says, String note) {

    public static Figure exactly(String source, long value) {
        return new Figure(source, Qualifier.EXACT, null, value, null, null, null);
    }

    public static Figure of(String source, Qualifier qualifier, Long low, Long best, Long high) {
        return new Figure(source, qualifier, low, best, high, null, null);
    }

    public static Figure says(String source, String words) {
        return new Figure(source, null, null, null, null, words, null);
    }

    public boolean hasNumbers() {
        return low != null || best != null || high != null;
    }

    /** The numbers this figure states, as given (qualifier possibly absent). */
    public Stated stated() {
        return new Stated(qualifier, low, best, high);
    }

    /** The words read with the grammar, when there are words and they read. */
    public Optional<Stated> parsedWords() {
        if (says == null || says.isBlank()) return Optional.empty();
        try {
            return Optional.of(FigureWords.parse(says));
        } catch (FigureWords.Unreadable e) {
            return Optional.empty();
        }
    }

    /**
     * The figure as stored: the numbers as sent, or taken from the words when only words were sent; the qualifier
     * from the words, or for bare numbers inferred (one number: a plain figure; a low below a high: between).
     * Changes no meaning; a figure whose words do not read or disagree is left for the rules to refuse.
     */
    public Figure completed() {
        Stated stated = stated();
        Optional<Stated> words = parsedWords();
        if (words.isPresent() && (qualifier == null || qualifier == words.get().qualifier())) {
            // The words give the qualifier; numbers sent beside them stay as sent, for the rules to compare.
            stated = hasNumbers() ? new Stated(words.get().qualifier(), low, best, high) : words.get();
        } else if (qualifier == null && hasNumbers()) {
            long distinct = stated.numbers().stream().distinct().count();
            Qualifier inferred = distinct == 1 ? Qualifier.EXACT : low != null && high != null ? Qualifier.BETWEEN : null;
            if (inferred == null) return this;
            stated = new Stated(inferred, low, best, high);
        }
        if (!hasNumbers() && stated.numbers().isEmpty()) return this;
        return new Figure(source, stated.qualifier(), stated.low(), stated.best(), stated.high(), says, note);
    }
}
