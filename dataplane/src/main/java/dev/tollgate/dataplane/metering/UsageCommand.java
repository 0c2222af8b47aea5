package dev.tollgate.dataplane.metering;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code usage}: reads a running gateway's usage report from its admin endpoint {@code
 * /usage/report} and prints it (JSON or CSV), for a time range and optional filters.
 */
public final class UsageCommand {
    /** Usage line for Main's help. */
    public static final String USAGE = "       tollgate-dataplane usage [--admin http://127.0.0.1:9000]"
            + " [--from ISO] [--to ISO | --since 1h]\n"
            + "           [--format json|csv] [--prices aws] [--namespace NS] [--api NAME] [--stage NAME] [--key NAME]";

    private static final Pattern SINCE = Pattern.compile("(\\d+)([smhd])");

    private UsageCommand() {}

    /** Runs the command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        String admin = "http://127.0.0.1:9000";
        Map<String, String> query = new LinkedHashMap<>();
        try {
            for (int i = 1; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--admin" -> admin = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
                    case "--from" -> query.put("from", Instant.parse(value).toString());
                    case "--to" -> query.put("to", Instant.parse(value).toString());
                    case "--since" ->
                        query.put("from", Instant.now().minus(since(value)).toString());
                    case "--format" -> query.put("format", value);
                    case "--prices" -> query.put("prices", value);
                    case "--namespace" -> query.put("namespace", value);
                    case "--api" -> query.put("api", value);
                    case "--stage" -> query.put("stage", value);
                    case "--key" -> query.put("key", value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            err.println(e.getMessage());
            err.println("usage:");
            err.println(USAGE);
            return 2;
        }
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((k, v) -> q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        URI uri = URI.create(admin + "/usage/report" + q);
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                err.print("the gateway answered " + response.statusCode() + ": " + response.body());
                return 1;
            }
            out.print(response.body());
            return 0;
        } catch (IOException e) {
            err.println("cannot reach the gateway's admin endpoint at " + admin + ": " + e.getMessage());
            return 1;
        }
    }

    private static Duration since(String value) {
        Matcher m = SINCE.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("--since takes a number and s, m, h or d, e.g. 1h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
