/** CORS: preflight answers and the CORS headers of actual responses, errors included. */
package dev.tollgate.dataplane.steps.cors;
