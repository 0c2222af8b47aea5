package dev.tollgate.dataplane.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Folders of fixture YAML for local mode: files written whole, trees removed after. */
public final class Folders {
    private Folders() {}

    /**
     * Writes {@code text} to {@code folder/name} by an atomic replace, so a watcher never reads half
     * a file.
     */
    public static Path write(Path folder, String name, String text) throws IOException {
        Path tmp = folder.resolve("." + name + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        return Files.move(
                tmp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes the folder and everything in it; absent is fine. */
    public static void delete(Path folder) throws IOException {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> files = Files.walk(folder)) {
            all = files.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
