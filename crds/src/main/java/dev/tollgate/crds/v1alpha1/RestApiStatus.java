package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Observed state of a RestApi. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RestApiStatus extends ResourceStatus {}
