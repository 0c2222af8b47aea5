package dev.tollgate.dataplane.functions;

import dev.tollgate.dataplane.upstream.UpstreamAddress;
import dev.tollgate.ir.ServiceUpstreamConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The concurrency gates of every Lambda function, one per function (its Service address and invoke
 * path, so a function's integrations and its authorizer share one), held across config reloads so
 * invocations in flight stay counted.
 *
 * <p>A gate's targets follow from its function's bound:
 *
 * <ul>
 *   <li>{@code maxConcurrency} set: the Service's address, taking that many invocations at once;
 *   <li>not set, with the Service's ready endpoints known ({@link EndpointSource}, in a pod): each
 *       endpoint this replica uses takes one invocation, sent to the endpoint itself (for an https
 *       Service, whose certificate names the Service, the Service's address takes one per endpoint);
 *       no ready endpoint means no room, so calls wait and then are refused as throttled;
 *   <li>not set, endpoints not known (local mode, a Service the data plane may not watch, before
 *       the first list): the Service's address, one at a time.
 * </ul>
 */
public final class FunctionGates {
    /** The longest a call waits for a permit. */
    public static final long MAX_WAIT_MILLIS = 5_000;

    /**
     * How long an invocation that timed out at the gateway may keep its permit while the function
     * still runs it: Lambda's longest function timeout (15 minutes).
     */
    public static final long HOLD_MILLIS = 15 * 60_000L;

    /** What a gate's targets are built from; the newest config's wins. */
    private record Bound(ServiceUpstreamConfig service, UpstreamAddress serviceAddress, int maxConcurrency) {
        boolean followsEndpoints() {
            return maxConcurrency == 0 && service != null;
        }
    }

    private static final class Entry {
        final FunctionGate gate;
        volatile Bound bound;

        Entry(FunctionGate gate, Bound bound) {
            this.gate = gate;
            this.bound = bound;
        }
    }

    private final ConcurrentMap<String, Entry> gates = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, List<UpstreamAddress>> endpoints = new ConcurrentHashMap<>();
    private volatile EndpointSource source;

    /** Follows the ready endpoints of functions' Services from {@code source} (a pod's watch). */
    public synchronized void endpointSource(EndpointSource source) {
        this.source = source;
        for (Entry e : gates.values()) {
            if (e.bound.followsEndpoints()) {
                source.follow(e.bound.service());
            }
        }
    }

    /**
     * The gate of the function at {@code invokePath} on {@code serviceAddress}, with this bound.
     *
     * @param service the function's Service, or null for a URL
     * @param serviceAddress where the Service (or URL) is reached
     * @param invokePath the function's invoke API path (name and qualifier)
     * @param maxConcurrency the function's {@code maxConcurrency}, 0 for one per ready endpoint
     */
    public synchronized FunctionGate gate(
            ServiceUpstreamConfig service, UpstreamAddress serviceAddress, String invokePath, int maxConcurrency) {
        Bound bound = new Bound(service, serviceAddress, maxConcurrency);
        Entry entry = gates.computeIfAbsent(
                serviceAddress + invokePath, k -> new Entry(new FunctionGate(targets(bound)), bound));
        entry.bound = bound;
        EndpointSource s = source;
        if (bound.followsEndpoints() && s != null) {
            s.follow(service);
        }
        entry.gate.targets(targets(bound));
        return entry.gate;
    }

    /**
     * The Service's ready endpoints this replica uses changed (null: not known); the gates that
     * follow it resize at once.
     */
    public synchronized void endpoints(ServiceUpstreamConfig service, List<UpstreamAddress> ready) {
        String key = key(service);
        if (ready == null) {
            endpoints.remove(key);
        } else {
            endpoints.put(key, List.copyOf(ready));
        }
        for (Entry e : gates.values()) {
            Bound b = e.bound;
            if (b.followsEndpoints() && key(b.service()).equals(key)) {
                e.gate.targets(targets(b));
            }
        }
    }

    /**
     * Each gate's state now, by function (its Service address and invoke path): what the admin
     * view and tests read.
     */
    public SortedMap<String, GateState> states() {
        SortedMap<String, GateState> states = new TreeMap<>();
        gates.forEach((key, e) -> states.put(key, e.gate.state()));
        return states;
    }

    private Map<UpstreamAddress, Integer> targets(Bound bound) {
        Map<UpstreamAddress, Integer> targets = new LinkedHashMap<>();
        List<UpstreamAddress> ready = bound.followsEndpoints() ? endpoints.get(key(bound.service())) : null;
        if (ready == null) {
            targets.put(bound.serviceAddress(), Math.max(1, bound.maxConcurrency()));
        } else if (bound.serviceAddress().secure()) {
            if (!ready.isEmpty()) {
                targets.put(bound.serviceAddress(), ready.size());
            }
        } else {
            for (UpstreamAddress endpoint : ready) {
                targets.put(endpoint, 1);
            }
        }
        return targets;
    }

    private static String key(ServiceUpstreamConfig service) {
        return service.namespace() + "/" + service.name() + ":" + service.port();
    }
}
