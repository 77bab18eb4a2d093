-- Reports and dossiers compressed with lz4 where the server has it (PostgreSQL 14 and later, built with lz4):
-- a report of 100,000 events is 2.4 MB of Markdown; stored uncompressed (V2, V3) its insert writes all of it to the
-- table's TOAST and to the WAL; lz4 compresses it to a fraction in a few milliseconds (pglz, the default, took longer
-- than writing it whole). A server without lz4 keeps storing them uncompressed.
DO $$
BEGIN
    ALTER TABLE reports ALTER COLUMN markdown SET COMPRESSION lz4, ALTER COLUMN markdown SET STORAGE EXTENDED;
    ALTER TABLE dossiers ALTER COLUMN text SET COMPRESSION lz4, ALTER COLUMN text SET STORAGE EXTENDED;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'lz4 is not available on this server: reports and dossiers stay uncompressed';
END
$$;
