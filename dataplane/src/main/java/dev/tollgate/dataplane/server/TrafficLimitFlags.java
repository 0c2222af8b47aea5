package dev.tollgate.dataplane.server;

import dev.tollgate.compiler.Quantities;
import dev.tollgate.ir.TrafficLimitsConfig;

/**
 * The command-line flags of the client timeouts and connection limits, the same knobs as a
 * Gateway's {@code spec.timeouts} and {@code spec.limits}; a flag wins over the Gateway's value.
 */
public final class TrafficLimitFlags {
    /** The flags, for usage lines. */
    public static final String USAGE = "[--header-timeout 10s] [--body-idle-timeout 10s] [--body-timeout 60s]"
            + " [--idle-timeout 60s] [--tls-handshake-timeout 10s] [--max-connections N]"
            + " [--max-concurrent-streams 100] [--body-budget 256Mi]";

    private TrafficLimitFlags() {}

    /** Whether {@code flag} is one of these. */
    public static boolean accepts(String flag) {
        return switch (flag) {
            case "--header-timeout",
                    "--body-idle-timeout",
                    "--body-timeout",
                    "--idle-timeout",
                    "--tls-handshake-timeout",
                    "--max-connections",
                    "--max-concurrent-streams",
                    "--body-budget" -> true;
            default -> false;
        };
    }

    /**
     * {@code limits} with the flag's value set.
     *
     * @throws IllegalArgumentException when the flag is unknown or its value invalid
     */
    public static TrafficLimitsConfig parse(TrafficLimitsConfig limits, String flag, String value) {
        TrafficLimitsConfig c = limits == null ? TrafficLimitsConfig.DEFAULTS : limits;
        try {
            return switch (flag) {
                case "--header-timeout" ->
                    c.overriddenBy(new TrafficLimitsConfig(millis(value), null, null, null, null, null, null, null));
                case "--body-idle-timeout" ->
                    c.overriddenBy(new TrafficLimitsConfig(null, millis(value), null, null, null, null, null, null));
                case "--body-timeout" ->
                    c.overriddenBy(new TrafficLimitsConfig(null, null, millis(value), null, null, null, null, null));
                case "--idle-timeout" ->
                    c.overriddenBy(new TrafficLimitsConfig(null, null, null, millis(value), null, null, null, null));
                case "--tls-handshake-timeout" ->
                    c.overriddenBy(new TrafficLimitsConfig(null, null, null, null, millis(value), null, null, null));
                case "--max-connections" ->
                    c.overriddenBy(new TrafficLimitsConfig(null, null, null, null, null, count(value), null, null));
                case "--max-concurrent-streams" ->
                    c.overriddenBy(new TrafficLimitsConfig(null, null, null, null, null, null, count(value), null));
                case "--body-budget" ->
                    c.overriddenBy(
                            new TrafficLimitsConfig(null, null, null, null, null, null, null, Quantities.bytes(value)));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }

    private static long millis(String value) {
        return Quantities.millis(value);
    }

    private static int count(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + value);
        }
    }
}
