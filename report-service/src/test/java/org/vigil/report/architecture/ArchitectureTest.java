package org.vigil.report.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The composition of a report depends on no framework, broker or database, and no packages depend on each other in
 * a cycle. The rendering ({@code ReportWriter}, with Qute templates, whose rows are {@code @TemplateData}) is the
 * edge of the package. (The composition still walks the dossier as JSON: typing it is the next step of issue 14.)
 */
@AnalyzeClasses(packages = "org.vigil.report", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule composition_depends_on_no_infrastructure = noClasses()
            .that().resideInAnyPackage("org.vigil.report.write..").and().doNotHaveSimpleName("ReportWriter")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.quarkus.runtime..", "io.quarkus.arc..", "jakarta..", "io.vertx..", "org.apache.kafka..", "java.sql..", "javax.sql..",
                    "org.hibernate..", "io.smallrye..", "io.micrometer..", "org.vigil.report.api..",
                    "org.vigil.report.store..", "org.vigil.report.upstream..", "org.vigil.report.audit..");

    @ArchTest
    static final ArchRule no_package_cycles = slices().matching("org.vigil.report.(*)..").should().beFreeOfCycles();
}
