/** End-to-end tests against a real Kubernetes (k3s in a container). */
package dev.tollgate.e2e;
