/**
 * Test support for the compiler's tests (and, through the test jar, other modules'): the
 * repository root, golden cases and samples, the OpenAPI corpus, golden file comparison and the
 * scanner that keeps fully qualified names out of main code.
 */
package dev.tollgate.compiler.testing;
