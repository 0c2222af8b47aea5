package dev.tollgate.crds.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Throttles and quotas per API key over API stages, as AWS's UsagePlan. */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
@Plural("usageplans")
@ShortNames("up")
@AdditionalPrinterColumn(name = "Quota", jsonPath = ".spec.quota.limit", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Period", jsonPath = ".spec.quota.period")
@AdditionalPrinterColumn(name = "Accepted", jsonPath = ".status.conditions[?(@.type==\"Accepted\")].status")
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class UsagePlan extends CustomResource<UsagePlanSpec, UsagePlanStatus> implements Namespaced {}
