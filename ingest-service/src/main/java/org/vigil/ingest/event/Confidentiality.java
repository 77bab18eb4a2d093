package org.vigil.ingest.event;

/** Who may read an event. Ordered from least to most sensitive. */
public enum Confidentiality {
    PUBLIC, RESTRICTED, CONFIDENTIAL
}
