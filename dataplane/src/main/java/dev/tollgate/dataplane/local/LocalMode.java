package dev.tollgate.dataplane.local;

import dev.tollgate.compiler.Finding;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.server.GatewayOptions;
import dev.tollgate.dataplane.server.GatewayServer;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a folder of custom resources and reloads it on change. A change is debounced (about
 * 200 ms of quiet), the folder recompiled, and the new config swapped in atomically. As in a
 * cluster, a resource (or a method) with errors is left out with its findings logged and everything
 * else keeps serving, edits included; a file with a document that cannot be read serves as it last
 * read cleanly ({@link FolderCompiler}). Only when the folder as a whole fails (it cannot be listed,
 * a file cannot be read, the compiler fails) does the last good config keep serving unchanged.
 * The traffic ports open only once the first config is served (the admin port first, its {@code
 * /readyz} 503 meanwhile).
 * The admin port also serves {@code POST /test-invoke}: one request through a method as the folder
 * defines it now (see {@link TestInvokeCommand}).
 */
public final class LocalMode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalMode.class);
    static final long DEBOUNCE_MILLIS = 200;

    private final Path folder;
    private final FolderCompiler compiler;
    private final GatewayServer server;
    private final WatchService watcher;
    private final Thread watchThread;
    private volatile boolean closed;

    private LocalMode(Path folder, FolderCompiler compiler, GatewayServer server) throws IOException {
        this.folder = folder;
        this.compiler = compiler;
        this.server = server;
        this.watcher = FileSystems.getDefault().newWatchService();
        registerTree(folder);
        this.watchThread = new Thread(this::watch, "tollgate-local-watch");
        this.watchThread.setDaemon(true);
    }

    /** Compiles the folder, starts the gateway on it and watches for changes. */
    public static LocalMode start(Path folder, FolderCompiler compiler, GatewayOptions options) throws IOException {
        return start(folder, compiler, options, -1);
    }

    /**
     * As {@link #start(Path, FolderCompiler, GatewayOptions)}, with the TLS listener for DomainNames
     * with {@code tls} on {@code httpsPort} (0 for a free port, -1 for none); certificates come from
     * the folder's Secret manifests.
     */
    public static LocalMode start(Path folder, FolderCompiler compiler, GatewayOptions options, int httpsPort)
            throws IOException {
        // The first compile runs beside the server's start (each takes about half of a start on
        // its own, and they share nothing) and is awaited before any traffic port opens.
        FutureTask<FolderCompiler.Outcome> firstCompile = new FutureTask<>(compiler::compile);
        Thread compiling = new Thread(firstCompile, "tollgate-local-compile");
        compiling.setDaemon(true);
        compiling.start();
        GatewayServer server;
        try {
            server = GatewayServer.start(options, new GatewayMetrics());
        } catch (RuntimeException e) {
            firstCompile.cancel(true);
            throw e;
        }
        // Local mode: the @connections API answers callers on this machine without identity.
        server.webSockets().allowLoopbackManagement(true);
        // No cluster to review callers: the folder's access keys are its author's to use.
        server.authorizers().signed().trusted(true);
        if (httpsPort >= 0) {
            try {
                server.enableTls(httpsPort);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }
        LocalMode mode;
        try {
            mode = new LocalMode(folder, compiler, server);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        // Test invocations run the folder's current definition on this gateway's loops and clients.
        server.adminAction("/test-invoke", LocalTestInvoke.action(compiler, server.testInvoker()));
        FolderCompiler.Outcome first;
        try {
            first = outcome(firstCompile);
            log(first);
            // The traffic listeners open here, once the first config is served: never a 503 before.
            server.apply(first.configs(), first.keyMaterial());
        } catch (RuntimeException e) {
            mode.close();
            throw e;
        }
        LOG.info("serving {} namespace(s) from {}", first.configs().size(), folder);
        mode.watchThread.start();
        return mode;
    }

    private static FolderCompiler.Outcome outcome(FutureTask<FolderCompiler.Outcome> compile) {
        try {
            return compile.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling the folder", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void registerTree(Path root) throws IOException {
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                dir.register(
                        watcher,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private void watch() {
        try {
            while (!closed) {
                WatchKey key = watcher.take();
                drain(key);
                // Debounce: an editor's save is often several events; wait for quiet.
                WatchKey more;
                while ((more = watcher.poll(DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                if (!closed) {
                    reload();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closing.
        }
    }

    private void drain(WatchKey key) {
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && key.watchable() instanceof Path dir) {
                Path created = dir.resolve((Path) event.context());
                if (Files.isDirectory(created)) {
                    try {
                        registerTree(created);
                    } catch (IOException e) {
                        LOG.warn("cannot watch {}: {}", created, e.getMessage());
                    }
                }
            }
        }
        key.reset();
    }

    /** Recompiles now; swaps only when the folder compiled without errors. */
    public boolean reload() {
        FolderCompiler.Outcome outcome;
        try {
            outcome = compiler.compile();
        } catch (RuntimeException e) {
            LOG.error("reload of {} failed; the last good config keeps serving", folder, e);
            server.metrics().configReload(false);
            return false;
        }
        log(outcome);
        if (outcome.failed()) {
            LOG.error("reload of {} failed; the last good config keeps serving", folder);
            server.metrics().configReload(false);
            return false;
        }
        try {
            server.apply(outcome.configs(), outcome.keyMaterial());
        } catch (RuntimeException e) {
            LOG.error("reload of {} could not be served; the last good config keeps serving", folder, e);
            server.metrics().configReload(false);
            return false;
        }
        server.metrics().configReload(true);
        LOG.info("reloaded {} namespace(s) from {}", outcome.configs().size(), folder);
        return true;
    }

    private static void log(FolderCompiler.Outcome outcome) {
        for (String problem : outcome.problems()) {
            LOG.error("{}", problem);
        }
        for (Finding f : outcome.findings()) {
            if (f.isError()) {
                LOG.error("{}", f);
            } else {
                LOG.warn("{}", f);
            }
        }
        for (String file : outcome.keptFiles()) {
            LOG.error("{} cannot be read; its resources serve as the file last read", file);
        }
        if (!outcome.failed() && outcome.errors() > 0) {
            LOG.error(
                    "{} error(s): the resources and methods they name are left out; everything else is served",
                    outcome.errors());
        }
    }

    public GatewayServer server() {
        return server;
    }

    /** Stops watching and shuts the gateway down gracefully. */
    @Override
    public void close() {
        closed = true;
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the watcher: {}", e.getMessage());
        }
        watchThread.interrupt();
        server.close();
    }
}
