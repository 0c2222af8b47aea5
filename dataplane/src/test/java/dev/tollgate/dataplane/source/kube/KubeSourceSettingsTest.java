package dev.tollgate.dataplane.source.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeSourceSettingsTest {
    static final Map<String, String> ENV = Map.of(
            "TOLLGATE_NAMESPACE", "team",
            "TOLLGATE_CONFIGMAP", "tollgate-gw-config",
            "TOLLGATE_STATUS_CONFIGMAP", "tollgate-gw-served",
            "POD_NAME", "tollgate-gw-7d9-abcde");

    @Test
    void readsNamesFromTheEnvironmentWithTheMountDefault() {
        KubeSourceSettings s = KubeSourceSettings.fromEnvironment(ENV);
        assertThat(s.namespace()).isEqualTo("team");
        assertThat(s.configMap()).isEqualTo("tollgate-gw-config");
        assertThat(s.statusConfigMap()).isEqualTo("tollgate-gw-served");
        assertThat(s.podName()).isEqualTo("tollgate-gw-7d9-abcde");
        assertThat(s.mountedConfig()).isEqualTo(Path.of("/etc/tollgate/config"));
    }

    @Test
    void secretIsOptionalAndReadFromTheEnvironmentWithItsMountDefault() {
        assertThat(KubeSourceSettings.fromEnvironment(ENV).secret()).isNull();
        java.util.HashMap<String, String> env = new java.util.HashMap<>(ENV);
        env.put("TOLLGATE_SECRET", "tollgate-gw-secrets");
        KubeSourceSettings s = KubeSourceSettings.fromEnvironment(env);
        assertThat(s.secret()).isEqualTo("tollgate-gw-secrets");
        assertThat(s.mountedSecret()).isEqualTo(Path.of("/etc/tollgate/secrets"));
        env.put("TOLLGATE_SECRET_DIR", "/mnt/keys");
        assertThat(KubeSourceSettings.fromEnvironment(env).mountedSecret()).isEqualTo(Path.of("/mnt/keys"));
    }

    @Test
    void missingVariableIsNamed() {
        assertThatThrownBy(() -> KubeSourceSettings.fromEnvironment(Map.of("TOLLGATE_NAMESPACE", "team")))
                .hasMessageContaining("TOLLGATE_CONFIGMAP");
    }

    @Test
    void podNameThatIsNoConfigMapKeyIsRefused() {
        assertThatThrownBy(() -> new KubeSourceSettings("ns", "a", "b", "x\",\"y", Path.of("/tmp")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serveOptionsBindEveryInterfaceByDefaultAndTakeServiceAddresses() {
        var options = ServeCommand.parse(new String[] {"serve", "--port", "8081", "--service", "b.team=127.0.0.1:9"});
        assertThat(options.port()).isEqualTo(8081);
        assertThat(options.bind()).isEqualTo("0.0.0.0");
        assertThatThrownBy(() -> ServeCommand.parse(new String[] {"serve", "--nope", "1"}))
                .hasMessageContaining("--nope");
    }

    @Test
    void httpsPortIsOffByDefaultAndTakenFromItsOption() {
        assertThat(ServeCommand.httpsPort(new String[] {"serve", "--port", "8081"}))
                .isEqualTo(-1);
        String[] args = {"serve", "--port", "8081", "--https-port", "8443"};
        assertThat(ServeCommand.httpsPort(args)).isEqualTo(8443);
        assertThat(ServeCommand.parse(args).port()).isEqualTo(8081);
        assertThatThrownBy(() -> ServeCommand.parse(new String[] {"serve", "--https-port", "0"}))
                .hasMessageContaining("port");
    }
}
