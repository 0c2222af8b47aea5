package dev.tollgate.dataplane.openapi;

import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import dev.tollgate.compiler.openapi.ImportMessage;
import dev.tollgate.compiler.openapi.OpenApiExporter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code export <folder> --rest-api NAME --stage NAME [--format oas30|swagger] [--extensions]
 * [--namespace NS] [--out FILE]}: writes the API as AWS exports it (JSON), to stdout or a file.
 */
public final class ExportCommand {
    public static final String USAGE = String.join(
            "\n",
            "       tollgate-dataplane export <folder> --rest-api NAME --stage NAME [--format oas30|swagger]",
            "           [--extensions] [--namespace NS] [--out FILE]");

    private ExportCommand() {}

    /** Runs the command; returns the exit code (0 exported, 1 failed, 2 bad arguments). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path folder;
        String api = null;
        String stage = null;
        String namespace = null;
        Path file = null;
        OpenApiExporter.Format format = OpenApiExporter.Format.OAS30;
        boolean extensions = false;
        try {
            if (args.length < 2 || args[1].startsWith("--")) {
                throw new IllegalArgumentException("export needs a folder");
            }
            folder = Path.of(args[1]);
            for (int i = 2; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--extensions")) {
                    extensions = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--rest-api" -> api = value;
                    case "--stage" -> stage = value;
                    case "--namespace" -> namespace = value;
                    case "--out" -> file = Path.of(value);
                    case "--format" ->
                        format = switch (value.toLowerCase(Locale.ROOT)) {
                            case "oas30" -> OpenApiExporter.Format.OAS30;
                            case "swagger" -> OpenApiExporter.Format.SWAGGER;
                            default -> throw new IllegalArgumentException("--format is oas30 or swagger");
                        };
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (api == null || stage == null) {
                throw new IllegalArgumentException("export needs --rest-api and --stage");
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("usage:");
            err.println(USAGE);
            return 2;
        }
        List<SourceDocument> sources = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (n.endsWith(".yaml") || n.endsWith(".yml")) {
                    sources.add(new SourceDocument(
                            folder.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            err.println("cannot read " + folder + ": " + e.getMessage());
            return 1;
        }
        LoadResult loaded = ResourceLoader.load(sources);
        loaded.findings().forEach(f -> err.println(f));
        if (loaded.hasErrors()) {
            err.println("nothing exported: " + folder + " has documents that cannot be read");
            return 1;
        }
        NamespaceSnapshot snapshot = null;
        String wanted = api;
        for (NamespaceSnapshot s : loaded.snapshots().values()) {
            boolean has = s.restApis().stream()
                    .anyMatch(a -> a.getMetadata().getName().equals(wanted));
            if (has && (namespace == null || namespace.equals(s.namespace()))) {
                if (snapshot != null) {
                    err.println("RestApi " + api + " exists in namespaces " + snapshot.namespace() + " and "
                            + s.namespace() + "; pick one with --namespace");
                    return 2;
                }
                snapshot = s;
            }
        }
        if (snapshot == null) {
            err.println("no RestApi named " + api + (namespace == null ? "" : " in namespace " + namespace) + " under "
                    + folder);
            return 1;
        }
        OpenApiExporter.ExportResult result = OpenApiExporter.export(snapshot, api, stage, format, extensions);
        for (ImportMessage m : result.messages()) {
            err.println(m);
        }
        if (result.hasErrors()) {
            err.println("nothing exported");
            return 1;
        }
        if (file == null) {
            out.print(result.document());
            out.flush();
            return 0;
        }
        try {
            Files.writeString(file, result.document(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("cannot write " + file + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
