package dev.tollgate.dataplane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data plane's package layering, checked on its compiled classes. Each layer may use the
 * layers below it, never one above:
 *
 * <pre>
 * edges     Main (dev.tollgate.dataplane), source.kube, local, openapi, echo
 *             commands and config sources; they start servers, never each other
 * release   release
 *             the deploy and deployments commands on a store the edges give (a folder in local,
 *             a cluster in source.kube); compiler functions only, no server
 * server    server
 *             Netty listeners, the traffic pipeline, admin endpoints; wires the step factories
 *             into the step order
 * steps     steps.apikey, steps.authorizer, steps.cache, steps.integration, steps.mapping,
 *           steps.policy, steps.throttle, steps.usageplan
 *             one feature each; a step knows the runtime and the services, never another step
 * runtime   runtime
 *             the exchange and its one resume path, router, host index, step order, and the
 *             per-API services built with a runtime (CORS, gateway responses)
 * services  limits, upstream, tls, accesslog, metrics, template, sigv4, tracing, functions
 *             long-lived state and clients; they know no runtime type
 * base      http, net
 *             codec helpers, AWS errors and the one error responder; the transport
 * </pre>
 *
 * <p>Besides the layers: no two packages depend on each other in a cycle, the edges do not use one
 * another (only Main picks among them), the base uses nothing of the data plane, and only {@code
 * source.kube} talks to the Kubernetes API.
 */
class LayerFenceTest {
    private static final String ROOT = "dev.tollgate.dataplane";
    private static final List<String> EDGES = List.of("source", "local", "openapi", "echo");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // The main classes' own folder only: scanning every jar on the class path for the package is slow.
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importUrl(Main.class.getProtectionDomain().getCodeSource().getLocation());
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("edges")
                .definedBy(ROOT, ROOT + ".source..", ROOT + ".local..", ROOT + ".openapi..", ROOT + ".echo..")
                .layer("release")
                .definedBy(ROOT + ".release..")
                .layer("server")
                .definedBy(ROOT + ".server..")
                .layer("steps")
                .definedBy(ROOT + ".steps..")
                .layer("runtime")
                .definedBy(ROOT + ".runtime..")
                .layer("services")
                .definedBy(
                        ROOT + ".limits..",
                        ROOT + ".upstream..",
                        ROOT + ".tls..",
                        ROOT + ".accesslog..",
                        ROOT + ".metrics..",
                        ROOT + ".template..",
                        ROOT + ".sigv4..",
                        ROOT + ".tracing..",
                        ROOT + ".functions..")
                .layer("base")
                .definedBy(ROOT + ".http..", ROOT + ".net..")
                .whereLayer("edges")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("release")
                .mayOnlyBeAccessedByLayers("edges")
                .whereLayer("server")
                .mayOnlyBeAccessedByLayers("edges")
                .whereLayer("steps")
                .mayOnlyBeAccessedByLayers("server", "edges")
                .whereLayer("runtime")
                .mayOnlyBeAccessedByLayers("steps", "server", "edges")
                .whereLayer("services")
                .mayOnlyBeAccessedByLayers("runtime", "steps", "server", "edges")
                .check(classes);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noStepPackageUsesAnotherStepPackage() {
        slices().matching(ROOT + ".steps.(*)..").should().notDependOnEachOther().check(classes);
    }

    @Test
    void edgesDoNotUseOneAnother() {
        for (String edge : EDGES) {
            String[] others = EDGES.stream()
                    .filter(e -> !e.equals(edge))
                    .map(e -> ROOT + "." + e + "..")
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(ROOT + "." + edge + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .check(classes);
        }
    }

    @Test
    void baseUsesNothingOfTheDataPlane() {
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".http..", ROOT + ".net..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT,
                        ROOT + ".release..",
                        ROOT + ".source..",
                        ROOT + ".local..",
                        ROOT + ".openapi..",
                        ROOT + ".echo..",
                        ROOT + ".server..",
                        ROOT + ".steps..",
                        ROOT + ".runtime..",
                        ROOT + ".limits..",
                        ROOT + ".upstream..",
                        ROOT + ".tls..",
                        ROOT + ".accesslog..",
                        ROOT + ".metrics..",
                        ROOT + ".template..",
                        ROOT + ".sigv4..",
                        ROOT + ".tracing..",
                        ROOT + ".functions..")
                .check(classes);
    }

    @Test
    void onlyTheKubernetesSourceTalksToTheKubernetesApi() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".source.kube..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.fabric8.kubernetes.client..")
                .check(classes);
    }
}
