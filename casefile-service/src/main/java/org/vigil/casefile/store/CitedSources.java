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
 * The sources a population's facts cite, as a clearance may read them (the rule of every view and of
 * {@link FactSearch}: a fact whose first record lies above the clearance is left out, and of the others the latest
 * revision within it is the one read), so that a new record can cite one of them again without typing it. Each is the
 * source object as recorded, without its {@code excerpt} (the words quoted belong to the fact that quoted them), most
 * recently cited first.
 */
@ApplicationScoped
public class CitedSources {

    /** A source as cited (its JSON, no excerpt), how many facts cite it, and when it was last cited. */
    public record Cited(String json, long facts, java.time.Instant lastCited) {
    }

    private static final String CITED = """
            SELECT (s.source - 'excerpt')::text AS source, count(DISTINCT f.entry_id) AS facts, max(f.recorded_at) AS last
            FROM facts f,
                 jsonb_array_elements(CASE WHEN jsonb_typeof(f.data::jsonb -> 'sources') = 'array'
                                      THEN f.data::jsonb -> 'sources' ELSE '[]'::jsonb END) AS s(source)
            WHERE f.population_id = $1
              AND f.kind <> 'retracted'
              AND jsonb_typeof(s.source) = 'object'
              AND f.confidentiality = ANY ($2)
              AND EXISTS (SELECT 1 FROM facts o WHERE o.by_event = f.entry_id AND o.confidentiality = ANY ($2))
              AND NOT EXISTS (SELECT 1 FROM facts g WHERE g.entry_id = f.entry_id AND g.stream_version > f.stream_version
                              AND g.confidentiality = ANY ($2))
            GROUP BY 1
            ORDER BY last DESC, facts DESC
            LIMIT $3""";

    private final Pool pool;

    public CitedSources(Pool pool) {
        this.pool = pool;
    }

    /** Up to {@code limit} sources cited in the population, among the revisions of levels {@code levels}. */
    public Uni<List<Cited>> of(UUID populationId, List<String> levels, int limit) {
        return pool.preparedQuery(CITED).execute(Tuple.of(populationId, levels.toArray(String[]::new), limit)).map(rows -> {
            List<Cited> out = new ArrayList<>(rows.size());
            for (Row r : rows) out.add(new Cited(r.getString(0), r.getLong(1), r.getOffsetDateTime(2).toInstant()));
            return out;
        });
    }
}
