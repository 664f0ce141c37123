package org.threadlab.virtual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerOptions;

/** {@code --io-threads} sizes the JDK's virtual-thread scheduler: the carriers the requests run on. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CarrierThreadsTest {

    @Test
    void theServerRunsOnAsManyCarriersAsIoThreads() throws Exception {
        int before = CarrierThreads.current();
        assumeTrue(before > 0, "the JDK exposes its virtual-thread scheduler from JDK 24 on");
        int wanted = before == 3 ? 5 : 3;
        try (RunningServer server = VirtualServer.start(ServerOptions.parse("virtual", "--port", "0",
                "--db-latency", "0ms", "--io-threads", Integer.toString(wanted)));
             HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> stats = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/stats")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode scheduler = new ObjectMapper().readTree(stats.body()).path("jvm").path("virtualThreadScheduler");
            assertEquals(wanted, scheduler.path("parallelism").asInt(), stats.body());
            assertEquals(wanted, CarrierThreads.current());
        } finally {
            CarrierThreads.use(before);
        }
    }
}
