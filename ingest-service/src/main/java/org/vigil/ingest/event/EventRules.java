package org.vigil.ingest.event;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.vigil.figures.FigureWords;
import org.vigil.figures.Qualifier;
import org.vigil.figures.Stated;

import org.vigil.ingest.event.PopulationEvent.AccessRestrictionLifted;
import org.vigil.ingest.event.PopulationEvent.AccessRestrictionRecorded;
import org.vigil.ingest.event.PopulationEvent.AttackRecorded;
import org.vigil.ingest.event.PopulationEvent.CasualtyAggregateClaimed;
import org.vigil.ingest.event.PopulationEvent.EventCorrected;
import org.vigil.ingest.event.PopulationEvent.EventRetracted;
import org.vigil.ingest.event.PopulationEvent.InterventionRecorded;
import org.vigil.ingest.event.PopulationEvent.LegalDesignationChanged;
import org.vigil.ingest.event.PopulationEvent.PopulationCountReported;
import org.vigil.ingest.event.PopulationEvent.PopulationRegistered;
import org.vigil.ingest.event.PopulationEvent.RefugeeStatusChanged;
import org.vigil.ingest.event.PopulationEvent.RelocationRecorded;

/**
 * The rules one event must meet on its own, whatever the stream holds: required fields, dates that parse and agree
 * with their precision, figures that are ranges citing one of the event's sources. Rule names are stable; clients
 * match on them.
 */
public final class EventRules {

    public static final int MAX_TEXT = 10_000;
    public static final int MAX_NAME = 300;
    /** A source's ref: the label figures cite it by, e.g. "ai-2008". */
    static final java.util.regex.Pattern REF = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    public static final long MAX_FIGURE = 100_000_000L;

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private final List<Violation> found = new ArrayList<>();
    private final DateRules dates = new DateRules(this::fail);

    private EventRules() {
    }

    /** Every rule the event breaks, with its field; empty when it may be recorded. */
    public static List<Violation> check(PopulationEvent event) {
        EventRules rules = new EventRules();
        rules.event(event);
        return List.copyOf(rules.found);
    }

    private void event(PopulationEvent event) {
        boolean amendment = event instanceof EventCorrected || event instanceof EventRetracted;
        if (event.confidentiality() == null) {
            fail("confidentiality", "required", "say who may read this event: public, restricted or confidential");
        }
        if (event.occurred() == null) {
            if (!amendment) fail("occurred", "required", "say when this happened, with its precision");
        } else {
            occurrence("occurred", event.occurred());
        }
        if (event.place() != null) place("place", event.place());
        Set<String> refs = sources(event.sources(), !(event instanceof EventRetracted));

        switch (event) {
            case PopulationRegistered e -> {
                text("name", e.name(), true, MAX_NAME);
                text("description", e.description(), false, MAX_TEXT);
                if (e.place() == null) fail("place", "required", "a population is registered at a site");
                for (int i = 0; i < e.aliases().size(); i++) text("aliases[" + i + "]", e.aliases().get(i), true, MAX_NAME);
                figures("size", e.size(), refs, false);
            }
            case PopulationCountReported e -> {
                text("subgroup", e.subgroup(), false, MAX_NAME);
                figures("count", e.count(), refs, true);
            }
            case RelocationRecorded e -> {
                required("from", e.from());
                required("to", e.to());
                if (e.from() != null) place("from", e.from());
                if (e.to() != null) place("to", e.to());
                required("kind", e.kind());
                figures("count", e.count(), refs, false);
            }
            case AttackRecorded e -> {
                text("means", e.means(), false, MAX_NAME);
                text("perpetrator", e.perpetrator(), false, MAX_NAME);
                figures("killed", e.killed(), refs, false);
                figures("injured", e.injured(), refs, false);
                figures("abducted", e.abducted(), refs, false);
            }
            case CasualtyAggregateClaimed e -> {
                text("scope", e.scope(), true, MAX_TEXT);
                figures("killed", e.killed(), refs, false);
                figures("injured", e.injured(), refs, false);
                figures("abducted", e.abducted(), refs, false);
                if (e.killed().isEmpty() && e.injured().isEmpty() && e.abducted().isEmpty()) {
                    fail("killed", "required", "an aggregate claims at least one figure: killed, injured or abducted");
                }
            }
            case LegalDesignationChanged e -> {
                text("subject", e.subject(), true, MAX_NAME);
                required("designation", e.designation());
                text("authority", e.authority(), true, MAX_NAME);
                required("action", e.action());
                text("instrument", e.instrument(), false, MAX_TEXT);
                LocalDate from = partialDate("effectiveFrom", e.effectiveFrom(), true);
                LocalDate until = partialDate("effectiveUntil", e.effectiveUntil(), false);
                if (from != null && until != null && until.isBefore(from)) {
                    fail("effectiveUntil", "interval.ordered", "effectiveUntil must not be before effectiveFrom");
                }
            }
            case RefugeeStatusChanged e -> {
                text("authority", e.authority(), true, MAX_NAME);
                required("step", e.step());
                text("country", e.country(), false, MAX_NAME);
                figures("count", e.count(), refs, false);
            }
            case AccessRestrictionRecorded e -> {
                required("restricts", e.restricts());
                text("imposedBy", e.imposedBy(), false, MAX_NAME);
                text("description", e.description(), false, MAX_TEXT);
            }
            case PopulationEvent.DetentionRecorded e -> {
                text("detainedBy", e.detainedBy(), true, MAX_NAME);
                figures("count", e.count(), refs, false);
                text("grounds", e.grounds(), false, MAX_TEXT);
                text("duration", e.duration(), false, MAX_NAME);
                text("transferredTo", e.transferredTo(), false, MAX_NAME);
                if (e.transferredTo() != null && e.outcome() != PopulationEvent.DetentionOutcome.TRANSFERRED
                        && e.outcome() != PopulationEvent.DetentionOutcome.DEPORTED) {
                    fail("transferredTo", "detention.transferred-to", "transferredTo names who took the detainees over:"
                            + " give it with outcome transferred or deported");
                }
            }
            case AccessRestrictionLifted e -> {
                required("restriction", e.restriction());
                text("liftedBy", e.liftedBy(), false, MAX_NAME);
            }
            case InterventionRecorded e -> {
                text("actor", e.actor(), true, MAX_NAME);
                if (e.addressees().isEmpty()) fail("addressees", "required", "name at least one addressee");
                for (int i = 0; i < e.addressees().size(); i++) {
                    text("addressees[" + i + "]", e.addressees().get(i), true, MAX_NAME);
                }
                text("asks", e.asks(), true, MAX_TEXT);
                text("documentIndex", e.documentIndex(), false, MAX_NAME);
            }
            case EventCorrected e -> {
                required("target", e.target());
                text("reason", e.reason(), true, MAX_TEXT);
                if (e.corrected() == null) {
                    fail("corrected", "required", "give the event as it should now read (corrected), or what changes (patch)");
                } else if (e.corrected() instanceof EventCorrected || e.corrected() instanceof EventRetracted) {
                    fail("corrected.type", "correction.of-fact", "a correction replaces a recorded fact, not another correction or retraction");
                } else {
                    for (Violation v : check(e.corrected())) found.add(v.prefixed("corrected"));
                }
            }
            case EventRetracted e -> {
                required("target", e.target());
                text("reason", e.reason(), true, MAX_TEXT);
            }
        }
        text("summary", event.summary(), false, MAX_TEXT);
    }

