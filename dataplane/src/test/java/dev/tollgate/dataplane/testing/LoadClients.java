package dev.tollgate.dataplane.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients that send one request over and over on their own keep-alive connection until stopped (or
 * a bounded number of times), counting what failed (a status other than 200, or a broken
 * connection) and the bodies seen: load under which a reload or deployment change must fail no
 * request.
 */
public final class LoadClients {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();

    private LoadClients() {}

    /** Starts {@code clients} clients sending {@code request} to 127.0.0.1:{@code port}, each at most {@code max} times. */
    public static LoadClients start(int port, String request, int clients, int max) {
        LoadClients load = new LoadClients();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                try (RawHttp http = new RawHttp(port)) {
                    for (int n = 0; n < max && !load.stop.get(); n++) {
                        RawHttp.Response r = http.send(request);
                        if (r.status() == 200) {
                            load.served.incrementAndGet();
                            load.seen.add(r.body());
                        } else {
                            load.failures.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    load.failures.incrementAndGet();
                }
            });
            t.start();
            load.threads.add(t);
        }
        return load;
    }

    /** Stops the clients and waits for them. */
    public void stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }

    /** Requests that failed so far. */
    public int failures() {
        return failures.get();
    }

    /** Requests answered 200 so far. */
    public int served() {
        return served.get();
    }

    /** The bodies of the 200 answers so far. */
    public Set<String> seen() {
        return seen;
    }
}
