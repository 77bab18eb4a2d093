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
     * the number's row stays locked until commit, so numbers follow commit order and a failed write leaves no gap. The
     * dossier (its UTF-8 text) is stored first, unless a report written from the same one stored it already.
     */
    public Uni<ReportRow> insertNumbered(int year, byte[] dossier, String dossierSha256, Function<Integer, ReportRow> write) {
        return sessions.withStatelessTransaction(session -> session.createNativeQuery(
                        "SELECT count(*) FROM dossiers WHERE sha256 = ?1", Long.class).setParameter(1, dossierSha256).getSingleResult()
                .chain(known -> known > 0 ? Uni.createFrom().voidItem()
                        : session.createNativeQuery("INSERT INTO dossiers (sha256, text) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                        .setParameter(1, dossierSha256).setParameter(2, new String(dossier, java.nio.charset.StandardCharsets.UTF_8)).executeUpdate().replaceWithVoid())
                .chain(() -> session.createNativeQuery(
                        "INSERT INTO report_numbers (year, last) VALUES (?1, 1) ON CONFLICT (year)"
                                + " DO UPDATE SET last = report_numbers.last + 1 RETURNING last", Integer.class)
                .setParameter(1, year).getSingleResult()
                .chain(number -> {
                    ReportRow row = write.apply(number);
                    return session.insert(row).replaceWith(row);
                })));
    }

    /** A stored dossier's text. */
    public Uni<String> dossier(String sha256) {
        return sessions.withStatelessSession(s -> s.createNativeQuery("SELECT text FROM dossiers WHERE sha256 = ?1", String.class)
                .setParameter(1, sha256).getSingleResult());
    }

    public Uni<ReportRow> find(UUID id) {
        return sessions.withStatelessSession(s -> s.get(ReportRow.class, id));
    }

    /** The population's reports, newest log position first, without their contents (the Markdown is not read). */
    public Uni<List<ReportRow>> ofPopulation(UUID populationId) {
        return sessions.withStatelessSession(s -> s.createSelectionQuery(
                        "select r.id, r.indexYear, r.indexNumber, r.populationName, r.asOf, r.periodFrom, r.periodTo, r.audience,"
                                + " r.format, r.logPosition, r.chainHash, r.streamVersion, r.previousReport, r.issuedOn, r.createdAt,"
                                + " r.markdownSha256, r.dossierSha256 from ReportRow r where r.populationId = :id"
                                + " order by r.logPosition desc, r.createdAt desc", Object[].class)
                .setParameter("id", populationId).getResultList()
                .map(rows -> rows.stream().map(c -> {
                    ReportRow r = new ReportRow();
                    r.id = (UUID) c[0];
                    r.indexYear = (Integer) c[1];
                    r.indexNumber = (Integer) c[2];
                    r.populationId = populationId;
                    r.populationName = (String) c[3];
                    r.asOf = (java.time.LocalDate) c[4];
                    r.periodFrom = (java.time.LocalDate) c[5];
                    r.periodTo = (java.time.LocalDate) c[6];
                    r.audience = (String) c[7];
                    r.format = (String) c[8];
                    r.logPosition = (Long) c[9];
                    r.chainHash = (String) c[10];
                    r.streamVersion = (Long) c[11];
                    r.previousReport = (UUID) c[12];
                    r.issuedOn = (java.time.LocalDate) c[13];
                    r.createdAt = (java.time.Instant) c[14];
                    r.markdownSha256 = (String) c[15];
                    r.dossierSha256 = (String) c[16];
                    return r;
                }).toList()));
    }

    /** A report named, without its contents: what a later report needs of its predecessor. */
    public record ReportRef(UUID id, int indexYear, int indexNumber, long streamVersion) {
        public String index() {
            return String.format("VGL %d/%04d", indexYear, indexNumber);
        }
    }

    private static final String REF = "select new org.vigil.report.store.ReportStore$ReportRef(r.id, r.indexYear, r.indexNumber,"
            + " r.streamVersion) from ReportRow r ";

    /** The report written last for the population at or before a log position: the one corrections are counted from. */
    public Uni<ReportRef> previous(UUID populationId, long logPosition) {
        return sessions.withStatelessSession(s -> s.createSelectionQuery(REF
                                + "where r.populationId = :id and r.logPosition <= :p order by r.logPosition desc, r.createdAt desc",
                        ReportRef.class)
                .setParameter("id", populationId).setParameter("p", logPosition).setMaxResults(1).getResultList()
                .map(list -> list.isEmpty() ? null : list.getFirst()));
    }

    public Uni<ReportRef> ref(UUID id) {
        return sessions.withStatelessSession(s -> s.createSelectionQuery(REF + "where r.id = :id", ReportRef.class)
                .setParameter("id", id).getResultList().map(list -> list.isEmpty() ? null : list.getFirst()));
    }
}
