/** The integration step: MOCK answers and HTTP / HTTP_PROXY backend calls with their mappings. */
package dev.tollgate.dataplane.steps.integration;
