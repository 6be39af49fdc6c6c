package io.gceemu.store;

import io.gceemu.gce.GceError;
import io.gceemu.gce.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/**
 * The whole state, or one project's, as one JSON document, read from Postgres (where every
 * acknowledged change is) in one consistent snapshot; and that document written back into an
 * emulator that holds no instances yet.
 */
public final class StateStore {

  public static final String KIND = "gce-emulator#state";
  private static final SqlStatements SQL = SqlStatements.load("sql/state.sql");
  /** What an export holds: instances are among the resources, as every collection is. */
  private static final List<String> PARTS = List.of("projects", "resources", "operations", "globalOperations", "addresses",
    "iamPolicies");
  /** What an import takes: also the instances of an export made before they were resources, as rows of their own. */
  private static final List<String> IMPORTED = List.of("projects", "instances", "resources", "operations", "globalOperations",
    "addresses", "iamPolicies");

  private final Pool pool;

  public StateStore(Pool pool) {
    this.pool = pool;
  }

  /** @param project one project's state, or everything when null */
  public Future<JsonObject> export(String project) {
    return pool.withConnection(conn -> conn.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").execute()
      .compose(begun -> Future.all(PARTS.stream().map(part -> read(conn, part, project)).toList()))
      .map(parts -> {
        JsonObject state = new JsonObject().put("kind", KIND).put("version", 1)
          .put("exportedAt", Timestamps.format(Timestamps.now())).put("project", project);
        for (int i = 0; i < PARTS.size(); i++) {
          state.put(PARTS.get(i), parts.resultAt(i));
        }
        return state;
      })
      .eventually(() -> conn.query("COMMIT").execute()));
  }

  /** How many rows of each kind an import wrote (projects that already existed are kept, not counted). */
  public record Imported(int projects, int instances, int operations) {
  }

  /**
   * Writes a document from {@link #export} into a store that holds none of its users' resources
   * (only the default networks of projects made by use); all of it or nothing.
   */
  public Future<Imported> importState(JsonObject state) {
    if (!KIND.equals(state.getString("kind")) || state.getInteger("version", 0) != 1) {
      return Future.failedFuture(new GceError(400, "invalid", "Not a gce-emulator state document (kind " + KIND + ", version 1)."));
    }
    return pool.withTransaction(conn -> conn.query(SQL.get("countInstances")).execute()
      .compose(rows -> rows.iterator().next().getLong(0) > 0
        ? Future.failedFuture(new GceError(409, "conflict", "State can only be imported into an emulator without instances; reset it first."))
        : conn.query(SQL.get("forgetProjects")).execute().compose(forgotten -> write(conn, state))))
      // Postgres's own words would name tables and columns: the caller learns only that it does not fit.
      .recover(failure -> Future.failedFuture(failure instanceof PgException
        ? new GceError(400, "invalid", "The state document does not fit: a row lacks a field, has one of the wrong type, or repeats a key.")
        : failure));
  }

  private static Future<Imported> write(SqlConnection conn, JsonObject state) {
    // One statement after the other on the transaction's connection: the counts are set in turn.
    int[] written = new int[IMPORTED.size()];
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < IMPORTED.size(); i++) {
      int index = i;
      String part = IMPORTED.get(i);
      JsonArray rows = state.getJsonArray(part, new JsonArray());
      String statement = "import" + Character.toUpperCase(part.charAt(0)) + part.substring(1);
      chain = chain.compose(v -> rows.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(SQL.get(statement)).execute(Tuple.of(rows)).map(result -> {
          written[index] = result.rowCount();
          return null;
        }));
    }
    long instances = state.getJsonArray("resources", new JsonArray()).stream()
      .filter(row -> row instanceof JsonObject resource && "instances".equals(resource.getString("collection"))).count();
    return chain.compose(v -> DefaultNetworks.makeMissing(conn)).map(v -> new Imported(written[IMPORTED.indexOf("projects")], written[IMPORTED.indexOf("instances")] + (int) instances,
      written[IMPORTED.indexOf("operations")]));
  }

  private static Future<Object> read(SqlConnection conn, String part, String project) {
    String statement = "export" + Character.toUpperCase(part.charAt(0)) + part.substring(1);
    return conn.preparedQuery(SQL.get(statement)).execute(Tuple.of(project)).map(rows -> {
      Object value = rows.iterator().next().getValue(0);
      return value instanceof JsonArray array ? array : new JsonArray(String.valueOf(value));
    });
  }
}
