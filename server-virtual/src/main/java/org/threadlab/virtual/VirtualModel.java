package org.threadlab.virtual;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.threadlab.core.api.Api;
import org.threadlab.core.api.ApiRequest;
import org.threadlab.core.db.Database;
import org.threadlab.core.db.Databases;
import org.threadlab.core.engine.EngineThreads;
import org.threadlab.core.engine.Model;
import org.threadlab.core.engine.Responder;
import org.threadlab.core.options.ServerOptions;

/**
 * Thread per request with virtual threads, for the engines that do not bring their own (Netty,
 * Vert.x): each request gets a new virtual thread, which runs the whole API call and blocks on the
 * database; the JDK's scheduler runs them on {@code --io-threads} carriers, as on Helidon. No pool
 * bounds them: admission is core's {@code --max-in-flight}, as on Helidon.
 */
final class VirtualModel implements Model {
    private final Api api;
    private final Database database;
    private final ExecutorService requests;
    private final ExecutorService fanOut;

    private VirtualModel(Api api, Database database, ExecutorService requests, ExecutorService fanOut) {
        this.api = api;
        this.database = database;
        this.requests = requests;
        this.fanOut = fanOut;
    }

    static Model start(ServerOptions options, EngineThreads engine) {
        CarrierThreads.use(options.ioThreads());
        Database database = Databases.open(options, null);
        Api api = new Api(VirtualServer.MODEL, engine.engine(), database, options.maxInFlight(), null);
        ExecutorService requests = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("request-", 1).factory());
        return new VirtualModel(api, database, requests, Executors.newVirtualThreadPerTaskExecutor());
    }

    @Override
    public Api api() {
        return api;
    }

    @Override
    public void serve(ApiRequest request, Responder responder) {
        try {
            requests.execute(() -> {
                try {
                    responder.respond(api.serveBlocking(request, fanOut));
                } catch (Throwable t) {
                    responder.fail(t);
                }
            });
        } catch (RejectedExecutionException e) {
            // Stopping: a kept-alive connection sent one more request after the listener closed.
            responder.respond(api.reject());
        }
    }

    @Override
    public boolean drain(Duration grace) {
        requests.shutdown();
        try {
            return requests.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        requests.shutdownNow();
        fanOut.shutdownNow();
        database.close();
    }
}