    private Set<String> sources(List<Source> sources, boolean needed) {
        Set<String> refs = new HashSet<>();
        if (sources.isEmpty() && needed) {
            fail("sources", "required", "every claim cites at least one source");
        }
        for (int i = 0; i < sources.size(); i++) {
            String at = "sources[" + i + "]";
            Source s = sources.get(i);
            if (s == null) {
                fail(at, "required", "a source cannot be null");
                continue;
            }
            if (text(at + ".ref", s.ref(), true, 100)) {
                if (!REF.matcher(s.ref()).matches()) {
                    fail(at + ".ref", "source.ref-format", "a source's ref is a short label: letters, digits, '.', '_', ':' or '-', "
                            + "starting with a letter or digit, at most 64 characters");
                } else if (!refs.add(s.ref())) {
                    fail(at + ".ref", "source.ref-unique", "two sources of one event share the ref '" + s.ref() + "'");
                }
            }
            text(at + ".publisher", s.publisher(), true, MAX_NAME);
            text(at + ".title", s.title(), true, MAX_TEXT);
            text(at + ".documentIndex", s.documentIndex(), false, MAX_NAME);
            text(at + ".excerpt", s.excerpt(), false, MAX_TEXT);
            partialDate(at + ".date", s.date(), false);
            required(at + ".affiliation", s.affiliation());
            if (s.url() != null && !httpUrl(s.url())) {
                fail(at + ".url", "url.http", "a source URL is an absolute http or https address");
            }
        }
        return refs;
    }

