package org.threadlab.core.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.threadlab.core.db.LatencyModel;

class ServerOptionsTest {

    @ParameterizedTest
    @CsvSource({"blocking,8081", "virtual,8082", "reactive,8083"})
    void defaultsPerModel(String model, int port) {
        ServerOptions o = ServerOptions.parse(model);
        assertEquals(model, o.model());
        assertEquals(port, o.port());
        assertEquals(port, ServerOptions.defaultPort(model));
        assertEquals("127.0.0.1", o.host());
        assertEquals(new LatencyModel.Fixed(Duration.ofMillis(50)), o.dbLatency());
        assertEquals(0, o.dbPoolSize());
        assertEquals(Duration.ofSeconds(1), o.dbPoolTimeout());
        assertEquals(Duration.ZERO, o.dbQueryTimeout());
        assertEquals(0.0, o.dbErrorRate());
        assertEquals(42, o.dbSeed());
        assertEquals(200, o.workers());
        assertEquals(2 * Runtime.getRuntime().availableProcessors(), o.ioThreads());
        assertEquals(10_000, o.workerQueue());
        assertEquals(0, o.maxInFlight());
        assertFalse(o.helpRequested());
    }

    @Test
    void theThreeModelsDifferOnlyInTheirPortAndDefaultEngine() {
        Map<String, Object> blocking = new java.util.HashMap<>(ServerOptions.defaults("blocking").asMap());
        Map<String, Object> reactive = new java.util.HashMap<>(ServerOptions.defaults("reactive").asMap());
        assertEquals(8081, blocking.remove("port"));
        assertEquals(8083, reactive.remove("port"));
        assertEquals("netty", blocking.remove("engine"));
        assertEquals("vertx", reactive.remove("engine"));
        assertEquals(blocking, reactive);
        assertEquals("helidon", ServerOptions.defaults("virtual").engine());
    }

