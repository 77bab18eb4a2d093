package org.vigil.report.store;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

/** Reports in PostgreSQL: numbered without gaps per year, inserted once, read back as written. */
@ApplicationScoped
public class ReportStore {

    private final Mutiny.SessionFactory sessions;

    public ReportStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /**
     * Takes the next index number of the year and inserts the report {@code write} makes with it, in one transaction:
     * the number's row stays locked until commit, so numbers follow commit order and a failed write leaves no gap.
     */
    public Uni<ReportRow> insertNumbered(int year, Function<Integer, ReportRow> write) {
        return sessions.withStatelessTransaction(session -> session.createNativeQuery(
                        "INSERT INTO report_numbers (year, last) VALUES (?1, 1) ON CONFLICT (year)"
                                + " DO UPDATE SET last = report_numbers.last + 1 RETURNING last", Integer.class)
                .setParameter(1, year).getSingleResult()
                .chain(number -> {
                    ReportRow row = write.apply(number);
                    return session.insert(row).replaceWith(row);
                }));
    }

    public Uni<ReportRow> find(UUID id) {
        return sessions.withStatelessSession(s -> s.get(ReportRow.class, id));
    }

    /** The population's reports, newest log position first, without their contents. */
    public Uni<List<ReportRow>> ofPopulation(UUID populationId) {
        return sessions.withStatelessSession(s -> s.createSelectionQuery(
                        "from ReportRow where populationId = :id order by logPosition desc, createdAt desc", ReportRow.class)
                .setParameter("id", populationId).getResultList());
    }

    /** The report written last for the population at or before a log position: the one corrections are counted from. */
    public Uni<ReportRow> previous(UUID populationId, long logPosition) {
        return sessions.withStatelessSession(s -> s.createSelectionQuery(
                        "from ReportRow where populationId = :id and logPosition <= :p order by logPosition desc, createdAt desc",
                        ReportRow.class)
                .setParameter("id", populationId).setParameter("p", logPosition).setMaxResults(1).getResultList()
                .map(list -> list.isEmpty() ? null : list.getFirst()));
    }
}
