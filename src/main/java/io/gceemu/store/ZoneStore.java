package io.gceemu.store;

import io.gceemu.catalog.Catalog;
import io.gceemu.catalog.Region;
import io.gceemu.gce.GceError;
import io.gceemu.zone.Instance;
import io.gceemu.zone.InstanceStatus;
import io.gceemu.zone.Operation;
import io.gceemu.zone.Progression;
import io.gceemu.zone.SerialConsole;
import io.gceemu.zone.Step;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Postgres persistence of one zone's instances and operations. Every mutation is one transaction
 * that writes the changed instance together with its operation; the zone verticle replies only
 * after it committed.
 */
public final class ZoneStore {

  private static final Logger LOG = Logger.getLogger(ZoneStore.class.getName());
  private static final SqlStatements SQL = SqlStatements.load("sql/zone.sql");
  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool pool;

  public ZoneStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Instance>> loadInstances(String zone) {
    return pool.preparedQuery(SQL.get("loadInstances")).execute(Tuple.of(zone)).map(rows -> {
      List<Instance> instances = new ArrayList<>();
      rows.forEach(row -> instances.add(instance(row)));
      return instances;
    });
  }

  public Future<List<Operation>> loadOperations(String zone) {
    return pool.preparedQuery(SQL.get("loadOperations")).execute(Tuple.of(zone)).map(rows -> {
      List<Operation> operations = new ArrayList<>();
      rows.forEach(row -> operations.add(operation(row)));
      return operations;
    });
  }

  /**
   * Writes one step of an operation in one transaction: the instance created, changed or removed,
   * and the operation as it now stands. A created instance gets, for each network interface, the
   * lowest free address of its region's subnet.
   *
   * @return the step as stored (a created instance with its addresses)
   */
  public Future<Step> write(Step step, Region region) {
    Instance instance = step.instance();
    return pool.withTransaction(conn -> {
      Future<Instance> written = switch (step.write()) {
        case CREATE -> conn.preparedQuery(ProjectStore.ENSURE_SQL)
          .execute(Tuple.of(instance.project(), projectNumber(instance.project())))
          .compose(v -> allocateAddresses(conn, instance, region))
          .compose(withAddresses -> conn.preparedQuery(SQL.get("insertInstance")).execute(insertTuple(withAddresses)).map(withAddresses));
        case UPDATE -> conn.preparedQuery(SQL.get("updateInstance")).execute(updateTuple(instance)).map(instance);
        case DELETE -> conn.preparedQuery(SQL.get("deleteInstance")).execute(Tuple.of(instance.id()))
          .compose(v -> conn.preparedQuery(SQL.get("releaseAddresses")).execute(Tuple.of(instance.id()))).map(instance);
        case NONE -> Future.succeededFuture(instance);
      };
      return written.compose(stored -> conn.preparedQuery(SQL.get("saveOperation")).execute(operationTuple(step.operation()))
        .map(v -> new Step(stored, step.operation(), step.write())));
    }).recover(failure -> translate(failure, instance == null ? step.operation().targetPath() : instance.path()));
  }

  public Future<Void> deleteOperation(Operation operation) {
    return pool.preparedQuery(SQL.get("deleteOperation")).execute(Tuple.of(operation.id())).<Void>mapEmpty()
      .recover(failure -> translate(failure, operation.path()));
  }

  /** Removes a zone's instances and operations, or only one project's when {@code project} is set. */
  public Future<Void> reset(String zone, String project) {
    Tuple scope = Tuple.of(zone, project);
    return pool.withTransaction(conn -> conn.preparedQuery(SQL.get("resetInstances")).execute(scope)
      .compose(v -> conn.preparedQuery(SQL.get("resetOperations")).execute(scope)).<Void>mapEmpty())
      .recover(failure -> translate(failure, "projects/" + project));
  }

  /** A stable project number, as GCE gives every project one. */
  public static long projectNumber(String project) {
    return 100_000_000_000L + Math.floorMod((long) project.hashCode() * 2_654_435_761L, 900_000_000_000L);
  }

  private Future<Instance> allocateAddresses(SqlConnection conn, Instance instance, Region region) {
    Future<JsonArray> chain = Future.succeededFuture(new JsonArray());
    for (Object item : instance.networkInterfaces()) {
      JsonObject nic = (JsonObject) item;
      chain = chain.compose(done -> allocate(conn, instance, region, nic.getString("network"))
        .map(address -> done.add(nic.copy().put("networkIP", Catalog.ipv4(address)))));
    }
    return chain.map(instance::withNetworkInterfaces);
  }

