package org.vigil.casefile.store;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Per population: how far the view has applied the log, and whether it is stalled and why. */
@Entity
@Table(name = "case_files")
public class CaseFileRow {

    @Id
    @Column(name = "population_id")
    public UUID populationId;

    public String name;

    public long version;

    public long position;

    @Column(name = "last_recorded_at")
    public Instant lastRecordedAt;

    @Column(name = "stalled_reason")
    public String stalledReason;

    @Column(name = "stalled_at")
    public Instant stalledAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
