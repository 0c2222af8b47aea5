package dev.tollgate.dataplane.source.kube;

import dev.tollgate.dataplane.functions.EndpointSource;
import dev.tollgate.dataplane.functions.FunctionGates;
import dev.tollgate.dataplane.upstream.UpstreamAddress;
import dev.tollgate.ir.ServiceUpstreamConfig;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the ready endpoints of Lambda functions' Services from their EndpointSlices (label
 * {@code kubernetes.io/service-name}, condition {@code ready}, the port named as the Service's) and
 * hands each function's gate the endpoints this replica uses ({@link FunctionGates#endpoints}), so
 * the bound follows the function's Deployment without a recompile or a config swap.
 *
 * <p>With several gateway replicas the endpoints are split between them so no endpoint gets
 * invocations from two replicas: the replicas are the ready endpoints of the Gateway's own Service
 * ({@code TOLLGATE_SERVICE}), ordered by pod name; replica {@code i} of {@code n} uses the endpoints
 * (ordered by address) whose position modulo {@code n} is {@code i}. With fewer endpoints than
 * replicas each replica uses one endpoint, so replicas share some. A Service whose EndpointSlices
 * cannot be read (another namespace, a missing permission) keeps its function at one invocation at a
 * time through the Service, as before the first list.
 */
