package dev.tollgate.dataplane.limits;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.Transports;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Hands Lettuce the gateway's own traffic event loops, so a Redis connection is registered on one
 * of them: a command a request sends from that loop is written there, and its answer completes
 * there, with no hand-off to a thread of Lettuce's and back (on one core, each hand-off is a
 * context switch). Lettuce asks for its default group class (Netty 4.2's deprecated epoll or NIO
 * group); the gateway's {@code MultiThreadIoEventLoopGroup} serves the same channels, since Lettuce
 * picks its channel class separately. Lettuce never shuts these loops down: the gateway does.
 */
public final class RedisLoops implements EventLoopGroupProvider {
    private final EventLoopGroup loops;

    private RedisLoops(EventLoopGroup loops) {
        this.loops = loops;
    }

    /**
     * The gateway's loops for Lettuce, or null when Lettuce would open channels of another
     * transport than theirs (the gateway forced to NIO while Lettuce uses epoll, or the reverse):
     * then Lettuce keeps its own loops.
     *
     * @param loops the traffic event loops
     * @param socketChannel the client channel class of the loops' transport
     */
    public static RedisLoops of(EventLoopGroup loops, Class<? extends Channel> socketChannel) {
        return Transports.socketChannelClass() == socketChannel ? new RedisLoops(loops) : null;
    }

    /** Lettuce's group for its channels, whatever class it names: the gateway's. */
    @Override
    @SuppressWarnings("unchecked")
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        return (T) loops;
    }

    @Override
    public int threadPoolSize() {
        int n = 0;
        for (EventExecutor ignored : loops) {
            n++;
        }
        return n;
    }

    /** Nothing to release: the loops are the gateway's and outlive every Redis client. */
    @Override
    public Future<Boolean> release(EventExecutorGroup eventLoopGroup, long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }

    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit timeUnit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }
}
