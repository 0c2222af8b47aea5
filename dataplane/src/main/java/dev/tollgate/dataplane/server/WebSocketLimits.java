package dev.tollgate.dataplane.server;

import java.time.Duration;

/**
 * The limits of a WebSocket connection, AWS's by default.
 *
 * @param idleTimeoutMillis a connection without a frame for this long is closed (1001), AWS's 10 min
 * @param maxDurationMillis a connection is closed (1001) after this long, AWS's 2 h
 * @param maxFrameBytes the largest frame payload (1009 past it), AWS's 32 KB
 * @param maxMessageBytes the largest message, its frames reassembled (1009 past it), AWS's 128 KB
 * @param maxMessagesInFlight messages of one connection whose integrations run at once; the
 *     connection reads no further frame until one is answered (backpressure)
 */
public record WebSocketLimits(
        long idleTimeoutMillis,
        long maxDurationMillis,
        int maxFrameBytes,
        int maxMessageBytes,
        int maxMessagesInFlight) {

    /** AWS's limits. */
    public static final WebSocketLimits AWS = new WebSocketLimits(
            Duration.ofMinutes(10).toMillis(), Duration.ofHours(2).toMillis(), 32 * 1024, 128 * 1024, 16);

    public WebSocketLimits {
        if (idleTimeoutMillis < 1 || maxDurationMillis < 1 || maxFrameBytes < 1 || maxMessageBytes < maxFrameBytes) {
            throw new IllegalArgumentException("bad WebSocket limits");
        }
        if (maxMessagesInFlight < 1) {
            throw new IllegalArgumentException("maxMessagesInFlight must be at least 1");
        }
    }

    /** These limits with another idle timeout and maximum duration. */
    public WebSocketLimits withTimeouts(Duration idle, Duration maxDuration) {
        return new WebSocketLimits(
                idle.toMillis(), maxDuration.toMillis(), maxFrameBytes, maxMessageBytes, maxMessagesInFlight);
    }
}
