/** Signing of calls to AWS services (AWS Signature Version 4) with credentials read from key material. */
package dev.tollgate.dataplane.sigv4;
