package org.vigil.report.write;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.vigil.report.view.Dossier;

/** The small words of a report: dates, places, sites, codes and field names as a reader reads them. */
final class Words {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private Words() {
    }

    /** "3,400": thousands grouped with commas, as in English. */
    static String number(long n) {
        String digits = Long.toString(Math.abs(n));
        StringBuilder out = new StringBuilder(digits.length() + 8);
        if (n < 0) out.append('-');
        int head = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        out.append(digits, 0, head);
        for (int i = head; i < digits.length(); i += 3) out.append(',').append(digits, i, i + 3);
        return out.toString();
    }

    static String day(LocalDate d) {
        return d == null ? "" : d.format(DAY);
    }

    /** The text, or {@code otherwise} when it is absent or blank. */
    static String or(String text, String otherwise) {
        return text == null || text.isBlank() ? otherwise : text;
    }

    /** The date as its sources gave it, with the interval it stands for when that is not plain from the words. */
    static String dateOf(Dossier.TimelineItem item) {
        String text = item.date() == null ? "undated" : item.date();
        String precision = item.precision() == null ? "" : item.precision();
        if (!(precision.equals("range") || precision.equals("approximate"))) return text;
        LocalDate earliest = LocalDate.parse(item.earliest());
        LocalDate latest = LocalDate.parse(item.latest());
        String interval = day(earliest) + " - " + day(latest);
        boolean plain = text.equals(interval) || (earliest.getYear() == latest.getYear() && earliest.getMonth() == latest.getMonth()
                && text.equals(earliest.getDayOfMonth() + "-" + day(latest)));
        return plain ? text : text + " (between " + day(earliest) + " and " + day(latest) + ")";
    }

    /** "Camp Ashraf (former residents)": a site and, when the figures are for part of its population, which part. */
    static String siteName(Dossier.Sited s) {
        String site = s.site() == null ? "unnamed site" : s.site();
        return s.subgroup() != null && !s.subgroup().isBlank() ? site + " (" + s.subgroup() + ")" : site;
    }

    /** "Camp Ashraf, Diyala, IQ": the parts of a place its record states. */
    static String place(Dossier.Place p) {
        List<String> parts = new ArrayList<>();
        for (String part : new String[]{p.name(), p.region(), p.country()}) {
            if (part != null && !part.isBlank()) parts.add(part);
        }
        return parts.isEmpty() ? "an unnamed place" : String.join(", ", parts);
    }

    /** An event type in words, whatever its version. */
    static String typeLabel(String type) {
        return switch (kind(type)) {
            case "vigil.population.registered" -> "Population registered";
            case "vigil.population.count-reported" -> "Headcount reported";
            case "vigil.relocation.recorded" -> "Movement";
            case "vigil.attack.recorded" -> "Attack";
            case "vigil.casualties.aggregate-claimed" -> "Casualty total claimed";
            case "vigil.legal-designation.changed" -> "Legal designation changed";
            case "vigil.refugee-status.changed" -> "Refugee status changed";
            case "vigil.access-restriction.recorded" -> "Access restricted";
            case "vigil.access-restriction.lifted" -> "Access restriction lifted";
            case "vigil.intervention.recorded" -> "Intervention";
            case "vigil.detention.recorded" -> "Detention";
            default -> type == null ? "" : type;
        };
    }

    /** An event type without its version: "vigil.attack.recorded". Every version of a type reads the same here. */
    static String kind(String type) {
        return type == null ? "" : type.replaceFirst("\\.v\\d+$", "");
    }

    /** A field of an event in words: "killed" is "Killed", "occurred" is "Date", "perpetrator" is "Perpetrator". */
    static String fieldLabel(String field) {
        return switch (field == null ? "" : field) {
            case "occurred" -> "Date";
            case "place" -> "Place";
            case "sources" -> "Sources";
            case "count" -> "Number";
            default -> label(field == null ? "" : field.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ENGLISH));
        };
    }

    /** "internal_transfer" reads "Internal transfer". */
    static String label(String code) {
        if (code == null || code.isBlank()) return "";
        String words = code.replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
