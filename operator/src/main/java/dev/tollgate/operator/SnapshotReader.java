package dev.tollgate.operator;

import dev.tollgate.compiler.SecretInfo;
import dev.tollgate.compiler.ServiceInfo;
import dev.tollgate.compiler.ServicePortInfo;
import dev.tollgate.operator.dependents.DataPlaneNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Converts cluster objects into what the compiler's snapshot holds. Pure. */
public final class SnapshotReader {
    private SnapshotReader() {}

    /** Whether the operator made this object (its own Secrets are never inputs). */
    public static boolean managed(HasMetadata o) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return labels != null && DataPlaneNames.MANAGED_BY.equals(labels.get(DataPlaneNames.MANAGED_BY_LABEL));
    }

    /** A Secret as the compiler sees it: decoded data, stringData included. */
    public static SecretInfo secret(Secret s) {
        SortedMap<String, byte[]> data = new TreeMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v == null ? "" : v)));
        }
        if (s.getStringData() != null) {
            s.getStringData().forEach((k, v) -> data.put(k, (v == null ? "" : v).getBytes(StandardCharsets.UTF_8)));
        }
        SortedMap<String, String> labels = s.getMetadata().getLabels() == null
                ? new TreeMap<>()
                : new TreeMap<>(s.getMetadata().getLabels());
        return new SecretInfo(s.getMetadata().getNamespace(), s.getMetadata().getName(), s.getType(), data, labels);
    }

    /** A Service as the compiler sees it: its ports. */
    public static ServiceInfo service(Service s) {
        List<ServicePortInfo> ports = s.getSpec() == null || s.getSpec().getPorts() == null
                ? List.of()
                : s.getSpec().getPorts().stream()
                        .filter(p -> p.getPort() != null)
                        .map(p -> new ServicePortInfo(p.getName(), p.getPort()))
                        .toList();
        return new ServiceInfo(s.getMetadata().getNamespace(), s.getMetadata().getName(), ports, true);
    }
}
