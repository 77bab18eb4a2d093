-- The current view: what a status read "now" needs, kept as the facts are written, so that it costs what it shows
-- and not the length of the history (docs/event-store.md, "The current view"; store/CurrentStatus reads it).
--
-- Each revision carries, beside what it says:
--   level           its confidentiality as a rung of the ladder (0 public, 1 restricted, 2 confidential; a word that
--                   names no rung is 2, as Confidentiality.ofRecord reads it);
--   entry_level     the rung of the fact's first revision: a reader below it sees nothing of the fact;
--   superseded_from the lowest rung from which a later revision of the same fact is seen instead (3: none is). So a
--                   revision is the one in force for a reader cleared to rung c exactly when
--                   entry_level <= c AND level <= c AND superseded_from > c, and the fact counts unless it is a retraction;
--   earliest/latest the interval of days the fact may have happened in ('-infinity' when undated, and for a
--                   retraction, so an undated fact comes first as in the fold), the orders of the timeline and of the
--                   status's lists;
--   fold_key        for a headcount, the site and subgroup it counts ('count:' || site || U+001F || subgroup); for a
--                   relocation that moves the whole population, 'moves'; for a lifting, 'lifts:' || the restriction;
--   figures         for an attack, per category (killed, injured, abducted) five numbers: reported (1/0), the
--                   range's low, high, open below (1/0), open above (1/0), as the casualty totals add them.
-- A row written before this migration has level null: the service reads statuses the old way (folding the whole
-- history) until a rebuild has rewritten every row (POST /admin/rebuild), and says so in its log at start.

ALTER TABLE facts
    ADD COLUMN level           smallint,
    ADD COLUMN entry_level     smallint,
    ADD COLUMN superseded_from smallint NOT NULL DEFAULT 3,
    ADD COLUMN earliest        date,
    ADD COLUMN latest          date,
    ADD COLUMN fold_key        text COLLATE "C",
    ADD COLUMN figures         bigint[];

-- the latest facts of one type, in the order the status folds them (by the last day each may have happened)
CREATE INDEX facts_type_order_idx ON facts (population_id, type, latest, stream_version);
-- the latest facts of the timeline, in its order (by the first day each may have happened)
CREATE INDEX facts_timeline_idx ON facts (population_id, earliest, latest, stream_version);
CREATE INDEX facts_fold_key_idx ON facts (population_id, fold_key, latest, stream_version) WHERE fold_key IS NOT NULL;

