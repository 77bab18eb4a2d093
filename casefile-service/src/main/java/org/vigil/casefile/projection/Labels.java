package org.vigil.casefile.projection;

import java.util.Map;
import java.util.Objects;

import org.vigil.casefile.event.Event;

/**
 * The words for the codes events carry, so that views, the live page and reports say "Protected persons (Fourth
 * Geneva Convention, Article 27)" rather than {@code protected_persons_gciv_art27}. A code without words here reads
 * as its words with the underscores taken out; "not stated" codes and absent values read as null (say nothing).
 * The wording of a fact (its kind and what it says, in a few words) lives here too, and nowhere else.
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

    private static final Map<String, String> OUTCOMES = Map.of(
            "released", "Released", "transferred", "Handed over", "deported", "Deported", "still_held", "Still held");

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

    /** A fact's type in words: "Attack", "Legal designation changed". */
    public static String kind(Event.Fact fact) {
        return switch (fact) {
            case Event.Registered r -> "Population registered";
            case Event.CountReported c -> "Headcount reported";
            case Event.Relocation r -> "Movement";
            case Event.Attack a -> "Attack";
            case Event.CasualtiesClaimed c -> "Casualty total claimed";
            case Event.DesignationChanged d -> "Legal designation changed";
            case Event.RefugeeStatusChanged r -> "Refugee status changed";
            case Event.RestrictionRecorded r -> "Access restricted";
            case Event.RestrictionLifted l -> "Access restriction lifted";
            case Event.DetentionRecorded d -> "Detention";
            case Event.InterventionRecorded i -> "Intervention";
        };
    }

    /** What a fact says, in a few words: "Recognised as refugees by UNHCR", "Terrorist listing revoked by European Union". */
    public static String describe(Event.Fact fact) {
        return switch (fact) {
            case Event.Registered r -> "Registered: " + Objects.requireNonNullElse(r.name(), "population") + at(r.place());
            case Event.CountReported c -> "Headcount reported" + at(c.place())
                    + (c.subgroup() != null ? " (" + c.subgroup() + ")" : "");
            case Event.Relocation r -> Objects.requireNonNullElse(relocation(r.kind()), "Movement")
                    + (r.from() != null ? " from " + r.from().name() : "")
                    + (r.to() != null ? " to " + r.to().name() : "");
            case Event.Attack a -> "Attack" + at(a.place()) + (a.means() != null ? " (" + a.means() + ")" : "");
            case Event.CasualtiesClaimed c -> "Casualty total claimed" + (c.scope() != null ? ": " + c.scope() : "");
            case Event.DesignationChanged d -> Objects.requireNonNullElse(designation(d.designation()), "Legal designation")
                    + " " + Objects.requireNonNullElse(d.action(), "changed").replace('_', ' ') + " by "
                    + Objects.requireNonNullElse(d.authority(), "an authority");
            case Event.RefugeeStatusChanged r -> switch (Objects.requireNonNullElse(r.step(), "")) {
                case "registered" -> "Registered as asylum seekers";
                case "recognised" -> "Recognised as refugees";
                case "rejected" -> "Refused refugee status";
                case "resettled" -> "Resettled";
                default -> "Refugee status changed";
            } + (r.authority() != null ? " by " + r.authority() : "") + (r.country() != null ? " (" + r.country() + ")" : "");
            case Event.RestrictionRecorded r -> Objects.requireNonNullElse(restriction(r.restricts()), "Access") + " restricted"
                    + (r.imposedBy() != null ? " by " + r.imposedBy() : "");
            case Event.RestrictionLifted l -> "Restriction lifted";
            case Event.DetentionRecorded d -> "Detained by " + Objects.requireNonNullElse(d.detainedBy(), "an authority")
                    + at(d.place()) + (outcome(d.outcome()) == null ? "" : "; " + outcome(d.outcome()).toLowerCase(java.util.Locale.ENGLISH)
                    + (d.transferredTo() != null ? " to " + d.transferredTo() : ""));
            case Event.InterventionRecorded i -> "Intervention by " + Objects.requireNonNullElse(i.actor(), "someone");
        };
    }

    private static String at(Event.Place place) {
        return place != null && place.name() != null ? " at " + place.name() : "";
    }

    /** What became of detainees, in words: "Released", "Handed over", "Still held"; null when not stated. */
    public static String outcome(String code) {
        return lookup(OUTCOMES, code);
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
