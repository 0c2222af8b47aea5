package dev.tollgate.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Installs the committed CRD manifests into the mock API server before the operator starts. */
public class CrdSetup implements Consumer<KubernetesServer> {
    @Override
    public void accept(KubernetesServer server) {
        install(server.getClient());
        answerLeaseRulesReview(server);
    }

    /**
     * Leader election checks its Lease permissions with a SelfSubjectRulesReview, which the CRUD mock
     * cannot answer: answer as an API server would for the chart's ClusterRole.
     */
    public static void answerLeaseRulesReview(KubernetesServer server) {
        server.expect()
                .post()
                .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(
                        201,
                        new SelfSubjectRulesReviewBuilder()
                                .withNewMetadata()
                                .endMetadata()
                                .withNewStatus()
                                .withIncomplete(false)
                                .addNewResourceRule()
                                .withApiGroups("coordination.k8s.io")
                                .withResources("leases")
                                .withVerbs("get", "create", "update")
                                .endResourceRule()
                                .endStatus()
                                .build())
                .always();
    }

    /** Creates (or replaces) every committed CRD manifest. */
    public static void install(KubernetesClient client) {
        try (Stream<Path> files = Files.list(Repo.path("helm/tollgate/crds"))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    List<HasMetadata> items = client.load(in).items();
                    for (HasMetadata item : items) {
                        client.resource(item).createOr(op -> op.update());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