  private Future<Long> allocate(SqlConnection conn, Instance instance, Region region, String network) {
    Tuple subnet = Tuple.of(instance.project(), region.name(), network);
    Tuple args = Tuple.from(List.of(instance.project(), region.name(), network, instance.id(),
      region.firstUsableAddress(), region.lastUsableAddress()));
    return conn.preparedQuery(SQL.get("lockSubnet")).execute(subnet)
      .compose(locked -> conn.preparedQuery(SQL.get("allocateAddress")).execute(args))
      .compose(rows -> rows.size() == 1
        ? Future.succeededFuture(rows.iterator().next().getLong(0))
        : Future.failedFuture(new GceError(400, "ipSpaceExhausted", "IP space of 'projects/" + instance.project()
          + "/regions/" + region.name() + "/subnetworks/default' is exhausted.")));
  }

  private static Tuple operationTuple(Operation op) {
    return Tuple.from(Arrays.asList(op.id(), op.name(), op.project(), op.zone(), op.operationType(), op.targetPath(),
      op.targetId(), op.status(), op.phase(), op.progression().toJson(), time(op.dueAt()), time(op.insertTime()),
      time(op.startTime()), time(op.endTime()), op.clientOperationId()));
  }

  private static Tuple insertTuple(Instance i) {
    return Tuple.from(Arrays.asList(i.id(), i.project(), i.zone(), i.name(), i.description(), i.machineType(),
      i.status().name(), time(i.created()), time(i.lastStart()), time(i.lastStop()), time(i.lastSuspended()),
      i.metadataItems(), i.labels(), i.tags(), i.networkInterfaces(), i.disks(), i.attributes(),
      i.console().contents(), i.console().discarded(), i.generation()));
  }

  private static Tuple updateTuple(Instance i) {
    return Tuple.from(Arrays.asList(i.id(), i.description(), i.machineType(), i.status().name(), time(i.lastStart()),
      time(i.lastStop()), time(i.lastSuspended()), i.metadataItems(), i.labels(), i.tags(), i.attributes(),
      i.console().contents(), i.console().discarded(), i.generation()));
  }

  private static Instance instance(Row row) {
    return new Instance(
      row.getLong("id"), row.getString("project"), row.getString("zone"), row.getString("name"),
      row.getString("description"), row.getString("machine_type"), InstanceStatus.valueOf(row.getString("status")),
      instant(row.getOffsetDateTime("creation_timestamp")), instant(row.getOffsetDateTime("last_start_timestamp")),
      instant(row.getOffsetDateTime("last_stop_timestamp")), instant(row.getOffsetDateTime("last_suspended_timestamp")),
      (JsonObject) row.getValue("labels"), (JsonArray) row.getValue("tags"), (JsonArray) row.getValue("metadata"),
      (JsonArray) row.getValue("network_interfaces"), (JsonArray) row.getValue("disks"),
      (JsonObject) row.getValue("attributes"),
      new SerialConsole(row.getLong("console_discarded"), row.getString("console")), row.getLong("generation"));
  }

  private static Operation operation(Row row) {
    return new Operation(row.getLong("id"), row.getString("name"), row.getString("project"), row.getString("zone"),
      row.getString("operation_type"), row.getString("target_path"), row.getLong("target_id"), row.getString("status"),
      row.getInteger("phase"), Progression.fromJson((JsonObject) row.getValue("progression")),
      instant(row.getOffsetDateTime("due_at")), instant(row.getOffsetDateTime("insert_time")),
      instant(row.getOffsetDateTime("start_time")), instant(row.getOffsetDateTime("end_time")),
      row.getString("client_operation_id"));
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  /**
   * Store failures become GCE errors: a unique key taken already is a conflict on the resource
   * being written, anything else a 503 the caller may retry.
   */
  private static <T> Future<T> translate(Throwable failure, String resourcePath) {
    if (failure instanceof GceError) {
      return Future.failedFuture(failure);
    }
    if (failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
      return Future.failedFuture(GceError.alreadyExists(resourcePath));
    }
    LOG.log(Level.WARNING, "store write failed", failure);
    return Future.failedFuture(GceError.backendError("Internal error. Please try again or contact Google Support."));
  }
}
