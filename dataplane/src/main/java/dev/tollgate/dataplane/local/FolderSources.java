package dev.tollgate.dataplane.local;

import dev.tollgate.compiler.load.SourceDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Every {@code *.yaml} / {@code *.yml} under a folder (recursively), sorted by path, each named by
 * its path from the folder; and the files that could not be listed or read. Never throws.
 *
 * @param sources the files read
 * @param problems what could not be read
 */
public record FolderSources(List<SourceDocument> sources, List<String> problems) {
    public FolderSources {
        sources = List.copyOf(sources);
        problems = List.copyOf(problems);
    }

    /** Whether a file name is one the folder's readers take. */
    public static boolean isYaml(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    /** Reads the folder now. */
    public static FolderSources read(Path folder) {
        List<String> problems = new ArrayList<>();
        List<SourceDocument> sources = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile)
                    .filter(FolderSources::isYaml)
                    .sorted()
                    .forEach(files::add);
        } catch (IOException | RuntimeException e) {
            problems.add("cannot list " + folder + ": " + e.getMessage());
        }
        for (Path file : files) {
            try {
                sources.add(new SourceDocument(
                        folder.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException | RuntimeException e) {
                problems.add("cannot read " + file + ": " + e.getMessage());
            }
        }
        return new FolderSources(sources, problems);
    }
}
