/**
 * Lambda functions' concurrency bounds: how many invocations of each function run at once and at
 * which endpoint, following the ready endpoints of the function's Service where they are known.
 */
package dev.tollgate.dataplane.functions;
