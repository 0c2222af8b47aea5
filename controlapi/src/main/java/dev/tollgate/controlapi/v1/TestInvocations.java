package dev.tollgate.controlapi.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.controlapi.http.AwsException;

/**
 * Where test-invoke-method runs: the gateway that serves the store, given local mode's admin
 * {@code POST /test-invoke} request ({@code namespace}, {@code restApi}, {@code httpMethod},
 * {@code pathWithQueryString}, {@code headers}, {@code multiValueHeaders}, {@code body}) and
 * answering AWS TestInvokeMethod's result ({@code status}, {@code body}, {@code headers}, {@code
 * multiValueHeaders}, {@code log}, {@code latency}).
 */
@FunctionalInterface
public interface TestInvocations {
    /**
     * Runs one test invocation.
     *
     * @throws AwsException when it cannot run (no such method, no gateway to run it)
     */
    JsonNode invoke(ObjectNode request);

    /** No gateway to run it: every test invocation is refused, saying where it runs. */
    static TestInvocations none() {
        return request -> {
            throw AwsException.badRequest("test-invoke-method runs in local mode (tollgate local FOLDER"
                    + " --control-port PORT); here, run `tollgate test-invoke` on a folder of the API's resources");
        };
    }
}
