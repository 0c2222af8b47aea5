package dev.tollgate.ir;

/** The API flavour, as AWS names it: REST APIs (v1), HTTP APIs and WebSocket APIs (v2). */
public enum ProtocolType {
    REST,
    HTTP,
    WEBSOCKET
}
