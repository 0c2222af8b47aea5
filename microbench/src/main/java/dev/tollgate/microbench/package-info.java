/**
 * JMH benchmarks of the data plane's hot paths (routing, path decoding) and of scale (compiling
 * and routing 10k routes and 10k API keys), and {@link dev.tollgate.microbench.ScaleReport}, which
 * prints the sizes a compiled namespace reaches. Run with {@code bench/jmh}; never part of a test's
 * verdict.
 */
package dev.tollgate.microbench;
