package org.threadlab.core.db.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a PostgreSQL server is and whom to connect as, read from {@code --db-url}
 * ({@code postgresql://user[:password]@host[:port]/database}, the libpq form; a {@code jdbc:} prefix
 * is accepted too). Each driver builds its own connection settings from these fields, so that both
 * connect to the same place the same way.
 */
public record PostgresTarget(String host, int port, String database, String user, String password) {
    public static final int DEFAULT_PORT = 5432;

    /** @throws IllegalArgumentException with a one-line message naming what is wrong */
    public static PostgresTarget parse(String url) {
        String text = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--db-url is not a URL: " + url);
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("--db-url must start with postgresql://, got " + url);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("--db-url names no host: " + url
                    + " (expected postgresql://user[:password]@host[:port]/database)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("--db-url takes no parameters (?...): " + url);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException("--db-url names no database: " + url
                    + " (expected postgresql://user[:password]@host[:port]/database)");
        }
        String user = "postgres";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : "";
        }
        return new PostgresTarget(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), database, user,
                password);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL for pgjdbc; user and password go separately. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The same target in another database of the same server. */
    public PostgresTarget withDatabase(String name) {
        return new PostgresTarget(host, port, name, user, password);
    }

    /** The URL as --db-url takes it, without the password: for logs and environment.json. */
    public String display() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    /** The URL as --db-url takes it, password included: for handing the target to a child process. */
    public String url() {
        String auth = password.isEmpty() ? user : user + ":" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
        return "postgresql://" + auth + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return display();
    }
}
