/**
 * The request mapping step: selects the request's mapping template by content type (or refuses
 * it as passthroughBehavior says), converts the payload as contentHandling says, decodes a
 * compressed body, renders the template and records the backend request it maps to.
 */
package dev.tollgate.dataplane.steps.mapping;
