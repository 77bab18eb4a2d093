package org.vigil.casefile.store;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Full-text search over the facts' words ({@link SearchIndex}, V9__search.sql), limited to what a clearance may read, by the same rule as
 * every view ({@code CaseFile.visibleTo}): a fact whose first record lies above the clearance is withheld whole, and
 * of the others the latest revision within the clearance is the one searched and shown, so a word that only a
 * withheld correction says finds nothing. A population whose registration lies above the clearance is left out.
 * What is withheld is only counted. A population's registration is its stream version 1 (the views refuse any other
 * order), so that check is one probe of the unique index on (population, stream version) whatever the planner knows:
 * written as a search by type it was a scan of every fact, planned on a freshly loaded database (no statistics yet) as
 * the inner side of a nested loop over the matches; the page benchmark's search of 30,000 matches twice took over 20 s.
 */
@ApplicationScoped
public class FactSearch {

    /** A revision found: the fact's entry, where it sits, its text as JSON, and how well it matched. */
    public record Hit(UUID populationId, String populationName, UUID entryId, long streamVersion, String kind, String type,
                      java.time.Instant recordedAt, String confidentiality, String data, String reason, double rank) {
    }

    /** What was asked: the words, and the filters (null for none). */
    public record Query(String words, UUID populationId, String type, String source) {
    }

    private static final String FILTERS = """
            w.words @@ q.query
              AND ($2::uuid IS NULL OR f.population_id = $2)
              AND ($3::text IS NULL OR f.type = $3)
              AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(f.data::jsonb -> 'sources') = 'array'
                        THEN f.data::jsonb -> 'sources' ELSE '[]'::jsonb END) s
                    WHERE s ->> 'ref' = $4 OR strpos(vigil_fold(s ->> 'publisher'), vigil_fold($4)) > 0))""";

    private static final String VISIBLE = """
            SELECT f.population_id, c.name, f.entry_id, f.stream_version, f.kind, f.type, f.recorded_at, f.confidentiality,
                   f.data, f.reason, ts_rank(w.words, q.query) AS rank
            FROM fact_words w
            JOIN facts f ON f.by_event = w.by_event
            JOIN case_files c ON c.population_id = f.population_id,
                 websearch_to_tsquery('simple'::regconfig, vigil_fold($1)) AS q(query)
            WHERE %s
              AND f.confidentiality = ANY ($5)
              AND EXISTS (SELECT 1 FROM facts o WHERE o.by_event = f.entry_id AND o.confidentiality = ANY ($5))
              AND NOT EXISTS (SELECT 1 FROM facts g WHERE g.entry_id = f.entry_id AND g.stream_version > f.stream_version
                              AND g.confidentiality = ANY ($5))
              AND EXISTS (SELECT 1 FROM facts r WHERE r.population_id = f.population_id AND r.stream_version = 1
                          AND r.confidentiality = ANY ($5))
            ORDER BY rank DESC, f.recorded_at DESC, f.stream_version DESC
            LIMIT $6""".formatted(FILTERS);

    /** Facts whose words match but which the clearance may not read, whole or in the revision that matched. */
    private static final String WITHHELD = """
            SELECT count(DISTINCT f.entry_id)
            FROM fact_words w JOIN facts f ON f.by_event = w.by_event,
                 websearch_to_tsquery('simple'::regconfig, vigil_fold($1)) AS q(query)
            WHERE %s
              AND (NOT f.confidentiality = ANY ($5)
                   OR NOT EXISTS (SELECT 1 FROM facts o WHERE o.by_event = f.entry_id AND o.confidentiality = ANY ($5)))""".formatted(FILTERS);

    private final Pool pool;

    public FactSearch(Pool pool) {
        this.pool = pool;
    }

    /** Up to {@code limit} hits, best first, among the revisions of levels {@code levels}. */
    public Uni<List<Hit>> search(Query query, List<String> levels, int limit) {
        return pool.preparedQuery(VISIBLE).execute(tuple(query, levels).addInteger(limit)).map(rows -> {
            List<Hit> hits = new ArrayList<>(rows.size());
            for (Row r : rows) {
                hits.add(new Hit(r.getUUID(0), r.getString(1), r.getUUID(2), r.getLong(3), r.getString(4), r.getString(5),
                        r.getOffsetDateTime(6).toInstant(), r.getString(7), r.getString(8), r.getString(9), r.getDouble(10)));
            }
            return hits;
        });
    }

    /** How many facts match that lie above {@code levels}. */
    public Uni<Long> withheld(Query query, List<String> levels) {
        return pool.preparedQuery(WITHHELD).execute(tuple(query, levels))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** How many revisions of a population's view (null: of every population) are not yet in the words searched. */
    public Uni<Long> pending(UUID populationId) {
        return pool.preparedQuery("""
                        SELECT coalesce(sum(c.version - coalesce(m.indexed_version, 0)), 0)
                        FROM case_files c LEFT JOIN search_marks m ON m.population_id = c.population_id
                        WHERE ($1::uuid IS NULL OR c.population_id = $1) AND c.version > coalesce(m.indexed_version, 0)""")
                .execute(Tuple.of(populationId)).map(rows -> rows.iterator().next().getLong(0));
    }

    private static Tuple tuple(Query q, List<String> levels) {
        return Tuple.of(q.words(), q.populationId(), q.type(), q.source(), levels.toArray(String[]::new));
    }
}
