package org.vigil.report.write;

import java.util.List;

/** How a report counts, in the report's words: its methodology section, the same in every report. */
final class Methodology {

    static List<String> all() {
        return List.of(
                "Every figure is a claim by a named source. Where sources disagree, the report gives the range from the "
                        + "lowest to the highest figure and each source's own figure beside its name; it never picks one.",
                "A figure is stated as its source stated it: with its qualifier (\"about\", \"nearly\", \"at least\", "
                        + "\"more than\", \"up to\", \"fewer than\", \"between\", \"reported\") and only the numbers the source "
                        + "gave; a number a source did not give is not made up, and a field a source did not state reads "
                        + "\"not stated\". A range across sources runs from the lowest number any source states to the highest; "
                        + "a lower bound (\"at least 12\") adds its number and erases no other, and the range is open above "
                        + "(\"or more\") only where its highest number is itself a lower bound. The rules, with worked "
                        + "examples, are in Vigil's \"How Vigil counts\" (docs/counting.md).",
                "Headcounts are the most recent claims for each site and group on the report's date. Earlier claims are in "
                        + "the headcount history, by site and year, and in the chart. Where its sources say how they arrived "
                        + "at a headcount (a count of people present, a register, an estimate), the report says so beside the figure; "
                        + "headcounts without it were given without saying, or recorded before Vigil asked.",
                "Casualty totals are given twice and never merged: the sum of the documented incidents (the sum of each "
                        + "incident's lowest figure to the sum of its highest, open above if any incident's range is), and "
                        + "every total a source claims, with its scope, attributed to it. An incident that gives no figure "
                        + "for a category is counted as not reported, never as 0. Killed, injured and abducted people are "
                        + "never added together.",
                "Asylum seekers, recognised refugees and resettled people are counted apart; one is never added to another.",
                "A fact counts on the report's date when its whole date interval lies on or before it; a fact that may have "
                        + "happened after the date is marked so in the timeline and counted nowhere else. Dates keep the "
                        + "precision their sources gave (a year, a month, a range).",
                "Corrections never erase the record: a corrected fact is shown as corrected, and each correction and "
                        + "retraction is listed with its reason.",
                "The report reflects the log up to the position stamped at its head; the chain hash there lets anyone "
                        + "check it against the log, and the same position always gives the same report.");
    }

    private Methodology() {
    }
}
