package org.vigil.ingest.event;

/**
 * A document that makes a claim. {@code ref} is the key by which figures in the same event name their source.
 * {@code date} is YYYY, YYYY-MM or YYYY-MM-DD, as precise as the document itself.
 */
public record Source(String ref, String publisher, String title, String date, String url, String documentIndex,
                     Affiliation affiliation, Reliability reliability, String excerpt) {

    /** Who stands behind the source, so a reader can weigh it. */
    public enum Affiliation { UN, NGO, GOVERNMENT, PARTY_TO_CONFLICT, MEDIA, ACADEMIC, OTHER }

    /**
     * The Admiralty grade of the source's reliability, A (completely reliable) to F (cannot be judged); optional:
     * absent or NOT_STATED when the recorder has not graded it.
     */
    public enum Reliability { A, B, C, D, E, F, NOT_STATED }
}
