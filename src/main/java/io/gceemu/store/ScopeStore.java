package io.gceemu.store;

import io.gceemu.gce.Fingerprints;
import io.gceemu.gce.GceError;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.gce.Ids;
import io.gceemu.zone.Operation;
import io.gceemu.zone.Progression;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postgres persistence of a region or the global scope: their resources, their operations and
 * (global) a project's common instance metadata. Their owner (a {@code ScopeVerticle}) keeps no
 * state in memory and writes under the scope's fence: each change is one transaction that checks
 * the fence, locks the row it changes and writes the change with its DONE operation.
 */
public final class ScopeStore {

  private static final Logger LOG = LoggerFactory.getLogger(ScopeStore.class);
  private static final SqlStatements SQL = SqlStatements.load("sql/scope.sql");
  /** GCE's operationType for {@code projects.setCommonInstanceMetadata}, as its audit logs show. */
  static final String SET_METADATA = "setMetadata";

  private static final SqlStatements RESOURCES = SqlStatements.load("sql/resources.sql");
  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool pool;
  private final Supplier<ZoneFence> fence;
  private final String region;
  private final ResourceReads reads;

  /**
   * @param fence  the scope's current fence
   * @param region the region whose scope this is, or null for the global scope
   */
  public ScopeStore(Pool pool, Supplier<ZoneFence> fence, String region) {
    this.pool = pool;
    this.fence = fence;
    this.region = region;
    this.reads = new ResourceReads(pool);
  }

  /** The scope's resources as committed: its owner keeps none in memory. */
  public ResourceReads reads() {
    return reads;
  }

  /**
   * Stores a new resource of the scope with its operation, DONE. Its name is free if Postgres says so
   * (one name per project and collection, whoever writes it); a retried {@code requestId} gets
   * its first operation back.
   */
  public Future<Operation> insert(Resource created, String operationType, String requestId, Instant now) {
    return fenced(conn -> conn.preparedQuery(ProjectStore.ENSURE_SQL).execute(Tuple.of(created.project(), ZoneStore.projectNumber(created.project())))
      .compose(v -> earlier(conn, created.project(), requestId))
      .compose(earlier -> earlier != null ? Future.succeededFuture(earlier)
        : conn.preparedQuery(RESOURCES.get("saveResource")).execute(ResourceReads.saveTuple(created, fence.get().epoch()))
          .compose(v -> saveOperation(conn, created.project(), operationType, created.path(), created.id(), requestId, now))))
      .recover(failure -> failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
        ? Future.failedFuture(GceError.alreadyExists(created.path())) : translate(failure));
  }

  /**
   * Changes or deletes a resource of the scope in one transaction that holds its row: {@code decide}
   * sees it as committed and may refuse, as GCE would; the operation is DONE with the change.
   */
  public Future<Operation> change(ResourceKey key, String operationType, String requestId, Instant now,
                                  Function<Resource, Resource.Change> decide) {
    long id = Ids.isNumericId(key.name()) ? Ids.parseId(key.name()) : -1;
    return fenced(conn -> earlier(conn, key.project(), requestId).compose(earlier -> earlier != null ? Future.succeededFuture(earlier)
      : conn.preparedQuery(RESOURCES.get("lockResource")).execute(Tuple.of(key.project(), key.scope(), key.collection(), key.name(), id))
        .compose(rows -> {
          if (!rows.iterator().hasNext()) {
            return Future.failedFuture(GceError.notFound(key.path()));
          }
          Resource.Change change = decide.apply(ResourceReads.resource(rows.iterator().next()));
          Resource target = change.resource();
          Future<?> written = change.deleted()
            ? conn.preparedQuery(RESOURCES.get("deleteResource")).execute(Tuple.of(target.id()))
            : conn.preparedQuery(RESOURCES.get("saveResource")).execute(ResourceReads.saveTuple(target, fence.get().epoch()));
          return written.compose(v -> saveOperation(conn, key.project(), operationType, target.path(), target.id(), requestId, now));
        })))
      .recover(this::translate);
  }

  private Future<Operation> saveOperation(SqlConnection conn, String project, String type, String targetPath, long targetId,
                                          String requestId, Instant now) {
    Operation operation = operation(Ids.newResourceId(), Ids.newOperationName(now.toEpochMilli()), project, region, type, targetPath,
      targetId, Operation.DONE, now, now, now, requestId);
    return conn.preparedQuery(SQL.get("insertOperation")).execute(Tuple.of(operation.id(), operation.name(), project,
        operation.operationType(), operation.targetPath(), operation.targetId()).addValue(operation.status())
        .addValue(time(now)).addValue(time(now)).addValue(time(now)).addValue(requestId).addValue(region))
      .map(operation);
  }

  /** A transaction whose first statement checks that this node still owns the scope. */
  private <T> Future<T> fenced(Function<SqlConnection, Future<T>> statements) {
    ZoneFence current = fence.get();
    return pool.withTransaction(conn -> conn.preparedQuery(LeaseStore.fenceStatement())
      .execute(Tuple.of(current.zone(), current.owner(), current.epoch()))
      .compose(fenced -> statements.apply(conn)));
  }

