package org.vigil.casefile.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vigil.casefile.event.Event;

/**
 * Turns an event's JSON payload, in the current version of its type (see {@link Upcaster}), into its record in
 * {@link Event}, and back. The only place in this service where an event's fields are read by name; the projection
 * works on the records. Fields a record does not keep (a correction's {@code patch}, the envelope's
 * {@code confidentiality}) are left out.
 */
public final class EventCodec {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(SharedWords.module())
            .build();

    /** Why a payload does not read as its type. */
    public static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    private EventCodec() {
    }

    /** The record of a payload of the (current) type {@code type}, or null when no type has that name. */
    public static Event decode(String type, JsonNode data) throws Unreadable {
        Class<? extends Event> record = Event.TYPES.get(type);
        if (record == null) return null;
        if (!(data instanceof ObjectNode object)) throw new Unreadable("its payload is not a JSON object");
        if (record == Event.Corrected.class) {
            JsonNode corrected = object.path("corrected");
            String correctedType = corrected.path("type").asText(null);
            if (correctedType == null) throw new Unreadable("the corrected event names no type");
            Event fact = decode(correctedType, withoutType(corrected));
            if (!(fact instanceof Event.Fact f)) {
                throw new Unreadable("the corrected event's type " + correctedType + " is not a type of fact");
            }
            return new Event.Corrected(read(object.path("target"), java.util.UUID.class, "target"),
                    object.path("reason").asText(null), f);
        }
        return read(object, record, type);
    }

    private static final java.util.Map<Class<?>, com.fasterxml.jackson.databind.ObjectReader> READERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The record of a payload read straight from its bytes, without a tree in between, for the common case: a type of
     * the current version that is not a correction. Null when that is not the case or the bytes do not read as the
     * record for any reason: the caller then reads them the general way ({@link #decode}), which says why.
     */
    public static Event decodeDirectly(String type, byte[] bytes) {
        return direct(type, reader -> reader.readValue(bytes));
    }

    /** The same, from the payload's text (a fact as the views store it). */
    public static Event decodeDirectly(String type, String text) {
        return text == null ? null : direct(type, reader -> reader.readValue(text));
    }

    private interface Reading {
        Event read(com.fasterxml.jackson.databind.ObjectReader reader) throws java.io.IOException;
    }

    private static Event direct(String type, Reading reading) {
        if (type == null || Upcaster.retired(type)) return null;
        Class<? extends Event> record = Event.TYPES.get(type);
        if (record == null || record == Event.Corrected.class) return null;
        try {
            return reading.read(READERS.computeIfAbsent(record, JSON::readerFor));
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** A fact's record from its type and its fields as stored (without {@code type}). */
    public static Event.Fact fact(String type, JsonNode data) throws Unreadable {
        if (decode(type, data) instanceof Event.Fact fact) return fact;
        throw new Unreadable(type + " is not a type of fact");
    }

    /** A fact's fields as stored: its JSON without {@code type}. */
    public static JsonNode withoutType(JsonNode fact) {
        if (!(fact instanceof ObjectNode object) || !object.has("type")) return fact;
        ObjectNode copy = object.deepCopy();
        copy.remove("type");
        return copy;
    }

    private static <T> T read(JsonNode node, Class<T> type, String what) throws Unreadable {
        try {
            T value = JSON.treeToValue(node, type);
            if (value == null) throw new Unreadable(what + " is missing");
            return value;
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw new Unreadable("it does not read as " + what + ": " + reason(e));
        }
    }

    private static String reason(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
