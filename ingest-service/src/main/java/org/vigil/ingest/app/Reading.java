package org.vigil.ingest.app;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import org.vigil.access.Confidentiality;
import org.vigil.ingest.log.LogReader;
import org.vigil.ingest.log.RecordedEvent;

/**
 * The log read back for a reader cleared up to some level: populations, a stream page by page, one event, a stream's
 * version at a log position, and the log as a whole (its head, any link, the chain checked). Each answer that lists
 * records says what it holds above public ({@code held}), so the caller can put the read on record.
 */
@ApplicationScoped
public class Reading {

    private final LogReader reader;

    public Reading(LogReader reader) {
        this.reader = reader;
    }

    /**
     * A page of what a reader may see, how many on the page were withheld, the levels above public it shows, and the
     * last row read, shown or not, when the page was full (the next page starts after it; null on the last page).
     */
    public record Page<T>(List<T> shown, int withheld, Map<Confidentiality, Integer> held, T nextAfter) {
    }

    /** Populations after {@code after} (null: from the first), {@code size} at most, as a reader may see them. */
    public Page<LogReader.PopulationSummary> populations(UUID after, int size, Confidentiality clearance) {
        List<LogReader.PopulationSummary> page = read(() -> reader.populations(after, size));
        return visible(page, LogReader.PopulationSummary::confidentiality, clearance, page.size() == size);
    }

    /** A population's bookkeeping, unless it is not registered or its registration is above the clearance. */
    public Found<LogReader.PopulationSummary> population(UUID id, Confidentiality clearance) {
        Optional<LogReader.PopulationSummary> found = read(() -> reader.population(id));
        if (found.isEmpty()) return new Found.Missing<>();
        return readable(found.get().confidentiality(), clearance) ? new Found.Shown<>(found.get()) : new Found.Withheld<>();
    }

    /** A page of a population's stream after {@code afterVersion}, as a reader may see it; missing when not registered. */
    public Found<Page<RecordedEvent>> events(UUID populationId, long afterVersion, int size, Confidentiality clearance) {
        if (read(() -> reader.population(populationId)).isEmpty()) return new Found.Missing<>();
        List<RecordedEvent> rows = read(() -> reader.stream(populationId, afterVersion, size));
        return new Found.Shown<>(visible(rows, RecordedEvent::confidentiality, clearance, rows.size() == size));
    }

    public Found<RecordedEvent> event(UUID populationId, UUID eventId, Confidentiality clearance) {
        Optional<RecordedEvent> found = read(() -> reader.event(populationId, eventId));
        if (found.isEmpty()) return new Found.Missing<>();
        return readable(found.get().confidentiality(), clearance) ? new Found.Shown<>(found.get()) : new Found.Withheld<>();
    }

    /**
     * The population's stream version once the log reached {@code position} (null: the head): what a view at that
     * position must have applied. Empty when the population is not registered.
     */
    public OptionalLong versionAt(UUID populationId, Long position) {
        if (read(() -> reader.population(populationId)).isEmpty()) return OptionalLong.empty();
        long at = position == null ? head().position() : position;
        return OptionalLong.of(read(() -> reader.versionAt(populationId, at)));
    }

    /**
     * What changed after log position {@code after}: the events of one population or (null) all, in position order,
     * {@code limit} read at most, those above the clearance left out and counted; {@code lastPosition} is the last
     * position read, shown or not, where the next page starts ({@code after} when nothing was read).
     */
    public record Changes(List<RecordedEvent> shown, int withheld, Map<Confidentiality, Integer> held, long lastPosition) {
    }

    public Changes changes(long after, int limit, UUID population, Confidentiality clearance) {
        List<RecordedEvent> rows = read(() -> reader.after(after, limit, population));
        Page<RecordedEvent> page = visible(rows, RecordedEvent::confidentiality, clearance, false);
        return new Changes(page.shown(), page.withheld(), page.held(), rows.isEmpty() ? after : rows.getLast().position());
    }

    /**
     * A population's events as a reader may see them, all of them, read a page at a time and handed to {@code each}
     * in version order (so that an export of any size holds one page in memory): those of {@code types} (empty: all)
     * recorded at or before {@code knownAt} (null: now). A type is named with its version ({@code
     * vigil.attack.recorded.v2}) or without it ({@code vigil.attack.recorded}: every version).
     */
    public void export(UUID populationId, java.util.Set<String> types, java.time.Instant knownAt,
                                    Confidentiality clearance, java.util.function.Consumer<RecordedEvent> each) {
        long after = 0;
        while (true) {
            long from = after;
            List<RecordedEvent> page = read(() -> reader.stream(populationId, from, 1000));
            for (RecordedEvent e : page) {
                boolean inTime = knownAt == null || !e.recordedAt().isAfter(knownAt);
                boolean ofType = types.isEmpty() || types.stream().anyMatch(t -> e.type().equals(t) || e.type().startsWith(t + ".v"));
                if (inTime && ofType && readable(e.confidentiality(), clearance)) each.accept(e);
            }
            if (page.size() < 1000) break;
            after = page.getLast().streamVersion();
        }
    }

    /**
     * What an export of a population's events (recorded by {@code knownAt}) leaves out for a clearance, per level as
     * stored, and what it shows above public: both from one count of the events per level.
     */
    public record Levels(Map<String, Long> withheld, Map<Confidentiality, Integer> held) {
    }

    public Levels levels(UUID populationId, java.time.Instant knownAt, Confidentiality clearance) {
        Map<String, Long> withheld = new java.util.TreeMap<>();
        Map<Confidentiality, Integer> held = new EnumMap<>(Confidentiality.class);
        read(() -> reader.levels(populationId, knownAt)).forEach((level, n) -> {
            Confidentiality l = Confidentiality.ofRecord(level);
            if (!clearance.mayRead(l)) withheld.put(level, n);
            else if (l != Confidentiality.PUBLIC) held.merge(l, n.intValue(), Integer::sum);
        });
        return new Levels(withheld, held);
    }

    public LogReader.Link head() {
        return read(reader::head);
    }

    public Optional<LogReader.Link> link(long position) {
        return read(() -> reader.link(position));
    }

    /** Recomputes every hash from position 1 to the head; names the first broken link, if any. */
    public LogReader.Verification verify() {
        return read(reader::verify);
    }

    private static boolean readable(String level, Confidentiality clearance) {
        return clearance.mayRead(Confidentiality.ofRecord(level));
    }

    private static <T> Page<T> visible(List<T> rows, java.util.function.Function<T, String> level, Confidentiality clearance,
                                       boolean full) {
        T last = full && !rows.isEmpty() ? rows.getLast() : null;
        List<T> shown = new ArrayList<>();
        Map<Confidentiality, Integer> held = new EnumMap<>(Confidentiality.class);
        for (T row : rows) {
            Confidentiality l = Confidentiality.ofRecord(level.apply(row));
            if (!clearance.mayRead(l)) continue;
            shown.add(row);
            if (l != Confidentiality.PUBLIC) held.merge(l, 1, Integer::sum);
        }
        return new Page<>(List.copyOf(shown), rows.size() - shown.size(), held, last);
    }

    private interface Query<T> {
        T run() throws SQLException;
    }

    private static <T> T read(Query<T> query) {
        try {
            return query.run();
        } catch (SQLException e) {
            throw new StoreFailure(e);
        }
    }
}
