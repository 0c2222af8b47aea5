package dev.tollgate.crds.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An immutable snapshot of one RestApi's definition, as AWS's Deployment: Stages pin one (or name
 * one as their canary) and serve exactly what it holds, whatever happens to the RestApi later.
 * Short name {@code apideploy}: {@code Deployment} is apps/v1's.
 */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
@Plural("apideployments")
@ShortNames("apideploy")
@AdditionalPrinterColumn(name = "RestApi", jsonPath = ".spec.restApiRef")
@AdditionalPrinterColumn(name = "Content", jsonPath = ".spec.contentId", priority = 1)
@AdditionalPrinterColumn(name = "Accepted", jsonPath = ".status.conditions[?(@.type==\"Accepted\")].status")
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Description", jsonPath = ".spec.description")
public class ApiDeployment extends CustomResource<ApiDeploymentSpec, ApiDeploymentStatus> implements Namespaced {
    /**
     * Annotation with the creation time in milliseconds (RFC 3339), written by the {@code deploy}
     * command: it orders the history where {@code metadata.creationTimestamp} (seconds, and absent
     * in a folder) cannot.
     */
    public static final String CREATED_AT_ANNOTATION = Crds.GROUP + "/created-at";
}
