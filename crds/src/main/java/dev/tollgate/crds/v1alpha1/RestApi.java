package dev.tollgate.crds.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An API: resources and methods (REST) or routes (HTTP, WebSocket), as AWS's RestApi. */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
@Plural("restapis")
@ShortNames("ra")
@AdditionalPrinterColumn(name = "Protocol", jsonPath = ".spec.protocolType")
@AdditionalPrinterColumn(name = "Accepted", jsonPath = ".status.conditions[?(@.type==\"Accepted\")].status")
@AdditionalPrinterColumn(name = "Programmed", jsonPath = ".status.conditions[?(@.type==\"Programmed\")].status")
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class RestApi extends CustomResource<RestApiSpec, RestApiStatus> implements Namespaced {}
