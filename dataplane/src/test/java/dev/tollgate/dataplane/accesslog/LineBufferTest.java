package dev.tollgate.dataplane.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LineBufferTest {

    private static byte[] bytes(LineBuffer line) {
        return Arrays.copyOf(line.array(), line.length());
    }

    @Test
    void encodesStringsExactlyAsUtf8GetBytesDoes() {
        String[] samples = {
            "",
            "plain ascii",
            "é à ü",
            "€ and ☃",
            "emoji 😀 pair",
            "lone \uD83D high",
            "lone \uDE00 low",
            "ends high \uD83D",
            "\u0000\u007f\u0080\u07ff\u0800\uffff",
            "x".repeat(5000) + "ß"
        };
        for (String sample : samples) {
            LineBuffer line = new LineBuffer(4);
            line.append(sample);
            assertThat(bytes(line)).as(sample).isEqualTo(sample.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void appendsCharactersOneByOneAsAStringWouldEncodeThem() {
        String sample = "aé€\uD83D";
        LineBuffer line = new LineBuffer(1);
        for (int i = 0; i < sample.length(); i++) {
            line.append(sample.charAt(i));
        }
        assertThat(bytes(line)).isEqualTo(sample.getBytes(StandardCharsets.UTF_8));
        assertThat(line.toString()).isEqualTo("aé€?");
    }

    @Test
    void clearKeepsNothingOfTheText() {
        LineBuffer line = new LineBuffer(16);
        line.append("first line");
        line.clear();
        line.append("second");
        assertThat(line.toString()).isEqualTo("second");
        assertThat(line.length()).isEqualTo(6);
    }
}