  /**
   * {@code projects.setCommonInstanceMetadata}: replaces the items when {@code fingerprint} quotes
   * the current ones. A retried {@code requestId} gets its first operation back, changing nothing.
   *
   * @param items already checked by the metadata rules
   * @return the operation, DONE: the change is committed with it
   */
  public Future<Operation> setCommonInstanceMetadata(String project, String fingerprint, JsonArray items, String requestId,
                                                     Instant now) {
    return fenced(conn -> conn.preparedQuery(ProjectStore.ENSURE_SQL).execute(Tuple.of(project, ZoneStore.projectNumber(project)))
      .compose(v -> conn.preparedQuery(SQL.get("lockProject")).execute(Tuple.of(project)))
      .compose(rows -> {
        Row row = rows.iterator().next();
        return earlier(conn, project, requestId).compose(earlier -> earlier != null ? Future.succeededFuture(earlier)
          : replace(conn, project, row, fingerprint, items, requestId, now));
      }))
      .recover(this::translate);
  }

  /**
   * As in the zones: a GCE error stands, a lost fence means another node owns the scope now, and
   * any other store failure is a 503 the caller may retry, logged in one line.
   */
  private <T> Future<T> translate(Throwable failure) {
    if (failure instanceof GceError) {
      return Future.failedFuture(failure);
    }
    if (failure instanceof PgException pg && LeaseStore.NOT_OWNER.equals(pg.getSqlState())) {
      return Future.failedFuture(GceError.notOwner(fence.get().zone()));
    }
    LOG.warn("{} store write failed: {}", fence.get().zone(), failure.toString());
    return Future.failedFuture(GceError.backendError("Internal error. Please try again or contact Google Support."));
  }

  private static Future<Operation> earlier(SqlConnection conn, String project, String requestId) {
    if (requestId == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(SQL.get("operationForRequest")).execute(Tuple.of(project, requestId)).map(ScopeStore::first);
  }

  private Future<Operation> replace(SqlConnection conn, String project, Row row, String fingerprint, JsonArray items,
                                           String requestId, Instant now) {
    if (!Fingerprints.matches(Fingerprints.ofJson(metadata(row)), fingerprint)) {
      // The same text as instances.setMetadata: Terraform retries on exactly these words.
      return Future.failedFuture(GceError.conditionNotMet("Supplied fingerprint does not match current metadata fingerprint."));
    }
    return conn.preparedQuery(SQL.get("setMetadata")).execute(Tuple.of(project, items))
      .compose(v -> saveOperation(conn, project, SET_METADATA, "projects/" + project, row.getLong("id"), requestId, now));
  }

  /** {@code globalOperations.get}, {@code regionOperations.get}: by name or numeric id. */
  public Future<Operation> operation(String project, String reference) {
    return pool.preparedQuery(SQL.get("getOperation")).execute(Tuple.of(project, reference, Ids.parseId(reference), region))
      .map(rows -> {
        Operation operation = first(rows);
        if (operation == null) {
          throw GceError.notFound("projects/" + project + "/" + (region == null ? "global" : "regions/" + region) + "/operations/"
            + reference);
        }
        return operation;
      })
      .recover(this::translate);
  }

  public Future<List<Operation>> operations(String project) {
    return pool.preparedQuery(SQL.get("listOperations")).execute(Tuple.of(project, region)).map(rows -> {
      List<Operation> operations = new ArrayList<>();
      rows.forEach(row -> operations.add(operation(row)));
      return operations;
    }).recover(this::translate);
  }

  /** {@code globalOperations.delete}, {@code regionOperations.delete}: every one is DONE, so any may go. */
  public Future<Void> deleteOperation(String project, String reference) {
    return operation(project, reference)
      .compose(operation -> fenced(conn -> conn.preparedQuery(SQL.get("deleteOperation")).execute(Tuple.of(operation.id()))))
      .<Void>mapEmpty()
      .recover(this::translate);
  }

  /** Forgets the finished operations older than {@code retentionMs}; how many went. */
  public Future<Integer> purgeOperations(long retentionMs) {
    return fenced(conn -> conn.preparedQuery(SQL.get("purgeOperations")).execute(Tuple.of(retentionMs, region)).map(RowSet::rowCount))
      .recover(this::translate);
  }

  /** The project's metadata items; none for a project never set (or imported from before V7). */
  static JsonArray metadata(Row row) {
    Object items = row.getValue("common_instance_metadata");
    return items instanceof JsonArray array ? array : new JsonArray();
  }

  private static Operation first(RowSet<Row> rows) {
    return rows.iterator().hasNext() ? operation(rows.iterator().next()) : null;
  }

  private static Operation operation(Row row) {
    return operation(row.getLong("id"), row.getString("name"), row.getString("project"), row.getString("region"), row.getString("operation_type"),
      row.getString("target_path"), row.getLong("target_id"), row.getString("status"), instant(row.getOffsetDateTime("insert_time")),
      instant(row.getOffsetDateTime("start_time")), instant(row.getOffsetDateTime("end_time")), row.getString("client_operation_id"));
  }

  private static Operation operation(long id, String name, String project, String region, String type, String targetPath,
                                     long targetId, String status, Instant inserted, Instant started, Instant ended, String requestId) {
    return new Operation(id, name, project, null, region, type, targetPath, targetId, status, 0, Progression.IMMEDIATE, null,
      inserted, started, ended, requestId, null);
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
