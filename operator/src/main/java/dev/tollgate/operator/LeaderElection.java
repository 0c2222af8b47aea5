package dev.tollgate.operator;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Leader election: replicas of the operator share a Lease; only the holder reconciles. The Lease
 * lives in the operator's namespace ({@code tollgate.leader-election.namespace}, else the client's
 * namespace, which in a pod is the pod's).
 *
 * <p>A replica that loses the Lease while running exits (its pod restarts and waits for the Lease),
 * so two replicas never reconcile at once. That exit is ours, not the SDK's: the SDK's own
 * exit-on-stop-leading calls {@code System.exit} from the thread that stops leading, and on SIGTERM
 * that thread is the JVM's shutdown hook (operator stop → leader election stop → "stopped leading"),
 * where {@code System.exit} blocks forever; the pod then hangs until the kubelet kills it. Here,
 * stopping to lead during shutdown is the shutdown itself and exits nothing, and a lost Lease starts
 * Quarkus' ordinary shutdown on a thread of its own.
 */
@ApplicationScoped
public class LeaderElection {
    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    @ConfigProperty(name = "tollgate.leader-election.lease-name", defaultValue = "tollgate-operator-leader")
    String leaseName;

    @ConfigProperty(name = "tollgate.leader-election.namespace")
    Optional<String> leaseNamespace;

    /** False only in tests, where one JVM starts and stops the operator once per test class. */
    @ConfigProperty(name = "tollgate.leader-election.exit-on-stop-leading", defaultValue = "true")
    boolean exitOnStopLeading;

    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private final AtomicBoolean leading = new AtomicBoolean();

    @Produces
    @ApplicationScoped
    LeaderElectionConfiguration leaderElection() {
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName)
                .withLeaseNamespace(leaseNamespace.orElse(null))
                .withLeaderCallbacks(new LeaderCallbacks(() -> leading.set(true), this::stoppedLeading, leader -> {}))
                // The SDK's exit off, said explicitly (its builder names that method for tests, and
                // its plain build() happens to do the same): stoppedLeading() decides the exit.
                .buildForTest(false);
    }

    /**
     * Runs before the operator SDK's own shutdown observer (the lowest priority value goes first), so
     * the "stopped leading" that the SDK's stop triggers is known to be part of the shutdown.
     */
    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        shuttingDown.set(true);
    }

    /** Whether this replica holds the Lease now (work outside reconciles runs only then). */
    public boolean leading() {
        return leading.get();
    }

    /** Called by the leader elector when this replica no longer holds the Lease. */
    void stoppedLeading() {
        leading.set(false);
        if (shuttingDown.get()) {
            LOG.info("stopped leading: the operator is shutting down");
            return;
        }
        if (!exitOnStopLeading) {
            LOG.warn("lost the leader Lease; configured to keep running");
            return;
        }
        LOG.error("lost the leader Lease: exiting, so that only the new leader reconciles");
        // Never System.exit on the elector's thread: the shutdown it starts stops the elector.
        Quarkus.asyncExit(1);
    }
}
