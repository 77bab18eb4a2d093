package org.vigil.casefile.app;

import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.vigil.access.Confidentiality;
import org.vigil.casefile.event.Event;
import org.vigil.casefile.projection.When;
import org.vigil.casefile.store.FactSearch;
import org.vigil.problems.Problem;

/**
 * Search across the populations, or within one: the words of summaries, sources, places and names, in any script,
 * filtered by type, by the period a fact happened in (any overlap with its dates, at their precision) and by source
 * (a source's ref, or words of its publisher); each hit as the latest revision the clearance may read, linking to
 * its event. What the clearance may not read is counted, never shown.
 */
@ApplicationScoped
public class Searches {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FactSearch search;

    public Searches(FactSearch search) {
        this.search = search;
    }

    /** What was asked. {@code from} and {@code to} bound the period (inclusive), null for open. */
    public record Ask(String words, UUID populationId, String type, String source, LocalDate from, LocalDate to, int limit) {
    }

    /**
     * A fact found: what it is, when it happened (in words, at its precision, and as the first and last day that can
     * mean), where, what it says in brief, and who said it.
     */
    public record Result(UUID populationId, String populationName, UUID eventId, String type, String kind, long streamVersion,
                         java.time.Instant recordedAt, String confidentiality, String occurred, LocalDate occurredFrom,
                         LocalDate occurredTo, String place, String summary,
                         List<String> sources, double rank) {
    }

    /**
     * The results, best first; how many matching facts the clearance withholds; and how many revisions recorded in
     * the views are not yet searchable (the words are indexed just behind the views).
     */
    public record Found(List<Result> results, long withheld, Map<Confidentiality, Integer> held, long pending) {
    }

    public Uni<Found> find(Ask ask, Confidentiality clearance) {
        List<String> levels = Arrays.stream(Confidentiality.values()).filter(clearance::mayRead).map(Confidentiality::label).toList();
        var query = new FactSearch.Query(ask.words(), ask.populationId(), ask.type(), ask.source());
        boolean period = ask.from() != null || ask.to() != null;
        // a period is checked here, at each date's precision: read more than asked, keep what overlaps
        int read = period ? Math.min(2_000, ask.limit() * 10) : ask.limit();
        return search.search(query, levels, read).chain(hits -> search.withheld(query, levels)
                .chain(withheld -> search.pending(ask.populationId()).map(pending -> {
            List<Result> results = new ArrayList<>();
            Map<Confidentiality, Integer> held = new java.util.EnumMap<>(Confidentiality.class);
            for (FactSearch.Hit hit : hits) {
                if (results.size() == ask.limit()) break;
                JsonNode data = read(hit.data());
                When when = when(data);
                if (period && !overlaps(when, ask.from(), ask.to())) continue;
                results.add(result(hit, data, when));
                Confidentiality level = Confidentiality.ofRecord(hit.confidentiality());
                if (level != Confidentiality.PUBLIC) held.merge(level, 1, Integer::sum);
            }
            return new Found(List.copyOf(results), withheld, held, pending);
        })));
    }

    private static Result result(FactSearch.Hit hit, JsonNode data, When when) {
        List<String> sources = new ArrayList<>();
        for (JsonNode s : data.path("sources")) {
            String publisher = s.path("publisher").asText("");
            String title = s.path("title").asText("");
            sources.add(title.isEmpty() ? publisher : publisher + ", " + title);
        }
        JsonNode place = data.path("place");
        String where = place.isObject() ? String.join(", ", nonEmpty(place.path("name").asText(""), place.path("region").asText(""),
                place.path("country").asText(""))) : "";
        String summary = first(data, "summary", "name", "subgroup", "reason", "description");
        if (summary.isEmpty() && hit.reason() != null) summary = hit.reason();
        return new Result(hit.populationId(), hit.populationName(), hit.entryId(), hit.type(), hit.kind(), hit.streamVersion(),
                hit.recordedAt(), hit.confidentiality(), when == null ? "" : when.text(), when == null ? null : when.earliest(),
                when == null ? null : when.latest(), where, summary, sources, hit.rank());
    }

