package org.vigil.report.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One report as written: what was asked, what it was written from, and its Markdown. Never updated. */
@Entity
@Table(name = "reports")
public class ReportRow {

    @Id
    public UUID id;

    @Column(name = "index_year")
    public int indexYear;

    @Column(name = "index_number")
    public int indexNumber;

    @Column(name = "population_id")
    public UUID populationId;

    @Column(name = "population_name")
    public String populationName;

    @Column(name = "as_of")
    public LocalDate asOf;

    @Column(name = "period_from")
    public LocalDate periodFrom;

    @Column(name = "period_to")
    public LocalDate periodTo;

    public String audience;

    public String format;

    @Column(name = "log_position")
    public long logPosition;

    @Column(name = "chain_hash")
    public String chainHash;

    @Column(name = "stream_version")
    public long streamVersion;

    @Column(name = "previous_report")
    public UUID previousReport;

    @Column(name = "issued_on")
    public LocalDate issuedOn;

    @Column(name = "created_at")
    public Instant createdAt;

    /** The dossier the report was written from, stored once in {@code dossiers}. */
    @Column(name = "dossier_sha256")
    public String dossierSha256;

    public String markdown;

    @Column(name = "markdown_sha256")
    public String markdownSha256;

    /** "VGL 2026/0007". */
    public String index() {
        return String.format("VGL %d/%04d", indexYear, indexNumber);
    }
}
