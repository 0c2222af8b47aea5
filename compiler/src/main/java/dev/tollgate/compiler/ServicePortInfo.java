package dev.tollgate.compiler;

/**
 * One port of a Service.
 *
 * @param name the port's name; null when unnamed
 * @param port the service port number
 */
public record ServicePortInfo(String name, int port) {}
