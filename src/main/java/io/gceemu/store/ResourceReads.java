package io.gceemu.store;

import io.gceemu.gce.GceError;
import io.gceemu.gce.Ids;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Committed resources of the declared collections, read from Postgres by any scope: the global
 * owner answers from here, and a zone reads here the resources of other scopes a request names
 * (a disk's source snapshot) before it decides it.
 */
public final class ResourceReads {

  private static final SqlStatements SQL = SqlStatements.load("sql/resources.sql");

  private final Pool pool;

  public ResourceReads(Pool pool) {
    this.pool = pool;
  }

  /** The resources {@code keys} name, by their path; one that does not exist is left out. */
  public Future<Map<String, Resource>> read(List<ResourceKey> keys) {
    List<Future<Optional<Resource>>> reads = keys.stream().map(this::find).toList();
    return Future.all(reads).map(all -> {
      Map<String, Resource> found = new HashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        String asked = keys.get(i).path();
        reads.get(i).result().ifPresent(resource -> found.put(asked, resource));
      }
      return found;
    });
  }

  /** The resource a key names, by name or numeric id, or GCE's 404. */
  public Future<Resource> get(ResourceKey key) {
    return find(key).map(found -> found.orElseThrow(() -> GceError.notFound(key.path())));
  }

  public Future<Optional<Resource>> find(ResourceKey key) {
    if (key.family() != null) {
      return pool.preparedQuery(SQL.get("newestOfFamily")).execute(Tuple.of(key.project(), key.scope(), key.collection(), key.family()))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(resource(rows.iterator().next())) : Optional.empty());
    }
    long id = Ids.isNumericId(key.name()) ? Ids.parseId(key.name()) : -1;
    return pool.preparedQuery(SQL.get("findResource"))
      .execute(Tuple.of(key.project(), key.scope(), key.collection(), key.name(), id))
      .map(rows -> rows.iterator().hasNext() ? Optional.of(resource(rows.iterator().next())) : Optional.empty());
  }

  /** A project's resources of one collection in one scope, in name order. */
  public Future<List<Resource>> list(String project, String scope, String collection) {
    return pool.preparedQuery(SQL.get("listResources")).execute(Tuple.of(project, scope, collection)).map(rows -> {
      List<Resource> resources = new ArrayList<>();
      rows.forEach(row -> resources.add(resource(row)));
      return resources;
    });
  }

  /** Every project's resources of one collection in one scope. */
  public Future<List<Resource>> inScope(String scope, String collection) {
    return pool.preparedQuery(SQL.get("inScope")).execute(Tuple.of(scope, collection)).map(ResourceReads::all);
  }

  /** The instances whose {@code created-by} metadata is {@code createdBy}: a group's members, in any zone. */
  public Future<List<Resource>> members(String project, String createdBy) {
    return pool.preparedQuery(SQL.get("groupMembers")).execute(Tuple.of(project, createdBy)).map(ResourceReads::all);
  }

  private static List<Resource> all(RowSet<Row> rows) {
    List<Resource> resources = new ArrayList<>();
    rows.forEach(row -> resources.add(resource(row)));
    return resources;
  }

  /** The arguments of saveResource: the resource as written under the writer's lease epoch. */
  static Tuple saveTuple(Resource resource, long epoch) {
    return Tuple.of(resource.id(), resource.project(), resource.scope(), resource.collection(), resource.name(),
      OffsetDateTime.ofInstant(resource.created(), ZoneOffset.UTC), resource.document(), epoch);
  }

  static Resource resource(Row row) {
    OffsetDateTime created = row.getOffsetDateTime("created_at");
    Instant at = created == null ? null : created.toInstant();
    return new Resource(row.getLong("id"), row.getString("project"), row.getString("scope"), row.getString("collection"),
      row.getString("name"), at, (JsonObject) row.getValue("document"));
  }
}