public final class EndpointSliceWatch implements EndpointSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointSliceWatch.class);

    /** The label by which EndpointSlices name their Service. */
    public static final String SERVICE_LABEL = "kubernetes.io/service-name";

    /** One watched Service: its informer and the ports functions use. */
    private static final class Watched {
        final Set<ServiceUpstreamConfig> ports = new CopyOnWriteArraySet<>();
        volatile SharedIndexInformer<EndpointSlice> informer;
        volatile boolean synced;
    }

    /**
     * This replica's place among the gateway's ready replicas.
     *
     * @param index this replica's position, 0-based
     * @param replicas how many replicas split the endpoints
     */
    record Share(int index, int replicas) {
        static final Share ALONE = new Share(0, 1);

        /** The place of {@code pod} among the ready gateway pods (appended when not among them). */
        static Share of(Collection<String> readyPods, String pod) {
            List<String> sorted = new ArrayList<>(new TreeSet<>(readyPods));
            int at = sorted.indexOf(pod);
            return at >= 0 ? new Share(at, sorted.size()) : new Share(sorted.size(), sorted.size() + 1);
        }

        /** The endpoints (ordered) this replica uses. */
        List<UpstreamAddress> of(List<UpstreamAddress> endpoints) {
            if (replicas <= 1 || endpoints.isEmpty()) {
                return endpoints;
            }
            if (endpoints.size() < replicas) {
                return List.of(endpoints.get(index % endpoints.size()));
            }
            List<UpstreamAddress> mine = new ArrayList<>();
            for (int i = index; i < endpoints.size(); i += replicas) {
                mine.add(endpoints.get(i));
            }
            return mine;
        }
    }

    private final KubernetesClient client;
    private final FunctionGates gates;
    private final String podName;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final Map<ServiceUpstreamConfig, String> reported = new ConcurrentHashMap<>();
    private volatile Share share = Share.ALONE;
    // Until the gateway's replicas are listed, no split is known: functions stay at one at a time.
    private volatile boolean shareKnown = true;
    private volatile boolean closed;
    private SharedIndexInformer<EndpointSlice> peers;

    private EndpointSliceWatch(KubernetesClient client, FunctionGates gates, String podName) {
        this.client = client;
        this.gates = gates;
        this.podName = podName;
    }

    /**
     * Starts following, for {@code gates}, the Services its functions name; never waits for the API
     * server.
     *
     * @param namespace the Gateway's namespace
     * @param podName this pod's name
     * @param gatewayService the Gateway's own Service, whose ready pods split the endpoints; null
     *     for a gateway that runs alone
     */
    public static EndpointSliceWatch start(
            KubernetesClient client, FunctionGates gates, String namespace, String podName, String gatewayService) {
        EndpointSliceWatch watch = new EndpointSliceWatch(client, gates, podName);
        if (gatewayService != null && !gatewayService.isBlank()) {
            watch.watchPeers(namespace, gatewayService);
        }
        gates.endpointSource(watch);
        return watch;
    }

    private void watchPeers(String namespace, String service) {
        shareKnown = false;
        peers = informer(namespace, service);
        Runnable changed = () -> {
            Share now = Share.of(readyPods(peers.getStore().list()), podName);
            if (!now.equals(share) || !shareKnown) {
                share = now;
                shareKnown = true;
                LOG.info(
                        "{}/Service/{}: this replica is {} of {}; Lambda endpoints are split accordingly",
                        namespace,
                        service,
                        now.index() + 1,
                        now.replicas());
                watched.values().forEach(this::publishAll);
            }
        };
        peers.addEventHandler(handler(changed));
        peers.start().whenComplete((ignored, failure) -> {
            if (failure == null) {
                changed.run();
            }
        });
    }

    @Override
    public void follow(ServiceUpstreamConfig service) {
        if (closed) {
            return;
        }
        Watched w = watched.computeIfAbsent(service.namespace() + "/" + service.name(), k -> new Watched());
        if (!w.ports.add(service)) {
            return;
        }
        synchronized (w) {
            if (w.informer == null) {
                SharedIndexInformer<EndpointSlice> informer = informer(service.namespace(), service.name());
                informer.addEventHandler(handler(() -> publishAll(w)));
                w.informer = informer;
                informer.start().whenComplete((ignored, failure) -> {
                    if (failure == null) {
                        // An empty list fires no event: the first list is published here.
                        w.synced = true;
                        publishAll(w);
                    }
                });
                return;
            }
        }
        if (w.synced) {
            publish(w, service);
        }
    }

    private SharedIndexInformer<EndpointSlice> informer(String namespace, String service) {
        SharedIndexInformer<EndpointSlice> informer = client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(namespace)
                .withLabel(SERVICE_LABEL, service)
                .runnableInformer(0);
        // Keep retrying while the API server is away (or a permission is missing) instead of giving up.
        informer.exceptionHandler((started, t) -> {
            LOG.warn(
                    "watch of the EndpointSlices of {}/Service/{} failed, retrying: {}",
                    namespace,
                    service,
                    t.getMessage());
            return true;
        });
        return informer;
    }

    private static ResourceEventHandler<EndpointSlice> handler(Runnable changed) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(EndpointSlice slice) {
                changed.run();
            }

            @Override
            public void onUpdate(EndpointSlice before, EndpointSlice slice) {
                changed.run();
            }

            @Override
            public void onDelete(EndpointSlice slice, boolean unknownFinalState) {
                changed.run();
            }
        };
    }

    private void publishAll(Watched w) {
        if (!w.synced) {
            return;
        }
        for (ServiceUpstreamConfig service : w.ports) {
            publish(w, service);
        }
    }

    private void publish(Watched w, ServiceUpstreamConfig service) {
        if (closed || !shareKnown) {
            return;
        }
        List<UpstreamAddress> ready = ready(w.informer.getStore().list(), service);
        List<UpstreamAddress> mine = share.of(ready);
        gates.endpoints(service, mine);
        String summary = ready.size() + "/" + mine.size();
        if (!summary.equals(reported.put(service, summary))) {
            LOG.info(
                    "{}/Service/{} port {}: {} ready endpoint(s), {} used by this replica",
                    service.namespace(),
                    service.name(),
                    service.port(),
                    ready.size(),
                    mine.size());
        }
    }

    /**
     * The ready endpoints of the Service's port in its EndpointSlices, ordered by address, each
     * once: the first address of each endpoint whose {@code ready} condition is not false, at the
     * slice's port named as the Service's (an unnamed Service port matches the slice's unnamed port,
     * or its only one).
     */
    static List<UpstreamAddress> ready(Collection<EndpointSlice> slices, ServiceUpstreamConfig service) {
        Map<String, UpstreamAddress> found = new TreeMap<>();
        for (EndpointSlice slice : slices) {
            Integer port = port(slice.getPorts(), service.portName());
            if (port == null || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint e : slice.getEndpoints()) {
                if (!ready(e) || e.getAddresses() == null || e.getAddresses().isEmpty()) {
                    continue;
                }
                UpstreamAddress a =
                        new UpstreamAddress(service.scheme(), e.getAddresses().get(0), port);
                found.put(a.host() + "\u0000" + a.port(), a);
            }
        }
        List<UpstreamAddress> ordered = new ArrayList<>(found.values());
        ordered.sort(Comparator.comparing(UpstreamAddress::host).thenComparingInt(UpstreamAddress::port));
        return ordered;
    }

    private static boolean ready(Endpoint e) {
        // Kubernetes: an unknown (null) ready condition is to be read as ready.
        EndpointConditions c = e.getConditions();
        return c == null || !Boolean.FALSE.equals(c.getReady());
    }

    private static Integer port(List<EndpointPort> ports, String name) {
        if (ports == null) {
            return null;
        }
        for (EndpointPort p : ports) {
            String pname = Objects.requireNonNullElse(p.getName(), "");
            if (p.getPort() != null && (name == null ? pname.isEmpty() : name.equals(pname))) {
                return p.getPort();
            }
        }
        return name == null && ports.size() == 1 ? ports.get(0).getPort() : null;
    }

    /** The names of the ready pods among the slices' endpoints. */
    static List<String> readyPods(Collection<EndpointSlice> slices) {
        List<String> pods = new ArrayList<>();
        for (EndpointSlice slice : slices) {
            if (slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint e : slice.getEndpoints()) {
                ObjectReference target = e.getTargetRef();
                if (ready(e) && target != null && "Pod".equals(target.getKind()) && target.getName() != null) {
                    pods.add(target.getName());
                }
            }
        }
        return pods;
    }

    @Override
    public void close() {
        closed = true;
        if (peers != null) {
            peers.close();
        }
        for (Watched w : watched.values()) {
            synchronized (w) {
                if (w.informer != null) {
                    w.informer.close();
                }
            }
        }
    }
}
