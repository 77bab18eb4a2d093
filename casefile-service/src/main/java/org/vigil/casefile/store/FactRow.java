package org.vigil.casefile.store;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One revision of one fact: what one applied event said. */
@Entity
@Table(name = "facts")
public class FactRow {

    @Id
    @Column(name = "by_event")
    public UUID byEvent;

    @Column(name = "population_id")
    public UUID populationId;

    @Column(name = "entry_id")
    public UUID entryId;

    @Column(name = "stream_version")
    public long streamVersion;

    public String kind;

    public String type;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    public String reason;

    public String confidentiality;

    public String data;

    /** What the current view keeps beside the revision (written by {@link Rows#insertFacts}; not read back as an entity). */
    @jakarta.persistence.Transient
    public org.vigil.casefile.projection.CurrentColumns current;
}
