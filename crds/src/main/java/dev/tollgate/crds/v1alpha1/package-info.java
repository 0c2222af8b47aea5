/** The wire model of Tollgate's custom resources (group apigateway.tollgate.dev, version v1alpha1). */
package dev.tollgate.crds.v1alpha1;
