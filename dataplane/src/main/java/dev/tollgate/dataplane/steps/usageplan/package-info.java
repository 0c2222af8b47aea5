/** Usage-plan limits per API key: the plan's throttle (or its per-method one) and its quota. */
package dev.tollgate.dataplane.steps.usageplan;
