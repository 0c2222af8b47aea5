package dev.tollgate.dataplane.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.runtime.HostPort;
import dev.tollgate.dataplane.runtime.ServiceResolver;
import dev.tollgate.dataplane.server.TestInvoker;
import dev.tollgate.dataplane.tls.KeyMaterial;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code test-invoke <folder> --rest-api NAME [--stage STAGE] --method M --path /p [--header
 * K:V]... [--query k=v]... [--body TEXT|@file] [--namespace NS] [--service
 * NAME[.NAMESPACE]=HOST:PORT]...}: runs one request through the method as the folder defines it
 * now, deployed or not, against the real backend, and prints AWS TestInvokeMethod's JSON ({@code
 * status}, {@code body}, {@code headers}, {@code multiValueHeaders}, {@code log}, {@code latency}).
 */
public final class TestInvokeCommand {
    /** Usage lines for Main's help. */
    public static final String USAGE = String.join(
            "\n",
            "       tollgate-dataplane test-invoke <folder> --rest-api NAME [--stage STAGE] --method M --path /p",
            "           [--header K:V]... [--query k=v]... [--body TEXT|@file] [--namespace NS]",
            "           [--service NAME[.NAMESPACE]=HOST:PORT]...");

    private TestInvokeCommand() {}

    /** Runs the command; returns the exit code (0 ran, 1 nothing to run, 2 bad arguments). */
    public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        if (args.length < 2 || args[1].startsWith("--")) {
            err.println("test-invoke needs a folder");
            err.println(USAGE);
            return 2;
        }
        Path folder = Path.of(args[1]);
        String restApi = null;
        String stage = null;
        String method = null;
        String path = null;
        String namespace = null;
        String body = null;
        StringBuilder query = new StringBuilder();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Map<ApiRef, HostPort> services = new LinkedHashMap<>();
        try {
            for (int i = 2; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--rest-api" -> restApi = value;
                    case "--stage" -> stage = value;
                    case "--method" -> method = value;
                    case "--path" -> path = value;
                    case "--namespace" -> namespace = value;
                    case "--body" -> body = value.startsWith("@") ? read(Path.of(value.substring(1))) : value;
                    case "--header" -> {
                        int colon = value.indexOf(':');
                        if (colon <= 0) {
                            throw new IllegalArgumentException("--header takes NAME:VALUE");
                        }
                        headers.computeIfAbsent(value.substring(0, colon).trim(), k -> new ArrayList<>())
                                .add(value.substring(colon + 1).trim());
                    }
                    case "--query" -> {
                        if (value.indexOf('=') <= 0) {
                            throw new IllegalArgumentException("--query takes NAME=VALUE");
                        }
                        query.append(query.length() == 0 ? "" : "&").append(value);
                    }
                    case "--service" -> ServiceResolver.parseFlag(value, services);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (restApi == null || method == null || path == null) {
                throw new IllegalArgumentException("test-invoke needs --rest-api, --method and --path");
            }
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("--path starts with /");
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (!Files.isDirectory(folder)) {
            err.println("not a folder: " + folder);
            return 2;
        }
        FolderCompiler compiler = new FolderCompiler(folder, new ArrayList<>(services.keySet()));
        KeyMaterial keys = compiler.compile().keyMaterial();
        String target = query.length() == 0 ? path : path + "?" + query;
        LocalTestInvoke.Query q = new LocalTestInvoke.Query(
                namespace, restApi, stage, new TestInvoker.Request(method, target, headers, body));
        try (TestInvoker invoker = TestInvoker.standalone(ServiceResolver.fromFlags(services), keys)) {
            LocalTestInvoke.Outcome outcome =
                    LocalTestInvoke.run(compiler, invoker, q).get(60, TimeUnit.SECONDS);
            outcome.errors().forEach(e -> err.println(e));
            if (outcome.result() == null) {
                err.println(outcome.problem());
                return 1;
            }
            out.println(LocalTestInvoke.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(outcome.result()));
            return 0;
        } catch (ExecutionException | TimeoutException | JsonProcessingException e) {
            err.println("test-invoke failed: " + e);
            return 1;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
