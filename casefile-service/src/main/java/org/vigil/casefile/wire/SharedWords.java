package org.vigil.casefile.wire;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * The short words of facts read once and shared: a history says the same precisions, places, regions, countries,
 * publishers, titles, qualifiers and months again and again, and a case file kept for reading held each of them as a
 * string of its own per fact (about half of a headcount's memory). Words up to {@link #SHORT} characters are taken from a
 * table of those read before; the table is bounded (emptied when it holds {@link #KEPT}), and emptying it only stops
 * later facts sharing with earlier ones.
 */
final class SharedWords extends StdScalarDeserializer<String> {

    static final int SHORT = 64;
    static final int KEPT = 50_000;

    private static final ConcurrentHashMap<String, String> WORDS = new ConcurrentHashMap<>();

    SharedWords() {
        super(String.class);
    }

    /** A module that reads every string field this way. */
    static SimpleModule module() {
        return new SimpleModule("vigil-shared-words").addDeserializer(String.class, new SharedWords());
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.hasToken(JsonToken.VALUE_STRING)) return StringDeserializer.instance.deserialize(p, ctxt);
        return shared(p.getText());
    }

    static String shared(String word) {
        if (word == null || word.length() > SHORT) return word;
        String known = WORDS.putIfAbsent(word, word);
        if (known != null) return known;
        if (WORDS.size() > KEPT) WORDS.clear();
        return word;
    }
}
