/** Status aggregation: findings and the served config id become conditions, as pure functions. */
package dev.tollgate.operator.status;
