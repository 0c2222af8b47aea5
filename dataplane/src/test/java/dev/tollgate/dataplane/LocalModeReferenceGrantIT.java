package dev.tollgate.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.Reason;
import dev.tollgate.compiler.ResourceRef;
import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.local.FolderCompiler;
import dev.tollgate.dataplane.local.LocalMode;
import dev.tollgate.dataplane.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode honours ReferenceGrants: an Integration in {@code shop} reaches the Service {@code
 * billing} of {@code finance}, which grants it, and is refused {@code payroll}, which it does not.
 * Both Services are declared with {@code --service}, as a laptop user maps them.
 */
class LocalModeReferenceGrantIT {
    private static final String HOST = "shop.shop.execute-api.localhost";
    private static final String RESOURCES = String.join(
            "\n",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: RestApi",
            "metadata: {name: shop, namespace: shop}",
            "spec:",
            "  resources:",
            "    - path: /invoices",
            "      methods:",
            "        - httpMethod: GET",
            "          integration: {integrationRef: billing}",
            "    - path: /salaries",
            "      methods:",
            "        - httpMethod: GET",
            "          integration: {integrationRef: payroll}",
            "---",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: Integration",
            "metadata: {name: billing, namespace: shop}",
            "spec:",
            "  type: HTTP_PROXY",
            "  service: {name: billing, namespace: finance, port: 80}",
            "---",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: Integration",
            "metadata: {name: payroll, namespace: shop}",
            "spec:",
            "  type: HTTP_PROXY",
            "  service: {name: payroll, namespace: finance, port: 80}",
            "---",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: Stage",
            "metadata: {name: shop-prod, namespace: shop}",
            "spec: {restApiRef: shop, stageName: prod}",
            "---",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: ReferenceGrant",
            "metadata: {name: shop-to-billing, namespace: finance}",
            "spec:",
            "  from: [{kind: Integration, namespace: shop}]",
            "  to: [{kind: Service, name: billing}]",
            "");

    @TempDir
    Path folder;

    private EchoServer backend;
    private LocalMode local;
    private FolderCompiler compiler;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(folder.resolve("shop.yaml"), RESOURCES, StandardCharsets.UTF_8);
        backend = EchoServer.start("127.0.0.1", 0);
        Main.LocalArgs args = Main.parseLocal(new String[] {
            "local",
            folder.toString(),
            "--service",
            "billing.finance=127.0.0.1:" + backend.port(),
            "--service",
            "payroll.finance=127.0.0.1:" + backend.port(),
            "--event-loops",
            "1"
        });
        compiler = new FolderCompiler(
                args.folder(), new ArrayList<>(args.services().keySet()));
        local = LocalMode.start(args.folder(), compiler, args.options().withPorts(0, 0));
    }

    @AfterEach
    void stop() {
        if (local != null) {
            local.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void grantedCrossNamespaceServiceIsServed() throws Exception {
        RawHttp.Response r = RawHttp.get(local.server().port(), HOST, "/prod/invoices");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"path\":\"/invoices\"");
        assertThat(compiler.compile().findings())
                .filteredOn(f -> f.resource().equals(new ResourceRef("Integration", "shop", "billing")))
                .isEmpty();
    }

    @Test
    void ungrantedCrossNamespaceServiceIsRefusedAndNotServed() throws Exception {
        RawHttp.Response r = RawHttp.get(local.server().port(), HOST, "/prod/salaries");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("MissingAuthenticationTokenException");
        assertThat(compiler.compile().findings())
                .filteredOn(Finding::isError)
                .filteredOn(f -> f.resource().equals(new ResourceRef("Integration", "shop", "payroll")))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.reason()).isEqualTo(Reason.REF_NOT_PERMITTED);
                    assertThat(f.field()).isEqualTo("spec.service.namespace");
                });
        assertThat(backend.connectionsAccepted()).isZero();
    }
}
