-- A documented sum of single numbers says "about" when any of them is approximate ("about 50" and "about 30" killed
-- are about 80, never a bare 80: docs/counting.md, section 3). The current view counts such parts per category:
-- facts.figures gains, after its fifteen numbers, one per category (killed, injured, abducted): 1 when the attack's
-- range of that category is one approximate number; current_sums gains their sum, "about".
--
-- Rows written before this migration do not say it. They are taken out of the current view (level null: they count
-- nowhere, and statuses are folded from the whole history, as before V10) until a rebuild rewrites them
-- (POST /admin/rebuild; the service says so in its log at start). A fresh database has none.

ALTER TABLE current_sums ADD COLUMN about bigint NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION facts_tally_apply(sign int, groups facts_tally_group[]) RETURNS void LANGUAGE plpgsql SET jit = off SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    INSERT INTO current_tally AS t (population_id, rung, type, n)
    SELECT g.population_id, r, g.type, sign * sum(g.n) FROM unnest(groups) g, generate_series(g.lo, g.hi) AS r WHERE g.counts
    GROUP BY g.population_id, r, g.type
    ON CONFLICT (population_id, rung, type) DO UPDATE SET n = t.n + excluded.n;
    INSERT INTO current_sums AS t (population_id, rung, category, incidents, reporting, low, high, open_below, open_above, about)
    SELECT g.population_id, r, c.category, sign * sum(g.attacks), sign * sum(c.reported), sign * sum(c.low), sign * sum(c.high),
           sign * sum(c.ob), sign * sum(c.oa), sign * coalesce(sum(c.ab), 0)
    FROM unnest(groups) g, generate_series(g.lo, g.hi) AS r,
         LATERAL (VALUES ('killed', g.f[1], g.f[2], g.f[3], g.f[4], g.f[5], g.f[16]),
                         ('injured', g.f[6], g.f[7], g.f[8], g.f[9], g.f[10], g.f[17]),
                         ('abducted', g.f[11], g.f[12], g.f[13], g.f[14], g.f[15], g.f[18])) AS c(category, reported, low, high, ob, oa, ab)
    WHERE g.counts AND g.attacks > 0
    GROUP BY g.population_id, r, c.category
    ON CONFLICT (population_id, rung, category) DO UPDATE SET incidents = t.incidents + excluded.incidents,
        reporting = t.reporting + excluded.reporting, low = t.low + excluded.low, high = t.high + excluded.high,
        open_below = t.open_below + excluded.open_below, open_above = t.open_above + excluded.open_above,
        about = t.about + excluded.about;
    INSERT INTO revision_levels AS t (population_id, entry_level, level, n)
    SELECT g.population_id, g.entry_level, g.level, sign * sum(g.n) FROM unnest(groups) g
    GROUP BY g.population_id, g.entry_level, g.level
    ON CONFLICT (population_id, entry_level, level) DO UPDATE SET n = t.n + excluded.n;
END
$$;

CREATE OR REPLACE FUNCTION facts_tally() RETURNS trigger LANGUAGE plpgsql SET jit = off SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM facts_tally_apply(-1, ARRAY(
            SELECT ROW(o.population_id, o.type, o.entry_level, o.level, greatest(o.entry_level, o.level), o.superseded_from - 1,
                       o.kind <> 'retracted', count(*), count(o.figures), ARRAY[sum(o.figures[1]), sum(o.figures[2]), sum(o.figures[3]), sum(o.figures[4]), sum(o.figures[5]), sum(o.figures[6]), sum(o.figures[7]), sum(o.figures[8]), sum(o.figures[9]), sum(o.figures[10]), sum(o.figures[11]), sum(o.figures[12]), sum(o.figures[13]), sum(o.figures[14]), sum(o.figures[15]), sum(o.figures[16]), sum(o.figures[17]), sum(o.figures[18])])::facts_tally_group
            FROM removed o WHERE o.level IS NOT NULL
            GROUP BY o.population_id, o.type, o.entry_level, o.level, o.superseded_from, o.kind <> 'retracted'));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM facts_tally_apply(1, ARRAY(
            SELECT ROW(a.population_id, a.type, a.entry_level, a.level, greatest(a.entry_level, a.level), a.superseded_from - 1,
                       a.kind <> 'retracted', count(*), count(a.figures), ARRAY[sum(a.figures[1]), sum(a.figures[2]), sum(a.figures[3]), sum(a.figures[4]), sum(a.figures[5]), sum(a.figures[6]), sum(a.figures[7]), sum(a.figures[8]), sum(a.figures[9]), sum(a.figures[10]), sum(a.figures[11]), sum(a.figures[12]), sum(a.figures[13]), sum(a.figures[14]), sum(a.figures[15]), sum(a.figures[16]), sum(a.figures[17]), sum(a.figures[18])])::facts_tally_group
            FROM added a WHERE a.level IS NOT NULL
            GROUP BY a.population_id, a.type, a.entry_level, a.level, a.superseded_from, a.kind <> 'retracted'));
    END IF;
    RETURN NULL;
END
$$;

-- the attacks recorded before: out of the current view until a rebuild gives them the new numbers
UPDATE facts SET level = NULL WHERE figures IS NOT NULL AND level IS NOT NULL AND cardinality(figures) < 18;
