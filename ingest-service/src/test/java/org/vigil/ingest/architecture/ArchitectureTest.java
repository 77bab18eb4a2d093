package org.vigil.ingest.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The event model and the decider are plain Java: no framework, broker, database or JSON types. */
@AnalyzeClasses(packages = "org.vigil.ingest", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domain_depends_on_no_infrastructure = noClasses()
            .that().resideInAnyPackage("org.vigil.ingest.event..", "org.vigil.ingest.population..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.quarkus..", "jakarta..", "io.vertx..", "org.apache.kafka..", "java.sql..", "javax.sql..",
                    "com.fasterxml..", "org.hibernate..", "io.smallrye..", "io.micrometer..", "io.cloudevents..",
                    "org.vigil.ingest.log..", "org.vigil.ingest.api..", "org.vigil.ingest.publish..", "org.vigil.ingest.json..");

    @ArchTest
    static final ArchRule no_package_cycles = slices().matching("org.vigil.ingest.(*)..").should().beFreeOfCycles();
}
