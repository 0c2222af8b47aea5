package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.http.GatewayError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultLastHttpContent;

/**
 * The body of the request an exchange serves, as its connection delivers it: read only when a step
 * asks, either whole ({@link #aggregate}, for a {@link BodyReadingStep}) or chunk by chunk ({@link
 * #stream}, for an integration that passes it through). Every call is made on the exchange's event
 * loop; the connection's handler implements it, {@link #complete} serves a body already in memory.
 */
public interface RequestBody {

    /** The length the client declared: Content-Length, 0 when the request has no body, -1 unknown. */
    long declaredLength();

    /**
     * Reads the whole body, within AWS's payload limit and the process's budget of body bytes in
     * flight, and hands it to {@code then} (the connection keeps it and releases it after the
     * response), or refuses with the error to answer. Called at most once, never after {@link
     * #stream}.
     */
    void aggregate(Aggregated then);

    /**
     * Hands the body to {@code sink} chunk by chunk as it arrives, as fast as the sink's {@link
     * #pause} and {@link #resume} allow. Called at most once, never after {@link #aggregate}.
     */
    void stream(RequestBodySink sink);

    /** Stops delivering chunks to the streaming sink (its destination cannot take more now). */
    void pause();

    /** Delivers chunks again after {@link #pause}. */
    void resume();

    /** Where an aggregated body goes. */
    interface Aggregated {
        /** The whole body (not to be released by the receiver). */
        void accept(ByteBuf body);

        /** The body cannot be read: answer with {@code error}. */
        void refuse(GatewayError error);
    }

    /** A body already in memory (a test's, or one built by the gateway); owned by the caller. */
    static RequestBody complete(ByteBuf body) {
        return new RequestBody() {
            private boolean paused;
            private RequestBodySink sink;

            @Override
            public long declaredLength() {
                return body.readableBytes();
            }

            @Override
            public void aggregate(Aggregated then) {
                then.accept(body);
            }

            @Override
            public void stream(RequestBodySink s) {
                sink = s;
                if (!paused) {
                    deliver();
                }
            }

            @Override
            public void pause() {
                paused = true;
            }

            @Override
            public void resume() {
                paused = false;
                if (sink != null) {
                    deliver();
                }
            }

            private void deliver() {
                RequestBodySink s = sink;
                sink = null;
                s.onBodyContent(new DefaultLastHttpContent(
                        body.isReadable() ? body.retainedDuplicate() : Unpooled.EMPTY_BUFFER));
            }
        };
    }
}
