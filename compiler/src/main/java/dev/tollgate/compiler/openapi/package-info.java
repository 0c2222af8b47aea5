/**
 * Imports AWS API Gateway OpenAPI exports (OpenAPI 3.0, Swagger 2.0) into custom resources and
 * exports custom resources back into them; pure: text in, text out.
 */
package dev.tollgate.compiler.openapi;
