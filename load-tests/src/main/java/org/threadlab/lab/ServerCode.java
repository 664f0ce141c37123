package org.threadlab.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.threadlab.core.engine.Engines;
import org.threadlab.report.ServerNames;

/**
 * The size of each server's own code for the same API, counted from its sources: files, lines of
 * code (neither blank nor only a comment) and asynchronous compositions (calls that chain work onto
 * a future or a callback: {@code thenCompose}, {@code whenComplete}, Vert.x's {@code compose},
 * {@code onComplete}, Netty's {@code addListener}, ...), beside what the shared core holds. Recorded
 * in environment.json as {@code serverCode}; the report's "complexity" claim reads it.
 */
record ServerCode(int files, int lines, int asyncCompositions) {

    /** Chaining calls on CompletableFuture, Vert.x Future/Promise and Netty's ChannelFuture. */
    static final Pattern ASYNC = Pattern.compile("\\.(thenCompose|thenApply|thenAccept|thenRun|thenCombine|whenComplete"
            + "|handle|exceptionally|compose|onComplete|onSuccess|onFailure|andThen|addListener|recover|transform)\\(");

    static ServerCode of(Path sources) {
        if (!Files.isDirectory(sources)) {
            return null;
        }
        int files = 0;
        int lines = 0;
        int async = 0;
        try (Stream<Path> walk = Files.walk(sources)) {
            for (Path p : walk.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                files++;
                boolean inComment = false;
                for (String raw : Files.readAllLines(p)) {
                    String line = raw.strip();
                    if (inComment) {
                        int end = line.indexOf("*/");
                        if (end < 0) {
                            continue;
                        }
                        inComment = false;
                        line = line.substring(end + 2).strip();
                    }
                    if (line.startsWith("/*")) {
                        inComment = !line.contains("*/");
                        continue;
                    }
                    if (line.isEmpty() || line.startsWith("//")) {
                        continue;
                    }
                    lines++;
                    Matcher m = ASYNC.matcher(line);
                    while (m.find()) {
                        async++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServerCode(files, lines, async);
    }

    /**
     * A model's own code as its default server runs it: its module, plus the engine module it runs on
     * by default ({@code transport-netty} for blocking, {@code transport-vertx} for reactive; virtual's
     * Helidon glue is in its module). Null when the module's sources are not there.
     */
    static ServerCode ofServer(Path root, String model) {
        ServerCode module = of(root.resolve("server-" + model).resolve("src/main/java"));
        if (module == null) {
            return null;
        }
        ServerCode transport = of(root.resolve("transport-" + Engines.defaultOf(model)).resolve("src/main/java"));
        return transport == null ? module : new ServerCode(module.files + transport.files,
                module.lines + transport.lines, module.asyncCompositions + transport.asyncCompositions);
    }

    /** Each model's code ({@link #ofServer}) and core's, keyed by model; missing folders are left out. */
    static Map<String, Object> describe(Path root, List<String> servers) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String model : servers.stream().map(ServerNames::model).distinct().toList()) {
            ServerCode c = Engines.of(model).isEmpty() ? null : ofServer(root, model);
            if (c != null) {
                m.put(model, c.asMap());
            }
        }
        ServerCode core = of(root.resolve("core/src/main/java"));
        if (core != null) {
            m.put("core", core.asMap());
        }
        return m;
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", files);
        m.put("lines", lines);
        m.put("asyncCompositions", asyncCompositions);
        return m;
    }
}
