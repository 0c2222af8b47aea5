package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.http.Json;
import dev.tollgate.dataplane.runtime.Runtime;
import dev.tollgate.ir.GatewayConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /cache/flush?namespace=NS&api=API&stage=STAGE} on the admin port: drops every cached
 * response of the stage, as AWS's FlushStageCache (in Redis, for every replica at once; with local
 * state, on this replica: a Stage's {@code cache.flushToken} reaches them all). Answers {@code
 * {"flushed": N}}.
 */
final class CacheFlushAction implements AdminAction {
    private static final Logger LOG = LoggerFactory.getLogger(CacheFlushAction.class);

    static final String PATH = "/cache/flush";

    private final GatewayServer server;

    CacheFlushAction(GatewayServer server) {
        this.server = server;
    }

    @Override
    public CompletionStage<Answer> handle(String body) {
        return handle(Map.of(), body);
    }

    @Override
    public CompletionStage<Answer> handle(Map<String, List<String>> query, String body) {
        String namespace = first(query, "namespace");
        String api = first(query, "api");
        String stage = first(query, "stage");
        if (namespace == null || api == null || stage == null) {
            return answer(400, "{\"message\":\"POST " + PATH + "?namespace=NS&api=API&stage=STAGE\"}");
        }
        Runtime runtime = server.runtime();
        GatewayConfig config = runtime == null
                ? null
                : runtime.configs().stream()
                        .filter(c -> c.namespace().equals(namespace))
                        .findFirst()
                        .orElse(null);
        if (config == null) {
            return answer(404, "{\"message\":\"no namespace " + Json.escape(namespace) + " is served\"}");
        }
        String cacheId = namespace + "/" + api + "/" + stage;
        return server.limits().forConfig(config).cacheFlush(cacheId).handle((flushed, error) -> {
            if (error != null) {
                LOG.warn("stage cache {}: flush failed: {}", cacheId, error.toString());
                return new Answer(503, "{\"message\":\"cache store unreachable\"}");
            }
            LOG.info("stage cache {}: flushed {} entries on request", cacheId, flushed);
            return new Answer(200, "{\"flushed\":" + flushed + "}");
        });
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }

    private static CompletionStage<Answer> answer(int status, String json) {
        return CompletableFuture.completedFuture(new Answer(status, json));
    }
}
