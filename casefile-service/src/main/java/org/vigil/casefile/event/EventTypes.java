package org.vigil.casefile.event;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the sealed hierarchy of {@link Event} once: every record in it, by the name its type is published under. */
final class EventTypes {

    private EventTypes() {
    }

    static Map<String, Class<? extends Event>> all() {
        Map<String, Class<? extends Event>> types = new LinkedHashMap<>();
        collect(Event.class, types);
        return Map.copyOf(types);
    }

    @SuppressWarnings("unchecked")
    private static void collect(Class<?> type, Map<String, Class<? extends Event>> into) {
        if (type.isRecord()) {
            Class<? extends Event> event = (Class<? extends Event>) type;
            Class<? extends Event> before = into.put(Event.typeName(event), event);
            if (before != null) throw new IllegalStateException(before + " and " + type + " share a type name");
            return;
        }
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted == null) return;
        for (Class<?> sub : permitted) collect(sub, into);
    }
}
