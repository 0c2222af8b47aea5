package dev.tollgate.operator.status;

import dev.tollgate.crds.v1alpha1.ApiDeploymentStatus;
import dev.tollgate.crds.v1alpha1.ApiKeyStatus;
import dev.tollgate.crds.v1alpha1.DomainNameStatus;
import dev.tollgate.crds.v1alpha1.GatewayStatus;
import dev.tollgate.crds.v1alpha1.IntegrationStatus;
import dev.tollgate.crds.v1alpha1.RestApiStatus;
import dev.tollgate.crds.v1alpha1.StageStatus;
import dev.tollgate.crds.v1alpha1.UsagePlanStatus;

/** The status aggregator of each kind. */
public final class KindStatuses {
    public static final StatusAggregator<RestApiStatus> REST_API = new StatusAggregator<>(RestApiStatus::new);
    public static final StatusAggregator<IntegrationStatus> INTEGRATION =
            new StatusAggregator<>(IntegrationStatus::new);
    public static final StatusAggregator<StageStatus> STAGE = new StatusAggregator<>(StageStatus::new);
    /** The usage is the usage writer's: conditions are rewritten, the usage is carried over. */
    public static final StatusAggregator<UsagePlanStatus> USAGE_PLAN =
            new StatusAggregator<>(UsagePlanStatus::new, (old, next) -> next.setUsage(old.getUsage()));

    public static final StatusAggregator<ApiKeyStatus> API_KEY = new StatusAggregator<>(ApiKeyStatus::new);
    public static final StatusAggregator<DomainNameStatus> DOMAIN_NAME = new StatusAggregator<>(DomainNameStatus::new);
    public static final StatusAggregator<ApiDeploymentStatus> API_DEPLOYMENT =
            new StatusAggregator<>(ApiDeploymentStatus::new);
    public static final StatusAggregator<GatewayStatus> GATEWAY = new StatusAggregator<>(GatewayStatus::new);

    private KindStatuses() {}
}
