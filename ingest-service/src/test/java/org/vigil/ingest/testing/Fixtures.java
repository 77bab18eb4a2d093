package org.vigil.ingest.testing;

import java.util.UUID;

/** Event JSON as clients send it, drawn from the Camp Ashraf record. */
public final class Fixtures {

    private Fixtures() {
    }

    public static final String AMNESTY_SOURCE = """
            {"ref": "ai-2008", "publisher": "Amnesty International",
             "title": "Iraq: No Iranians in need of protection should be sent to Iran against their will",
             "date": "2008-08-28", "documentIndex": "AI Index: MDE 14/023/2008", "affiliation": "ngo", "reliability": "b"}""";

    public static String registration(String name) {
        return """
                {"type": "vigil.population.registered.v2",
                 "occurred": {"precision": "year", "date": "1986", "label": "early summer of 1986"},
                 "place": {"name": "Camp Ashraf", "region": "Diyala", "country": "IQ"},
                 "sources": [%s],
                 "confidentiality": "public",
                 "name": "%s", "aliases": ["PMOI", "MEK", "MKO"],
                 "size": [{"source": "ai-2008", "low": 3400, "best": 3400, "high": 3400, "qualifier": "about"}]}"""
                .formatted(AMNESTY_SOURCE, name);
    }

    public static String attack(long killed) {
        return attack(null, killed);
    }

    public static String attack(UUID eventId, long killed) {
        return """
                {"type": "vigil.attack.recorded.v2", %s
                 "occurred": {"precision": "range", "earliest": "2009-07-28", "latest": "2009-07-29", "label": "28-29 July 2009"},
                 "place": {"name": "Camp Ashraf", "region": "Diyala", "country": "IQ"},
                 "sources": [{"ref": "boumedra", "publisher": "Political Platform", "title": "Camp Ashraf overview 1986-2016",
                              "affiliation": "party_to_conflict", "reliability": "d"}],
                 "confidentiality": "public",
                 "means": "armed raid by Iraqi forces", "perpetrator": "Iraqi armed forces", "attribution": "known",
                 "killed": [{"source": "boumedra", "low": %d, "best": %d, "high": %d, "qualifier": "exact"}]}"""
                .formatted(eventId == null ? "" : "\"eventId\": \"" + eventId + "\",", killed, killed, killed);
    }

    public static String count(long n, String confidentiality) {
        return """
                {"type": "vigil.population.count-reported.v1",
                 "occurred": {"precision": "month", "date": "2008-01"},
                 "place": {"name": "Camp Ashraf", "country": "IQ"},
                 "sources": [{"ref": "bbc", "publisher": "BBC Persian", "title": "Interview with Javad Firuzmand",
                              "date": "2008-01-26", "affiliation": "media", "reliability": "c"}],
                 "confidentiality": "%s",
                 "count": [{"source": "bbc", "low": %d, "best": %d, "high": %d, "qualifier": "exact"}]}"""
                .formatted(confidentiality, n, n, n);
    }

    public static String restriction(String restricts) {
        return """
                {"type": "vigil.access-restriction.recorded.v2", "confidentiality": "public", "restricts": "%s",
                 "occurred": {"precision": "month", "date": "2009-01"},
                 "sources": [{"ref": "ai", "publisher": "Amnesty International", "title": "Iraq: Camp Ashraf", "affiliation": "ngo"}]}"""
                .formatted(restricts);
    }

    public static String lifting(UUID restriction) {
        return """
                {"type": "vigil.access-restriction.lifted.v2", "confidentiality": "public", "restriction": "%s",
                 "occurred": {"precision": "month", "date": "2010-01"},
                 "sources": [{"ref": "ai", "publisher": "Amnesty International", "title": "Iraq: Camp Ashraf", "affiliation": "ngo"}]}"""
                .formatted(restriction);
    }

    public static String retraction(UUID target) {
        return """
                {"type": "vigil.event.retracted.v2", "confidentiality": "public", "target": "%s",
                 "reason": "the source withdrew the report"}""".formatted(target);
    }

    public static String correction(UUID target, long killed) {
        return """
                {"type": "vigil.event.corrected.v2", "confidentiality": "public", "target": "%s",
                 "reason": "UNAMI figures published later",
                 "sources": [{"ref": "unami", "publisher": "UNAMI", "title": "Human rights report", "affiliation": "un", "reliability": "b"}],
                 "corrected": %s}""".formatted(target, attack(killed));
    }

    /** One line of NDJSON: the JSON with its line breaks taken out. */
    public static String line(String json) {
        return json.replace("\n", " ");
    }
}
