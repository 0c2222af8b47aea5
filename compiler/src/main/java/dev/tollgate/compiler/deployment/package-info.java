/**
 * Pure functions on ApiDeployments for every caller that makes or lists them (the {@code deploy}
 * commands, the control API, tests): taking a RestApi's snapshot and its content id, naming a new
 * deployment, the history of an API and which stages serve each deployment, and the Stage edits that
 * pin, canary and promote. No I/O and no clock: times are given.
 */
package dev.tollgate.compiler.deployment;