    @Test
    void engineIsOneOfTheModelsOwn() {
        assertEquals("vertx", ServerOptions.parse("blocking", "--engine", "vertx").engine());
        assertEquals("netty", ServerOptions.parse("virtual", "--engine", "netty").engine());
        assertEquals("netty", ServerOptions.parse("reactive", "--engine", "netty").engine());
        IllegalArgumentException helidon = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.parse("blocking", "--engine", "helidon"));
        assertEquals("--engine must be one of netty, vertx for server-blocking, got 'helidon'", helidon.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.parse("virtual", "--engine", "tomcat"));
        assertTrue(unknown.getMessage().contains("helidon, netty, vertx"), unknown.getMessage());
    }

    @Test
    void everyFlagIsParsed() {
        ServerOptions o = ServerOptions.parse("virtual",
                "--host", "0.0.0.0", "--port", "9000", "--db-latency", "uniform:20ms..80ms",
                "--db-pool-size", "16", "--db-pool-timeout", "250ms", "--db-query-timeout", "2s",
                "--db-error-rate", "0.25", "--db-seed", "-7", "--workers", "64", "--worker-queue", "5",
                "--max-in-flight", "1000", "--io-threads", "3");
        assertEquals("0.0.0.0", o.host());
        assertEquals(9000, o.port());
        assertEquals(new LatencyModel.Uniform(Duration.ofMillis(20), Duration.ofMillis(80)), o.dbLatency());
        assertEquals(16, o.dbPoolSize());
        assertEquals(Duration.ofMillis(250), o.dbPoolTimeout());
        assertEquals(Duration.ofSeconds(2), o.dbQueryTimeout());
        assertEquals(0.25, o.dbErrorRate());
        assertEquals(-7, o.dbSeed());
        assertEquals(64, o.workers());
        assertEquals(3, o.ioThreads());
        assertEquals(5, o.workerQueue());
        assertEquals(1000, o.maxInFlight());
    }

    @Test
    void equalsFormIsAccepted() {
        ServerOptions o = ServerOptions.parse("blocking", "--port=0", "--db-latency=1ms");
        assertEquals(0, o.port());
        assertEquals(Duration.ofMillis(1), o.dbLatency().mean());
    }

    @Test
    void theLastOfARepeatedFlagWins() {
        assertEquals(2, ServerOptions.parse("blocking", "--port", "1", "--port", "2").port());
        assertEquals(Duration.ofMillis(300), ServerOptions.parse("blocking", "--db-latency", "1ms",
                "--db-latency", "300ms").dbLatency().mean());
    }

    @Test
    void latencyInItsThreeForms() {
        LatencyModel fixed = ServerOptions.parse("blocking", "--db-latency", "1.5s").dbLatency();
        assertInstanceOf(LatencyModel.Fixed.class, fixed);
        assertEquals(Duration.ofMillis(1500), fixed.mean());
        assertEquals("1500ms", fixed.text());

        LatencyModel uniform = ServerOptions.parse("blocking", "--db-latency", "uniform:20ms..80ms").dbLatency();
        assertEquals(Duration.ofMillis(50), uniform.mean());
        assertEquals("uniform:20ms..80ms", uniform.text());

        LatencyModel logNormal = ServerOptions.parse("blocking", "--db-latency", "lognormal:mean=50ms,p99=400ms")
                .dbLatency();
        LatencyModel.LogNormal ln = assertInstanceOf(LatencyModel.LogNormal.class, logNormal);
        assertEquals(Duration.ofMillis(50), ln.mean());
        assertEquals(Duration.ofMillis(400), ln.p99());
        assertEquals("lognormal:mean=50ms,p99=400ms", logNormal.text());
    }

    @Test
    void boundariesThatAreAllowed() {
        ServerOptions o = ServerOptions.parse("reactive", "--port", "0", "--db-error-rate", "1", "--db-pool-size", "0",
                "--db-pool-timeout", "0ms", "--worker-queue", "0", "--workers", "1", "--db-latency", "0ms",
                "--io-threads", "1");
        assertEquals(0, o.port());
        assertEquals(1.0, o.dbErrorRate());
        assertEquals(Duration.ZERO, o.dbPoolTimeout());
        assertEquals(1, o.workers());
        assertEquals(1, o.ioThreads());
        assertEquals(256, ServerOptions.parse("reactive", "--io-threads", "256").ioThreads());
        assertEquals(Duration.ZERO, o.dbLatency().mean());
        assertEquals(65535, ServerOptions.parse("reactive", "--port", "65535").port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpIsRecognised(String flag) {
        assertTrue(ServerOptions.parse("blocking", flag).helpRequested());
    }

    @Test
    void usageNamesEveryFlagAndTheModel() {
        String usage = ServerOptions.usage("reactive");
        assertTrue(usage.contains("server-reactive"), usage);
        for (String flag : List.of("--host", "--port", "--db-latency", "--db-pool-size", "--db-pool-timeout",
                "--db-query-timeout", "--db-error-rate", "--db-seed", "--workers", "--io-threads", "--worker-queue",
                "--max-in-flight", "--help")) {
            assertTrue(usage.contains(flag), () -> flag + " missing from usage:\n" + usage);
        }
    }

    @Test
    void asMapRoundTripsThroughTheParser() {
        ServerOptions o = ServerOptions.parse("virtual", "--port", "0", "--db-latency", "lognormal:mean=5ms,p99=40ms",
                "--db-pool-size", "3", "--db-pool-timeout", "1500us", "--db-query-timeout", "7ms", "--db-error-rate",
                "0.125", "--db-seed", "9", "--engine", "netty", "--workers", "2", "--worker-queue", "4", "--max-in-flight", "6", "--io-threads", "5");
        List<String> args = new ArrayList<>();
        o.asMap().forEach((flag, value) -> {
            args.add("--" + flag);
            args.add(String.valueOf(value));
        });
        assertEquals(o.asMap(), ServerOptions.parse("virtual", args.toArray(String[]::new)).asMap());
        assertEquals(List.of("host", "port", "db", "db-latency", "db-pool-size", "db-pool-timeout", "db-query-timeout",
                "db-error-rate", "db-seed", "engine", "workers", "io-threads", "worker-queue", "max-in-flight", "shutdown-timeout", "idle-timeout",
                "read-timeout", "max-header-size", "max-request-line", "admin-faults", "trace-first-fault"),
                List.copyOf(o.asMap().keySet()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown flag                    | --nope                                      | --nope",
        "unknown short flag              | -x                                          | -x",
        "positional argument             | extra                                       | extra",
        "missing value                   | --port                                      | --port",
        "missing value of latency        | --db-latency                                | --db-latency",
        "port not a number               | --port abc                                  | abc",
        "port out of range               | --port 70000                                | --port",
        "port negative                   | --port -1                                   | --port",
        "pool size not a number          | --db-pool-size many                         | many",
        "pool size negative              | --db-pool-size -1                           | --db-pool-size",
        "workers zero                    | --workers 0                                 | --workers",
        "workers negative                | --workers -5                                | --workers",
        "io threads zero                 | --io-threads 0                              | --io-threads",
        "io threads beyond limit         | --io-threads 257                            | --io-threads",
        "io threads not a number         | --io-threads many                           | many",
        "worker queue negative           | --worker-queue -1                           | --worker-queue",
        "max in flight negative          | --max-in-flight -1                          | --max-in-flight",
        "error rate above 1              | --db-error-rate 1.5                         | --db-error-rate",
        "error rate negative             | --db-error-rate -0.1                        | --db-error-rate",
        "error rate NaN                  | --db-error-rate NaN                         | --db-error-rate",
        "error rate not a number         | --db-error-rate half                        | half",
        "seed not a number               | --db-seed x                                 | x",
        "seed beyond long                | --db-seed 99999999999999999999              | 99999999999999999999",
        "pool timeout without unit       | --db-pool-timeout 5                         | '5' is not a duration",
        "pool timeout bad unit           | --db-pool-timeout 5h                        | '5h' is not a duration",
        "pool timeout negative           | --db-pool-timeout -5ms                      | '-5ms' is not a duration",
        "query timeout not a duration    | --db-query-timeout soon                     | 'soon' is not a duration",
        "latency without unit            | --db-latency 50                             | '50' is not a duration",
        "latency unknown model           | --db-latency gaussian:50ms                  | not a latency model",
        "latency uniform reversed        | --db-latency uniform:80ms..20ms             | min <= max",
        "latency uniform half            | --db-latency uniform:20ms                   | not a latency model",
        "latency lognormal p99 < mean    | --db-latency lognormal:mean=400ms,p99=50ms  | mean < p99",
        "latency lognormal p99 = mean    | --db-latency lognormal:mean=50ms,p99=50ms   | mean < p99",
        "latency lognormal p99 too far   | --db-latency lognormal:mean=1ms,p99=1s      | mean < p99",
        "latency lognormal zero mean     | --db-latency lognormal:mean=0ms,p99=5ms     | positive mean",
        "latency lognormal missing p99   | --db-latency lognormal:mean=5ms             | not a latency model",
    })
    void badFlagsAreRejectedWithOneLine(String why, String args, String mentioned) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.parse("blocking", args.split(" ")), why);
        String message = e.getMessage();
        assertFalse(message.isBlank(), why);
        assertFalse(message.contains("\n") || message.contains("\r"), () -> why + ": not one line: " + message);
        assertTrue(message.contains(mentioned), () -> why + ": '" + message + "' should mention " + mentioned);
        assertFalse(message.contains("Exception") || message.contains("java."),
                () -> why + ": the message shows internals: " + message);
    }

    @Test
    void emptyHostIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.parse("blocking", "--host", " "));
        assertTrue(e.getMessage().contains("--host"), e.getMessage());
    }

    @Test
    void anUnknownModelHasNoDefaultPort() {
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse("sequential"));
        assertEquals(0, ServerOptions.parse("sequential", "--port", "0").port());
    }

    // ---- the database ----------------------------------------------------------------------

    @Test
    void simulatedIsTheDefaultDatabaseWithAnUnlimitedPool() {
        ServerOptions o = ServerOptions.parse("virtual");
        assertEquals(org.threadlab.core.db.DatabaseKind.SIMULATED, o.db());
        assertEquals(null, o.dbUrl());
        assertEquals(0, o.dbPoolSize());
        assertEquals("simulated", o.asMap().get("db"));
    }

    @Test
    void postgresTakesADocumentedPoolByDefault() {
        ServerOptions o = ServerOptions.parse("reactive", "--db", "postgres");
        assertEquals(org.threadlab.core.db.DatabaseKind.POSTGRES, o.db());
        assertEquals(ServerOptions.DEFAULT_POSTGRES_POOL, o.dbPoolSize());
        assertEquals(ServerOptions.DEFAULT_POSTGRES_POOL, o.asMap().get("db-pool-size"));
    }

    @Test
    void postgresRefusesAnUnlimitedPool() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.parse("blocking", "--db", "postgres", "--db-pool-size", "0"));
        assertTrue(e.getMessage().startsWith("--db-pool-size must be 1.."), e::getMessage);
    }

    @Test
    void aUrlNeedsPostgres() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.parse("blocking", "--db-url", "postgresql://u@127.0.0.1/db"));
        assertEquals("--db-url needs --db postgres", e.getMessage());
    }

    @Test
    void aBadUrlIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.parse("blocking", "--db", "postgres", "--db-url", "mysql://127.0.0.1/db"));
        assertTrue(e.getMessage().contains("postgresql://"), e::getMessage);
    }

    @Test
    void theUrlIsRecordedWithoutItsPassword() {
        ServerOptions o = ServerOptions.parse("blocking", "--db", "postgres", "--db-url",
                "postgresql://lab:secret@127.0.0.1:5433/shop");
        assertEquals("postgresql://lab@127.0.0.1:5433/shop", o.asMap().get("db-url"));
    }

    @Test
    void anUnknownDatabaseIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.parse("blocking", "--db", "oracle"));
        assertTrue(e.getMessage().contains("--db"), e::getMessage);
    }
}
