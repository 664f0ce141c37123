package org.threadlab.core.options;

/** Starts one model's server; each server module has one. */
@FunctionalInterface
public interface ServerFactory {
    RunningServer start(ServerOptions options) throws Exception;
}
