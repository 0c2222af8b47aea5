package dev.tollgate.dataplane.runtime;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The runtime currently served. A request reads it once at its start and keeps that one to the
 * end, so a swap never changes the config under an in-flight request; connections are not
 * touched.
 */
public final class RuntimeHolder {
    private final AtomicReference<Runtime> current = new AtomicReference<>();

    /** The runtime to start a request on, or null before the first config. */
    public Runtime current() {
        return current.get();
    }

    /** Serves {@code next} from now on. */
    public void swap(Runtime next) {
        current.set(next);
    }

    /** Whether a config is served. */
    public boolean ready() {
        return current.get() != null;
    }
}
