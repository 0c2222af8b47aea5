package dev.tollgate.compiler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IR and the compiler stay pure: no client, server or I/O code, no clock. The compile stages
 * know nothing of their callers (the loader, the OpenAPI importer and exporter), and the route-limits
 * merge sees only checked IR values, no custom resources.
 */
class LayerFenceTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tollgate.ir", "dev.tollgate.compiler");
    }

    @Test
    void irDependsOnlyOnJavaAndJacksonAnnotations() {
        ArchRuleDefinition.classes()
                .that()
                .resideInAPackage("dev.tollgate.ir..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "com.fasterxml.jackson.annotation..", "dev.tollgate.ir..")
                .check(classes);
    }

    @Test
    void compilerUsesNoNettyQuarkusOrKubernetesClient() {
        noClasses()
                .that()
                .resideInAPackage("dev.tollgate.compiler..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "io.quarkus..", "io.javaoperatorsdk..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.tollgate.compiler..")
                .should()
                .dependOnClassesThat(DescribedPredicate.describe(
                        "Fabric8 client classes other than CustomResource",
                        c -> c.getPackageName().startsWith("io.fabric8.kubernetes.client")
                                && !c.getName().equals("io.fabric8.kubernetes.client.CustomResource")))
                .check(classes);
    }

    @Test
    void compilerDoesNoFileOrNetworkIoAndReadsNoClock() {
        noClasses()
                .that()
                .resideInAPackage("dev.tollgate.compiler..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.nio.file..", "java.net..", "java.nio.channels..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.File")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.time.Clock")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(System.class, "nanoTime")
                .check(classes);
    }

    @Test
    void compileStagesDoNotDependOnTheLoaderOrTheOpenApiTools() {
        noClasses()
                .that()
                .resideInAPackage("dev.tollgate.compiler")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.tollgate.compiler.load..", "dev.tollgate.compiler.openapi..")
                .check(classes);
    }

    @Test
    void routeLimitsMergeSeesOnlyIrValues() {
        String merge = "dev\\.tollgate\\.compiler\\.RouteLimitsMerge(\\$.*)?";
        DescribedPredicate<JavaClass> allowed = JavaClass.Predicates.resideInAnyPackage("java..", "dev.tollgate.ir..")
                .or(HasName.Predicates.nameMatching(merge));
        ArchRuleDefinition.classes()
                .that()
                .haveNameMatching(merge)
                .should()
                .onlyDependOnClassesThat(allowed)
                .check(classes);
    }
}
