package dev.tollgate.dataplane.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class AppLogConfiguratorTest {
    @Test
    void applicationLogGoesToStderrThroughANonBlockingQueueAtInfoWithNettyAtWarn() {
        LoggerContext context = new LoggerContext();
        AppLogConfigurator configurator = new AppLogConfigurator();
        configurator.setContext(context);

        Configurator.ExecutionStatus status = configurator.configure(context);

        assertThat(status).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("dev.tollgate.dataplane").getEffectiveLevel())
                .isEqualTo(Level.INFO);
        AsyncAppender async = (AsyncAppender) root.getAppender("APP");
        assertThat(async.isStarted()).isTrue();
        assertThat(async.isNeverBlock()).isTrue();
        assertThat(async.getQueueSize()).isEqualTo(AppLogConfigurator.QUEUE_SIZE);
        Appender<ILoggingEvent> inner = async.getAppender("APP_STDERR");
        ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) inner;
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern()).isEqualTo(AppLogConfigurator.PATTERN);
        context.stop();
    }
}
