package dev.tollgate.dataplane.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The deploy and deployments command lines: a folder or a cluster, and options that exclude one another. */
class ReleaseArgsTest {

    @Test
    void deployOnAFolderTakesTheStageAndADescription() {
        ReleaseArgs.DeployArgs a = ReleaseArgs.deploy(
                new String[] {"deploy", "shop", "--rest-api", "petstore", "--stage", "prod", "--description", "v2"});
        assertThat(a.target()).isEqualTo(new ReleaseArgs.Target(Path.of("shop"), null, null));
        assertThat(a.deploy()).isEqualTo(new ReleaseCommands.Deploy("petstore", "prod", "v2", null, null, false));
    }

    @Test
    void deployOnAClusterTakesAKubeconfigOrTheInClusterConfigAndANamespace() {
        ReleaseArgs.DeployArgs a = ReleaseArgs.deploy(new String[] {
            "deploy",
            "--kubeconfig",
            "/k",
            "--namespace",
            "shop",
            "--rest-api",
            "p",
            "--stage",
            "s",
            "--canary-percent",
            "12.5"
        });
        assertThat(a.target()).isEqualTo(new ReleaseArgs.Target(null, Path.of("/k"), "shop"));
        assertThat(a.deploy().canaryPercent()).isEqualTo(12.5);
        assertThat(ReleaseArgs.deploy(new String[] {
                            "deploy", "--in-cluster", "--rest-api", "p", "--stage", "s", "--promote-canary"
                        })
                        .deploy()
                        .promoteCanary())
                .isTrue();
    }

    @Test
    void badCombinationsAreRefusedWithAMessage() {
        assertThatThrownBy(() -> ReleaseArgs.deploy(new String[] {"deploy", "shop", "--rest-api", "p"}))
                .hasMessage("deploy needs --stage");
        assertThatThrownBy(() -> ReleaseArgs.deploy(new String[] {
                    "deploy", "shop", "--rest-api", "p", "--stage", "s", "--deployment", "d", "--promote-canary"
                }))
                .hasMessageContaining("exclude one another");
        assertThatThrownBy(() -> ReleaseArgs.deploy(new String[] {"deploy", "--rest-api", "p", "--stage", "s"}))
                .hasMessageContaining("give a folder");
        assertThatThrownBy(() -> ReleaseArgs.deploy(
                        new String[] {"deploy", "shop", "--kubeconfig", "k", "--rest-api", "p", "--stage", "s"}))
                .hasMessageContaining("give a folder");
        assertThatThrownBy(() -> ReleaseArgs.deploy(
                        new String[] {"deploy", "shop", "--rest-api", "p", "--stage", "s", "--canary-percent", "101"}))
                .hasMessageContaining("within 0..100");
        assertThatThrownBy(() ->
                        ReleaseArgs.deployments(new String[] {"deployments", "shop", "--rest-api", "p", "--prune"}))
                .hasMessageContaining("--prune needs --keep N");
        assertThatThrownBy(() -> ReleaseArgs.deployments(
                        new String[] {"deployments", "shop", "--rest-api", "p", "--stage", "prod"}))
                .hasMessage("--stage is an option of deploy");
        assertThatThrownBy(() ->
                        ReleaseArgs.deployments(new String[] {"deployments", "shop", "--rest-api", "p", "--force"}))
                .hasMessage("--force goes with --delete");
    }

    @Test
    void deploymentsListsDeletesOrPrunes() {
        assertThat(ReleaseArgs.deployments(new String[] {"deployments", "shop", "--rest-api", "p"}))
                .isEqualTo(new ReleaseArgs.DeploymentsArgs(
                        new ReleaseArgs.Target(Path.of("shop"), null, null), "p", null, false, -1));
        assertThat(ReleaseArgs.deployments(
                                new String[] {"deployments", "shop", "--rest-api", "p", "--delete", "abc123", "--force"
                                })
                        .force())
                .isTrue();
        assertThat(ReleaseArgs.deployments(
                                new String[] {"deployments", "shop", "--rest-api", "p", "--prune", "--keep", "3"})
                        .keep())
                .isEqualTo(3);
    }
}
