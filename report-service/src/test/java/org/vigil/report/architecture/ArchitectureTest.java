package org.vigil.report.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The composition of a report and the records it reads (casefile's views, as report-service's own records) depend on
 * no framework, broker, database or JSON library: the dossier is read into records at the edge
 * ({@code upstream/DossierReader}). The rendering ({@code ReportWriter}, with Qute templates, whose rows are
 * {@code @TemplateData}) is the edge of the package. Resources call the application layer ({@code app/}), never the
 * store, the upstream clients or the renderer. No packages depend on each other in a cycle.
 */
@AnalyzeClasses(packages = "org.vigil.report", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule composition_depends_on_no_infrastructure = noClasses()
            .that().resideInAnyPackage("org.vigil.report.write..", "org.vigil.report.view..")
            .and().doNotHaveSimpleName("ReportWriter")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.quarkus.runtime..", "io.quarkus.arc..", "jakarta..", "com.fasterxml..", "io.vertx..", "org.apache.kafka..", "java.sql..", "javax.sql..",
                    "org.hibernate..", "io.smallrye..", "io.micrometer..", "org.vigil.report.api..",
                    "org.vigil.report.store..", "org.vigil.report.upstream..", "org.vigil.report.audit..");

    @ArchTest
    static final ArchRule resources_call_the_application_layer = noClasses()
            .that().resideInAPackage("org.vigil.report.api..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.vigil.report.store..", "org.vigil.report.upstream..", "org.vigil.report.write..",
                    "org.hibernate..", "io.vertx.sqlclient..", "io.vertx.mutiny.sqlclient..", "io.vertx.pgclient..", "java.sql..")
            .because("resources call the application layer (app/), which calls the store, casefile and ingest, and the writer");

    @ArchTest
    static final ArchRule no_package_cycles = slices().matching("org.vigil.report.(*)..").should().beFreeOfCycles();
}
