package dev.tollgate.crds.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A deployment of a RestApi under a stage name, as AWS's Stage and Deployment. */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
@Plural("stages")
@ShortNames("stg")
@AdditionalPrinterColumn(name = "RestApi", jsonPath = ".spec.restApiRef")
@AdditionalPrinterColumn(name = "Stage", jsonPath = ".spec.stageName")
@AdditionalPrinterColumn(name = "Deployment", jsonPath = ".status.deployment")
@AdditionalPrinterColumn(name = "Accepted", jsonPath = ".status.conditions[?(@.type==\"Accepted\")].status")
@AdditionalPrinterColumn(name = "Programmed", jsonPath = ".status.conditions[?(@.type==\"Programmed\")].status")
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class Stage extends CustomResource<StageSpec, StageStatus> implements Namespaced {}
