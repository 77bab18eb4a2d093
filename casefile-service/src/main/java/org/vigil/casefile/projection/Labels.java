package org.vigil.casefile.projection;

import java.util.Map;

/**
 * The words for the codes events carry, so that views, the live page and reports say "Protected persons (Fourth
 * Geneva Convention, Article 27)" rather than {@code protected_persons_gciv_art27}. A code without words here reads
 * as its words with the underscores taken out; "not stated" codes and absent values read as null (say nothing).
 */
public final class Labels {

    private static final Map<String, String> DESIGNATIONS = Map.of(
            "protected_persons_gciv_art27", "Protected persons (Fourth Geneva Convention, Article 27)",
            "terrorist_listing", "Terrorist listing",
            "asylum_seekers", "Asylum seekers",
            "refugees", "Refugees",
            "persons_of_concern", "Persons of concern to UNHCR",
            "other", "Other legal designation");

    private static final Map<String, String> RESTRICTIONS = Map.of(
            "medical_visits", "Medical visits", "medical_supplies", "Medical supplies", "food", "Food", "fuel", "Fuel",
            "water", "Water", "visitors", "Visitors", "lawyers", "Lawyers", "media", "Media", "movement", "Movement",
            "other", "Other access");

    private static final Map<String, String> RELOCATIONS = Map.of(
            "internal_transfer", "Transfer", "resettlement_to_third_country", "Resettlement to a third country",
            "return_to_origin", "Return to the country of origin", "departure", "Departure");

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry(Types.REGISTERED, "Population registered"), Map.entry(Types.COUNT_REPORTED, "Headcount reported"),
            Map.entry(Types.RELOCATION, "Movement"), Map.entry(Types.ATTACK, "Attack"),
            Map.entry(Types.AGGREGATE, "Casualty total claimed"), Map.entry(Types.DESIGNATION, "Legal designation changed"),
            Map.entry(Types.REFUGEE_STATUS, "Refugee status changed"), Map.entry(Types.RESTRICTION, "Access restricted"),
            Map.entry(Types.RESTRICTION_LIFTED, "Access restriction lifted"), Map.entry(Types.INTERVENTION, "Intervention"),
            Map.entry(Types.CORRECTED, "Correction"), Map.entry(Types.RETRACTED, "Retraction"));

    private Labels() {
    }

    public static String designation(String code) {
        return lookup(DESIGNATIONS, code);
    }

    public static String restriction(String code) {
        return lookup(RESTRICTIONS, code);
    }

    public static String relocation(String code) {
        return lookup(RELOCATIONS, code);
    }

    public static String type(String type) {
        return TYPES.getOrDefault(type, type);
    }

    /** Any other code in words: "urgent_action" is "urgent action"; "not_stated" and null are null. */
    public static String words(String code) {
        if (code == null || code.isBlank() || code.equals("not_stated")) return null;
        return code.replace('_', ' ');
    }

    private static String lookup(Map<String, String> words, String code) {
        if (code == null || code.isBlank() || code.equals("not_stated")) return null;
        String w = words.get(code);
        if (w != null) return w;
        String plain = code.replace('_', ' ');
        return Character.toUpperCase(plain.charAt(0)) + plain.substring(1);
    }
}
