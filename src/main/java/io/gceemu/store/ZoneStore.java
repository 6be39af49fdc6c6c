package io.gceemu.store;

import io.gceemu.catalog.Catalog;
import io.gceemu.catalog.Region;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
import io.gceemu.networks.Networks;
import io.gceemu.networks.Subnetworks;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.zone.Instance;
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
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Postgres persistence of one zone's instances and operations, written under the zone's fence. A
 * group commit's steps are written in one transaction, instances together with their operations;
 * the zone verticle replies only after it committed.
 */
public final class ZoneStore {

  private static final Logger LOG = LoggerFactory.getLogger(ZoneStore.class);
  private static final SqlStatements SQL = SqlStatements.load("sql/zone.sql");
  private static final SqlStatements RESOURCES = SqlStatements.load("sql/resources.sql");
  private static final SqlStatements NETWORKS = SqlStatements.load("sql/networks.sql");
  /**
   * The zone's collections whose writes Postgres decides on, where they meet another scope's: a
   * managed group's templates, which the global owner deletes (V17).
   */
  private static final Set<String> CHECKED_IN_POSTGRES = Set.of("instanceGroupManagers");
  private static final String UNIQUE_VIOLATION = "23505";
  /** The constraint that keeps one name per project, scope and collection (V10). */
  private static final String RESOURCE_NAME_KEY = "compute_resources_name_key";
  /** Raised by take_addresses when a subnet's range is full; its message is GCE's. */
  private static final String IP_SPACE_EXHAUSTED = "GCE01";
  /** Raised by take_addresses when a requested address is taken; DETAIL names instance:address pairs. */
  private static final String IP_IN_USE = "GCE03";
  /** Raised by take_addresses when the subnetwork has gone; its message is GCE's 404, DETAIL names the instances. */
  private static final String SUBNETWORK_GONE = "GCE04";
  /** How long a network or subnetwork read for an insert is kept, and how many at most before the stale ones go. */
  private static final long NETWORKS_KEPT_MS = 1_000;
  private static final int NETWORKS_KEPT = 4_096;
  private static final Set<String> KEPT_COLLECTIONS = Set.of(Networks.COLLECTION, Subnetworks.COLLECTION);
  /** instances.setName: the reserved addresses the old name used are the new name's. */
  private static final String RENAME = "setName";
  /** The operations that change an instance's interfaces (and so which reserved addresses it uses). */
  private static final Set<String> INTERFACE_CHANGES = Set.of("addAccessConfig", "deleteAccessConfig", "updateNetworkInterface",
    "updateAccessConfig", "setSecurityPolicy", RENAME);
  /** The severity of an error that ends only the transaction: Postgres answered, nothing committed. */
  private static final String REFUSED = "ERROR";

  private final Pool pool;
  private final Supplier<ZoneFence> fence;
  private final ResourceReads reads;

  /** The managed groups of the zone's region, which the zone acts for in its share, as committed. */
  public Future<List<Resource>> regionalGroups(String region) {
    return reads.inScope("regions/" + region, "instanceGroupManagers");
  }
  /** Projects this zone has seen made: used on the zone's event loop only. */
  private final Set<String> known = new HashSet<>();
  private record Kept(Resource resource, long until) {
  }

  /** Networks and subnetworks read lately, by path: used on the zone's event loop only. */
  private final Map<String, Kept> networks = new HashMap<>();

  /** @param fence the zone's current fence: it changes when the zone re-fences itself after an unknown outcome */
  public ZoneStore(Pool pool, Supplier<ZoneFence> fence) {
    this.pool = pool;
    this.fence = fence;
    this.reads = new ResourceReads(pool);
  }

  /**
   * Resources of other scopes a request of {@code project} names, as committed, by path. The
   * project is made first, if this is its first use, with the default network a new instance is
   * on (V14); the projects this zone knows exist are not asked again until a reset.
   */
  public Future<Map<String, Resource>> referenced(String project, List<ResourceKey> keys) {
    Future<Void> ensured = known.contains(project) ? Future.succeededFuture()
      : pool.preparedQuery(ProjectStore.ENSURE_SQL).execute(Tuple.of(project, projectNumber(project)))
        .<Void>mapEmpty().onSuccess(v -> known.add(project));
    return ensured.compose(v -> keys.isEmpty() ? Future.succeededFuture(Map.of()) : read(keys))
      .recover(failure -> Future.failedFuture(translate(failure, "projects/" + project)));
  }

