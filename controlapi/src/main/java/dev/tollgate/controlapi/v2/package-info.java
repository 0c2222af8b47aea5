/** API Gateway v2 (HTTP and WebSocket APIs) basics: APIs, routes, integrations and stages. */
package dev.tollgate.controlapi.v2;
