package dev.tollgate.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The package-time training run the class-data-sharing archive is made from, run in-process. */
class CdsTrainingIT {
    @Test
    void trainingServesEveryRequestAsExpectedAndExitsZero() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        int code = Main.run(new String[] {CdsTraining.COMMAND}, err);

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("trained on 8 requests");
        assertThat(code).isZero();
    }

    @Test
    void trainingTakesNoArguments() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        int code = Main.run(new String[] {CdsTraining.COMMAND, "extra"}, err);

        assertThat(code).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("usage: tollgate-dataplane cds-train");
    }
}
