/**
 * The data plane's test support, the one place for it: gateways on free ports ({@code
 * GatewayExtension}, {@code LocalGateway}), steps without a server ({@code StepHarness}, {@code
 * Exchanges}, {@code ScriptedUpstream}, {@code FailingState}), clients ({@code RawHttp}, {@code
 * TlsClient}), backends ({@code TlsBackend}, {@code RedisServer}), IR and YAML fixtures ({@code
 * TestConfigs}, {@code CompiledYaml}, {@code LimitsYaml}, {@code Folders}), and {@code RepoRoot},
 * {@code FreePorts}, {@code Await}, {@code LogCapture}, {@code MutableClock}, and {@code
 * PrometheusText}, a strict parser of the Prometheus text format.
 */
package dev.tollgate.dataplane.testing;
