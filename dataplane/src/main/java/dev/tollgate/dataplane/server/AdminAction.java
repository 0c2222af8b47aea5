package dev.tollgate.dataplane.server;

import java.util.concurrent.CompletionStage;

/**
 * A {@code POST} endpoint a command adds to the admin port (local mode's {@code /test-invoke}): it
 * takes the request body and answers a status and a JSON body, asynchronously, never on the admin
 * event loop's time.
 */
@FunctionalInterface
public interface AdminAction {
    /**
     * An answer of an admin action.
     *
     * @param status the HTTP status
     * @param json the JSON body
     */
    record Answer(int status, String json) {}

    /** Handles one request body (UTF-8 text). */
    CompletionStage<Answer> handle(String body);
}
