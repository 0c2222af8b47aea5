/** API Gateway (v1) operations: AWS's JSON shapes mapped onto Tollgate's custom resources. */
package dev.tollgate.controlapi.v1;
