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
     * What one kept revision costs on the heap, estimated from its JSON text: the parsed tree takes about seven times
     * the text (nodes, field names, boxed numbers), plus the revision's own fields. Measured in the soak (a live-heap
     * histogram of 43,228 kept revisions): 3.2 KB for a headcount of about 400 characters.
     */
    static long estimatedBytes(FactRow f) {
        return 7L * (f.data == null ? 0 : f.data.length()) + 400;
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

    synchronized void clear() {
        files.clear();
        bytes = 0;
    }
}
