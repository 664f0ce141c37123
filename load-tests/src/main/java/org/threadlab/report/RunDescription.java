package org.threadlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A run's settings and machine in words, from run.json and environment.json. */
final class RunDescription {
    private final RunData run;

    RunDescription(RunData run) {
        this.run = run;
    }

    /** The header line after the run id: profile, status, JDK, CPUs and budget, database, settings. */
    String meta() {
        StringBuilder m = new StringBuilder();
        if (run.profile() != null) {
            m.append(" · profile ").append(Html.esc(run.profile()));
        }
        m.append(" · ").append(run.complete() ? "complete" : "<b>" + Html.esc(run.status()) + "</b>");
        if (run.repeats() > 1) {
            m.append(" · ").append(run.repeats()).append(" repeats (medians; spread in the figures tables)");
        }
        JsonNode env = run.environment();
        if (env != null) {
            String jdk = RunData.text(env.path("jdk"), "version");
            if (jdk != null) {
                m.append(" · JDK ").append(Html.esc(jdk));
            }
            String cpu = RunData.text(env.path("cpu"), "model");
            if (cpu != null) {
                m.append(" · ").append(Html.esc(env.path("cpu").path("count").asText("?"))).append(" × ")
                        .append(Html.esc(cpu));
            }
            JsonNode cpus = env.path("settings").path("cpus");
            if ("pinned".equals(RunData.text(cpus, "layout"))) {
                m.append(" · server on CPU ").append(Html.esc(cpus.path("server").asText()))
                        .append(", Gatling and the lab on CPU ").append(Html.esc(cpus.path("generator").asText()));
            } else if ("shared".equals(RunData.text(cpus, "layout"))) {
                m.append(" · server and Gatling share the CPUs");
            }
            String budget = run.setting("serverCpuLimit");
            if (budget != null) {
                m.append(" · server CPU budget ").append(Html.esc(budget)).append(" core");
                String period = run.setting("cpuQuotaPeriod");
                if (period != null) {
                    m.append(" (quota period ").append(Html.esc(period)).append(")");
                }
            }
            JsonNode database = env.path("database");
            if ("postgres".equals(RunData.text(database, "kind"))) {
                m.append(" · database PostgreSQL ").append(Html.esc(database.path("settings").path("server_version")
                        .asText("?"))).append(database.path("embedded").asBoolean(false) ? " (embedded, on the lab's CPUs)"
                        : " at " + Html.esc(database.path("url").asText("?")));
                String pool = run.setting("dbPoolSize");
                if (pool != null) {
                    m.append(", pool ").append(Html.esc(pool)).append(" per server");
                }
            } else if (database.isObject()) {
                m.append(" · simulated database");
            }
            String db = run.setting("dbLatency");
            if (db != null) {
                m.append(" · DB latency ").append(Html.esc(db));
            }
            String workers = run.setting("workers");
            if (workers != null) {
                m.append(" · blocking workers ").append(Html.esc(workers));
            }
            String started = RunData.text(env, "startedAt");
            if (started != null) {
                m.append(" · started ").append(Html.esc(started));
            }
        }
        return m.toString();
    }

    /** The run's database in words: "PostgreSQL 18.7 (embedded), pool 50 per server" or "simulated database". */
    String databaseName() {
        JsonNode env = run.environment();
        JsonNode db = env == null ? null : env.path("database");
        if (db != null && "postgres".equals(RunData.text(db, "kind"))) {
            String pool = run.setting("dbPoolSize");
            return "PostgreSQL " + db.path("settings").path("server_version").asText("?")
                    + (db.path("embedded").asBoolean(false) ? " (embedded)" : "")
                    + (pool == null ? "" : ", pool " + pool + " per server");
        }
        return "simulated database";
    }

    /** The environment section's table, from environment.json. */
    String environmentHtml() {
        JsonNode env = run.environment();
        if (env == null) {
            return "<p>No environment.json in this run: the JDK, JVM options and machine are unknown.</p>\n";
        }
        StringBuilder t = new StringBuilder("<table>\n");
        JsonNode jdk = env.path("jdk");
        row(t, "JDK", join(RunData.text(jdk, "vendor"), RunData.text(jdk, "runtimeVersion") != null
                ? RunData.text(jdk, "runtimeVersion") : RunData.text(jdk, "version"), RunData.text(jdk, "vmName"),
                RunData.text(jdk, "javaHome")));
        row(t, "Server JVM options", list(env.get("serverJvmOptions")));
        row(t, "Gatling JVM options", list(env.get("gatlingJvmOptions")));
        row(t, "Gatling", RunData.text(env, "gatlingVersion"));
        JsonNode cpu = env.path("cpu");
        row(t, "CPU", cpu.isMissingNode() ? null : cpu.path("count").asText("?") + " × "
                + cpu.path("model").asText("unknown model"));
        row(t, "Memory", env.path("memory").hasNonNull("totalMb")
                ? Numbers.count(env.path("memory").path("totalMb").asDouble()) + " MB" : null);
        row(t, "OS", RunData.text(env.path("os"), "uname"));
        JsonNode git = env.path("git");
        row(t, "Git commit", RunData.text(git, "commit") == null ? null : RunData.text(git, "commit")
                + (git.path("dirty").asBoolean(false) ? " (with uncommitted changes)" : ""));
        row(t, "Started / ended", join(RunData.text(env, "startedAt"), RunData.text(env, "endedAt")));
        JsonNode database = env.path("database");
        if ("postgres".equals(RunData.text(database, "kind"))) {
            row(t, "Database", join(RunData.text(database, "version"), database.path("embedded").asBoolean(false)
                    ? "embedded, pid " + database.path("pid").asText("?") + " on CPUs "
                    + database.path("cpusAllowed").asText("?") : RunData.text(database, "url")));
            database.path("settings").properties().forEach(e -> row(t, "PostgreSQL " + e.getKey(), e.getValue().asText()));
        } else if (database.isObject()) {
            row(t, "Database", "simulated, in each server's own JVM");
        }
        JsonNode settings = env.path("settings");
        if (settings.isObject()) {
            settings.properties().forEach(e -> row(t, "setting " + e.getKey(), e.getValue().isValueNode()
                    ? e.getValue().asText() : e.getValue().toString()));
        }
        return t.append("</table>\n<p><a href=\"environment.json\">environment.json</a></p>\n").toString();
    }

    private static void row(StringBuilder t, String name, String value) {
        if (value != null && !value.isBlank()) {
            t.append("<tr><th>").append(Html.esc(name)).append("</th><td><code>").append(Html.esc(value))
                    .append("</code></td></tr>\n");
        }
    }

    private static String join(String... parts) {
        List<String> p = new ArrayList<>();
        for (String s : parts) {
            if (s != null) {
                p.add(s);
            }
        }
        return p.isEmpty() ? null : String.join(" · ", p);
    }

    private static String list(JsonNode n) {
        if (n == null || !n.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asText()));
        return out.isEmpty() ? "(none)" : String.join(" ", out);
    }
}
