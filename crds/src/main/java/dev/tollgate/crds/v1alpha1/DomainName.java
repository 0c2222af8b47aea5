package dev.tollgate.crds.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A custom host name and its base path mappings, as AWS's DomainName and BasePathMapping. */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
@Plural("domainnames")
@ShortNames("dn")
@AdditionalPrinterColumn(name = "Domain", jsonPath = ".spec.domainName")
@AdditionalPrinterColumn(name = "Accepted", jsonPath = ".status.conditions[?(@.type==\"Accepted\")].status")
@AdditionalPrinterColumn(name = "Programmed", jsonPath = ".status.conditions[?(@.type==\"Programmed\")].status")
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class DomainName extends CustomResource<DomainNameSpec, DomainNameStatus> implements Namespaced {}
