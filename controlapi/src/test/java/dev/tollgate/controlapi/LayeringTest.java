package dev.tollgate.controlapi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The control API runs in the data plane and in the operator: it uses neither's runtime. */
class LayeringTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tollgate.controlapi");

    @Test
    void controlApiUsesNeitherNettyNorQuarkusNorTheDataPlane() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.netty..",
                        "io.quarkus..",
                        "io.vertx..",
                        "dev.tollgate.dataplane..",
                        "dev.tollgate.operator..")
                .check(CLASSES);
    }

    @Test
    void sigV4VerificationIsPureAndStandsAlone() {
        noClasses()
                .that()
                .resideInAPackage("dev.tollgate.controlapi.sigv4..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.tollgate.controlapi.http..",
                        "dev.tollgate.controlapi.store..",
                        "dev.tollgate.controlapi.v1..",
                        "io.fabric8..",
                        "java.net..",
                        "java.nio.file..")
                .check(CLASSES);
    }
}
