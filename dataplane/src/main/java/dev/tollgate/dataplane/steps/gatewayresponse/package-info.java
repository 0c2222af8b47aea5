/** Customised gateway responses: AWS's response types with an API's own status, headers and body. */
package dev.tollgate.dataplane.steps.gatewayresponse;
