package org.threadlab.core.options;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.threadlab.core.db.DatabaseKind;
import org.threadlab.core.db.LatencyModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The options of every server. The same flag means the same thing in all three; only the
 * default port differs, so that the three can run side by side.
 */
@Command(mixinStandardHelpOptions = false, sortOptions = false, usageHelpWidth = 100,
        description = "Serves the ThreadLab API over the simulated slow database or PostgreSQL.")
public final class ServerOptions {

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to bind; 0 takes any free port (default: 8081 blocking, 8082 virtual, 8083 reactive).")
    Integer port;

    @Option(names = "--db", paramLabel = "KIND", defaultValue = "simulated",
            description = "The database: simulated (in memory) or postgres (an embedded PostgreSQL started for this "
                    + "process, or the one --db-url names) (default: ${DEFAULT-VALUE}).")
    DatabaseKind db;

    @Option(names = "--db-url", paramLabel = "URL",
            description = "With --db postgres: postgresql://user[:password]@host[:port]/database of a running "
                    + "PostgreSQL; the server drops and reloads schema threadlab there (default: start an embedded one).")
    String dbUrl;

    @Option(names = "--db-latency", paramLabel = "MODEL", defaultValue = "50ms",
            converter = LatencyConverter.class,
            description = "Latency of one query: 50ms, uniform:20ms..80ms or lognormal:mean=50ms,p99=400ms (default: ${DEFAULT-VALUE}).")
    LatencyModel dbLatency;

    @Option(names = "--db-pool-size", paramLabel = "N",
            description = "Queries the database admits at once (PostgreSQL: connections in every server's pool); others "
                    + "wait in order; 0 = unlimited, simulated only (default: 0 simulated, "
                    + DEFAULT_POSTGRES_POOL + " postgres).")
    Integer dbPoolSize;

    @Option(names = "--db-pool-timeout", paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class,
            description = "Longest wait for a pool slot before the request fails with 503 (default: ${DEFAULT-VALUE}).")
    Duration dbPoolTimeout;

    @Option(names = "--db-query-timeout", paramLabel = "DURATION", defaultValue = "0ms",
            converter = DurationConverter.class,
            description = "Longest a query may run before the request fails with 504; 0 = none (default: ${DEFAULT-VALUE}).")
    Duration dbQueryTimeout;

    @Option(names = "--db-error-rate", paramLabel = "P", defaultValue = "0",
            description = "Fraction of queries, 0..1, that fail (the request gets 503) (default: ${DEFAULT-VALUE}).")
    double dbErrorRate;

    @Option(names = "--db-seed", paramLabel = "SEED", defaultValue = "42",
            description = "Seed of the data set, the latencies and the injected errors (default: ${DEFAULT-VALUE}).")
    long dbSeed;

