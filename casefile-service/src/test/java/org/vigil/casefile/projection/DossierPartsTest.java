package org.vigil.casefile.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.vigil.access.Audience;
import org.vigil.casefile.wire.LoggedEvent;

/**
 * The dossier put together from its parts (entries one at a time, in any order, plain headcount reports kept as their
 * bounds) is the dossier folded from the whole case file, as {@link DossierReference} keeps that fold: byte for byte
 * as JSON, for every audience, several dates and versions, on the casebook and on random records full of headcount
 * reports at every precision and level, corrected, retracted, dated alike and not.
 */
class DossierPartsTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final List<LocalDate> DATES = Arrays.asList(null, LocalDate.of(2009, 6, 30), LocalDate.of(2011, 1, 1),
            LocalDate.of(2016, 12, 31));

    @Test
    void theCasebooksDossierIsTheFoldsOne() throws Exception {
        CaseFile file = Casebook.folded(Casebook.campAshraf());
        int compared = sameAsTheFold(file, new Random(1));
        assertThat(compared).isGreaterThan(20);
    }

    @Test
    void randomRecordsOfHeadcountsGiveTheFoldsDossier() throws Exception {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            List<LoggedEvent> events = new ArrayList<>(Casebook.campAshraf());
            CaseFile file = Casebook.folded(withHeadcounts(events, random));
            sameAsTheFold(file, random);
        }
    }

    @Test
    void theDossierKeepsNoPlainReportWholeBeyondTheFirstAndLatestOfEachSite() throws Exception {
        Random random = new Random(99);
        CaseFile file = Casebook.folded(withHeadcounts(new ArrayList<>(Casebook.campAshraf()), random));
        long plain = file.entries().stream().filter(e -> e.revisions().size() == 1
                && e.revisions().getFirst().fact() instanceof org.vigil.casefile.event.Event.CountReported).count();
        assertThat(plain).as("the record has many plain headcount reports").isGreaterThan(100);
        // what the parts hand the status: every fact but the plain reports, and of those only a site's first and latest
        Dossier.Parts parts = new Dossier.Parts(null, Audience.INTERNAL);
        file.entries().forEach(parts::add);
        assertThat(parts.keptWhole()).isLessThan(file.entries().size() - (int) plain + 60);
    }

    /** Compares the dossier both ways for every audience, date and a few versions; how many were compared. */
    private static int sameAsTheFold(CaseFile file, Random random) throws Exception {
        int compared = 0;
        List<Long> versions = List.of(file.version(), Math.max(1, file.version() / 2), Math.max(1, file.version() - 3));
        for (long version : versions) {
            for (LocalDate asOf : DATES) {
                for (Audience audience : Audience.values()) {
                    String expected = JSON.writeValueAsString(DossierReference.of(file, version, asOf, audience));
                    assertThat(JSON.writeValueAsString(Dossier.of(file, version, asOf, audience)))
                            .as("version %d, as of %s, %s", version, asOf, audience).isEqualTo(expected);
                    // the entries in another order, as a streamed read hands them over
                    CaseFile at = file.atVersion(version);
                    List<CaseFile.Entry> shuffled = new ArrayList<>(at.entries());
                    Collections.shuffle(shuffled, random);
                    Dossier.Parts parts = new Dossier.Parts(asOf, audience);
                    shuffled.forEach(parts::add);
                    assertThat(JSON.writeValueAsString(parts.dossier(at.populationId(), version, at.version(), at.position(), at.lastRecordedAt())))
                            .as("shuffled: version %d, as of %s, %s", version, asOf, audience).isEqualTo(expected);
                    compared++;
                }
            }
        }
        return compared;
    }

    private static final String[] SITES = {"Camp Ashraf", "Camp Liberty", "Baghdad airport", ""};
    private static final String[] SUBGROUPS = {"all residents", "women", null};
    private static final String[] LEVELS = {"public", "public", "public", "restricted", "confidential"};
    private static final String[] QUALIFIERS = {"exact", "about", "at_least", "more_than", "up_to", "fewer_than", "nearly", "reported"};

    /** The events, then some hundreds of headcount reports, corrections and retractions of them, at random. */
    static List<LoggedEvent> withHeadcounts(List<LoggedEvent> events, Random random) {
        LoggedEvent last = events.getLast();
        long version = last.streamVersion();
        List<UUID> counts = new ArrayList<>();
        int n = 150 + random.nextInt(250);
        for (int i = 0; i < n; i++) {
            version++;
            int roll = random.nextInt(20);
            ObjectNode data;
            String type;
            if (roll == 0 && !counts.isEmpty()) {
                type = "vigil.event.retracted.v2";
                data = JSON.createObjectNode().put("target", counts.get(random.nextInt(counts.size())).toString())
                        .put("reason", "duplicate");
            } else if (roll <= 2 && !counts.isEmpty()) {
                type = "vigil.event.corrected.v2";
                data = JSON.createObjectNode().put("target", counts.get(random.nextInt(counts.size())).toString())
                        .put("reason", "the figure was misread");
                ObjectNode corrected = headcount(random);
                corrected.put("type", "vigil.population.count-reported.v3");
                corrected.remove("confidentiality");
                data.set("corrected", corrected);
                data.set("sources", corrected.get("sources").deepCopy());
            } else {
                type = "vigil.population.count-reported.v3";
                data = headcount(random);
            }
            String level = LEVELS[random.nextInt(LEVELS.length)];
            data.put("confidentiality", level);
            UUID id = new UUID(seedBits(random), version);
            if (type.startsWith("vigil.population")) counts.add(id);
            events.add(new LoggedEvent(id, last.populationId(), version, last.position() + version, type,
                    last.recordedAt().plusSeconds(60 * version), level, data));
        }
        return events;
    }

    private static long seedBits(Random random) {
        return random.nextLong() & 0xffffffffffff0fffL | 0x7000L;
    }

    private static ObjectNode headcount(Random random) {
        ObjectNode data = JSON.createObjectNode();
        ObjectNode occurred = data.putObject("occurred");
        int year = 2008 + random.nextInt(6);
        int month = 1 + random.nextInt(12);
        int day = 1 + random.nextInt(28);
        switch (random.nextInt(6)) {
            case 0 -> occurred.put("precision", "month").put("date", String.format("%d-%02d", year, month));
            case 1 -> occurred.put("precision", "year").put("date", Integer.toString(year));
            case 2 -> occurred.put("precision", "approximate").put("date", String.format("%d-%02d", year, month));
            case 3 -> occurred.put("precision", "range").put("earliest", String.format("%d-%02d-%02d", year, month, day))
                    .put("latest", String.format("%d-%02d-%02d", year, month, Math.min(28, day + random.nextInt(5))));
            default -> occurred.put("precision", "day").put("date", String.format("%d-%02d-%02d", year, month, day));
        }
        String site = SITES[random.nextInt(SITES.length)];
        if (!site.isEmpty()) data.putObject("place").put("name", site).put("country", "IQ");
        String subgroup = SUBGROUPS[random.nextInt(SUBGROUPS.length)];
        if (subgroup != null) data.put("subgroup", subgroup);
        ArrayNode sources = data.putArray("sources");
        ArrayNode count = data.putArray("count");
        int many = 1 + random.nextInt(3);
        for (int s = 0; s < many; s++) {
            String ref = "s" + random.nextInt(4);
            sources.addObject().put("ref", ref).put("publisher", "Publisher " + ref).put("title", "Report " + random.nextInt(3))
                    .put("date", Integer.toString(year));
            ObjectNode figure = count.addObject().put("source", ref);
            long best = 100 * (1 + random.nextInt(40));
            switch (random.nextInt(4)) {
                case 0 -> figure.put("says", random.nextBoolean() ? "about " + best : "many");
                case 1 -> figure.put("qualifier", "between").put("low", best).put("high", best + 100 * random.nextInt(5));
                default -> figure.put("qualifier", QUALIFIERS[random.nextInt(QUALIFIERS.length)]).put("best", best);
            }
        }
        data.put("summary", "Headcount " + random.nextInt(1000));
        return data;
    }
}
