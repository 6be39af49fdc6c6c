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
import java.util.Comparator;
import java.util.TreeMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Postgres persistence of one zone's instances and operations, written under the zone's fence. A
 * group commit's steps are written in one transaction, instances together with their operations;
 * the zone verticle replies only after it committed.
 */
public final class ZoneStore {

  private static final Logger LOG = Logger.getLogger(ZoneStore.class.getName());
  private static final SqlStatements SQL = SqlStatements.load("sql/zone.sql");
  private static final String UNIQUE_VIOLATION = "23505";
  /** Raised by take_addresses when a subnet's range is full; its message is GCE's. */
  private static final String IP_SPACE_EXHAUSTED = "GCE01";
  /** Raised by zone_fence when the zone's lease has passed to another node. */
  private static final String NOT_OWNER = "GCE02";

  private final Pool pool;
  private final Supplier<ZoneFence> fence;

  /** @param fence the zone's current fence: it changes when the zone re-fences itself after an unknown outcome */
  public ZoneStore(Pool pool, Supplier<ZoneFence> fence) {
    this.pool = pool;
    this.fence = fence;
  }

  public Future<List<Instance>> loadInstances() {
    return pool.preparedQuery(SQL.get("loadInstances")).execute(Tuple.of(fence.get().zone())).map(rows -> {
      List<Instance> instances = new ArrayList<>();
      rows.forEach(row -> instances.add(instance(row)));
      return instances;
    });
  }

  public Future<List<Operation>> loadOperations() {
    return pool.preparedQuery(SQL.get("loadOperations")).execute(Tuple.of(fence.get().zone())).map(rows -> {
      List<Operation> operations = new ArrayList<>();
      rows.forEach(row -> operations.add(operation(row)));
      return operations;
    });
  }

  /**
   * The group commit: writes the net effect of a batch of steps in one transaction. Created
   * instances get, for each network interface, the lowest free address of their region's subnet.
   * Nothing is acknowledged before this commits.
   *
   * @return the network interfaces, with addresses, of each created instance, by id
   */
  public Future<Map<Long, JsonArray>> writeAll(List<Step> steps, Region region) {
    NetChanges net = new NetChanges(steps);
    List<Tuple> deleted = net.deleted().stream().map(instance -> Tuple.of(instance.id())).toList();
    return fenced(steps.isEmpty() ? "" : steps.get(0).operation().targetPath(), conn -> {
      // Sent in this order: deleting first frees names and addresses for the batch's creates.
      Future<Void> gone = Future.join(batch(conn, "deleteInstance", deleted), batch(conn, "releaseAddresses", deleted)).mapEmpty();
      Future<Map<Long, JsonArray>> addressed = takeAddresses(conn, net.created(), region);
      return Future.join(List.of(gone, addressed,
          batch(conn, "insertInstance", net.created().stream().map(ZoneStore::insertTuple).toList()),
          batch(conn, "updateInstance", net.updated().stream().map(ZoneStore::updateTuple).toList()),
          batch(conn, "saveOperation", net.operations().stream().map(this::operationTuple).toList())))
        .map(written -> addressed.result());
    });
  }

  public Future<Void> deleteOperation(Operation operation) {
    return fenced(operation.path(), conn -> conn.preparedQuery(SQL.get("deleteOperation")).execute(Tuple.of(operation.id())).mapEmpty());
  }

  /** Forgets finished operations past their retention. */
  public Future<Void> deleteOperations(List<Operation> operations) {
    Long[] ids = operations.stream().map(Operation::id).toArray(Long[]::new);
    return fenced("operations", conn -> conn.preparedQuery(SQL.get("deleteOperations")).execute(Tuple.of((Object) ids)).mapEmpty());
  }

  /** Removes the zone's instances and operations, or only one project's when {@code project} is set. */
  public Future<Void> reset(String project) {
    Tuple scope = Tuple.of(fence.get().zone(), project);
    return fenced("projects/" + project, conn -> Future.join(conn.preparedQuery(SQL.get("resetInstances")).execute(scope),
      conn.preparedQuery(SQL.get("resetOperations")).execute(scope)).mapEmpty());
  }

