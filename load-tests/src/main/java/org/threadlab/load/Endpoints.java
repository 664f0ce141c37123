package org.threadlab.load;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** The protocol and the request chains shared by the simulations. */
public final class Endpoints {
    static final int ITEMS = 5000;
    static final int CUSTOMERS = 2000;

    private Endpoints() {
    }

    /**
     * Closed models give every virtual user its own keep-alive connection; open models share a
     * pool, so that a new arrival reuses an idle connection instead of paying a TCP handshake.
     * The warm-up request to gatling.io is off: there is no internet here, and the lab warms up
     * each level itself.
     */
    public static HttpProtocolBuilder protocol(String baseUrl, boolean shareConnections) {
        HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
                .acceptHeader("application/json")
                .disableWarmUp()
                .disableCaching();
        // threadlab.shareConnections=false: every open-model user opens its own connection (to measure what sharing saves)
        boolean share = shareConnections && Boolean.parseBoolean(System.getProperty("threadlab.shareConnections", "true"));
        return share ? protocol.shareConnections() : protocol;
    }

    /** {@code GET /api/items/{id}}, one query. */
    public static ChainBuilder item(Function<Session, String> name) {
        return exec(http(name).get(s -> "/api/items/" + (1 + ThreadLocalRandom.current().nextInt(ITEMS)))
                .check(status().is(200)));
    }

    static ChainBuilder itemsList(Function<Session, String> name) {
        return exec(http(name).get("/api/items?category=books&limit=20").check(status().is(200)));
    }

    /** {@code POST /api/orders}, then {@code GET} of the Location it answers (when it answered 201). */
    static ChainBuilder orderWithReadBack(Function<Session, String> createName, Function<Session, String> readName) {
        return exec(http(createName).post("/api/orders")
                        .header("Content-Type", "application/json")
                        .body(io.gatling.javaapi.core.CoreDsl.StringBody(s -> "{\"itemId\":"
                                + (1 + ThreadLocalRandom.current().nextInt(ITEMS)) + ",\"quantity\":1,\"customerId\":"
                                + (1 + ThreadLocalRandom.current().nextInt(CUSTOMERS)) + "}"))
                        .check(status().is(201), header("Location").saveAs("location")))
                // Only an acknowledged order has a Location to read back; a refused one is counted once, as the POST.
                .exec(io.gatling.javaapi.core.CoreDsl.doIf(session -> session.contains("location"))
                        .then(exec(http(readName).get("#{location}").check(status().is(200)))));
    }

    static ChainBuilder dashboard(Function<Session, String> name) {
        return exec(http(name).get(s -> "/api/customers/" + (1 + ThreadLocalRandom.current().nextInt(CUSTOMERS))
                + "/dashboard").check(status().is(200)));
    }

    static ChainBuilder cpu(Function<Session, String> name, int rounds) {
        return exec(http(name).get("/api/cpu?rounds=" + rounds).check(status().is(200)));
    }

    /** One iteration of the mixed workload ({@link Mix}); {@code names} maps an endpoint to its request name. */
    public static ChainBuilder mix(Function<String, Function<Session, String>> names, int cpuRounds) {
        return randomSwitch().on(
                percent(weight("item")).then(item(names.apply("item"))),
                percent(weight("items-list")).then(itemsList(names.apply("items-list"))),
                percent(weight("order")).then(orderWithReadBack(names.apply("order-create"), names.apply("order-read"))),
                percent(weight("dashboard")).then(dashboard(names.apply("dashboard"))),
                percent(weight("cpu")).then(cpu(names.apply("cpu"), cpuRounds)));
    }

    private static double weight(String endpoint) {
        return Mix.BRANCHES.stream().filter(b -> b.endpoint().equals(endpoint)).findFirst().orElseThrow()
                .weightPercent();
    }
}
