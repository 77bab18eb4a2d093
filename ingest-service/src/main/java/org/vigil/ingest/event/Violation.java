package org.vigil.ingest.event;

/**
 * One thing wrong with a request: the field (a JSON path such as {@code killed[0].low}), the rule it breaks (a
 * stable name clients may rely on) and a sentence a researcher can act on.
 */
public record Violation(String field, String rule, String message) {

    public Violation prefixed(String prefix) {
        return new Violation(field == null || field.isEmpty() ? prefix : prefix + "." + field, rule, message);
    }
}
