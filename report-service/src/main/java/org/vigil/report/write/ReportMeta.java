package org.vigil.report.write;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Everything about a report that is not in the dossier: its number, date, what it was asked for, and where in the log
 * it stands. Stored with the report, so that a regeneration writes the same bytes.
 *
 * @param previousIndex   the index of the population's previous report, or null for the first
 * @param previousVersion the stream version that report reflected (0 for none): corrections after it are listed
 */
public record ReportMeta(String index, LocalDate issuedOn, UUID populationId, LocalDate asOf, LocalDate periodFrom,
                         LocalDate periodTo, String audience, long logPosition, String chainHash, long streamVersion,
                         String previousIndex, long previousVersion) {
}