    @Option(names = "--engine", paramLabel = "NAME",
            description = "The HTTP engine that carries this model: blocking netty|vertx, virtual helidon|netty|vertx, "
                    + "reactive vertx|netty; the model (how a request is scheduled) stays the same (default: the first).")
    String engine;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "200",
            description = "Platform threads in the request pool; used by the blocking server only (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--io-threads", paramLabel = "N",
            description = "Platform threads that run the non-blocking work: Netty's I/O event loops (blocking), the "
                    + "virtual-thread scheduler's carriers (virtual), Vert.x's event loops (reactive) "
                    + "(default: 2 x CPUs, Netty's and Vert.x's own default; here ${DEFAULT-VALUE}).")
    int ioThreads = DEFAULT_IO_THREADS;

    @Option(names = "--worker-queue", paramLabel = "N", defaultValue = "10000",
            description = "Requests that may wait for a pool thread before 503; used by the blocking server only (default: ${DEFAULT-VALUE}).")
    int workerQueue;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "0",
            description = "Requests served at once; beyond it 503 with Retry-After; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--shutdown-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "On SIGTERM: stop accepting at once, let requests in flight finish for up to this long, then "
                    + "close every connection; 0 = do not wait (default: ${DEFAULT-VALUE}).")
    Duration shutdownTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "A connection with no request in progress (kept alive, or opened and silent) is closed after "
                    + "this long (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--read-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Longest time to receive one complete request (line, headers and body), counted from its "
                    + "first byte; a slower client is cut off (default: ${DEFAULT-VALUE}).")
    Duration readTimeout;

    @Option(names = "--max-header-size", paramLabel = "BYTES", defaultValue = "8192",
            description = "Largest total size of a request's header fields; beyond it 431 and the connection is "
                    + "closed (default: ${DEFAULT-VALUE}).")
    int maxHeaderSize;

    @Option(names = "--max-request-line", paramLabel = "BYTES", defaultValue = "4096",
            description = "Longest request line (method, target, version); beyond it 414 and the connection is "
                    + "closed (default: ${DEFAULT-VALUE}).")
    int maxRequestLine;

    @Option(names = "--admin-faults", arity = "0..1", paramLabel = "BOOLEAN", fallbackValue = "true",
            description = "For the lab only, never in production: enables PUT /admin/faults, which changes "
                    + "--db-error-rate while the server runs (default: off; without it the path is 404 like any other).")
    boolean adminFaults;

    @Option(names = "--trace-first-fault", arity = "0..1", paramLabel = "BOOLEAN", fallbackValue = "true",
            description = "For the lab: print to stdout, once, the stack of the first query the database fails, as "
                    + "the thread that runs the query sees it (never in a response) (default: off).")
    boolean traceFirstFault;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    // Below these the servers could not take their own contract's requests; above, a limit stops protecting anything.
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    private static final int MIN_HEADER_SIZE = 1024;
    private static final int MIN_REQUEST_LINE = 256;
    private static final int MAX_LIMIT_BYTES = 1024 * 1024;
    /** Two per CPU, as Netty and Vert.x size their event loops; the JDK gives virtual threads one carrier per CPU. */
    public static final int DEFAULT_IO_THREADS = 2 * Runtime.getRuntime().availableProcessors();
    /** Connections of each server's pool with --db postgres unless --db-pool-size says otherwise. */
    public static final int DEFAULT_POSTGRES_POOL = 50;
    /** More connections than this would make PostgreSQL, not the server, the subject of the run. */
    public static final int MAX_POSTGRES_POOL = 2_000;
    /**
     * Connections the listener queues before it accepts them, the same on every engine (the c10k
     * scenario opens 10,000 at once; the kernel caps it at net.core.somaxconn).
     */
    public static final int ACCEPT_BACKLOG = 4096;
    /** The JDK's virtual-thread scheduler takes at most 256 carriers unless told otherwise. */
    public static final int MAX_IO_THREADS = 256;

    private String model = "";

    ServerOptions() {
    }

    /**
     * Parses the command line of the given model's server.
     *
     * @throws IllegalArgumentException with a one-line message when an option is unknown or malformed
     */
    public static ServerOptions parse(String model, String... args) {
        ServerOptions options = new ServerOptions();
        CommandLine cl = commandLine(model, options);
        try {
            cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(oneLine(e.getMessage()));
        }
        options.model = model;
        if (options.port == null) {
            options.port = defaultPort(model);
        }
        if (options.dbPoolSize == null) {
            options.dbPoolSize = options.db == DatabaseKind.POSTGRES ? DEFAULT_POSTGRES_POOL : 0;
        }
        options.engine = engine(model, options.engine);
        options.validate();
        return options;
    }

    /** The usage text, for {@code --help}. */
    public static String usage(String model) {
        return commandLine(model, new ServerOptions()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** Options with every default, for tests and embedding. */
    public static ServerOptions defaults(String model) {
        return parse(model);
    }

    public static int defaultPort(String model) {
        return switch (model) {
            case "blocking" -> 8081;
            case "virtual" -> 8082;
            case "reactive" -> 8083;
            default -> throw new IllegalArgumentException("unknown model '" + model + "'");
        };
    }

    /** The engine asked for, or the model's default; a name the model does not run on is refused. */
    private static String engine(String model, String asked) {
        java.util.List<String> engines = org.threadlab.core.engine.Engines.of(model);
        if (asked == null) {
            return org.threadlab.core.engine.Engines.defaultOf(model);
        }
        require(engines.contains(asked), engines.isEmpty() ? "--engine: server-" + model + " has no engines to choose from"
                : "--engine must be one of " + String.join(", ", engines) + " for server-" + model + ", got '" + asked + "'");
        return asked;
    }

    private static CommandLine commandLine(String model, ServerOptions options) {
        return new CommandLine(options)
                .setCommandName("server-" + model)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOverwrittenOptionsAllowed(true);
    }

    private void validate() {
        require(port >= 0 && port <= 65535, "--port must be 0..65535, got " + port);
        require(dbPoolSize >= 0, "--db-pool-size must be >= 0, got " + dbPoolSize);
        if (db == DatabaseKind.POSTGRES) {
            require(dbPoolSize >= 1 && dbPoolSize <= MAX_POSTGRES_POOL, "--db-pool-size must be 1.." + MAX_POSTGRES_POOL
                    + " with --db postgres (a pool of connections cannot be unlimited), got " + dbPoolSize);
            if (dbUrl != null) {
                org.threadlab.core.db.postgres.PostgresTarget.parse(dbUrl);
            }
        } else {
            require(dbUrl == null, "--db-url needs --db postgres");
        }
        require(!dbPoolTimeout.isNegative(), "--db-pool-timeout must not be negative");
        require(!dbQueryTimeout.isNegative(), "--db-query-timeout must not be negative");
        require(dbErrorRate >= 0 && dbErrorRate <= 1, "--db-error-rate must be within 0..1, got " + dbErrorRate);
        require(workers >= 1 && workers <= 100_000, "--workers must be 1..100000, got " + workers);
        require(ioThreads >= 1 && ioThreads <= MAX_IO_THREADS, "--io-threads must be 1.." + MAX_IO_THREADS + ", got "
                + ioThreads);
        require(workerQueue >= 0, "--worker-queue must be >= 0, got " + workerQueue);
        require(maxInFlight >= 0, "--max-in-flight must be >= 0, got " + maxInFlight);
        require(!shutdownTimeout.isNegative(), "--shutdown-timeout must not be negative");
        require(idleTimeout.compareTo(MIN_TIMEOUT) >= 0, "--idle-timeout must be at least 1ms, got "
                + Durations.format(idleTimeout));
        require(readTimeout.compareTo(MIN_TIMEOUT) >= 0, "--read-timeout must be at least 1ms, got "
                + Durations.format(readTimeout));
        require(maxHeaderSize >= MIN_HEADER_SIZE && maxHeaderSize <= MAX_LIMIT_BYTES, "--max-header-size must be "
                + MIN_HEADER_SIZE + ".." + MAX_LIMIT_BYTES + ", got " + maxHeaderSize);
        require(maxRequestLine >= MIN_REQUEST_LINE && maxRequestLine <= MAX_LIMIT_BYTES, "--max-request-line must be "
                + MIN_REQUEST_LINE + ".." + MAX_LIMIT_BYTES + ", got " + maxRequestLine);
        require(!host.isBlank(), "--host must not be empty");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String oneLine(String message) {
        return message == null ? "invalid arguments" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    public String model() {
        return model;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public DatabaseKind db() {
        return db;
    }

    /** {@code --db-url}, or null for an embedded PostgreSQL. */
    public String dbUrl() {
        return dbUrl;
    }

    public LatencyModel dbLatency() {
        return dbLatency;
    }

    public int dbPoolSize() {
        return dbPoolSize;
    }

    public Duration dbPoolTimeout() {
        return dbPoolTimeout;
    }

    public Duration dbQueryTimeout() {
        return dbQueryTimeout;
    }

    public double dbErrorRate() {
        return dbErrorRate;
    }

    public long dbSeed() {
        return dbSeed;
    }

    /** {@code --engine}: the HTTP engine under the model; null for a model without an engine table. */
    public String engine() {
        return engine;
    }

    public int workers() {
        return workers;
    }

    /** Event loops (blocking, reactive) or carrier threads (virtual): see {@code --io-threads}. */
    public int ioThreads() {
        return ioThreads;
    }

    public int workerQueue() {
        return workerQueue;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public int maxHeaderSize() {
        return maxHeaderSize;
    }

    public int maxRequestLine() {
        return maxRequestLine;
    }

    public boolean adminFaults() {
        return adminFaults;
    }

    public boolean traceFirstFault() {
        return traceFirstFault;
    }

    public boolean helpRequested() {
        return help;
    }

    /** Every setting by its flag name, as recorded with results. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("port", port);
        m.put("db", db.flag());
        if (dbUrl != null) {
            m.put("db-url", org.threadlab.core.db.postgres.PostgresTarget.parse(dbUrl).display());
        }
        m.put("db-latency", dbLatency.text());
        m.put("db-pool-size", dbPoolSize);
        m.put("db-pool-timeout", Durations.format(dbPoolTimeout));
        m.put("db-query-timeout", Durations.format(dbQueryTimeout));
        m.put("db-error-rate", dbErrorRate);
        m.put("db-seed", dbSeed);
        if (engine != null) {
            m.put("engine", engine);
        }
        m.put("workers", workers);
        m.put("io-threads", ioThreads);
        m.put("worker-queue", workerQueue);
        m.put("max-in-flight", maxInFlight);
        m.put("shutdown-timeout", Durations.format(shutdownTimeout));
        m.put("idle-timeout", Durations.format(idleTimeout));
        m.put("read-timeout", Durations.format(readTimeout));
        m.put("max-header-size", maxHeaderSize);
        m.put("max-request-line", maxRequestLine);
        m.put("admin-faults", adminFaults);
        m.put("trace-first-fault", traceFirstFault);
        return m;
    }

    // Converters rethrow as TypeConversionException: picocli shows its message as it is, whereas
    // any other exception is shown with its class name ("java.lang.IllegalArgumentException: ...").
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class LatencyConverter implements CommandLine.ITypeConverter<LatencyModel> {
        @Override
        public LatencyModel convert(String value) {
            try {
                return LatencyModel.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
