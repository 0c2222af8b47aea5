package dev.tollgate.dataplane.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The log events of the whole process while it is open (an appender on the root logger), for the
 * checks that a secret never reaches a log: each event's text is its formatted message and, when it
 * carries one, its exception's full text (messages, causes, stack).
 */
public final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    private LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    /** Starts capturing. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** The events captured so far. */
    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** Each captured event's message followed by its exception's text, if any. */
    public List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (ILoggingEvent e : events()) {
            String text = e.getFormattedMessage();
            if (e.getThrowableProxy() != null) {
                text += "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy());
            }
            texts.add(text);
        }
        return texts;
    }

    /**
     * Asserts that an event was captured mentioning {@code expected} (a request id, a resource): the
     * capture saw the code path it vouches for.
     */
    public void assertSomeEventMentions(String expected) {
        assertThat(texts()).as("captured log events").isNotEmpty().anySatisfy(t -> assertThat(t)
                .contains(expected));
    }

    /** Asserts that no captured message or exception text contains any of {@code secrets}. */
    public void assertNoneContains(String... secrets) {
        for (String text : texts()) {
            for (String secret : secrets) {
                assertThat(text).as("a log event").doesNotContain(secret);
            }
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
