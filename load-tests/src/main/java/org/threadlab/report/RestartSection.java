package org.threadlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.threadlab.load.RestartSimulation;

/**
 * The restart scenario's figures per server: PostgreSQL's outage, the errors the clients saw in the
 * outage window, the time until the server served again, and the orders acknowledged against those
 * stored.
 */
final class RestartSection {
    /** One server's restart (a repeat has a suffix, "-r2"), with its outage window's level. */
    private record Restart(String key, String server, JsonNode figures, LevelPoint outage) {
        String figure(String name, Function<Double, String> format) {
            return figures.hasNonNull(name) ? format.apply(figures.get(name).asDouble()) : "–";
        }
    }

    private RestartSection() {
    }

    /** The section's body, or "" when the run had no restart. */
    static String html(RunAnalysis a) {
        JsonNode restarts = a.run.databaseRestarts();
        if (restarts.isEmpty()) {
            return "";
        }
        List<Restart> rows = new ArrayList<>();
        restarts.properties().forEach(e -> {
            String server = e.getKey().replaceAll("-r\\d+$", "");
            LevelPoint outage = a.points(server, RestartSimulation.NAME).stream()
                    .filter(p -> p.step().equals(RestartSimulation.OUTAGE)).findFirst().orElse(null);
            rows.add(new Restart(e.getKey(), server, e.getValue(), outage));
        });
        Table<Restart> t = new Table<>(rows)
                .text("Server", Restart::key).cellHtml(r -> Html.server(r.server()) + (r.key().equals(r.server()) ? ""
                        : " " + Html.esc(r.key().substring(r.server().length() + 1))))
                .value("Outage", r -> r.figures().get("outageMs"), r -> r.figure("outageMs", Numbers::ms))
                .value("Errors in the outage window", r -> r.outage() == null ? null : r.outage().ko(),
                        r -> r.outage() == null ? "–" : Numbers.count(r.outage().ko()) + " of "
                                + Numbers.count(r.outage().requests()))
                .text("Failures by cause", r -> r.outage() == null ? "" : Causes.describe(r.outage().koByCause()))
                .value("Serving again after", r -> r.figures().get("servingAgainMs"),
                        r -> r.figures().hasNonNull("servingAgainMs") ? Numbers.ms(r.figures().get("servingAgainMs").asDouble())
                                : r.figures().has("error") ? "failed: " + r.figures().path("error").asText() : "never")
                .value("Orders acknowledged", r -> r.figures().get("ordersAcknowledged"),
                        r -> r.figure("ordersAcknowledged", Numbers::count))
                .value("Stored", r -> r.figures().get("ordersStored"), r -> r.figure("ordersStored", Numbers::count))
                .value("Lost", r -> r.figures().get("ordersLost"), r -> r.figure("ordersLost", Numbers::count));
        return "<p>PostgreSQL stopped as a crash would (<code>pg_ctl stop -m immediate</code>) for the outage window "
                + "and started again: what each server's clients saw, and whether every order it acknowledged (201) is "
                + "still stored (by count over the server's whole suite; the test suite checks each order by id).</p>\n"
                + t.html("figures");
    }
}
