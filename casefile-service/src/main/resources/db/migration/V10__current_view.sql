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
-- what it added is put on. Rows without a level (written before this migration) count nowhere. The statement's rows
-- are first grouped by what they add (5,000 facts make a few groups), then spread over the rungs by statements
-- planned once (a generic plan; replanning them each time cost most of a small batch's trigger), without JIT
-- (PostgreSQL's estimates for a transition table and generate_series started it: 150 ms of compiling a statement).
-- Measured on copies of the table: docs/benchmarks.md.
CREATE TYPE facts_tally_group AS (population_id uuid, type text, entry_level smallint, level smallint, lo int, hi int,
                                  counts boolean, n bigint, attacks bigint, f bigint[]);

CREATE FUNCTION facts_tally_apply(sign int, groups facts_tally_group[]) RETURNS void LANGUAGE plpgsql SET jit = off SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    INSERT INTO current_tally AS t (population_id, rung, type, n)
    SELECT g.population_id, r, g.type, sign * sum(g.n) FROM unnest(groups) g, generate_series(g.lo, g.hi) AS r WHERE g.counts
    GROUP BY g.population_id, r, g.type
    ON CONFLICT (population_id, rung, type) DO UPDATE SET n = t.n + excluded.n;
    INSERT INTO current_sums AS t (population_id, rung, category, incidents, reporting, low, high, open_below, open_above)
    SELECT g.population_id, r, c.category, sign * sum(g.attacks), sign * sum(c.reported), sign * sum(c.low), sign * sum(c.high),
           sign * sum(c.ob), sign * sum(c.oa)
    FROM unnest(groups) g, generate_series(g.lo, g.hi) AS r,
         LATERAL (VALUES ('killed', g.f[1], g.f[2], g.f[3], g.f[4], g.f[5]), ('injured', g.f[6], g.f[7], g.f[8], g.f[9], g.f[10]),
                         ('abducted', g.f[11], g.f[12], g.f[13], g.f[14], g.f[15])) AS c(category, reported, low, high, ob, oa)
    WHERE g.counts AND g.attacks > 0
    GROUP BY g.population_id, r, c.category
    ON CONFLICT (population_id, rung, category) DO UPDATE SET incidents = t.incidents + excluded.incidents,
        reporting = t.reporting + excluded.reporting, low = t.low + excluded.low, high = t.high + excluded.high,
        open_below = t.open_below + excluded.open_below, open_above = t.open_above + excluded.open_above;
    INSERT INTO revision_levels AS t (population_id, entry_level, level, n)
    SELECT g.population_id, g.entry_level, g.level, sign * sum(g.n) FROM unnest(groups) g
    GROUP BY g.population_id, g.entry_level, g.level
    ON CONFLICT (population_id, entry_level, level) DO UPDATE SET n = t.n + excluded.n;
END
$$;

CREATE FUNCTION facts_tally() RETURNS trigger LANGUAGE plpgsql SET jit = off SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM facts_tally_apply(-1, ARRAY(
            SELECT ROW(o.population_id, o.type, o.entry_level, o.level, greatest(o.entry_level, o.level), o.superseded_from - 1,
                       o.kind <> 'retracted', count(*), count(o.figures), ARRAY[sum(o.figures[1]), sum(o.figures[2]), sum(o.figures[3]), sum(o.figures[4]), sum(o.figures[5]), sum(o.figures[6]), sum(o.figures[7]), sum(o.figures[8]), sum(o.figures[9]), sum(o.figures[10]), sum(o.figures[11]), sum(o.figures[12]), sum(o.figures[13]), sum(o.figures[14]), sum(o.figures[15])])::facts_tally_group
            FROM removed o WHERE o.level IS NOT NULL
            GROUP BY o.population_id, o.type, o.entry_level, o.level, o.superseded_from, o.kind <> 'retracted'));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM facts_tally_apply(1, ARRAY(
            SELECT ROW(a.population_id, a.type, a.entry_level, a.level, greatest(a.entry_level, a.level), a.superseded_from - 1,
                       a.kind <> 'retracted', count(*), count(a.figures), ARRAY[sum(a.figures[1]), sum(a.figures[2]), sum(a.figures[3]), sum(a.figures[4]), sum(a.figures[5]), sum(a.figures[6]), sum(a.figures[7]), sum(a.figures[8]), sum(a.figures[9]), sum(a.figures[10]), sum(a.figures[11]), sum(a.figures[12]), sum(a.figures[13]), sum(a.figures[14]), sum(a.figures[15])])::facts_tally_group
            FROM added a WHERE a.level IS NOT NULL
            GROUP BY a.population_id, a.type, a.entry_level, a.level, a.superseded_from, a.kind <> 'retracted'));
    END IF;
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
