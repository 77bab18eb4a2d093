-- A report's dossier and Markdown are written once and read whole: kept out of line without compression, so that
-- writing a report on a large population does not spend its time compressing megabytes.
ALTER TABLE reports ALTER COLUMN dossier SET STORAGE EXTERNAL;
ALTER TABLE reports ALTER COLUMN markdown SET STORAGE EXTERNAL;
