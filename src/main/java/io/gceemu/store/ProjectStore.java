package io.gceemu.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Projects are global and created on first use; creating one is idempotent, so no single owner
 * is needed: concurrent first uses converge on the same row.
 */
public final class ProjectStore {

  private static final SqlStatements SQL = SqlStatements.load("sql/projects.sql");

  static final String ENSURE_SQL = SQL.get("ensureProject");

  private final Pool pool;

  public ProjectStore(Pool pool) {
    this.pool = pool;
  }

  /** @param metadata the common instance metadata items, {@code [{key, value}]} */
  public record Project(String name, long number, Instant created, JsonArray metadata) {
  }

  /** Every project that exists, by name: the web console offers them. */
  public Future<List<String>> names() {
    return pool.query(SQL.get("listProjects")).execute().map(rows -> {
      List<String> names = new ArrayList<>();
      rows.forEach(row -> names.add(row.getString(0)));
      return names;
    });
  }

  /** Whether Postgres answers: readiness checks ask. */
  public Future<Void> ping() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  /** Forgets one project, or all when {@code name} is null; their instances must be gone first. */
  public Future<Void> forget(String name) {
    return pool.preparedQuery(SQL.get("forgetProjects")).execute(Tuple.of(name)).mapEmpty();
  }

  public Future<Project> ensure(String name) {
    return pool.preparedQuery(ENSURE_SQL).execute(Tuple.of(name, ZoneStore.projectNumber(name)))
      .compose(v -> pool.preparedQuery(SQL.get("getProject")).execute(Tuple.of(name)))
      .map(rows -> {
        Row row = rows.iterator().next();
        return new Project(name, row.getLong("id"), row.getOffsetDateTime("created_at").toInstant(), ScopeStore.metadata(row));
      });
  }
}
