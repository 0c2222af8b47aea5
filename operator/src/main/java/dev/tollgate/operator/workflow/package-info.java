/**
 * The Gateway's data plane as a JOSDK workflow: one dependent resource per child object, each
 * wrapping a pure builder of {@code DataPlaneResources}, watched by an informer so a deleted or
 * hand-edited child is written back, and matched on the fields the operator owns.
 */
package dev.tollgate.operator.workflow;
