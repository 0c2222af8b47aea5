package dev.tollgate.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Leader election: replicas of the operator share a Lease; only the holder reconciles. The Lease
 * lives in the operator's namespace ({@code tollgate.leader-election.namespace}, else the client's
 * namespace, which in a pod is the pod's).
 */
@ApplicationScoped
public class LeaderElection {
    @ConfigProperty(name = "tollgate.leader-election.lease-name", defaultValue = "tollgate-operator-leader")
    String leaseName;

    @ConfigProperty(name = "tollgate.leader-election.namespace")
    Optional<String> leaseNamespace;

    /** False only in tests, where one JVM starts and stops the operator once per test class. */
    @ConfigProperty(name = "tollgate.leader-election.exit-on-stop-leading", defaultValue = "true")
    boolean exitOnStopLeading;

    @Produces
    @ApplicationScoped
    LeaderElectionConfiguration leaderElection() {
        return new LeaderElectionConfiguration(
                leaseName,
                leaseNamespace.orElse(null),
                LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                null,
                null,
                exitOnStopLeading);
    }
}
