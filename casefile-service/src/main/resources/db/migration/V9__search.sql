-- Search over what the facts say: every text value of a revision (summaries, sources' publishers, titles and
-- excerpts, places, names, subgroups, labels: whatever a schema holds, so a new field is found with no change here)
-- and a correction's reason, as words. The 'simple' configuration keeps every word of every script as written
-- (no English stemming that would mangle Persian or Arabic), lower-cased; vigil_fold first makes the Arabic and
-- Persian spellings of a letter one (ي and ی, ك and ک, ة and ه, the forms of alef), and drops what does not change a
-- word (short vowels, tatweel, the zero-width non-joiner), so a word is found however its keyboard spelled it.
-- The query folds the same way (store/FactSearch).
--
-- The words are kept beside the facts, not in them, and written after them: making them costs PostgreSQL about
-- 0.2 ms a revision (measured: docs/benchmarks.md), several times what the projection spends on an event, so the
-- consumer's transaction does not pay it. store/SearchIndex indexes, a few thousand revisions at a time, what each
-- population's view holds beyond search_marks.indexed_version; the view's version and its facts are written in one
-- transaction, so a statement that reads both sees every fact up to that version. Keyed by the revision's event,
-- a row stays right across a rebuild (the same event, the same words).

CREATE FUNCTION vigil_fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$
    SELECT translate(lower(t),
        U&'\064A\0649\0643\0629\06C0\0623\0625\0622\0671\0640\064B\064C\064D\064E\064F\0650\0651\0652\0670\200C',
        U&'\06CC\06CC\06A9\0647\0647\0627\0627\0627\0627')
$$;

CREATE FUNCTION vigil_words(data text, reason text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT to_tsvector('simple'::regconfig, vigil_fold(
        jsonb_path_query_array(data::jsonb, 'strict $.** ? (@.type() == "string")')::text || ' ' || coalesce(reason, '')))
$$;

CREATE TABLE fact_words (
    by_event  uuid      PRIMARY KEY,     -- the revision (facts.by_event)
    words     tsvector  NOT NULL
);
CREATE INDEX fact_words_idx ON fact_words USING gin (words);

CREATE TABLE search_marks (
    population_id    uuid    PRIMARY KEY,
    indexed_version  bigint  NOT NULL     -- the view's facts up to this stream version are in fact_words
);

GRANT SELECT, INSERT, UPDATE, DELETE ON fact_words, search_marks TO ${appRole};
