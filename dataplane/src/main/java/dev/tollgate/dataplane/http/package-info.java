/** HTTP values shared by every layer: canonical paths, query strings, AWS-shaped errors. */
package dev.tollgate.dataplane.http;
