package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Observed state of a ApiKey. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ApiKeyStatus extends ResourceStatus {}
