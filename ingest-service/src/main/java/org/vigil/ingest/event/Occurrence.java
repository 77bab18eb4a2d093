package org.vigil.ingest.event;

/**
 * When a fact happened, with the precision the source gives. {@code label} keeps the source's own words
 * ("early 2009", "28-29 July 2009") for reports.
 */
public record Occurrence(Precision precision, String at, String date, String earliest, String latest, String label) {

    public static Occurrence day(String isoDate) {
        return new Occurrence(Precision.DAY, null, isoDate, null, null, null);
    }

    public static Occurrence month(String yearMonth) {
        return new Occurrence(Precision.MONTH, null, yearMonth, null, null, null);
    }

    public static Occurrence year(String year) {
        return new Occurrence(Precision.YEAR, null, year, null, null, null);
    }

    public static Occurrence range(String earliest, String latest, String label) {
        return new Occurrence(Precision.RANGE, null, null, earliest, latest, label);
    }
}
