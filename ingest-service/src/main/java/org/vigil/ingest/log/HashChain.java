package org.vigil.ingest.log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The SHA-256 chain over the log. Each event's hash covers the previous event's hash and every stored field of its
 * own, each field length-prefixed so that no two different rows hash alike. Changing, removing or reordering any
 * row breaks every link after it. The exact byte layout is documented in docs/event-store.md.
 */
public final class HashChain {

    public static final String GENESIS = "0".repeat(64);

    private HashChain() {
    }

    public static String link(String previousHash, long position, UUID eventId, UUID streamId, long streamVersion,
                              String type, Instant recordedAt, String recordedBy, String payload) {
        return link(previousHash, position, eventId, streamId, streamVersion, type, recordedAt, recordedBy,
                payload.getBytes(StandardCharsets.UTF_8));
    }

    /** The same link, the payload given as its UTF-8 bytes (the writer keeps them for the insert). */
    public static String link(String previousHash, long position, UUID eventId, UUID streamId, long streamVersion,
                              String type, Instant recordedAt, String recordedBy, byte[] payloadUtf8) {
        MessageDigest sha = sha256();
        field(sha, previousHash);
        field(sha, Long.toString(position));
        field(sha, eventId.toString());
        field(sha, streamId.toString());
        field(sha, Long.toString(streamVersion));
        field(sha, type);
        field(sha, recordedAt.toString());
        field(sha, recordedBy);
        field(sha, payloadUtf8);
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void field(MessageDigest sha, String value) {
        field(sha, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(MessageDigest sha, byte[] bytes) {
        int n = bytes.length;
        sha.update((byte) (n >>> 24));
        sha.update((byte) (n >>> 16));
        sha.update((byte) (n >>> 8));
        sha.update((byte) n);
        sha.update(bytes);
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