    private static When when(JsonNode data) {
        JsonNode occurred = data.get("occurred");
        if (occurred == null || !occurred.isObject()) return null;
        try {
            return When.of(JSON.treeToValue(occurred, Event.Occurred.class));
        } catch (Exception e) {
            return null; // a date the views cannot place: no period matches it
        }
    }

    /** Whether a fact's dates, at their precision, can fall within the period. */
    static boolean overlaps(When when, LocalDate from, LocalDate to) {
        if (when == null) return false;
        return (from == null || !when.latest().isBefore(from)) && (to == null || !when.earliest().isAfter(to));
    }

    private static String first(JsonNode data, String... fields) {
        for (String f : fields) {
            String text = data.path(f).asText("");
            if (!text.isBlank()) return text;
        }
        return "";
    }

    private static List<String> nonEmpty(String... parts) {
        return Arrays.stream(parts).filter(p -> !p.isBlank()).toList();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** The question, checked: every parameter at fault is named at once. */
    public static Searches.Ask ask(String q, String populationId, String type, String from, String to, String source, String limit) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String words = q == null ? "" : q.strip();
        if (words.isEmpty()) errors.add(new Problem.FieldError(null, "q", "required", "the words to search for"));
        else if (words.length() > 200) errors.add(new Problem.FieldError(null, "q", "text.max-length", "at most 200 characters"));
        else if (words.indexOf('\0') >= 0) errors.add(new Problem.FieldError(null, "q", "text.storable", "holds U+0000"));
        UUID population = null;
        if (populationId != null && !populationId.isBlank()) {
            try {
                population = UUID.fromString(populationId.strip());
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError(null, "populationId", "uuid.format", "a population's id (a UUID)"));
            }
        }
        String kind = type == null || type.isBlank() ? null : type.strip();
        if (kind != null && !Event.TYPES.containsKey(kind)) {
            errors.add(new Problem.FieldError(null, "type", "json.type", "one of the published types, e.g. vigil.attack.recorded.v2"));
        }
        LocalDate start = day(from, "from", false, errors);
        LocalDate end = day(to, "to", true, errors);
        if (start != null && end != null && end.isBefore(start)) {
            errors.add(new Problem.FieldError(null, "to", "interval.ordered", "to is before from"));
        }
        String by = source == null || source.isBlank() ? null : source.strip();
        if (by != null && by.length() > 200) errors.add(new Problem.FieldError(null, "source", "text.max-length", "at most 200 characters"));
        int size = 50;
        if (limit != null && !limit.isBlank()) {
            try {
                size = Integer.parseInt(limit.strip());
                if (size < 1 || size > 200) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                errors.add(new Problem.FieldError(null, "limit", "page.size", "between 1 and 200"));
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.of(400, "bad-request", "Bad search", errors.size() == 1 ? errors.getFirst().field() + ": "
                    + errors.getFirst().message() : errors.size() + " parameters at fault", errors);
        }
        return new Searches.Ask(words, population, kind, by, start, end, size);
    }

    /** A date at the precision given: the first day it can mean, or (for {@code to}) the last. */
    private static LocalDate day(String value, String field, boolean last, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        try {
            return switch (v.length()) {
                case 4 -> last ? Year.parse(v).atMonth(12).atEndOfMonth() : Year.parse(v).atDay(1);
                case 7 -> last ? YearMonth.parse(v).atEndOfMonth() : YearMonth.parse(v).atDay(1);
                default -> LocalDate.parse(v);
            };
        } catch (java.time.format.DateTimeParseException e) {
            errors.add(new Problem.FieldError(null, field, "date.format", "a date: YYYY, YYYY-MM or YYYY-MM-DD"));
            return null;
        }
    }
}
