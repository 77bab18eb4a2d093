package org.vigil.report.api;

import java.time.LocalDate;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /reports}, as the OpenAPI document describes it. The resource reads the body itself, strictly
 * (unknown fields, a key given twice and trailing tokens are refused), so that every fault is named; this record is the
 * document's account of what it accepts, and {@code ReportRequestBodyTest} keeps the two in step.
 */
@Schema(name = "ReportRequest", description = "What report to write", additionalProperties = Schema.False.class)
public record ReportRequestBody(
        @Schema(required = true, description = "The population the report is about") UUID populationId,
        @Schema(description = "The day the report describes; default: the end of the period, else today") LocalDate asOf,
        @Schema(description = "For a what-changed report: the days it covers") Period period,
        @Schema(enumeration = {"public", "internal"}, defaultValue = "public",
                description = "public: public records only; internal: every record, for confidential clearance") String audience,
        @Schema(enumeration = {"markdown", "html", "pdf"}, defaultValue = "markdown",
                description = "The edition served by default") String format,
        @Schema(minimum = "1", description = "The log position the report is written from; default: the head") Long logPosition) {

    @Schema(name = "ReportPeriod", additionalProperties = Schema.False.class)
    public record Period(@Schema(required = true) LocalDate from, @Schema(required = true) LocalDate to) {
    }
}
