/**
 * AWS Signature Version 4 verification: pure (no I/O; a clock and a credential lookup are given),
 * shared by the control API and AWS_IAM callers of the data plane.
 */
package dev.tollgate.controlapi.sigv4;