  /**
   * Runs statements in one transaction that first checks the zone's fence. Every statement, from
   * BEGIN to COMMIT, goes out at once, pipelined on one connection, so a write costs one round
   * trip: {@code statements} must send all of its statements before returning, none waiting for
   * another's answer (addresses, for one, are taken and read back inside Postgres). A statement
   * that fails aborts the transaction, and the ones after it, COMMIT included, change nothing.
   */
  private <T> Future<T> fenced(String resourcePath, Function<SqlConnection, Future<T>> statements) {
    ZoneFence current = fence.get();
    return pool.withConnection(conn -> {
        Future<?> begun = conn.query("BEGIN").execute();
        Future<?> owned = conn.preparedQuery(LeaseStore.fenceStatement()).execute(Tuple.of(current.zone(), current.owner(), current.epoch()));
        Future<T> work = statements.apply(conn);
        Future<?> committed = conn.query("COMMIT").execute();
        return Future.join(begun, owned, work, committed).map(done -> work.result())
          .recover(failure -> conn.query("ROLLBACK").execute().transform(rolledBack -> Future.<T>failedFuture(failure)));
      })
      .recover(failure -> translate(failure, resourcePath));
  }

  /** A stable project number, as GCE gives every project one. */
  public static long projectNumber(String project) {
    return 100_000_000_000L + Math.floorMod((long) project.hashCode() * 2_654_435_761L, 900_000_000_000L);
  }

  private record Subnet(String project, String network) {
  }

  /** A network interface of a created instance, waiting for its address. */
  private record Slot(long instanceId, int nic) {
  }

  private static Future<Void> batch(SqlConnection conn, String statement, List<Tuple> rows) {
    return rows.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(SQL.get(statement)).executeBatch(rows).mapEmpty();
  }

  /**
   * Sends, for each subnet the created instances' interfaces are in, the statement that takes
   * their addresses. Subnets go in a fixed order, so zones of one region committing at once never
   * wait for each other's locks in a cycle.
   */
  private static Future<Map<Long, JsonArray>> takeAddresses(SqlConnection conn, List<Instance> created, Region region) {
    if (created.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Map<Subnet, List<Slot>> wanted = new TreeMap<>(Comparator.comparing(Subnet::project).thenComparing(Subnet::network));
    Map<Long, JsonArray> addressed = new HashMap<>();
    for (Instance instance : created) {
      JsonArray nics = instance.networkInterfaces().copy();
      addressed.put(instance.id(), nics);
      for (int nic = 0; nic < nics.size(); nic++) {
        wanted.computeIfAbsent(new Subnet(instance.project(), nics.getJsonObject(nic).getString("network")), subnet -> new ArrayList<>())
          .add(new Slot(instance.id(), nic));
      }
    }
    List<Tuple> projects = created.stream().map(Instance::project).distinct().sorted()
      .map(project -> Tuple.of(project, projectNumber(project))).toList();
    List<Future<?>> sent = new ArrayList<>();
    sent.add(conn.preparedQuery(ProjectStore.ENSURE_SQL).executeBatch(projects));
    wanted.forEach((subnet, slots) -> sent.add(conn.preparedQuery(SQL.get("takeAddresses"))
      .execute(Tuple.from(List.of(subnet.project(), region.name(), subnet.network(), region.firstUsableAddress(), region.lastUsableAddress(),
        slots.stream().map(Slot::instanceId).toArray(Long[]::new), slots.stream().map(Slot::nic).toArray(Integer[]::new))))
      .onSuccess(rows -> rows.forEach(row -> addressed.get(row.getLong(0)).getJsonObject(row.getInteger(1))
        .put("networkIP", Catalog.ipv4(row.getLong(2)))))));
    return Future.join(sent).map(addressed);
  }

  private Tuple operationTuple(Operation op) {
    return Tuple.from(Arrays.asList(op.id(), op.name(), op.project(), op.zone(), op.operationType(), op.targetPath(),
      op.targetId(), op.status(), op.phase(), op.progression().toJson(), time(op.dueAt()), time(op.insertTime()),
      time(op.startTime()), time(op.endTime()), op.clientOperationId(), fence.get().epoch(), op.error()));
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
      row.getString("client_operation_id"), (JsonObject) row.getValue("error"));
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
  private <T> Future<T> translate(Throwable failure, String resourcePath) {
    if (failure instanceof GceError) {
      return Future.failedFuture(failure);
    }
    if (failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
      return Future.failedFuture(GceError.alreadyExists(resourcePath));
    }
    if (failure instanceof PgException pg && IP_SPACE_EXHAUSTED.equals(pg.getSqlState())) {
      return Future.failedFuture(new GceError(400, "ipSpaceExhausted", pg.getErrorMessage()));
    }
    if (failure instanceof PgException pg && NOT_OWNER.equals(pg.getSqlState())) {
      return Future.failedFuture(GceError.notOwner(fence.get().zone()));
    }
    // One line, not a stack trace: while Postgres is away every write ends here.
    LOG.warning("store write failed: " + failure);
    return Future.failedFuture(GceError.backendError("Internal error. Please try again or contact Google Support."));
  }
}
