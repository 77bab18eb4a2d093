package org.vigil.casefile.store;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A dead letter: an event the view could not apply (or one after it), kept whole for inspection and replay. */
@Entity
@Table(name = "parked_events")
public class ParkedEvent {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "population_id")
    public UUID populationId;

    @Column(name = "stream_version")
    public long streamVersion;

    public long position;

    public String type;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    public String confidentiality;

    public String data;

    public String reason;

    @Column(name = "parked_at")
    public Instant parkedAt;
}
