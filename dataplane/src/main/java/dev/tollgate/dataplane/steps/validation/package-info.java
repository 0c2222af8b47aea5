/**
 * AWS's request validation of a method: required parameters, then the body against the model of
 * its content type (JSON schema draft 4), answered through the BAD_REQUEST_PARAMETERS and
 * BAD_REQUEST_BODY gateway responses.
 */
package dev.tollgate.dataplane.steps.validation;
