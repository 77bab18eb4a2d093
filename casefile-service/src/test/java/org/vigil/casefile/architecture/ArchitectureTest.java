package org.vigil.casefile.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The event types and the projection are plain Java: no framework, broker, database or JSON types (JSON is read
 * at the edge, in wire/). The edge depends on the core, never the other way, and no packages depend on each other
 * in a cycle. Resources call the application layer, never a store.
 */
@AnalyzeClasses(packages = "org.vigil.casefile", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule core_depends_on_no_infrastructure = noClasses()
            .that().resideInAnyPackage("org.vigil.casefile.event..", "org.vigil.casefile.projection..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.quarkus..", "jakarta..", "io.vertx..", "org.apache.kafka..", "java.sql..", "javax.sql..",
                    "com.fasterxml..", "org.hibernate..", "io.smallrye..", "io.micrometer..", "io.cloudevents..",
                    "org.vigil.casefile.wire..", "org.vigil.casefile.store..", "org.vigil.casefile.api..",
                    "org.vigil.casefile.consume..", "org.vigil.casefile.rebuild..");

    @ArchTest
    static final ArchRule resources_call_the_application_layer = noClasses()
            .that().resideInAPackage("org.vigil.casefile.api..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.vigil.casefile.store..", "org.vigil.casefile.consume..", "org.vigil.casefile.rebuild..",
                    "org.vigil.casefile.wire..", "org.hibernate..", "io.vertx.sqlclient..", "io.vertx.mutiny.sqlclient..",
                    "io.vertx.pgclient..", "java.sql..", "org.apache.kafka..")
            .because("resources call the application layer (app/), which calls the stores, the consumer and the rebuild");

    @ArchTest
    static final ArchRule no_package_cycles = slices().matching("org.vigil.casefile.(*)..").should().beFreeOfCycles();
}
