/**
 * Test support for the operator's tests: the repository root, free ports, fixtures applied as a user
 * would, the user's client, the mock API server's set-up, and processes started from the built jars.
 */
package dev.tollgate.operator.testing;
