package org.vigil.casefile.consume;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The CloudEvents attributes of a record exactly as ingest-service's relay writes them (the Kafka binary binding,
 * specversion 1.0, the attributes and extensions it sets, a UTC time such as {@code 2026-12-05T15:49:50.123456Z}),
 * read straight from the headers. The SDK's general reader builds an event, a map of extensions and an
 * OffsetDateTime through a formatter for every record: about a seventh of the projection's work. Anything else (a
 * structured event, another spec version, an attribute the relay does not write, an empty one, a header twice, a
 * time in another shape) answers null and is read by the SDK ({@link EventsConsumer#read}), so what is accepted or
 * refused, and why, stays the SDK's decision; {@code RelayedAttributesTest} checks the two agree.
 */
final class RelayedAttributes {

    /** What the projection takes from a record's attributes. */
    record Attributes(String id, String subject, String type, Instant time, String streamVersion, String position,
                      String confidentiality) {
    }

    /** The last source seen valid: one relay writes the same source on every record, so it is parsed once. */
    private static volatile String validSource;

    static Attributes read(Headers headers) {
        String specversion = null, id = null, source = null, type = null, subject = null, time = null, streamVersion = null,
                position = null, confidentiality = null, recordedBy = null, hash = null;
        for (Header h : headers) {
            String key = h.key();
            if (key.equals("content-type")) {
                if (!"application/json".equals(text(h))) return null;
                continue;
            }
            if (!key.startsWith("ce_")) continue; // not an attribute (traceparent, ...): the SDK ignores it too
            String value = text(h);
            if (value == null || value.isEmpty()) return null;
            switch (key) {
                case "ce_specversion" -> { if (specversion != null) return null; specversion = value; }
                case "ce_id" -> { if (id != null) return null; id = value; }
                case "ce_source" -> { if (source != null) return null; source = value; }
                case "ce_type" -> { if (type != null) return null; type = value; }
                case "ce_subject" -> { if (subject != null) return null; subject = value; }
                case "ce_time" -> { if (time != null) return null; time = value; }
                case "ce_streamversion" -> { if (streamVersion != null) return null; streamVersion = value; }
                case "ce_logposition" -> { if (position != null) return null; position = value; }
                case "ce_confidentiality" -> { if (confidentiality != null) return null; confidentiality = value; }
                case "ce_recordedby" -> { if (recordedBy != null) return null; recordedBy = value; }
                case "ce_eventhash" -> { if (hash != null) return null; hash = value; }
                default -> {
                    return null;
                }
            }
        }
        if (!"1.0".equals(specversion) || id == null || source == null || type == null || subject == null || time == null
                || streamVersion == null || position == null || confidentiality == null || !validSource(source)) {
            return null;
        }
        Instant at = utc(time);
        return at == null ? null : new Attributes(id, subject, type, at, streamVersion, position, confidentiality);
    }

    private static String text(Header h) {
        return h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static boolean validSource(String source) {
        if (source.equals(validSource)) return true;
        try {
            URI.create(source); // as the SDK reads it
        } catch (IllegalArgumentException e) {
            return false;
        }
        validSource = source;
        return true;
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null for any other shape or an impossible date or time. */
    static Instant utc(String t) {
        int n = t.length();
        if (n < 20 || n > 30 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4), month = digits(t, 5, 2), day = digits(t, 8, 2), hour = digits(t, 11, 2),
                minute = digits(t, 14, 2), second = digits(t, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21; // the digits between '.' and 'Z'
            if (t.charAt(19) != '.' || fraction < 1 || fraction > 9) return null;
            nanos = digits(t, 20, fraction);
            if (nanos < 0) return null;
            for (int i = fraction; i < 9; i++) nanos *= 10;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException impossible) {
            return null;
        }
    }

    private static int digits(String t, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private RelayedAttributes() {
    }
}
