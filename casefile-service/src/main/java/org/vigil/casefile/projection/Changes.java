package org.vigil.casefile.projection;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.vigil.casefile.event.Event;

/**
 * What a correction changed, field by field, in words: a date as its sources gave it, figures as their statement
 * ("35, according to News report" -> "between 35 and 36, according to News report (35) and Tahar Boumedra (36)"),
 * sources by publisher, codes and text as written. Fields that read the same before and after are left out. The
 * fields are the record's, in the order of the type's schema; a correction restates a fact of the same type.
 */
final class Changes {

    private Changes() {
    }

    static List<Dossier.Change> between(Event.Fact before, Event.Fact after) {
        List<Dossier.Change> out = new ArrayList<>();
        for (RecordComponent field : after.getClass().getRecordComponents()) {
            String was = before.getClass() == after.getClass() ? say(field, before) : "not stated";
            String now = say(field, after);
            if (!was.equals(now)) out.add(new Dossier.Change(field.getName(), was, now));
        }
        return out;
    }

    private static String say(RecordComponent field, Event.Fact fact) {
        Object value = value(field, (Record) fact);
        if (value == null || (value instanceof List<?> list && list.isEmpty())) return "not stated";
        Map<String, List<Event.Figure>> figures = fact.figures();
        if (figures.containsKey(field.getName())) {
            PopulationStatus.Range r = Ranges.of(figures.get(field.getName()), fact.sources());
            return r == null ? "not stated" : r.statement();
        }
        if (value instanceof Event.Occurred occurred) {
            When w = When.of(occurred);
            return w == null ? "not stated" : w.text();
        }
        if (field.getName().equals("sources")) {
            List<String> publishers = new ArrayList<>();
            for (Event.Source s : fact.sources()) publishers.add(s.publisher() != null ? s.publisher() : String.valueOf(s.ref()));
            return String.join("; ", publishers);
        }
        return flat(value);
    }

    /** A value in words: a record as "name: Camp Ashraf, country: IQ" (its stated parts), a list joined by "; ". */
    private static String flat(Object value) {
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object v : list) parts.add(flat(v));
            return String.join("; ", parts);
        }
        if (value instanceof Record record) {
            List<String> parts = new ArrayList<>();
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                Object part = value(c, record);
                if (part != null) parts.add(c.getName() + ": " + flat(part));
            }
            return String.join(", ", parts);
        }
        return String.valueOf(value);
    }

    private static Object value(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
        }
    }
}
