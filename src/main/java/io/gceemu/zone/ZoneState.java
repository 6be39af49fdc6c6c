package io.gceemu.zone;

import io.gceemu.gce.ApiVersion;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Ids;
import io.gceemu.resource.ResourceIndex;
import io.vertx.core.buffer.Buffer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What one zone verticle knows: its instances and operations, by name and by numeric id (GCE
 * accepts either wherever a resource is named in a path). Touched only by the zone's event loop.
 * Changes staged for a group commit are remembered between {@link #begin()} and {@link #commit()},
 * so that a failed write can {@link #rollback()} the state to what Postgres holds.
 */
final class ZoneState {

  private final String zone;
  /** The zone's resources of the declared collections: its disks. */
  private final ResourceIndex resources;
  /** Each project's instances in name order, the order lists are served in. */
  private final Map<String, NavigableMap<String, Instance>> instancesByProject = new HashMap<>();
  private final Map<Long, Instance> instancesById = new HashMap<>();
  private final Map<String, Operation> operationsByName = new HashMap<>();
  private final Map<String, Map<Long, Operation>> operationsByProject = new HashMap<>();
  private final Map<Long, Operation> operationsById = new HashMap<>();
  private final Map<String, Operation> operationsByRequestId = new HashMap<>();
  /** Each version's rendered instances: a v1 reader never gets beta's links or fields, nor the reverse. */
  private final Map<ApiVersion, Map<Long, Buffer>> bodies = new EnumMap<>(ApiVersion.class);
  /** For each instance, the in-flight operation that drives its status, if any. */
  private final Map<Long, Long> drivers = new HashMap<>();
  /** The operations not DONE, and how many instances are in each status: kept as they change, read every few seconds. */
  private final Map<Long, Operation> unfinished = new HashMap<>();
  private final Map<InstanceStatus, Long> byStatus = new EnumMap<>(InstanceStatus.class);

  /** While a batch is staged: what each touched instance, operation and driver was before it. */
  private Map<Long, Optional<Instance>> instancesBefore;
  private Map<Long, Optional<Operation>> operationsBefore;
  private Map<Long, Optional<Long>> driversBefore;

  ZoneState(String zone) {
    this.zone = zone;
    this.resources = new ResourceIndex("zones/" + zone);
    for (ApiVersion version : ApiVersion.values()) {
      bodies.put(version, new HashMap<>());
    }
  }

  void begin() {
    resources.begin();
    instancesBefore = new HashMap<>();
    operationsBefore = new HashMap<>();
    driversBefore = new HashMap<>();
  }

  void commit() {
    resources.commit();
    instancesBefore = null;
    operationsBefore = null;
    driversBefore = null;
  }

  /** Puts back every instance, operation and driver the staged batch touched. */
  void rollback() {
    instancesBefore.forEach((id, before) -> {
      Instance now = instancesById.get(id);
      if (now != null) {
        removeInstance(now);
      }
      before.ifPresent(this::putInstance);
    });
    operationsBefore.forEach((id, before) -> {
      Operation now = operationsById.get(id);
      if (now != null) {
        removeOperation(now);
      }
      before.ifPresent(this::putOperation);
    });
    driversBefore.forEach((id, before) -> before.ifPresentOrElse(op -> drivers.put(id, op), () -> drivers.remove(id)));
    resources.rollback();
    commit();
  }

  ResourceIndex resources() {
    return resources;
  }

  void put(Instance instance) {
    rememberInstance(instance.id());
    putInstance(instance);
  }

  void remove(Instance instance) {
    rememberInstance(instance.id());
    removeInstance(instance);
  }

  private void putInstance(Instance instance) {
    Instance replaced = instancesById.put(instance.id(), instance);
    if (replaced != null) {
      byStatus.merge(replaced.status(), -1L, Long::sum);
    }
    byStatus.merge(instance.status(), 1L, Long::sum);
    NavigableMap<String, Instance> named = instancesByProject.computeIfAbsent(instance.project(), project -> new TreeMap<>());
    if (replaced != null && !replaced.name().equals(instance.name())) {
      // Renamed (setName): it is found by its new name only.
      named.remove(replaced.name());
    }
    named.put(instance.name(), instance);
    forgetBodies(instance);
  }

  private void removeInstance(Instance instance) {
    NavigableMap<String, Instance> project = instancesByProject.get(instance.project());
    if (project != null) {
      project.remove(instance.name());
    }
    Instance removed = instancesById.remove(instance.id());
    if (removed != null) {
      byStatus.merge(removed.status(), -1L, Long::sum);
    }
    forgetBodies(instance);
  }

  private void forgetBodies(Instance instance) {
    bodies.values().forEach(rendered -> rendered.remove(instance.id()));
  }

  /**
   * The instance's rendered JSON as {@code version} shows it, kept until the instance changes (only
   * instances read through a version get one for it).
   */
  Buffer body(Instance instance, ApiVersion version, Supplier<Buffer> render) {
    Map<Long, Buffer> rendered = bodies.get(version);
    Buffer body = rendered.get(instance.id());
    if (body == null) {
      body = render.get();
      rendered.put(instance.id(), body);
    }
    return body;
  }

  private void rememberInstance(long id) {
    if (instancesBefore != null) {
      instancesBefore.computeIfAbsent(id, key -> Optional.ofNullable(instancesById.get(id)));
    }
  }

  private void rememberOperation(Operation operation) {
    if (operationsBefore != null) {
      operationsBefore.computeIfAbsent(operation.id(), key -> Optional.ofNullable(operationsById.get(key)));
      driversBefore.computeIfAbsent(operation.targetId(), key -> Optional.ofNullable(drivers.get(key)));
    }
  }

  Instance instanceById(long id) {
    return instancesById.get(id);
  }

  Operation operationById(long id) {
    return operationsById.get(id);
  }

  /** Records which operation drives an instance's status now; a finished one lets go. */
  private void track(Operation operation) {
    if (!Lifecycle.drivesStatus(operation.operationType())) {
      return;
    }
    if (!operation.done()) {
      drivers.put(operation.targetId(), operation.id());
    } else {
      drivers.remove(operation.targetId(), operation.id());
    }
  }

  /** Whether another operation is taking the instance through its states right now. */
  boolean busy(Instance instance) {
    return busy(instance.id());
  }

  /** Whether an operation is taking the resource with this id (an instance, a disk) through its states. */
  boolean busy(long id) {
    return drivers.containsKey(id);
  }

  /** The type of the operation taking an instance through its states right now, if one is. */
  Optional<String> driverType(long instanceId) {
    Long driver = drivers.get(instanceId);
    Operation operation = driver == null ? null : operationsById.get(driver);
    return Optional.ofNullable(operation).map(Operation::operationType);
  }

  /** Whether {@code operation} may still change its instance (a delete may have taken over). */
  boolean drives(Operation operation) {
    return !Lifecycle.drivesStatus(operation.operationType()) || Long.valueOf(operation.id()).equals(drivers.get(operation.targetId()));
  }

  /**
   * Finished operations to forget: those that ended before {@code cutoff}, and, while the zone
   * holds more than {@code limit}, the oldest finished ones beyond it.
   */
  List<Operation> expired(Instant cutoff, int limit) {
    List<Operation> done = operationsById.values().stream().filter(Operation::done)
      .sorted(Comparator.comparing(Operation::insertTime)).toList();
    int excess = Math.max(0, operationsById.size() - limit);
    List<Operation> expired = new ArrayList<>();
    for (Operation operation : done) {
      if (expired.size() < excess || operation.endTime() != null && operation.endTime().isBefore(cutoff)) {
        expired.add(operation);
      }
    }
    return expired;
  }

  /** How many instances are in each status, every status included. */
  Map<String, Long> countByStatus() {
    Map<String, Long> counts = new TreeMap<>();
    for (InstanceStatus status : InstanceStatus.values()) {
      counts.put(status.name(), 0L);
    }
    byStatus.forEach((status, count) -> counts.put(status.name(), count));
    return counts;
  }

  List<Operation> inFlight() {
    return List.copyOf(unfinished.values());
  }

  /** Forgets a project's resources, or everything when {@code project} is null. */
  void clear(String project) {
    List<String> projects = project == null ? List.copyOf(instancesByProject.keySet()) : List.of(project);
    projects.forEach(name -> instances(name).forEach(this::remove));
    List<String> withOperations = project == null ? List.copyOf(operationsByProject.keySet()) : List.of(project);
    withOperations.forEach(name -> operations(name).forEach(this::remove));
    resources.clear(project);
  }

  boolean exists(String project, String name) {
    NavigableMap<String, Instance> instances = instancesByProject.get(project);
    return instances != null && instances.containsKey(name);
  }

  /** The instance a path segment names, by name or by id, or a GCE 404. */
  Instance instance(String project, String reference) {
    NavigableMap<String, Instance> instances = instancesByProject.get(project);
    Instance instance = instances == null ? null : instances.get(reference);
    if (instance == null && Ids.isNumericId(reference)) {
      Instance byId = instancesById.get(Ids.parseId(reference));
      instance = byId != null && byId.project().equals(project) ? byId : null;
    }
    if (instance == null) {
      throw GceError.notFound("projects/" + project + "/zones/" + zone + "/instances/" + reference);
    }
    return instance;
  }

  /** The project's instances in this zone, in name order. */
  /** The projects that have instances in the zone. */
  Set<String> projects() {
    return instancesByProject.keySet();
  }

  List<Instance> instances(String project) {
    NavigableMap<String, Instance> instances = instancesByProject.get(project);
    return instances == null ? List.of() : new ArrayList<>(instances.values());
  }

  void put(Operation operation) {
    rememberOperation(operation);
    putOperation(operation);
  }

  void remove(Operation operation) {
    rememberOperation(operation);
    removeOperation(operation);
  }

  private void putOperation(Operation operation) {
    track(operation);
    operationsByName.put(operation.name(), operation);
    operationsByProject.computeIfAbsent(operation.project(), project -> new LinkedHashMap<>()).put(operation.id(), operation);
    operationsById.put(operation.id(), operation);
    if (operation.done()) {
      unfinished.remove(operation.id());
    } else {
      unfinished.put(operation.id(), operation);
    }
    if (operation.clientOperationId() != null) {
      operationsByRequestId.put(key(operation.project(), operation.clientOperationId()), operation);
    }
  }

  private void removeOperation(Operation operation) {
    operationsByName.remove(operation.name());
    Map<Long, Operation> project = operationsByProject.get(operation.project());
    if (project != null) {
      project.remove(operation.id());
    }
    operationsById.remove(operation.id());
    unfinished.remove(operation.id());
    drivers.remove(operation.targetId(), operation.id());
    if (operation.clientOperationId() != null) {
      operationsByRequestId.remove(key(operation.project(), operation.clientOperationId()));
    }
  }

  /** The operation an earlier request with this {@code requestId} created, or null. */
  Operation operationForRequest(String project, String requestId) {
    return requestId == null ? null : operationsByRequestId.get(key(project, requestId));
  }

  Operation operation(String project, String reference) {
    Operation operation = operationsByName.get(reference);
    if (operation == null && Ids.isNumericId(reference)) {
      operation = operationsById.get(Ids.parseId(reference));
    }
    if (operation == null || !operation.project().equals(project)) {
      throw GceError.notFound("projects/" + project + "/zones/" + zone + "/operations/" + reference);
    }
    return operation;
  }

  List<Operation> operations(String project) {
    Map<Long, Operation> operations = operationsByProject.get(project);
    return operations == null ? List.of() : new ArrayList<>(operations.values());
  }

  private static String key(String project, String name) {
    return project + '/' + name;
  }
}