    private static boolean httpUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null && url.length() <= 2_000;
        } catch (Exception e) {
            return false;
        }
    }

    private void figures(String field, List<Figure> figures, Set<String> refs, boolean atLeastOne) {
        if (atLeastOne && figures.isEmpty()) {
            fail(field, "required", "give at least one figure, with its source");
        }
        for (int i = 0; i < figures.size(); i++) {
            String at = field + "[" + i + "]";
            Figure f = figures.get(i);
            if (f == null) {
                fail(at, "required", "a figure cannot be null");
                continue;
            }
            figure(at, f, refs);
        }
    }

    /**
     * One figure: a cited source and at least one number (or words that give one); the words read and agree with
     * the numbers; the numbers fit the qualifier. A number the source does not state is left out, never made up.
     */
    private void figure(String at, Figure f, Set<String> refs) {
        if (f.source() == null) {
            fail(at + ".source", "required", "a figure names the source that claims it");
        } else if (!refs.contains(f.source())) {
            fail(at + ".source", "figure.source-cited", "'" + f.source() + "' is not the ref of one of this event's sources");
        }
        text(at + ".note", f.note(), false, MAX_TEXT);
        Stated fromWords = null;
        if (f.says() != null && text(at + ".says", f.says(), false, MAX_NAME)) {
            try {
                fromWords = FigureWords.parse(f.says());
            } catch (FigureWords.Unreadable e) {
                fail(at + ".says", "figure.words", e.getMessage());
            }
        }
        if (!f.hasNumbers()) {
            if (f.says() == null) {
                fail(at + ".best", "required", "a figure gives its number: in best (one number), low and high, or in words in 'says'");
            }
            if (fromWords != null && f.qualifier() != null && f.qualifier() != fromWords.qualifier()) {
                fail(at + ".qualifier", "figure.words-agree", "the words '" + f.says() + "' say "
                        + fromWords.qualifier().wire() + ", not " + f.qualifier().wire());
            }
            return;
        }
        for (var part : new Object[][]{{"low", f.low()}, {"best", f.best()}, {"high", f.high()}}) {
            Long value = (Long) part[1];
            if (value != null && (value < 0 || value > MAX_FIGURE)) {
                fail(at + "." + part[0], "estimate.non-negative", "a count is between 0 and " + MAX_FIGURE);
            }
        }
        Stated stated = f.stated();
        if (stated.qualifier() == null) {
            if (stated.numbers().stream().distinct().count() > 1 && (f.low() == null || f.high() == null)) {
                fail(at + ".qualifier", "required", "say how the source qualifies these numbers: one of " + QUALIFIERS);
            }
            stated = new Stated(stated.numbers().stream().distinct().count() == 1 ? Qualifier.EXACT : Qualifier.BETWEEN,
                    f.low(), f.best(), f.high());
        }
        for (String problem : stated.problems()) {
            fail(at + "." + (problem.startsWith("best") ? "best" : problem.startsWith("high") ? "high" : "qualifier"),
                    problem.contains(" is below ") || problem.contains(" is above ") ? "estimate.ordered" : "figure.qualifier-numbers",
                    problem);
        }
        if (fromWords != null && stated.problems().isEmpty() && !fromWords.canonical().equals(stated.canonical())) {
            fail(at + ".says", "figure.words-agree", "the words '" + f.says() + "' say " + FigureWords.say(fromWords)
                    + ", the numbers say " + FigureWords.say(stated) + "; send one of them, or make them agree");
        }
    }

    private static final String QUALIFIERS = java.util.Arrays.stream(Qualifier.values()).map(Qualifier::wire).toList().toString();

    private void occurrence(String at, Occurrence o) {
        dates.occurrence(at, o);
        text(at + ".label", o.label(), false, MAX_NAME);
    }

    private LocalDate partialDate(String at, String value, boolean required) {
        return dates.partialDate(at, value, required);
    }

    private void place(String at, Place p) {
        text(at + ".name", p.name(), true, MAX_NAME);
        text(at + ".region", p.region(), false, MAX_NAME);
        if (p.country() != null && !COUNTRY.matcher(p.country()).matches()) {
            fail(at + ".country", "country.iso-3166", "a country is its ISO 3166-1 alpha-2 code, such as IQ or AL");
        }
        if ((p.latitude() == null) != (p.longitude() == null)) {
            fail(at + ".latitude", "coordinates.paired", "give latitude and longitude together, or neither");
        }
        if (p.latitude() != null && (p.latitude() < -90 || p.latitude() > 90 || p.latitude().isNaN())) {
            fail(at + ".latitude", "coordinates.range", "latitude is between -90 and 90");
        }
        if (p.longitude() != null && (p.longitude() < -180 || p.longitude() > 180 || p.longitude().isNaN())) {
            fail(at + ".longitude", "coordinates.range", "longitude is between -180 and 180");
        }
    }

    private void required(String at, Object value) {
        if (value == null) fail(at, "required", "'" + at + "' is required");
    }

    private boolean text(String at, String value, boolean required, int max) {
        if (value == null || value.isBlank()) {
            if (required) fail(at, "required", "'" + at + "' is required and cannot be blank");
            return false;
        }
        if (value.length() > max) {
            fail(at, "text.max-length", "at most " + max + " characters");
            return false;
        }
        return true;
    }

    private void fail(String field, String rule, String message) {
        found.add(new Violation(field, rule, message));
    }
}
