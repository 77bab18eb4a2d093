package org.vigil.casefile.store;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.vigil.casefile.projection.CaseFile;

/**
 * A population's facts a page at a time, for exports: one statement per page, read through the reactive client
 * without entities (an export reads every fact once), so that pages can be read ahead while the last is written out.
 */
@ApplicationScoped
public class FactPages {

    private static final String PAGE = """
            SELECT f.by_event, f.entry_id, f.stream_version, f.kind, f.type, f.recorded_at, f.reason, f.confidentiality, f.data
            FROM facts f
            WHERE f.population_id = $1 AND f.stream_version <= $3 AND f.entry_id IN (
                SELECT r.by_event FROM facts r
                WHERE r.population_id = $1 AND r.kind = 'recorded' AND r.stream_version > $2 AND r.stream_version <= $3
                ORDER BY r.stream_version LIMIT $4)
            ORDER BY f.stream_version""";

    private final Pool pool;

    public FactPages(Pool pool) {
        this.pool = pool;
    }

    /**
     * The next {@code limit} facts of a population first recorded after stream version {@code after}, each with every
     * revision up to {@code upTo}, as a case file at the stored row's version.
     */
    public Uni<CaseFile> page(CaseFileRow row, long after, long upTo, int limit) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(row.populationId, after, upTo, limit)).map(rows -> {
            List<CaseFile.NewRevision> revisions = new ArrayList<>(rows.size());
            for (Row r : rows) revisions.add(Rows.toRevision(fact(r)));
            return CaseFile.fromRevisions(row.populationId, row.version, row.position, row.lastRecordedAt, revisions);
        });
    }

    /** A fact row as PAGE and CaseFileReads select it: by_event, entry_id, stream_version, kind, type, recorded_at, reason, confidentiality, data. */
    static FactRow fact(Row r) {
        FactRow f = new FactRow();
        f.byEvent = r.getUUID(0);
        f.entryId = r.getUUID(1);
        f.streamVersion = r.getLong(2);
        f.kind = r.getString(3);
        f.type = r.getString(4);
        f.recordedAt = r.getOffsetDateTime(5).toInstant();
        f.reason = r.getString(6);
        f.confidentiality = r.getString(7);
        f.data = r.getString(8);
        return f;
    }

}
