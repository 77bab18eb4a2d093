package org.vigil.casefile.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.vigil.casefile.projection.CaseFile;

/** The case files read last, least recently read dropped first once they take more than {@link #RECENT_BYTES}. */
final class RecentCaseFiles {

    /**
     * How much heap the case files kept for reading may take in all, estimated: a quarter of the heap. (A bound in
     * facts was no bound in memory: a 30-minute soak filled a 384 MB heap with 130,000 kept facts.)
     */
    static final long RECENT_BYTES = Runtime.getRuntime().maxMemory() / 4;

    /**
     * What one kept revision costs on the heap, estimated from its JSON text: the text itself (kept for the event's
     * history) and the fact read from it, whose long strings repeat the text and whose short words are shared between
     * facts (wire/SharedWords), plus the revision's own fields; a text beyond Latin-1 (Persian, Arabic) takes two bytes
     * a character. Measured by KeptCaseFileMemoryTest (retained heap of 50,000 revisions): 1.0 KB for a headcount of
     * 342 characters, 1.24 KB for an attack of 568; estimated 1.28 KB and 1.74 KB. (Before the words were shared the
     * headcount took 1.65 KB; the estimate was then seven times the text plus 400 bytes, 2.8 KB, which kept a case file
     * of 100,000 events out of a 768 MB heap's budget.)
     */
    static long estimatedBytes(FactRow f) {
        if (f.data == null) return 600;
        return 2L * f.data.length() * (latin1(f.data) ? 1 : 2) + 600;
    }

    private static boolean latin1(String text) {
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) > 0xFF) return false;
        return true;
    }

    private record Kept(CaseFile file, long bytes) {
    }

    private final Map<UUID, Kept> files = new java.util.LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    synchronized CaseFile get(UUID id) {
        Kept kept = files.get(id);
        return kept == null ? null : kept.file();
    }

    /** Keeps a case file; {@code extended}: it is the kept one with {@code added} bytes more, else {@code added} is all of it. */
    synchronized void put(UUID id, CaseFile file, long added, boolean extended) {
        Kept old = files.get(id);
        if (extended && old == null) return; // its base was dropped meanwhile: its size is not known, keep nothing
        long size = extended ? old.bytes() + added : added;
        if (old != null) bytes -= old.bytes();
        files.put(id, new Kept(file, size));
        bytes += size;
        var it = files.entrySet().iterator();
        while (bytes > RECENT_BYTES && it.hasNext()) {
            var eldest = it.next();
            if (eldest.getKey().equals(id)) continue;
            bytes -= eldest.getValue().bytes();
            it.remove();
        }
        if (bytes > RECENT_BYTES) { // one case file larger than the whole budget is not kept either
            bytes -= files.remove(id).bytes();
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized void clear() {
        files.clear();
        bytes = 0;
    }
}
