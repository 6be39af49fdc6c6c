package io.gceemu.store;

import io.gceemu.gce.Fingerprints;
import io.gceemu.gce.GceError;
import io.gceemu.iam.IamPolicies;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.gce.Ids;
import io.gceemu.zone.Operation;
import io.gceemu.zone.Progression;
import io.gceemu.zone.Step;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postgres persistence of a region or the global scope: their resources, their operations and
 * (global) a project's common instance metadata. Their owner (a {@code ScopeVerticle}) keeps no
 * state in memory and writes under the scope's fence, group-committed ({@link ScopeCommits}): each
 * change is decided in the transaction that writes it, holding the row it changes, and written with
 * its operation, DONE or (an insert that takes time, a phase moving on) in flight.
 */
public final class ScopeStore {

  private static final Logger LOG = LoggerFactory.getLogger(ScopeStore.class);
  private static final SqlStatements SQL = SqlStatements.load("sql/scope.sql");
  /** GCE's operationType for {@code projects.setCommonInstanceMetadata}, as its audit logs show. */
  static final String SET_METADATA = "setMetadata";

  private static final SqlStatements RESOURCES = SqlStatements.load("sql/resources.sql");
  private static final SqlStatements NETWORKS = SqlStatements.load("sql/networks.sql");
  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool pool;
  private final Supplier<ZoneFence> fence;
  private final String region;
  private final ResourceReads reads;
  private final ScopeCommits commits;

  /**
   * @param fence  the scope's current fence
   * @param region the region whose scope this is, or null for the global scope
   */
  public ScopeStore(Pool pool, Supplier<ZoneFence> fence, String region) {
    this.pool = pool;
    this.fence = fence;
    this.region = region;
    this.reads = new ResourceReads(pool);
    this.commits = new ScopeCommits(pool, fence);
  }

  /**
   * A project is there once anyone asks of it, with its default network (V14): on GCE a project's
   * networks exist before its first write. Idempotent, so it needs no fence.
   */
  public Future<Void> ensureProject(String project) {
    return pool.preparedQuery(ProjectStore.ENSURE_SQL).execute(Tuple.of(project, ZoneStore.projectNumber(project))).<Void>mapEmpty()
      .recover(this::translate);
  }

  /** The scope's resources as committed: its owner keeps none in memory. */
  public ResourceReads reads() {
    return reads;
  }

  /**
   * Stores a new resource of the scope with the operation that makes it, DONE or in its first
   * phase (a snapshot CREATING). Its name is free if Postgres says so (one name per project and
   * collection, whoever writes it); a retried {@code requestId} gets its first operation back.
   */
  public Future<Operation> insert(Resource created, Operation operation) {
    return fenced(conn -> conn.preparedQuery(ProjectStore.ENSURE_SQL).execute(Tuple.of(created.project(), ZoneStore.projectNumber(created.project())))
      .compose(v -> earlier(conn, created.project(), operation.clientOperationId()))
      .compose(earlier -> earlier != null ? Future.succeededFuture(earlier)
        : conn.preparedQuery(RESOURCES.get("saveResource")).execute(ResourceReads.saveTuple(created, fence.get().epoch()))
          .compose(v -> conn.preparedQuery(NETWORKS.get("resourceWritten")).execute(Tuple.of(created.id(), (Object) null)))
          .compose(v -> save(conn, operation))))
      .recover(failure -> failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
        ? Future.failedFuture(GceError.alreadyExists(created.path())) : translate(failure));
  }

  /**
   * Moves an operation in flight on, in one transaction that holds it and its resource:
   * {@code next} sees both as committed and gives the step to write, or null when the operation
   * has moved on already (a late timer). Answers with the operation as it is then.
   */
  public Future<Operation> advance(long operationId, BiFunction<Operation, Resource, Step> next) {
    return fenced(conn -> conn.preparedQuery(SQL.get("lockOperation")).execute(Tuple.of(operationId)).compose(rows -> {
      Operation operation = first(rows);
      if (operation == null || operation.done()) {
        return Future.succeededFuture(operation);
      }
      return conn.preparedQuery(RESOURCES.get("lockResourceById")).execute(Tuple.of(operation.targetId())).compose(found -> {
        Resource resource = found.iterator().hasNext() ? ResourceReads.resource(found.iterator().next()) : null;
        Step step = next.apply(operation, resource);
        if (step == null) {
          return Future.succeededFuture(operation);
        }
        Future<?> written = Future.succeededFuture();
        for (Resource.Change change : step.resources()) {
          written = written.compose(v -> change.deleted()
            ? conn.preparedQuery(RESOURCES.get("deleteResource")).execute(Tuple.of(change.resource().id()))
            : conn.preparedQuery(RESOURCES.get("saveResource")).execute(ResourceReads.saveTuple(change.resource(), fence.get().epoch())));
        }
        return written.compose(v -> save(conn, step.operation()));
      });
    })).recover(this::translate);
  }

