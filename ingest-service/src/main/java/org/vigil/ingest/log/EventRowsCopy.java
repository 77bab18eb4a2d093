package org.vigil.ingest.log;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A large group's event rows as one binary {@code COPY}: each value goes over as its bytes, with no quoting into an
 * array literal on our side and no parsing of one on PostgreSQL's. The payload goes as the exact UTF-8 bytes the hash
 * covered ({@code json}'s binary form is its text, checked by PostgreSQL as on any insert). PostgreSQL's binary copy
 * format: a signature and two zero words, then per row a field count and each field as its length (-1 for null) and
 * its bytes, then -1.
 */
final class EventRowsCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final int COLUMNS = 13;
    /** timestamptz is microseconds since 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    static final String SQL = "COPY events (position, event_id, stream_id, stream_version, type, recorded_at, recorded_by, "
            + "target_event_id, confidentiality, payload, prev_hash, hash, trace_parent) FROM STDIN (FORMAT binary)";

    private EventRowsCopy() {
    }

    /** Inserts the rows; {@code payloads} holds each row's payload as UTF-8, in the same order. */
    static void copy(Connection c, List<RecordedEvent> rows, List<byte[]> payloads) throws SQLException {
        Out data = encode(rows, payloads);
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(SQL);
        try {
            in.writeToCopy(data.buf, 0, data.count);
            in.endCopy();
        } finally {
            if (in.isActive()) in.cancelCopy();
        }
    }

    private static Out encode(List<RecordedEvent> rows, List<byte[]> payloads) {
        Out out = new Out(rows.size() * 700 + 32);
        out.write(SIGNATURE, 0, SIGNATURE.length);
        out.int32(0);
        out.int32(0);
        for (int i = 0; i < rows.size(); i++) {
            RecordedEvent e = rows.get(i);
            out.int16(COLUMNS);
            out.int64Field(e.position());
            out.uuidField(e.eventId());
            out.uuidField(e.populationId());
            out.int64Field(e.streamVersion());
            out.textField(e.type());
            out.int64Field(micros(e.recordedAt()));
            out.textField(e.recordedBy());
            out.uuidField(e.targetEventId());
            out.textField(e.confidentiality());
            out.bytesField(payloads.get(i));
            out.textField(e.previousHash());
            out.textField(e.hash());
            out.textField(e.traceParent());
        }
        out.int16(-1);
        return out;
    }

    static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L), at.getNano() / 1_000);
    }

    /** A growing byte array with the big-endian writes the format needs. */
    private static final class Out {
        private byte[] buf;
        private int count;

        Out(int size) {
            buf = new byte[size];
        }

        private void room(int n) {
            if (count + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + n));
        }

        void write(byte[] b, int off, int len) {
            room(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        void int16(int v) {
            room(2);
            buf[count++] = (byte) (v >>> 8);
            buf[count++] = (byte) v;
        }

        void int32(int v) {
            room(4);
            buf[count++] = (byte) (v >>> 24);
            buf[count++] = (byte) (v >>> 16);
            buf[count++] = (byte) (v >>> 8);
            buf[count++] = (byte) v;
        }

        void int64(long v) {
            int32((int) (v >>> 32));
            int32((int) v);
        }

        void int64Field(long v) {
            int32(8);
            int64(v);
        }

        void uuidField(UUID id) {
            if (id == null) {
                int32(-1);
                return;
            }
            int32(16);
            int64(id.getMostSignificantBits());
            int64(id.getLeastSignificantBits());
        }

        void textField(String s) {
            if (s == null) {
                int32(-1);
                return;
            }
            bytesField(s.getBytes(StandardCharsets.UTF_8));
        }

        void bytesField(byte[] b) {
            int32(b.length);
            write(b, 0, b.length);
        }
    }
}
