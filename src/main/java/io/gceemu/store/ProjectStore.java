package io.gceemu.store;

import io.vertx.core.Future;
import io.gceemu.projects.ProjectQuotas;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

  /**
   * @param metadata the common instance metadata items, {@code [{key, value}]}
   * @param settings what its own setters set ({@link io.gceemu.projects.ProjectSettings})
   */
  public record Project(String name, long number, Instant created, JsonArray metadata, JsonObject settings) {
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
        return new Project(name, row.getLong("id"), row.getOffsetDateTime("created_at").toInstant(), ScopeStore.metadata(row),
          ScopeStore.settings(row));
      });
  }

  /** What the project holds, grouped for counting its quotas. */
  public Future<List<ProjectQuotas.Held>> usage(String name) {
    return pool.preparedQuery(SQL.get("usage")).execute(Tuple.of(name)).map(rows -> {
      List<ProjectQuotas.Held> held = new ArrayList<>();
      rows.forEach(row -> held.add(new ProjectQuotas.Held(row.getString("scope"), row.getString("collection"), row.getString("kind"),
        row.getLong("held"), row.getLong("gb"), row.getLong("external_ips"))));
      return held;
    });
  }

  /** The shared-VPC host project whose network serves {@code name}, if one does. */
  public Future<Optional<String>> xpnHostOf(String name) {
    return pool.preparedQuery(SQL.get("xpnHostOf")).execute(Tuple.of(name))
      .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getString(0)) : Optional.empty());
  }

  /** Every shared-VPC host project. */
  public Future<List<String>> xpnHosts() {
    return pool.query(SQL.get("xpnHosts")).execute().map(rows -> {
      List<String> names = new ArrayList<>();
      rows.forEach(row -> names.add(row.getString(0)));
      return names;
    });
  }
}
