package dev.tollgate.dataplane.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.limits.UsageReport;
import dev.tollgate.dataplane.metering.MeteringReport;
import dev.tollgate.dataplane.metering.PriceTable;
import dev.tollgate.dataplane.metering.UsageFilter;
import dev.tollgate.dataplane.metering.UsageLedger;
import dev.tollgate.dataplane.runtime.Runtime;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.BasePathMappingConfig;
import dev.tollgate.ir.DomainConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.StageConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The admin endpoints: {@code /healthz} (the process runs), {@code /readyz} (a config is served
 * and the server is not draining), {@code /metrics} (Prometheus text), {@code /config} (config
 * ids and a summary of what is served; the IR carries no secrets and this shows only names),
 * {@code /usage} (a usage plan's per-key quota usage) and {@code /usage/report} (calls, bytes and
 * cache hits per namespace, API, stage and key for a time range). Probes and metrics answer
 * everyone; the rest only callers {@link AdminAccess} permits (403 otherwise).
 * Runs on its own event loop, so a slow scrape never delays traffic.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayServer server;

    AdminHandler(GatewayServer server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws JsonProcessingException {
        String path = request.uri();
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        FullHttpResponse response;
        AdminAction action = server.adminAction(path);
        if (!AdminAccess.open(path)
                && !server.adminAccess().permits(peer(ctx), request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            response = text(HttpResponseStatus.FORBIDDEN, "forbidden\n", "text/plain");
        } else if (action != null && request.method().equals(HttpMethod.POST)) {
            act(ctx, request, action);
            return;
        } else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n", "text/plain");
        } else {
            response = switch (path) {
                case "/healthz" -> text(HttpResponseStatus.OK, "ok\n", "text/plain");
                case "/readyz" ->
                    server.ready()
                            ? text(HttpResponseStatus.OK, "ready\n", "text/plain")
                            : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready\n", "text/plain");
                case "/metrics" ->
                    text(HttpResponseStatus.OK, server.metrics().scrape(), "text/plain; version=0.0.4; charset=utf-8");
                case "/config" ->
                    text(
                            HttpResponseStatus.OK,
                            JSON.writerWithDefaultPrettyPrinter()
                                    .writeValueAsString(summary(server.runtime(), server.deployments())),
                            "application/json");
                case "/usage" -> null;
                case "/usage/report" -> usageReport(request);
                default -> text(HttpResponseStatus.NOT_FOUND, "not found\n", "text/plain");
            };
            if (response == null) {
                usage(ctx, request);
                return;
            }
        }
        write(ctx, request, response);
    }

    /**
     * {@code /usage/report?from=ISO&to=ISO[&format=json|csv][&prices=aws][&namespace=][&api=][&stage=][&key=]}:
     * calls, bytes and cache hits per namespace, API, stage and key from the in-memory ledger; the
     * range defaults to the last hour.
     */
    private FullHttpResponse usageReport(FullHttpRequest request) throws JsonProcessingException {
        Map<String, List<String>> params = new QueryStringDecoder(request.uri()).parameters();
        UsageLedger ledger = server.usage();
        Instant to;
        Instant from;
        try {
            to = param(params, "to") == null ? ledger.now() : Instant.parse(param(params, "to"));
            from = param(params, "from") == null ? to.minus(Duration.ofHours(1)) : Instant.parse(param(params, "from"));
        } catch (DateTimeParseException e) {
            return text(HttpResponseStatus.BAD_REQUEST, "from and to are ISO-8601 instants\n", "text/plain");
        }
        String format = Objects.requireNonNullElse(param(params, "format"), "json");
        String prices = param(params, "prices");
        if (!from.isBefore(to)
                || !(format.equals("json") || format.equals("csv"))
                || (prices != null && !prices.equals("aws"))) {
            return text(
                    HttpResponseStatus.BAD_REQUEST,
                    "usage/report?from=ISO&to=ISO (from before to)&format=json|csv&prices=aws\n",
                    "text/plain");
        }
        UsageFilter filter = new UsageFilter(
                param(params, "namespace"), param(params, "api"), param(params, "stage"), param(params, "key"));
        MeteringReport report =
                new MeteringReport(from, to, ledger.report(from, to, filter), prices == null ? null : PriceTable.aws());
        return format.equals("csv")
                ? text(HttpResponseStatus.OK, report.toCsv(), "text/csv; charset=utf-8")
                : text(
                        HttpResponseStatus.OK,
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report.toMap()),
                        "application/json");
    }

    private static String param(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A command's POST endpoint: answered when its action completes, written back on this loop. */
    private void act(ChannelHandlerContext ctx, FullHttpRequest request, AdminAction action) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String body = request.content().toString(StandardCharsets.UTF_8);
        action.handle(new QueryStringDecoder(request.uri()).parameters(), body)
                .whenComplete((answer, error) -> ctx.executor().execute(() -> {
                    FullHttpResponse r = error != null
                            ? text(
                                    HttpResponseStatus.INTERNAL_SERVER_ERROR,
                                    "{\"message\":\"Internal server error\"}",
                                    "application/json")
                            : text(HttpResponseStatus.valueOf(answer.status()), answer.json(), "application/json");
                    writeKeepAlive(ctx, keepAlive, r);
                }));
    }

    private static InetAddress peer(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    }

    /** {@code /usage?plan=NAME[&namespace=NS]}: read without blocking, written back on this loop. */
    private void usage(ChannelHandlerContext ctx, FullHttpRequest request) {
        var params = new QueryStringDecoder(request.uri()).parameters();
        String plan = params.containsKey("plan") ? params.get("plan").get(0) : null;
        String namespace =
                params.containsKey("namespace") ? params.get("namespace").get(0) : null;
        Runtime runtime = server.runtime();
        if (plan == null || runtime == null) {
            write(ctx, request, text(HttpResponseStatus.BAD_REQUEST, "usage?plan=NAME[&namespace=NS]\n", "text/plain"));
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        UsageReport.of(runtime.configs(), server.limits(), plan, namespace)
                .whenComplete((report, error) -> ctx.executor().execute(() -> {
                    FullHttpResponse r;
                    if (error != null) {
                        r = text(HttpResponseStatus.SERVICE_UNAVAILABLE, "usage store unreachable\n", "text/plain");
                    } else {
                        try {
                            r = text(
                                    Boolean.TRUE.equals(report.get("found"))
                                            ? HttpResponseStatus.OK
                                            : HttpResponseStatus.NOT_FOUND,
                                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report),
                                    "application/json");
                        } catch (JsonProcessingException e) {
                            r = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "error\n", "text/plain");
                        }
                    }
                    writeKeepAlive(ctx, keepAlive, r);
                }));
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        writeKeepAlive(ctx, HttpUtil.isKeepAlive(request), response);
    }

    private static void writeKeepAlive(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    static Map<String, Object> summary(Runtime runtime, ServedDeployments deployments) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ready", runtime != null);
        List<Object> configs = new ArrayList<>();
        if (runtime != null) {
            for (GatewayConfig c : runtime.configs()) {
                Map<String, Object> config = new LinkedHashMap<>();
                config.put("namespace", c.namespace());
                config.put("configId", c.configId());
                config.put("endpointSuffix", c.endpointSuffix());
                List<Object> apis = new ArrayList<>();
                for (ApiConfig a : c.apis()) {
                    Map<String, Object> api = new LinkedHashMap<>();
                    api.put("name", a.name());
                    api.put("protocolType", a.protocolType().name());
                    api.put("executeApiEndpoint", a.executeApiEndpoint());
                    List<Object> stages = new ArrayList<>();
                    for (StageConfig s : a.stages()) {
                        Map<String, Object> stage = new LinkedHashMap<>();
                        stage.put("name", s.name());
                        stage.put("routes", s.routes().size() + (s.defaultRoute() == null ? 0 : 1));
                        ServedDeployments.Served served = deployments.get(c.namespace(), a.name(), s.name());
                        stage.put(
                                "deployment",
                                s.deployment() == null ? null : s.deployment().name());
                        if (s.deployment() != null && s.deployment().deleted()) {
                            stage.put("deploymentDeleted", true);
                        }
                        stage.put("previousDeployment", served == null ? null : served.previous());
                        if (s.canary() != null) {
                            Map<String, Object> canary = new LinkedHashMap<>();
                            canary.put("deployment", s.canary().deployment().name());
                            canary.put("percentTraffic", s.canary().percentTraffic());
                            stage.put("canary", canary);
                        }
                        stages.add(stage);
                    }
                    api.put("stages", stages);
                    apis.add(api);
                }
                config.put("apis", apis);
                List<Object> domains = new ArrayList<>();
                for (DomainConfig d : c.domains()) {
                    Map<String, Object> domain = new LinkedHashMap<>();
                    domain.put("domainName", d.domainName());
                    List<Object> mappings = new ArrayList<>();
                    for (BasePathMappingConfig m : d.mappings()) {
                        Map<String, Object> mapping = new LinkedHashMap<>();
                        mapping.put("basePath", m.basePath());
                        mapping.put("api", m.api());
                        mapping.put("stage", m.stage());
                        mappings.add(mapping);
                    }
                    domain.put("mappings", mappings);
                    domains.add(domain);
                }
                config.put("domains", domains);
                configs.add(config);
            }
        }
        out.put("configs", configs);
        return out;
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body, String contentType) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType).setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return r;
    }
}
