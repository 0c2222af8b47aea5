/** AWS API Gateway's control-plane REST API served over Tollgate's custom resources. */
package dev.tollgate.controlapi;
