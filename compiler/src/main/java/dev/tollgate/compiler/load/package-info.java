/** Reads multi-document CR YAML into namespace snapshots, reporting every unreadable document. */
package dev.tollgate.compiler.load;
