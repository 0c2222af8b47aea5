package dev.tollgate.dataplane.testing;

/**
 * YAML of a small API for the limit and cache tests: RestApi {@code shop} with {@code GET /items}
 * (key required, proxied to the echo backend), {@code POST /items} (key required) and {@code GET
 * /open}; a Stage {@code prod}, a UsagePlan {@code gold} with keys {@code alice} (and {@code bob},
 * disabled), each with a Secret. Parts are given as YAML fragments so each test sets only what it
 * tests.
 */
public final class LimitsYaml {
    /** The value of alice's key. */
    public static final String ALICE = "alice-test-key-0123456789abcdef";
    /** The value of bob's (disabled) key. */
    public static final String BOB = "bob-test-key-0123456789abcdef";

    private LimitsYaml() {}

    /**
     * @param echoPort the echo backend's port
     * @param stageSpec extra lines of the Stage spec (indented 2), or ""
     * @param planSpec extra lines of the UsagePlan spec (indented 2), or ""
     * @param aliceValue alice's key value
     * @param gatewaySpec lines of a Gateway spec (indented 2), or "" for no Gateway
     */
    public static String api(int echoPort, String stageSpec, String planSpec, String aliceValue, String gatewaySpec) {
        String yaml =
                """
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: RestApi
                metadata:
                  name: shop
                spec:
                  resources:
                    - path: /items
                      methods:
                        - httpMethod: GET
                          apiKeyRequired: true
                          integration:
                            integrationRef: echo
                            cacheKeyParameters: [method.request.querystring.type]
                        - httpMethod: POST
                          apiKeyRequired: true
                          integration: {integrationRef: echo}
                    - path: /open
                      methods:
                        - httpMethod: GET
                          integration: {integrationRef: echo}
                ---
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: Integration
                metadata:
                  name: echo
                spec:
                  type: HTTP_PROXY
                  url: http://127.0.0.1:%d/
                ---
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: Stage
                metadata:
                  name: prod
                spec:
                  restApiRef: shop
                %s
                ---
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: UsagePlan
                metadata:
                  name: gold
                spec:
                  apiStages:
                    - {restApiRef: shop, stage: prod}
                  apiKeys: [alice, bob]
                %s
                ---
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: ApiKey
                metadata:
                  name: alice
                spec:
                  valueFrom:
                    secretKeyRef: {name: alice-key, key: value}
                ---
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: ApiKey
                metadata:
                  name: bob
                spec:
                  enabled: false
                  valueFrom:
                    secretKeyRef: {name: bob-key, key: value}
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: alice-key
                stringData:
                  value: %s
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: bob-key
                stringData:
                  value: %s
                """
                        .formatted(echoPort, stageSpec, planSpec, aliceValue, BOB);
        if (!gatewaySpec.isEmpty()) {
            yaml +=
                    """
                    ---
                    apiVersion: apigateway.tollgate.dev/v1alpha1
                    kind: Gateway
                    metadata:
                      name: gw
                    spec:
                    %s
                    """
                            .formatted(gatewaySpec);
        }
        return yaml;
    }
}
