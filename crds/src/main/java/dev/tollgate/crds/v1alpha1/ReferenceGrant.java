package dev.tollgate.crds.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Lets resources of other namespaces refer to objects in this one, after Gateway API's
 * ReferenceGrant: it lives in the namespace of the target, so only the target's owners can grant.
 * Without one, a cross-namespace reference is refused.
 */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
@Plural("referencegrants")
@ShortNames("refgrant")
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class ReferenceGrant extends CustomResource<ReferenceGrantSpec, Void> implements Namespaced {}
