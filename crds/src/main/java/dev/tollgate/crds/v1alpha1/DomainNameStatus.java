package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Observed state of a DomainName. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class DomainNameStatus extends ResourceStatus {}
