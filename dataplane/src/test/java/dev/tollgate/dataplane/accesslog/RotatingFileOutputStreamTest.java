package dev.tollgate.dataplane.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.Folders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Size-based rotation of an access log file, on real files. */
class RotatingFileOutputStreamTest {
    private Path folder;

    @BeforeEach
    void folder() throws Exception {
        folder = Files.createTempDirectory("tollgate-rotation");
    }

    @AfterEach
    void delete() throws Exception {
        Folders.delete(folder);
    }

    private static void line(RotatingFileOutputStream out, String text) throws Exception {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        out.flush();
    }

    private static String read(Path p) throws Exception {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void aWriteThatWouldPassTheBoundRotatesAndKeepsTheNewestFiles() throws Exception {
        Path log = folder.resolve("sub").resolve("access.log");
        try (RotatingFileOutputStream out = new RotatingFileOutputStream(log, 20, 2)) {
            line(out, "line-1 aaaaaa");
            line(out, "line-2 bbbbbb");
            line(out, "line-3 cccccc");
            line(out, "line-4 dddddd");
        }
        assertThat(read(log)).isEqualTo("line-4 dddddd\n");
        assertThat(read(folder.resolve("sub").resolve("access.log.1"))).isEqualTo("line-3 cccccc\n");
        assertThat(read(folder.resolve("sub").resolve("access.log.2"))).isEqualTo("line-2 bbbbbb\n");
        assertThat(folder.resolve("sub").resolve("access.log.3")).doesNotExist();
    }

    @Test
    void anExistingFileIsAppendedToAndCountsTowardsTheBound() throws Exception {
        Path log = folder.resolve("access.log");
        Files.writeString(log, "old line 123456\n");
        try (RotatingFileOutputStream out = new RotatingFileOutputStream(log, 20, 1)) {
            line(out, "new line");
        }
        assertThat(read(log)).isEqualTo("new line\n");
        assertThat(read(folder.resolve("access.log.1"))).isEqualTo("old line 123456\n");
    }

    @Test
    void keepingNoRotatedFileStartsTheFileAfresh() throws Exception {
        Path log = folder.resolve("access.log");
        try (RotatingFileOutputStream out = new RotatingFileOutputStream(log, 10, 0)) {
            line(out, "first one");
            line(out, "second");
        }
        assertThat(read(log)).isEqualTo("second\n");
        try (var files = Files.list(folder)) {
            assertThat(files.count()).isEqualTo(1);
        }
    }
}