  /**
   * Every instance insert names a network and a subnetwork: those found are kept for a moment
   * ({@link #NETWORKS_KEPT_MS}), so that a burst of creates does not read them each time. A
   * subnetwork deleted meanwhile still fails the insert, as the commit finds it gone.
   */
  private Future<Map<String, Resource>> read(List<ResourceKey> keys) {
    long now = System.currentTimeMillis();
    Map<String, Resource> found = new HashMap<>();
    List<ResourceKey> unknown = new ArrayList<>();
    for (ResourceKey key : keys) {
      Kept kept = networks.get(key.path());
      if (kept != null && kept.until() > now) {
        found.put(key.path(), kept.resource());
      } else {
        unknown.add(key);
      }
    }
    if (unknown.isEmpty()) {
      return Future.succeededFuture(found);
    }
    return reads.read(unknown).map(read -> {
      if (networks.size() > NETWORKS_KEPT) {
        networks.values().removeIf(kept -> kept.until() <= now);
      }
      read.forEach((path, resource) -> {
        if (KEPT_COLLECTIONS.contains(resource.collection())) {
          networks.put(path, new Kept(resource, now + NETWORKS_KEPT_MS));
        }
      });
      found.putAll(read);
      return found;
    });
  }

  public Future<List<Instance>> loadInstances() {
    String zone = fence.get().zone();
    return pool.preparedQuery(SQL.get("loadInstances")).execute(Tuple.of("zones/" + zone)).map(rows -> {
      List<Instance> instances = new ArrayList<>();
      rows.forEach(row -> instances.add(InstanceDocuments.instance(row, zone)));
      return instances;
    });
  }

