package io.gceemu.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies the versioned migrations listed in {@code db/migrations.txt}, each in its own
 * transaction, under an advisory lock so that nodes starting together apply each exactly once.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final long LOCK_KEY = 0x6763655f6d696772L;

  private Migrations() {
  }

  public static Future<Void> apply(Pool pool) {
    List<String> files = Arrays.stream(SqlStatements.read("db/migrations.txt").split("\n"))
      .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    // The lock comes first: nodes of a cluster start together, and even CREATE TABLE IF NOT EXISTS
    // fails when two sessions run it at once.
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY))
      .compose(v -> conn.query("CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        .execute())
      .compose(v -> conn.query("SELECT name FROM schema_migrations").execute())
      .compose(rows -> {
        Set<String> applied = new HashSet<>();
        for (Row row : rows) {
          applied.add(row.getString(0));
        }
        Future<Void> chain = Future.succeededFuture();
        for (String file : files) {
          if (!applied.contains(file)) {
            chain = chain.compose(v -> {
              LOG.info("applying migration {}", file);
              return conn.query(SqlStatements.read("db/" + file)).execute()
                .compose(r -> conn.preparedQuery("INSERT INTO schema_migrations (name) VALUES ($1)").execute(Tuple.of(file)))
                .mapEmpty();
            });
          }
        }
        return chain;
      }));
  }
}
