-- Reports at the same stream version, date and audience are written from the same dossier: it is stored once, by its
-- SHA-256, and each report names it. The dossier stays beside the report in this database, so the HTML and PDF
-- editions never depend on casefile-service being up.
CREATE TABLE dossiers (
    sha256  char(64) PRIMARY KEY,
    text    text     NOT NULL
);
ALTER TABLE dossiers ALTER COLUMN text SET STORAGE EXTERNAL;

INSERT INTO dossiers (sha256, text)
SELECT DISTINCT encode(sha256(convert_to(dossier, 'UTF8')), 'hex'), dossier FROM reports;
ALTER TABLE reports ADD COLUMN dossier_sha256 char(64) REFERENCES dossiers (sha256);
UPDATE reports SET dossier_sha256 = encode(sha256(convert_to(dossier, 'UTF8')), 'hex');
ALTER TABLE reports ALTER COLUMN dossier_sha256 SET NOT NULL;
ALTER TABLE reports DROP COLUMN dossier;

GRANT SELECT, INSERT ON dossiers TO ${appRole};