  /**
   * An operation that changes nothing (one an injected fault ended in error); a retried
   * {@code requestId} gets its first operation back.
   */
  public Future<Operation> record(Operation operation) {
    return fenced(conn -> earlier(conn, operation.project(), operation.clientOperationId())
      .compose(earlier -> earlier != null ? Future.succeededFuture(earlier) : save(conn, operation)))
      .recover(this::translate);
  }

  /** The scope's operations not yet DONE, which its owner carries on with when it takes the scope. */
  public Future<List<Operation>> inFlight() {
    return pool.preparedQuery(SQL.get("inFlightOperations")).execute(Tuple.of(region)).map(ScopeStore::all).recover(this::translate);
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
          Resource current = ResourceReads.resource(rows.iterator().next());
          Resource.Change change = decide.apply(current);
          Resource target = change.resource();
          // What the change means for other resources (a network's subnetworks, a subnetwork's
          // instances) is decided in Postgres, in this transaction.
          Future<?> written = change.deleted()
            ? conn.preparedQuery(NETWORKS.get("resourceDeleting")).execute(Tuple.of(target.id()))
              .compose(v -> conn.preparedQuery(RESOURCES.get("deleteResource")).execute(Tuple.of(target.id())))
            : conn.preparedQuery(RESOURCES.get("saveResource")).execute(ResourceReads.saveTuple(target, fence.get().epoch()))
              .compose(v -> conn.preparedQuery(NETWORKS.get("resourceWritten")).execute(Tuple.of(target.id(), current.document())));
          return written.compose(v -> saveDone(conn, key.project(), operationType, target.path(), target.id(), requestId, now));
        })))
      .recover(this::translate);
  }

  /** A change that is DONE as it is written: its operation is too. */
  private Future<Operation> saveDone(SqlConnection conn, String project, String type, String targetPath, long targetId,
                                     String requestId, Instant now) {
    return save(conn, Operation.begin(project, null, region, type, targetPath, targetId, Progression.IMMEDIATE, requestId, now)
      .finished(now));
  }

  private Future<Operation> save(SqlConnection conn, Operation operation) {
    return conn.preparedQuery(SQL.get("saveOperation")).execute(Tuple.from(Arrays.asList(operation.id(), operation.name(),
        operation.project(), operation.operationType(), operation.targetPath(), operation.targetId(), operation.status(),
        time(operation.insertTime()), time(operation.startTime()), time(operation.endTime()), operation.clientOperationId(), region,
        operation.phase(), operation.progression().toJson(), time(operation.dueAt()), operation.error())))
      .map(operation);
  }

  /** In the next group commit, whose transaction first checks that this node still owns the scope. */
  private <T> Future<T> fenced(Function<SqlConnection, Future<T>> statements) {
    return commits.write(statements);
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
    Optional<GceError> decided = DecidedInPostgres.error(failure);
    if (decided.isPresent()) {
      return Future.failedFuture(decided.get());
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
      .compose(v -> saveDone(conn, project, SET_METADATA, "projects/" + project, row.getLong("id"), requestId, now));
  }

  /**
   * One of a project's own setters ({@code projects.setDefaultNetworkTier}, the shared-VPC ones):
   * its settings as {@code change} makes them from the current ones, with a DONE operation; a
   * retried {@code requestId} gets its first operation back.
   */
  public Future<Operation> changeProjectSettings(String project, String operationType, String requestId, Instant now,
                                                 UnaryOperator<JsonObject> change) {
    return fenced(conn -> conn.preparedQuery(ProjectStore.ENSURE_SQL).execute(Tuple.of(project, ZoneStore.projectNumber(project)))
      .compose(v -> conn.preparedQuery(SQL.get("lockProject")).execute(Tuple.of(project)))
      .compose(rows -> {
        Row row = rows.iterator().next();
        return earlier(conn, project, requestId).compose(earlier -> earlier != null ? Future.succeededFuture(earlier)
          : conn.preparedQuery(SQL.get("setSettings")).execute(Tuple.of(project, change.apply(settings(row).copy())))
            .compose(v -> saveDone(conn, project, operationType, "projects/" + project, row.getLong("id"), requestId, now)));
      }))
      .recover(this::translate);
  }

  /** The IAM policy of the resource with this id, as getIamPolicy shows it. */
  public Future<JsonObject> iamPolicy(long resourceId) {
    return pool.preparedQuery(SQL.get("iamPolicy")).execute(Tuple.of(resourceId)).map(rows -> rows.iterator().hasNext()
        ? IamPolicies.shown((JsonObject) rows.iterator().next().getValue("policy"), rows.iterator().next().getLong("serial"))
        : IamPolicies.shown(null, 0))
      .recover(this::translate);
  }

  /** setIamPolicy, checked against the current etag while its row is held; answers the policy as set. */
  public Future<JsonObject> setIamPolicy(String project, long resourceId, String path, JsonObject body) {
    return fenced(conn -> conn.preparedQuery(SQL.get("lockIamPolicy")).execute(Tuple.of(resourceId)).compose(rows -> {
      long serial = rows.iterator().hasNext() ? rows.iterator().next().getLong("serial") : 0;
      JsonObject policy = IamPolicies.toStore(body, serial);
      return conn.preparedQuery(SQL.get("setIamPolicy")).execute(Tuple.of(resourceId, project, path, policy, serial + 1))
        .map(v -> IamPolicies.shown(policy, serial + 1));
    })).recover(this::translate);
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
    return pool.preparedQuery(SQL.get("listOperations")).execute(Tuple.of(project, region)).map(ScopeStore::all)
      .recover(this::translate);
  }

  /**
   * {@code globalOperations.delete}, {@code regionOperations.delete}: only a finished operation's
   * record can go; one in flight still has work to do, as in the zones.
   */
  public Future<Void> deleteOperation(String project, String reference) {
    return operation(project, reference)
      .compose(operation -> {
        if (!operation.done()) {
          return Future.failedFuture(GceError.notReady(operation.path()));
        }
        return fenced(conn -> conn.preparedQuery(SQL.get("deleteOperation")).execute(Tuple.of(operation.id())));
      })
      .<Void>mapEmpty()
      .recover(this::translate);
  }

  /** Forgets the finished operations older than {@code retentionMs}; how many went. */
  public Future<Integer> purgeOperations(long retentionMs) {
    return fenced(conn -> conn.preparedQuery(SQL.get("purgeOperations")).execute(Tuple.of(retentionMs, region)).map(RowSet::rowCount))
      .recover(this::translate);
  }

  /** The project's metadata items; none for a project never set (or imported from before V7). */
  static JsonObject settings(Row row) {
    Object settings = row.getValue("settings");
    return settings instanceof JsonObject object ? object : new JsonObject();
  }

  static JsonArray metadata(Row row) {
    Object items = row.getValue("common_instance_metadata");
    return items instanceof JsonArray array ? array : new JsonArray();
  }

  private static Operation first(RowSet<Row> rows) {
    return rows.iterator().hasNext() ? operation(rows.iterator().next()) : null;
  }

  private static List<Operation> all(RowSet<Row> rows) {
    List<Operation> operations = new ArrayList<>();
    rows.forEach(row -> operations.add(operation(row)));
    return operations;
  }

  /** Rows from before V12 have no phase, progression or due time: phase 0, immediate, none due. */
  private static Operation operation(Row row) {
    Integer phase = row.getInteger("phase");
    return new Operation(row.getLong("id"), row.getString("name"), row.getString("project"), null, row.getString("region"),
      row.getString("operation_type"), row.getString("target_path"), row.getLong("target_id"), row.getString("status"),
      phase == null ? 0 : phase, Progression.fromJson((JsonObject) row.getValue("progression")),
      instant(row.getOffsetDateTime("due_at")), instant(row.getOffsetDateTime("insert_time")),
      instant(row.getOffsetDateTime("start_time")), instant(row.getOffsetDateTime("end_time")), row.getString("client_operation_id"),
      (JsonObject) row.getValue("error"), null);
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
