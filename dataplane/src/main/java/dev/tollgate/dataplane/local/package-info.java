/** Local mode: a folder of custom resource YAML compiled in-process, served, and reloaded on change. */
package dev.tollgate.dataplane.local;
