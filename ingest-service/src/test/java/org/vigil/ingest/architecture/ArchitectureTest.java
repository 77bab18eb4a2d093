package org.vigil.ingest.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

/**
 * The event model and the decider are plain Java: no framework, broker, database or JSON types. Resources call the
 * application layer ({@code app/}), never the log's writer or reader, and see no JDBC type. No package cycles.
 */
@AnalyzeClasses(packages = "org.vigil.ingest", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domain_depends_on_no_infrastructure = noClasses()
            .that().resideInAnyPackage("org.vigil.ingest.event..", "org.vigil.ingest.population..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.quarkus..", "jakarta..", "io.vertx..", "org.apache.kafka..", "java.sql..", "javax.sql..",
                    "com.fasterxml..", "org.hibernate..", "io.smallrye..", "io.micrometer..", "io.cloudevents..",
                    "org.vigil.ingest.log..", "org.vigil.ingest.api..", "org.vigil.ingest.publish..", "org.vigil.ingest.json..");

    /** A CDI bean outside the application layer and the cross-cutting packages: a store, the writer, the relay. */
    private static final DescribedPredicate<JavaClass> BEYOND_THE_APPLICATION_LAYER = DescribedPredicate.describe(
            "beans beyond the application layer (stores, the log writer, the relay)",
            c -> (c.isAnnotatedWith(ApplicationScoped.class) || c.isAnnotatedWith(Singleton.class))
                    && !c.getPackageName().matches("org\\.vigil\\.ingest\\.(app|api|security|audit|config)(\\..*)?"));

    @ArchTest
    static final ArchRule resources_call_the_application_layer = noClasses()
            .that().resideInAPackage("org.vigil.ingest.api..")
            .should().dependOnClassesThat(BEYOND_THE_APPLICATION_LAYER)
            .orShould().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.agroal..", "io.vertx.sqlclient..")
            .because("resources call the application layer (app/Recording, app/Reading), which calls the log");

    @ArchTest
    static final ArchRule no_package_cycles = slices().matching("org.vigil.ingest.(*)..").should().beFreeOfCycles();
}