-- How many facts in force each rung sees, per type (the timeline's total and each list's), and how many revisions a
-- population holds per pair of levels (its fact's first, its own): what a status withholds and shows above public.
CREATE TABLE current_tally (
    population_id uuid     NOT NULL,
    rung          smallint NOT NULL,
    type          text     NOT NULL,
    n             bigint   NOT NULL,
    PRIMARY KEY (population_id, rung, type)
);

-- The casualty totals of the attacks in force, per rung and category: sums of the incidents' lows and highs, how
-- many report a figure, how many are open below and above (docs/counting.md: a sum is the sum of the bounds).
CREATE TABLE current_sums (
    population_id uuid     NOT NULL,
    rung          smallint NOT NULL,
    category      text     NOT NULL,
    incidents     bigint   NOT NULL,
    reporting     bigint   NOT NULL,
    low           bigint   NOT NULL,
    high          bigint   NOT NULL,
    open_below    bigint   NOT NULL,
    open_above    bigint   NOT NULL,
    PRIMARY KEY (population_id, rung, category)
);

CREATE TABLE revision_levels (
    population_id uuid     NOT NULL,
    entry_level   smallint NOT NULL,
    level         smallint NOT NULL,
    n             bigint   NOT NULL,
    PRIMARY KEY (population_id, entry_level, level)
);

-- Kept by the database itself, once per statement, whichever way the facts are written (the live consumer, a
-- replay, a rebuild's deletes and inserts, the updates of superseded_from): what a statement removed is taken off,
-- what it added is put on. Rows without a level (written before this migration) count nowhere. The rows are first
-- grouped by what they add (a statement of 5,000 facts makes a few groups), then spread over the rungs. Without
-- JIT: PostgreSQL's estimates for a transition table and generate_series are large enough to start it, and compiling
-- took 150 ms a statement, six times what the work takes (EXPLAIN ANALYZE; docs/benchmarks.md).
CREATE FUNCTION facts_tally() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    apply constant text := $q$
        WITH g AS MATERIALIZED (
            SELECT o.population_id, o.type, o.entry_level, o.level, greatest(o.entry_level, o.level)::int AS lo,
                   o.superseded_from - 1 AS hi, o.kind <> 'retracted' AS counts, count(*) AS n, count(o.figures) AS attacks,
                   sum(o.figures[1]) AS k1, sum(o.figures[2]) AS k2, sum(o.figures[3]) AS k3, sum(o.figures[4]) AS k4, sum(o.figures[5]) AS k5,
                   sum(o.figures[6]) AS i1, sum(o.figures[7]) AS i2, sum(o.figures[8]) AS i3, sum(o.figures[9]) AS i4, sum(o.figures[10]) AS i5,
                   sum(o.figures[11]) AS a1, sum(o.figures[12]) AS a2, sum(o.figures[13]) AS a3, sum(o.figures[14]) AS a4, sum(o.figures[15]) AS a5
            FROM %1$I o WHERE o.level IS NOT NULL
            GROUP BY o.population_id, o.type, o.entry_level, o.level, o.superseded_from, o.kind <> 'retracted'),
        tally AS (
            INSERT INTO current_tally AS t (population_id, rung, type, n)
            SELECT g.population_id, r, g.type, %2$s * sum(g.n) FROM g, generate_series(g.lo, g.hi) AS r WHERE g.counts
            GROUP BY g.population_id, r, g.type
            ON CONFLICT (population_id, rung, type) DO UPDATE SET n = t.n + excluded.n),
        sums AS (
            INSERT INTO current_sums AS t (population_id, rung, category, incidents, reporting, low, high, open_below, open_above)
            SELECT g.population_id, r, c.category, %2$s * sum(g.attacks), %2$s * sum(c.reported), %2$s * sum(c.low), %2$s * sum(c.high),
                   %2$s * sum(c.ob), %2$s * sum(c.oa)
            FROM g, generate_series(g.lo, g.hi) AS r,
                 LATERAL (VALUES ('killed', g.k1, g.k2, g.k3, g.k4, g.k5), ('injured', g.i1, g.i2, g.i3, g.i4, g.i5),
                                 ('abducted', g.a1, g.a2, g.a3, g.a4, g.a5)) AS c(category, reported, low, high, ob, oa)
            WHERE g.counts AND g.attacks > 0
            GROUP BY g.population_id, r, c.category
            ON CONFLICT (population_id, rung, category) DO UPDATE SET incidents = t.incidents + excluded.incidents,
                reporting = t.reporting + excluded.reporting, low = t.low + excluded.low, high = t.high + excluded.high,
                open_below = t.open_below + excluded.open_below, open_above = t.open_above + excluded.open_above)
        INSERT INTO revision_levels AS t (population_id, entry_level, level, n)
        SELECT g.population_id, g.entry_level, g.level, %2$s * sum(g.n) FROM g GROUP BY g.population_id, g.entry_level, g.level
        ON CONFLICT (population_id, entry_level, level) DO UPDATE SET n = t.n + excluded.n$q$;
BEGIN
    IF TG_OP <> 'INSERT' THEN EXECUTE format(apply, 'removed', '-1'); END IF;
    IF TG_OP <> 'DELETE' THEN EXECUTE format(apply, 'added', '1'); END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER facts_tally_insert AFTER INSERT ON facts REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION facts_tally();
CREATE TRIGGER facts_tally_delete AFTER DELETE ON facts REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION facts_tally();
CREATE TRIGGER facts_tally_update AFTER UPDATE ON facts REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION facts_tally();

GRANT SELECT, INSERT, UPDATE, DELETE ON current_tally, current_sums, revision_levels TO ${appRole};
