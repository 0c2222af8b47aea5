package dev.tollgate.dataplane.steps.mapping;

import dev.tollgate.dataplane.http.Compression;
import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.http.MediaTypes;
import dev.tollgate.dataplane.runtime.BodyReadingStep;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.IntegrationRequest;
import dev.tollgate.dataplane.runtime.PayloadPolicy;
import dev.tollgate.dataplane.runtime.RequestInputs;
import dev.tollgate.dataplane.template.InputVariable;
import dev.tollgate.dataplane.template.JsonValues;
import dev.tollgate.dataplane.template.MappingTemplate;
import dev.tollgate.dataplane.template.TemplateBindings;
import dev.tollgate.dataplane.template.TemplateException;
import dev.tollgate.dataplane.template.TemplateOutput;
import dev.tollgate.ir.ContentHandling;
import dev.tollgate.ir.PassthroughBehavior;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Maps the method request to the backend request, as AWS's integration request does: the template
 * whose content type is the request's ({@code application/json} when it has none) renders the
 * body with {@code $input}, {@code $context}, {@code $stageVariables} and {@code $util}; with no
 * such template the body passes through unless passthroughBehavior refuses it (415 {@code
 * Unsupported Media Type}). Before that the payload is converted as contentHandling says (binary
 * to base64 text, base64 text to binary) and, on an API that compresses, a gzip or deflate body is
 * decoded for the template. What the template sets in {@code $context.requestOverride} wins over
 * the route's parameter mappings. A template that fails answers 500 (logged once per template); a
 * body the mapping must read as JSON and cannot answers 400.
 */
final class RequestMappingStep implements BodyReadingStep {
    private final Map<String, MappingTemplate> templates;
    private final PassthroughBehavior passthrough;
    private final ContentHandling contentHandling;
    private final boolean bodyParameters;

    RequestMappingStep(
            Map<String, MappingTemplate> templates,
            PassthroughBehavior passthrough,
            ContentHandling contentHandling,
            boolean bodyParameters) {
        this.templates = templates;
        this.passthrough = passthrough;
        this.contentHandling = contentHandling;
        this.bodyParameters = bodyParameters;
    }

    @Override
    public void apply(Exchange exchange) {
        HttpRequest in = exchange.request();
        String contentType = in.headers().get(HttpHeaderNames.CONTENT_TYPE);
        MappingTemplate template = templates.get(MediaTypes.essence(contentType));
        if (template == null
                && (passthrough == PassthroughBehavior.NEVER
                        || (passthrough == PassthroughBehavior.WHEN_NO_TEMPLATES && !templates.isEmpty()))) {
            exchange.fail(GatewayError.UNSUPPORTED_MEDIA_TYPE);
            return;
        }
        PayloadPolicy payload = exchange.api().payload();
        byte[] body = ByteBufUtil.getBytes(exchange.body());
        String encoding = in.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        boolean reads = template != null || bodyParameters;
        if (reads && encoding != null && payload.compresses() && Compression.decodable(encoding)) {
            try {
                body = Compression.decode(body, encoding, MAX_DECODED);
                encoding = null;
            } catch (IllegalArgumentException e) {
                exchange.fail(GatewayError.BAD_REQUEST);
                return;
            }
        }
        byte[] converted = convert(body, payload.isBinary(contentType));
        if (converted == null) {
            exchange.fail(GatewayError.API_CONFIGURATION_ERROR);
            return;
        }
        InputVariable input = RequestInputs.of(exchange, new String(converted, StandardCharsets.UTF_8));
        try {
            if (bodyParameters) {
                input.document();
            }
            if (template == null) {
                exchange.mapped(
                        input, new IntegrationRequest(converted, contentType, encoding, Map.of(), Map.of(), Map.of()));
            } else {
                Map<String, String> variables = exchange.stage().config().variables();
                TemplateOutput out = template.render(
                        new TemplateBindings(input, exchange.contextVariables().forTemplate(), variables));
                exchange.mapped(
                        input,
                        new IntegrationRequest(
                                out.body().getBytes(StandardCharsets.UTF_8),
                                MediaTypes.essence(contentType),
                                null,
                                out.requestHeaders(),
                                out.requestQuery(),
                                out.requestPath()));
            }
        } catch (JsonValues.InvalidBodyException e) {
            exchange.fail(GatewayError.unparsableBody(e.getMessage()));
            return;
        } catch (TemplateException e) {
            exchange.fail(GatewayError.API_CONFIGURATION_ERROR);
            return;
        }
        exchange.proceed();
    }

    /** AWS's request payload conversion; null when text to convert to binary is not base64. */
    private byte[] convert(byte[] body, boolean binary) {
        if (binary && contentHandling == ContentHandling.CONVERT_TO_TEXT) {
            return Base64.getEncoder().encode(body);
        }
        if (!binary && contentHandling == ContentHandling.CONVERT_TO_BINARY) {
            try {
                return Base64.getMimeDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return body;
    }

    /** The largest decoded request body: AWS's payload limit. */
    private static final int MAX_DECODED = 10 * 1024 * 1024;
}
