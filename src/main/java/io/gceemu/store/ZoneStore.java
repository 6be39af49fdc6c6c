package io.gceemu.store;

import io.gceemu.catalog.Catalog;
import io.gceemu.catalog.Region;
import io.gceemu.gce.GceError;
import io.gceemu.zone.Instance;
import io.gceemu.zone.InstanceStatus;
import io.gceemu.zone.Operation;
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
   * Stores a new instance and its operation. Each network interface without an address gets the
   * lowest free one of the region's subnet, taken in the same transaction.
   *
   * @return the instance as stored, with its addresses
   */
  public Future<Instance> insert(Instance instance, Region region, Operation operation) {
    return pool.withTransaction(conn -> conn.preparedQuery(ProjectStore.ENSURE_SQL)
      .execute(Tuple.of(instance.project(), projectNumber(instance.project())))
      .compose(v -> allocateAddresses(conn, instance, region))
      .compose(withAddresses -> conn.preparedQuery(SQL.get("insertInstance")).execute(insertTuple(withAddresses))
        .compose(v -> insertOperation(conn, operation))
        .map(withAddresses)))
      .recover(failure -> translate(failure, instance.path()));
  }

  public Future<Void> update(Instance instance, Operation operation) {
    return pool.withTransaction(conn -> conn.preparedQuery(SQL.get("updateInstance")).execute(Tuple.from(Arrays.asList(
        instance.id(), instance.status().name(), time(instance.lastStart()), time(instance.lastStop()),
        instance.metadataItems(), instance.labels(), instance.tags(), instance.generation())))
      .compose(v -> insertOperation(conn, operation)))
      .recover(failure -> translate(failure, operation.path()));
  }

  public Future<Void> delete(Instance instance, Operation operation) {
    return pool.withTransaction(conn -> conn.preparedQuery(SQL.get("deleteInstance")).execute(Tuple.of(instance.id()))
      .compose(v -> conn.preparedQuery(SQL.get("releaseAddresses")).execute(Tuple.of(instance.id())))
      .compose(v -> insertOperation(conn, operation)))
      .recover(failure -> translate(failure, operation.path()));
  }

  public Future<Void> deleteOperation(Operation operation) {
    return pool.preparedQuery(SQL.get("deleteOperation")).execute(Tuple.of(operation.id())).<Void>mapEmpty()
      .recover(failure -> translate(failure, operation.path()));
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

  private static Future<Void> insertOperation(SqlConnection conn, Operation op) {
    return conn.preparedQuery(SQL.get("insertOperation")).execute(Tuple.from(Arrays.asList(
        op.id(), op.name(), op.project(), op.zone(), op.operationType(), op.targetPath(), op.targetId(),
        time(op.insertTime()), time(op.startTime()), time(op.endTime()))).addValue(op.clientOperationId()))
      .mapEmpty();
  }

  private static Tuple insertTuple(Instance i) {
    return Tuple.tuple()
      .addValue(i.id()).addValue(i.project()).addValue(i.zone()).addValue(i.name()).addValue(i.description())
      .addValue(i.machineType()).addValue(i.status().name()).addValue(time(i.created()))
      .addValue(time(i.lastStart())).addValue(time(i.lastStop()))
      .addValue(i.metadataItems()).addValue(i.labels()).addValue(i.tags())
      .addValue(i.networkInterfaces()).addValue(i.disks()).addValue(i.attributes()).addValue(i.generation());
  }

  private static Instance instance(Row row) {
    return new Instance(
      row.getLong("id"), row.getString("project"), row.getString("zone"), row.getString("name"),
      row.getString("description"), row.getString("machine_type"), InstanceStatus.valueOf(row.getString("status")),
      instant(row.getOffsetDateTime("creation_timestamp")), instant(row.getOffsetDateTime("last_start_timestamp")),
      instant(row.getOffsetDateTime("last_stop_timestamp")),
      (JsonObject) row.getValue("labels"), (JsonArray) row.getValue("tags"), (JsonArray) row.getValue("metadata"),
      (JsonArray) row.getValue("network_interfaces"), (JsonArray) row.getValue("disks"),
      (JsonObject) row.getValue("attributes"), row.getLong("generation"));
  }

  private static Operation operation(Row row) {
    return new Operation(row.getLong("id"), row.getString("name"), row.getString("project"), row.getString("zone"),
      row.getString("operation_type"), row.getString("target_path"), row.getLong("target_id"),
      instant(row.getOffsetDateTime("insert_time")), instant(row.getOffsetDateTime("start_time")),
      instant(row.getOffsetDateTime("end_time")), row.getString("client_operation_id"));
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