  /** The zone's resources of the declared collections (its disks). */
  public Future<List<Resource>> loadResources() {
    return pool.preparedQuery(SQL.get("loadResources")).execute(Tuple.of("zones/" + fence.get().zone())).map(rows -> {
      List<Resource> resources = new ArrayList<>();
      rows.forEach(row -> resources.add(ResourceReads.resource(row)));
      return resources;
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
   * Nothing is acknowledged before this commits. A statement Postgres refuses fails the write with
   * {@link BatchRefused}, naming the commands it belongs to where Postgres says which.
   *
   * @return the network interfaces, with addresses, of each created instance, by id
   */
  public Future<Map<Long, JsonArray>> writeAll(List<Step> steps, Region region) {
    NetChanges net = new NetChanges(steps);
    return write(steps, net, region, false)
      // Written again, a statement for each step, to learn whose command the refused one was.
      .recover(failure -> unnamed(failure, steps) ? write(steps, net, region, true) : Future.failedFuture(failure))
      .recover(failure -> Future.failedFuture(refusal(failure, steps, net)));
  }

  /**
   * Postgres refused a statement written for several commands of the batch, so it did not say
   * which one's it was; a full range says it, naming the creates it found no address for.
   */
  private static boolean unnamed(Throwable failure, List<Step> steps) {
    return failure instanceof Pipeline.Refused refused && refused.step() < 0 && steps.size() > 1
      && ofCommands(refused.statement()) && !namesInstances(refused.statement());
  }

  /**
   * @param stepByStep a statement for each row, so that a refused one names its step; otherwise
   *                   a statement for each kind of row, which is cheaper
   */
  private Future<Map<Long, JsonArray>> write(List<Step> steps, NetChanges net, Region region, boolean stepByStep) {
    return fenced(pipeline -> {
      RowWriter rows = new RowWriter(pipeline, stepByStep);
      List<Instance> deleted = net.deleted();
      // Sent in this order: deleting first frees names and addresses for the batch's creates.
      rows.write(SQL.get("deleteInstance"), deleted, instance -> Tuple.of(instance.id()), instance -> net.stepOf(instance.id()));
      rows.write(SQL.get("releaseAddresses"), deleted, instance -> Tuple.of(instance.id()), instance -> net.stepOf(instance.id()));
      rows.write(SQL.get("releaseUsedAddresses"), deleted, instance -> Tuple.of(instance.path()), instance -> net.stepOf(instance.id()));
      rows.write(RESOURCES.get("deleteResource"), net.resourcesDeleted(), resource -> Tuple.of(resource.id()), net::stepOf);
      Future<Map<Long, JsonArray>> addressed = takeAddresses(pipeline, net, region, stepByStep);
      Set<Long> reconfigured = reconfigured(steps);
      steps.stream().filter(step -> step.write() == Step.Write.UPDATE && RENAME.equals(step.operation().operationType()))
        .forEach(step -> pipeline.execute(SQL.get("releaseUsedAddresses"), Tuple.of(step.operation().targetPath()),
          net.stepOf(step.instance().id())));
      useAddresses(pipeline, reconfigured, net, region);
      rows.write(SQL.get("insertInstance"), net.created(), this::insertTuple, instance -> net.stepOf(instance.id()));
      if (!net.created().isEmpty()) {
        pipeline.execute(SQL.get("claimReservedAddresses"), Tuple.of((Object) net.created().stream().map(Instance::id).toArray(Long[]::new)));
      }
      rows.write(SQL.get("updateInstance"), net.updated(), instance -> updateTuple(instance, reconfigured.contains(instance.id())),
        instance -> net.stepOf(instance.id()));
      if (!net.resourcesKept().isEmpty()) {
        ensureProjects(pipeline, net.resourcesKept().stream().map(Resource::project));
      }
      rows.write(RESOURCES.get("saveResource"), net.resourcesKept(), this::resourceTuple, net::stepOf);
      rows.write(NETWORKS.get("resourceWritten"), net.resourcesKept().stream()
          .filter(resource -> CHECKED_IN_POSTGRES.contains(resource.collection())).toList(),
        resource -> Tuple.of(resource.id(), (Object) null), net::stepOf);
      rows.write(SQL.get("saveOperation"), net.operations(), this::operationTuple, net::stepOf);
      return addressed;
    });
  }

  /** Sends the rows of one statement, as one batch or one by one with the steps they are for. */
  private record RowWriter(Pipeline pipeline, boolean stepByStep) {

    <R> void write(String sql, List<R> rows, Function<R, Tuple> tuple, Function<R, Integer> step) {
      if (stepByStep) {
        rows.forEach(row -> pipeline.execute(sql, tuple.apply(row), step.apply(row)));
      } else {
        pipeline.executeBatch(sql, rows.stream().map(tuple).toList());
      }
    }
  }

  public Future<Void> deleteOperation(Operation operation) {
    return fenced(pipeline -> pipeline.execute(SQL.get("deleteOperation"), Tuple.of(operation.id())))
      .recover(failure -> Future.failedFuture(translate(failure, operation.path()))).mapEmpty();
  }

  /** Forgets finished operations past their retention. */
  public Future<Void> deleteOperations(List<Operation> operations) {
    Long[] ids = operations.stream().map(Operation::id).toArray(Long[]::new);
    return fenced(pipeline -> pipeline.execute(SQL.get("deleteOperations"), Tuple.of((Object) ids)))
      .recover(failure -> Future.failedFuture(translate(failure, "operations"))).mapEmpty();
  }

  /** Removes the zone's instances, other resources and operations, or only one project's when {@code project} is set. */
  public Future<Void> reset(String project) {
    // A reset may forget projects: they are made again, with their networks, at their next use.
    known.clear();
    networks.clear();
    Tuple scope = Tuple.of(fence.get().zone(), project);
    return fenced(pipeline -> {
      pipeline.execute(SQL.get("resetInstances"), scope);
      pipeline.execute(SQL.get("resetResources"), Tuple.of("zones/" + fence.get().zone(), project));
      return pipeline.execute(SQL.get("resetOperations"), scope);
    }).recover(failure -> Future.failedFuture(translate(failure, "projects/" + project))).mapEmpty();
  }

  /**
   * Runs statements in one transaction that first checks the zone's fence. Every statement, from
   * BEGIN to COMMIT, goes out at once, pipelined on one connection, so a write costs one round
   * trip: {@code statements} must send all of its statements before returning, none waiting for
   * another's answer (addresses, for one, are taken and read back inside Postgres). A statement
   * that fails aborts the transaction, and the ones after it, COMMIT included, change nothing;
   * COMMIT then ends the aborted transaction, so nothing is left to roll back. The write fails
   * with the first failure, as Postgres raised it.
   */
  private <T> Future<T> fenced(Function<Pipeline, Future<T>> statements) {
    ZoneFence current = fence.get();
    return pool.withConnection(conn -> {
      Pipeline pipeline = new Pipeline(conn);
      pipeline.query("BEGIN");
      pipeline.execute(LeaseStore.fenceStatement(), Tuple.of(current.zone(), current.owner(), current.epoch()));
      Future<T> work;
      try {
        work = statements.apply(pipeline);
      } catch (RuntimeException e) {
        return conn.query("ROLLBACK").execute().transform(rolledBack -> Future.failedFuture(e));
      }
      pipeline.query("COMMIT");
      return pipeline.answered().transform(answered -> {
        Throwable root = pipeline.rootFailure();
        return root == null ? work : Future.failedFuture(root);
      });
    });
  }

  /** A stable project number, as GCE gives every project one. */
  public static long projectNumber(String project) {
    return 100_000_000_000L + Math.floorMod((long) project.hashCode() * 2_654_435_761L, 900_000_000_000L);
  }

  private record Subnet(String project, String name) {
  }

  /** A network interface of a created instance, waiting for its address: the one it asked for, or any. */
  private record Slot(long instanceId, int nic, Long requested) {
  }

  /**
   * Sends, for each subnet the created instances' interfaces are in, the statement that takes
   * their addresses (step by step: a statement for each instance there). Subnets go in a fixed
   * order, so zones of one region committing at once never wait for each other's locks in a cycle.
   */
  private static Future<Map<Long, JsonArray>> takeAddresses(Pipeline pipeline, NetChanges net, Region region, boolean stepByStep) {
    List<Instance> created = net.created();
    if (created.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Map<Subnet, List<Slot>> wanted = new TreeMap<>(Comparator.comparing(Subnet::project).thenComparing(Subnet::name));
    Map<Long, JsonArray> addressed = new HashMap<>();
    for (Instance instance : created) {
      JsonArray nics = instance.networkInterfaces().copy();
      addressed.put(instance.id(), nics);
      for (int nic = 0; nic < nics.size(); nic++) {
        JsonObject networkInterface = nics.getJsonObject(nic);
        String requested = networkInterface.getString("networkIP");
        wanted.computeIfAbsent(new Subnet(instance.project(), Links.lastSegment(networkInterface.getString("subnetwork"))),
            subnet -> new ArrayList<>())
          .add(new Slot(instance.id(), nic, requested == null ? null : Catalog.parseIpv4(requested).orElseThrow()));
      }
    }
    List<Future<?>> sent = new ArrayList<>();
    sent.add(ensureProjects(pipeline, created.stream().map(Instance::project)));
    wanted.forEach((subnet, slots) -> {
      Collection<List<Slot>> calls = stepByStep
        ? slots.stream().collect(Collectors.groupingBy(Slot::instanceId, LinkedHashMap::new, Collectors.toList())).values()
        : List.of(slots);
      for (List<Slot> call : calls) {
        Tuple arguments = Tuple.from(List.of(subnet.project(), region.name(), subnet.name(),
          call.stream().map(Slot::instanceId).toArray(Long[]::new), call.stream().map(Slot::nic).toArray(Integer[]::new),
          call.stream().map(Slot::requested).toArray(Long[]::new)));
        Future<RowSet<Row>> taken = stepByStep
          ? pipeline.execute(SQL.get("takeAddresses"), arguments, net.stepOf(call.get(0).instanceId()))
          : pipeline.execute(SQL.get("takeAddresses"), arguments);
        sent.add(taken.onSuccess(rows -> rows.forEach(row -> addressed.get(row.getLong(0)).getJsonObject(row.getInteger(1))
          .put("networkIP", Catalog.ipv4(row.getLong(2))))));
      }
    });
    return Future.join(sent).map(addressed);
  }

  /** The instances whose interfaces a step of the batch changed (their access configs, their alias ranges). */
  private static Set<Long> reconfigured(List<Step> steps) {
    return steps.stream().filter(step -> step.write() == Step.Write.UPDATE
      && INTERFACE_CHANGES.contains(step.operation().operationType())).map(step -> step.instance().id()).collect(Collectors.toSet());
  }

  /**
   * The reserved external addresses the instances' access configs name become theirs: for each
   * created instance that names any, and each whose access configs a step changed, one statement,
   * so that a refusal is that instance's alone.
   */
  private static void useAddresses(Pipeline pipeline, Set<Long> reconfigured, NetChanges net, Region region) {
    List<Instance> named = new ArrayList<>(net.created());
    net.updated().stream().filter(instance -> reconfigured.contains(instance.id())).forEach(named::add);
    for (Instance instance : named) {
      List<String> fields = new ArrayList<>();
      List<String> ips = new ArrayList<>();
      JsonArray nics = instance.networkInterfaces();
      for (int nic = 0; nic < nics.size(); nic++) {
        JsonArray configs = nics.getJsonObject(nic).getJsonArray("accessConfigs", new JsonArray());
        for (int config = 0; config < configs.size(); config++) {
          fields.add("resource.networkInterfaces[" + nic + "].accessConfigs[" + config + "].natIP");
          ips.add(configs.getJsonObject(config).getString("natIP"));
        }
      }
      if (!ips.isEmpty() || reconfigured.contains(instance.id())) {
        pipeline.execute(SQL.get("useAddresses"), Tuple.tuple().addString(instance.project()).addString(region.name())
          .addString(instance.path()).addArrayOfString(fields.toArray(String[]::new)).addArrayOfString(ips.toArray(String[]::new)),
          net.stepOf(instance.id()));
      }
    }
  }

  /** Projects come into being with their first resource, each with its number. */
  private static Future<?> ensureProjects(Pipeline pipeline, Stream<String> projects) {
    return pipeline.executeBatch(ProjectStore.ENSURE_SQL, projects.distinct().sorted()
      .map(project -> Tuple.of(project, projectNumber(project))).toList());
  }

  private Tuple resourceTuple(Resource resource) {
    return ResourceReads.saveTuple(resource, fence.get().epoch());
  }

  private Tuple operationTuple(Operation op) {
    return Tuple.from(Arrays.asList(op.id(), op.name(), op.project(), op.zone(), op.operationType(), op.targetPath(),
      op.targetId(), op.status(), op.phase(), op.progression().toJson(), time(op.dueAt()), time(op.insertTime()),
      time(op.startTime()), time(op.endTime()), op.clientOperationId(), fence.get().epoch(), op.error(), op.groupId()));
  }

  private Tuple insertTuple(Instance instance) {
    return Tuple.of(instance.id(), instance.project(), "zones/" + instance.zone(), instance.name(), time(instance.created()),
      InstanceDocuments.document(instance), fence.get().epoch());
  }

  /** @param interfaces whether the update writes the zone's part of the interfaces too */
  private Tuple updateTuple(Instance instance, boolean interfaces) {
    return Tuple.of(instance.id(), InstanceDocuments.document(instance), fence.get().epoch(), interfaces, instance.name());
  }

  private static Operation operation(Row row) {
    return new Operation(row.getLong("id"), row.getString("name"), row.getString("project"), row.getString("zone"), null,
      row.getString("operation_type"), row.getString("target_path"), row.getLong("target_id"), row.getString("status"),
      row.getInteger("phase"), Progression.fromJson((JsonObject) row.getValue("progression")),
      instant(row.getOffsetDateTime("due_at")), instant(row.getOffsetDateTime("insert_time")),
      instant(row.getOffsetDateTime("start_time")), instant(row.getOffsetDateTime("end_time")),
      row.getString("client_operation_id"), (JsonObject) row.getValue("error"), row.getString("operation_group_id"));
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  /**
   * A batch Postgres refused (it answered with an error, so nothing of it committed) fails only
   * the commands the error belongs to: a full range names the creates it found no address for,
   * a statement sent for one step names that step, and a batch of one is its own culprit.
   * Anything else, a lost lease, a refusal that belongs to no command, or an outcome nobody knows
   * (no connection, no answer), fails the whole batch.
   */
  private Throwable refusal(Throwable failure, List<Step> steps, NetChanges net) {
    if (!(failure instanceof Pipeline.Refused refused) || !ofCommands(refused.statement())) {
      return translate(failure, "");
    }
    PgException pg = refused.statement();
    Map<Integer, GceError> culprits = new HashMap<>();
    Map<Integer, JsonObject> failedOperations = new HashMap<>();
    if (IP_IN_USE.equals(pg.getSqlState()) && pg.getDetail() != null) {
      // GCE accepts the insert and fails its operation: the address is checked as the VM is placed.
      for (String taken : pg.getDetail().split(",")) {
        String[] instanceAndAddress = taken.split(":");
        failedOperations.put(net.stepOf(Long.parseLong(instanceAndAddress[0])), new JsonObject()
          .put("code", "IP_IN_USE_BY_ANOTHER_RESOURCE").put("httpStatus", 400)
          .put("message", "IP '" + Catalog.ipv4(Long.parseLong(instanceAndAddress[1])) + "' is already being used by another resource."));
      }
    } else if (namesInstances(pg)) {
      GceError refusedThem = translate(pg, "");
      Arrays.stream(pg.getDetail().split(",")).forEach(id -> culprits.put(net.stepOf(Long.parseLong(id)), refusedThem));
    } else if (refused.step() >= 0 || steps.size() == 1) {
      int step = Math.max(0, refused.step());
      culprits.put(step, translate(pg, steps.get(step).operation().targetPath()));
    }
    return culprits.isEmpty() && failedOperations.isEmpty() ? translate(pg, "") : new BatchRefused(culprits, failedOperations);
  }

  /**
   * The resource whose name was taken, from Postgres's detail: a zone also writes resources of
   * other scopes (a disk's snapshot), whose names only Postgres knows.
   */
  private static String takenPath(PgException pg) {
    String detail = pg.getDetail() == null ? "" : pg.getDetail();
    int open = detail.indexOf(")=(");
    int close = detail.indexOf(')', open + 3);
    if (open < 0 || close < 0) {
      return "";
    }
    String[] key = detail.substring(open + 3, close).split(", ");
    return key.length == 4 ? "projects/" + key[0] + "/" + key[1] + "/" + key[2] + "/" + key[3] : "";
  }

  /** take_addresses names, in the DETAIL, the instances it refused. */
  private static boolean namesInstances(PgException refused) {
    return (IP_SPACE_EXHAUSTED.equals(refused.getSqlState()) || IP_IN_USE.equals(refused.getSqlState())
      || SUBNETWORK_GONE.equals(refused.getSqlState())) && refused.getDetail() != null;
  }

  /** Postgres refused a statement (ending only the transaction), and not for a lost lease. */
  private static boolean ofCommands(PgException refused) {
    return REFUSED.equals(refused.getSeverity()) && !LeaseStore.NOT_OWNER.equals(refused.getSqlState());
  }

  /**
   * Store failures become GCE errors: a unique key taken already is a conflict on the resource
   * being written, a full range GCE's ipSpaceExhausted, anything else a 503 the caller may retry.
   */
  private GceError translate(Throwable failed, String resourcePath) {
    Throwable failure = failed instanceof Pipeline.Refused refused ? refused.statement() : failed;
    if (failure instanceof GceError error) {
      return error;
    }
    Optional<GceError> decided = DecidedInPostgres.error(failure);
    if (decided.isPresent()) {
      return decided.get();
    }
    if (failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
      return GceError.alreadyExists(RESOURCE_NAME_KEY.equals(pg.getConstraint()) ? takenPath(pg) : resourcePath);
    }
    if (failure instanceof PgException pg && IP_SPACE_EXHAUSTED.equals(pg.getSqlState())) {
      return new GceError(400, "ipSpaceExhausted", pg.getErrorMessage());
    }
    if (failure instanceof PgException pg && SUBNETWORK_GONE.equals(pg.getSqlState())) {
      return new GceError(404, "notFound", pg.getErrorMessage());
    }
    if (failure instanceof PgException pg && LeaseStore.NOT_OWNER.equals(pg.getSqlState())) {
      return GceError.notOwner(fence.get().zone());
    }
    // One line, not a stack trace: while Postgres is away every write ends here.
    LOG.warn("store write failed: " + failure);
    return GceError.backendError("Internal error. Please try again or contact Google Support.");
  }
}
