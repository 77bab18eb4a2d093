package org.vigil.casefile.projection;

import org.vigil.access.Audience;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.vigil.casefile.event.Event;
import org.vigil.casefile.projection.CaseFile.Entry;
import org.vigil.casefile.projection.CaseFile.Revision;
import org.vigil.casefile.projection.CaseFile.RevisionKind;
import org.vigil.casefile.projection.PopulationStatus.Cited;
import org.vigil.casefile.projection.Dossier.Change;
import org.vigil.casefile.projection.Dossier.Correction;
import org.vigil.casefile.projection.Dossier.CountMonth;
import org.vigil.casefile.projection.Dossier.CountYear;

/**
 * The dossier as it was computed until 2026-12-06, folding the whole case file (every headcount report whole): kept
 * here as the definition {@link Dossier} must still meet, now that it is put together from parts ({@link
 * DossierPartsTest}).
 */
record DossierReference(UUID populationId, long atVersion, String audience, PopulationStatus status,
                      List<CountYear> headcountHistory, List<CountMonth> headcountSeries,
                      List<Correction> corrections, Map<String, Integer> withheld) {

    static DossierReference of(CaseFile file, long atVersion, LocalDate asOf, Audience audience) {
        CaseFile.Visible visible = file.atVersion(atVersion).visibleTo(audience.clearance());
        CaseFile seen = visible.file();
        PopulationStatus full = StatusView.of(seen, asOf, null, fact -> !(fact instanceof Event.CountReported));
        PopulationStatus status = new PopulationStatus(full.populationId(), full.name(), full.aliases(), full.asOf(),
                full.knownAt(), atVersion, full.logPosition(), full.location(), full.headcounts(), full.movements(),
                full.designations(), full.refugeeStatus(), full.restrictionsInForce(), full.casualties(),
                full.detentions(), full.interventions(), full.timeline());
        List<Count> counts = counts(seen, asOf);
        return new DossierReference(file.populationId(), atVersion, audience.label(), status, history(counts), series(counts),
                corrections(seen), visible.withheld());
    }

    /** A headcount report: its claims and their bounds (null when none states a number). */
    private record Count(Entry entry, Event.CountReported fact, When when, List<PopulationStatus.Claim> claims,
                         org.vigil.figures.Bounds bounds) {
        StatusView.HeadcountKey key() {
            return StatusView.HeadcountKey.of(fact);
        }

        String site() {
            return fact.place() == null ? null : fact.place().name();
        }
    }

    private static List<Count> counts(CaseFile file, LocalDate asOf) {
        List<Count> out = new ArrayList<>();
        for (Entry e : file.entries()) {
            Revision r = e.revisions().getLast();
            Event.CountReported count = r.kind() == RevisionKind.RETRACTED ? null : StatusView.headcount(r.fact());
            if (count == null) continue;
            When when = When.of(count.occurred());
            if (when == null || (asOf != null && !when.certainlyBy(asOf))) continue;
            List<PopulationStatus.Claim> claims = Ranges.claims(count.count(), count.sources());
            out.add(new Count(e, count, when, claims, Ranges.bounds(claims)));
        }
        out.sort((a, b) -> a.when().latest().compareTo(b.when().latest()));
        return out;
    }

    private static List<CountYear> history(List<Count> counts) {
        record Acc(String site, String subgroup, int year, List<Count> counts) {
        }
        Map<Map.Entry<StatusView.HeadcountKey, Integer>, Acc> groups = new LinkedHashMap<>();
        for (Count c : counts) {
            int year = c.when().latest().getYear();
            groups.computeIfAbsent(Map.entry(c.key(), year), k -> new Acc(c.site(), c.fact().subgroup(), year,
                    new ArrayList<>())).counts().add(c);
        }
        List<CountYear> out = new ArrayList<>();
        for (Acc a : groups.values()) {
            List<PopulationStatus.Claim> claims = new ArrayList<>();
            LinkedHashSet<Cited> sources = new LinkedHashSet<>();
            for (Count c : a.counts()) {
                if (c.bounds() == null) continue;
                claims.addAll(c.claims());
                c.claims().forEach(claim -> {
                    if (claim.cited() != null) sources.add(claim.cited());
                });
            }
            // the year's range in words, as Ranges.of words it, without the statement of its hundreds of claims
            org.vigil.figures.Bounds range = Ranges.bounds(claims);
            out.add(new CountYear(a.site(), a.subgroup(), a.year(), a.counts().getFirst().when().text(),
                    a.counts().getLast().when().text(), a.counts().size(), range == null ? null : range.low(),
                    range == null ? null : range.high(), range != null && range.openBelow(), range != null && range.openAbove(),
                    range == null ? "not stated" : org.vigil.figures.FigureWords.say(range), List.copyOf(sources)));
        }
        out.sort((x, y) -> {
            int bySite = String.valueOf(x.site()).compareTo(String.valueOf(y.site()));
            if (bySite != 0) return bySite;
            int bySubgroup = String.valueOf(x.subgroup()).compareTo(String.valueOf(y.subgroup()));
            return bySubgroup != 0 ? bySubgroup : Integer.compare(x.year(), y.year());
        });
        return out;
    }

    private static List<CountMonth> series(List<Count> counts) {
        Map<Map.Entry<StatusView.HeadcountKey, String>, CountMonth> points = new LinkedHashMap<>();
        for (Count c : counts) {
            org.vigil.figures.Bounds r = c.bounds();
            if (r == null) continue;
            String month = month(c.when().latest());
            String site = c.site();
            String subgroup = c.fact().subgroup();
            points.merge(Map.entry(c.key(), month), new CountMonth(site, subgroup, month, r.low(), r.high()),
                    (a, b) -> new CountMonth(site, subgroup, month, Math.min(a.low(), b.low()), Math.max(a.high(), b.high())));
        }
        return List.copyOf(points.values());
    }

    /** "2016-01": what String.format("%04d-%02d", year, month) writes, without parsing a format per report. */
    static String month(LocalDate day) {
        int year = day.getYear();
        String digits = Integer.toString(Math.abs(year));
        StringBuilder out = new StringBuilder(8);
        if (year < 0) out.append('-');
        for (int pad = (year < 0 ? 3 : 4) - digits.length(); pad > 0; pad--) out.append('0');
        out.append(digits).append('-');
        if (day.getMonthValue() < 10) out.append('0');
        return out.append(day.getMonthValue()).toString();
    }

    private static List<Correction> corrections(CaseFile file) {
        List<Correction> out = new ArrayList<>();
        for (Entry e : file.entries()) {
            List<Revision> revisions = e.revisions();
            for (int i = 1; i < revisions.size(); i++) {
                Revision before = revisions.get(i - 1);
                Revision r = revisions.get(i);
                Event.Fact was = before.fact();
                boolean corrected = r.kind() == RevisionKind.CORRECTED;
                When then = was == null ? null : When.of(was.occurred());
                When now = corrected ? When.of(r.fact().occurred()) : null;
                out.add(new Correction(e.eventId(), e.type(), r.kind().name().toLowerCase(), r.byEvent(), r.streamVersion(),
                        r.recordedAt(), r.reason(), then == null ? null : then.text(), was == null ? null : was.summary(),
                        now == null ? null : now.text(),
                        corrected && was != null ? Changes.between(was, r.fact()) : List.of(),
                        Ranges.sources(was), corrected ? Ranges.sources(r.fact()) : List.of()));
            }
        }
        out.sort((a, b) -> Long.compare(a.streamVersion(), b.streamVersion()));
        return out;
    }
}
