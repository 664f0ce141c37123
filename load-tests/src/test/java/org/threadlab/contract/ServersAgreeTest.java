package org.threadlab.contract;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.threadlab.blocking.BlockingServer;
import org.threadlab.core.api.Api;
import org.threadlab.core.contract.ContractCase;
import org.threadlab.core.contract.ContractCases;
import org.threadlab.core.contract.ContractClient;
import org.threadlab.core.contract.ContractResponse;
import org.threadlab.core.contract.JsonTrees;
import org.threadlab.core.engine.Engines;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerFactory;
import org.threadlab.core.options.ServerOptions;
import org.threadlab.reactive.ReactiveServer;
import org.threadlab.virtual.VirtualServer;

/**
 * The seven model × engine pairs are one API: started fresh in this JVM with identical options
 * (only {@code --engine} differs), they get every request of the contract table in the same order,
 * and must answer each with the same status, content type, headers and body bytes. Only the model
 * header may differ, and the figures of /stats, whose shape (member names and kinds) must still be
 * the same.
 *
 * <p>Run alone: {@code ./mvnw -q -B -pl load-tests test -Dtest=ServersAgreeTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServersAgreeTest {
    /** Headers that engines add on their own and that say nothing about the API. */
    private static final Set<String> TRANSPORT_HEADERS = Set.of("date", "server", "connection", "keep-alive",
            "content-length", "transfer-encoding", Api.MODEL_HEADER.toLowerCase(java.util.Locale.ROOT));

    private final Map<String, ServerFactory> factories = new LinkedHashMap<>();
    private final Map<String, RunningServer> servers = new LinkedHashMap<>();
    private final Map<String, ContractClient> clients = new LinkedHashMap<>();
    private final Map<String, Map<String, ContractResponse>> earlier = new HashMap<>();

    ServersAgreeTest() {
        Map<String, ServerFactory> byModel = Map.of("blocking", BlockingServer::start, "virtual", VirtualServer::start,
                "reactive", ReactiveServer::start);
        for (String pair : Engines.pairs()) {
            factories.put(pair, byModel.get(model(pair)));
        }
    }

    private static String model(String pair) {
        return pair.substring(0, pair.indexOf(':'));
    }

    /** Options that choose the database, once per server; none for the simulated database. */
    protected List<String> databaseOptions() {
        return List.of();
    }

    @BeforeAll
    void startAll() throws Exception {
        for (Map.Entry<String, ServerFactory> e : factories.entrySet()) {
            List<String> args = new ArrayList<>(List.of("--port", "0", "--engine", e.getKey().substring(
                    e.getKey().indexOf(':') + 1)));
            args.addAll(ContractCases.OPTIONS);
            args.addAll(databaseOptions());
            RunningServer server = e.getValue().start(ServerOptions.parse(model(e.getKey()),
                    args.toArray(String[]::new)));
            servers.put(e.getKey(), server);
            clients.put(e.getKey(), new ContractClient("127.0.0.1", server.port()));
            earlier.put(e.getKey(), new HashMap<>());
        }
    }

    @AfterAll
    void stopAll() {
        clients.values().forEach(ContractClient::close);
        servers.values().forEach(RunningServer::close);
    }

    @TestFactory
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    Stream<DynamicTest> everyServerGivesTheSameAnswer() {
        return ContractCases.all().stream().map(c -> dynamicTest(c.toString(), () -> {
            Map<String, ContractResponse> responses = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            for (String model : factories.keySet()) {
                try {
                    responses.put(model, clients.get(model).send(c, earlier.get(model)));
                } catch (RuntimeException | AssertionError e) {
                    failures.add(model + ": " + e.getMessage());
                }
            }
            responses.forEach((model, r) -> earlier.get(model).put(c.name(), r));
            assertTrue(failures.isEmpty(), () -> "no response: " + failures);
            assertAll(c.name(), comparisons(c, responses));
        }));
    }

    private static List<Executable> comparisons(ContractCase c, Map<String, ContractResponse> responses) {
        List<Executable> checks = new ArrayList<>();
        String firstModel = responses.keySet().iterator().next();
        ContractResponse first = responses.get(firstModel);
        responses.forEach((model, r) -> {
            checks.add(() -> assertEquals(model(model), r.header(Api.MODEL_HEADER), model + " names its model"));
            if (model.equals(firstModel)) {
                return;
            }
            String pair = firstModel + " vs " + model + ": ";
            checks.add(() -> assertEquals(first.status(), r.status(), () -> pair + "status\n  " + first + "\n  " + r));
            checks.add(() -> assertEquals(first.contentType(), r.contentType(), () -> pair + "content type"));
            checks.add(() -> assertEquals(apiHeaders(first), apiHeaders(r), () -> pair + "headers"));
            if (c.bodyVaries()) {
                checks.add(() -> {
                    String difference = JsonTrees.shapeDifference(
                            JsonTrees.shape(JsonTrees.read(first.body(), firstModel + " " + c.name())),
                            JsonTrees.shape(JsonTrees.read(r.body(), model + " " + c.name())));
                    assertEquals("", difference, () -> pair + "shape of the body");
                });
            } else {
                checks.add(() -> assertEquals(first.bodyText(), r.bodyText(), () -> pair + "body"));
                checks.add(() -> assertTrue(java.util.Arrays.equals(first.body(), r.body()), () -> pair + "body bytes"));
            }
        });
        return checks;
    }

    /** The headers the API decides (Content-Type, Location, Allow, Retry-After...), by name. */
    private static Map<String, List<String>> apiHeaders(ContractResponse r) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : new TreeSet<>(r.headers().keySet())) {
            if (!TRANSPORT_HEADERS.contains(name)) {
                headers.put(name, r.headers().get(name));
            }
        }
        return headers;
    }
}
