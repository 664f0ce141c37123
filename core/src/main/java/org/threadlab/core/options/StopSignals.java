package org.threadlab.core.options;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns SIGTERM and SIGINT into a stop request, instead of the JVM's default of running the
 * shutdown hooks and exiting with 128 + the signal number (143 for SIGTERM): a server stopped
 * on purpose should exit 0, as orchestrators and the lab expect.
 *
 * <p>The JDK has no public signal API; {@code sun.misc.Signal} (module jdk.unsupported) is the
 * supported way in practice. It is reached by reflection only to keep the build free of
 * internal-API warnings. Where it cannot be used (a JVM run with {@code -Xrs}, or a signal the
 * shell ignores) the default stays, and the shutdown hook still stops the server.
 */
final class StopSignals {
    private StopSignals() {
    }

    /** Calls {@code stop} on each of the signals; returns the names of those installed. */
    static List<String> install(Runnable stop) {
        List<String> installed = new ArrayList<>();
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            stop.run();
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "stop signal handler";
                        };
                    });
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            for (String name : List.of("TERM", "INT")) {
                try {
                    handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
                    installed.add(name);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // This signal keeps the JVM's default: shutdown hooks, then exit 128 + n.
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // No sun.misc.Signal here: the shutdown hook alone stops the server.
        }
        return installed;
    }
}
