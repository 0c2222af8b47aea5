package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Observed state of an ApiDeployment: whether its snapshot is intact and compiles. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ApiDeploymentStatus extends ResourceStatus {}
