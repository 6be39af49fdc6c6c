package io.gceemu.zone;

import io.gceemu.bus.Actions;
import io.gceemu.bus.Addresses;
import io.gceemu.catalog.Catalog;
import io.gceemu.catalog.Zone;
import io.gceemu.cluster.ScopeMessages;
import io.gceemu.cluster.ZoneLease;
import io.gceemu.gce.ApiVersion;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
import io.gceemu.gce.Timestamps;
import io.gceemu.list.ListRequest;
import io.gceemu.metrics.EmulatorMetrics;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceLists;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.ResourceTypes;
import io.gceemu.groups.InstanceGroupManagers;
import io.gceemu.groups.InstanceGroups;
import io.gceemu.store.LeaseStore;
import io.gceemu.templates.InstanceTemplates;
import io.gceemu.store.ZoneStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.Optional;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The actor that owns one zone: its instances and operations live only here, are changed only on
 * this verticle's event loop, and every change is committed to Postgres before it becomes visible
 * or is acknowledged. Mutations and operation steps are group-committed: those that arrive while a
 * write is in flight are applied in order and written together in the next transaction, so each
 * is decided on the state it is applied to and a zone writes as fast as Postgres commits batches.
 */
public final class ZoneVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ZoneVerticle.class);

  private final Zone zone;
  private final ZoneSettings settings;
  private final ZoneLease lease;
  private final LeaseStore leases;
  private final EmulatorMetrics metrics;
  private final ZoneStore store;
  private final VersionedJson json;
  private final InstanceFactory factory;
  /** Inserts reading what they name in other scopes, not yet queued to commit. */
  private int reading;
  private final ZoneState state;
  private final Progressions progressions;
  private final InstanceCommands commands;
  private final ResourceCommands resources;
  private final DiskAttachments attachments;
  private final OperationWaits waits;
  private final GroupCommit commits;
  /** What the managed groups' control loop decides, and the loop that carries it out. */
  private final GroupControl groups;
  private final InstanceGroupReads instanceGroups;
  private final InstanceWorkloads workloads;
  private GroupLoop loop;
  private static final long RETRY_MS = 1_000;
  private static final long PURGE_EVERY_MS = 60_000;
  private static final long METRICS_EVERY_MS = 1_000;
  private static final long RECONCILE_EVERY_MS = 1_000;

  /**
   * @param lease  the zone's lease on this node; the verticle answers only while it holds
   * @param leases where the zone re-fences itself after a write whose outcome it does not know
   */
  public ZoneVerticle(Zone zone, Catalog catalog, ZoneStore store, Links links, ZoneSettings settings, ZoneLease lease,
                      LeaseStore leases, EmulatorMetrics metrics) {
    this.metrics = metrics;
    this.zone = zone;
    this.settings = settings;
    this.lease = lease;
    this.leases = leases;
    this.store = store;
    this.json = new VersionedJson(links);
    this.factory = new InstanceFactory(catalog, zone);
    this.state = new ZoneState(zone.name());
    this.progressions = new Progressions(settings.timing(), settings.transitionMs());
    this.resources = new ResourceCommands(zone.name(), state, progressions);
    this.attachments = new DiskAttachments(zone.name(), state);
    this.commands = new InstanceCommands(zone.name(), factory, state, progressions, attachments);
    this.waits = new OperationWaits(settings.waitTimeoutMs());
    this.commits = new GroupCommit(state, store, factory.region(), this::committed, this::resync, metrics);
    this.groups = new GroupControl(zone.name(), state);
    this.workloads = new InstanceWorkloads(settings.runtime(), state.resources(), catalog);
    this.instanceGroups = new InstanceGroupReads(zone.name(), state, groups, json,
      (group, version) -> body(InstanceGroups.TYPE, group, version), (group, version) -> rendered(InstanceGroups.TYPE, group, version));
  }

  @Override
  public Future<?> start() {
    waits.attach(vertx);
    long purgeEveryMs = Math.max(100, Math.min(settings.operationRetentionMs(), PURGE_EVERY_MS));
    vertx.setPeriodic(purgeEveryMs, timer -> commits.exclusively(this::purgeOperations)
      .onFailure(failure -> LOG.debug("operations not purged this time: {}", failure.getMessage())));
    vertx.setPeriodic(METRICS_EVERY_MS, timer ->
      metrics.zone(zone.name(), state.countByStatus(), state.inFlight().size(), commits.backlog()));
    // A group whose members were deleted or lost by anyone but itself is repaired on the next round.
    loop = new GroupLoop(vertx, lease, store, factory.region().name(), state, groups, commands, resources, factory, this::run,
      this::referenced);
    vertx.setPeriodic(RECONCILE_EVERY_MS, timer -> loop.readRegionalGroups());
    return load().compose(loaded -> {
      MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.owner(zone.name()), this::handle);
      return consumer.completion();
    });
  }

  /** Replaces the zone's state with what Postgres holds, and resumes the operations in flight there. */
  private Future<Void> load() {
    return store.loadInstances().compose(instances -> store.loadResources().compose(loaded -> store.loadOperations().map(operations -> {
      state.clear(null);
      instances.forEach(state::put);
      loaded.forEach(resource -> state.resources().apply(Resource.Change.put(resource)));
      // Oldest first, so that an instance's latest in-flight operation ends up driving it.
      operations.stream().sorted(Comparator.comparing(Operation::insertTime)).forEach(state::put);
      state.inFlight().forEach(this::schedule);
      loop.loaded();
      workloads.loaded(instances);
      return null;
    })));
  }

  /**
   * After a write whose outcome is unknown (Postgres went away or did not answer in time), the
   * zone cannot tell whether its last batch committed. It moves its lease to a new epoch, so that
   * the batch, if still on its way, can no longer commit (and, if it holds the lease row, commits
   * first), then reloads what Postgres holds before it writes again.
   */
  private Future<Void> resync() {
    return leases.refence(lease.fence()).compose(next -> {
      if (next.isEmpty()) {
        lease.lose();
        return Future.failedFuture(GceError.notOwner(zone.name()));
      }
      lease.refenced(next.get());
      return load();
    });
  }

  /** A zone being handed over finishes the writes it accepted, so none is lost or left half done. */
  @Override
  public Future<?> stop() {
    lease.lose();
    waits.abandonAll(GceError.notOwner(zone.name()));
    metrics.forget(zone.name());
    return commits.drained();
  }

  private void handle(Message<JsonObject> message) {
    String action = message.headers().get(Actions.HEADER);
    ScopeMessages.answer(message, lease, () -> {
      if (commits.backlog() + reading >= settings.queueLimit() && !Actions.PING.equals(action)) {
        // Shed rather than queue without bound: the caller gets a 503 to retry after a second.
        return Future.failedFuture(GceError.backendError("Zone " + zone.name() + " is overloaded; retry later."));
      }
      return dispatch(action, message.body() == null ? new JsonObject() : message.body());
    });
  }

  /**
   * What an insert names in other scopes, read before it is decided; inserts reading count as
   * waiting, so an overloaded zone sheds them too.
   */
  private Future<Map<String, Resource>> referenced(String project, List<ResourceKey> keys) {
    reading++;
    return store.referenced(project, keys).onComplete(read -> reading--);
  }

  /** Answers with GCE JSON: a JsonObject, or the bytes of one where they are kept ready. */
  private Future<?> dispatch(String action, JsonObject request) {
    if (Actions.PING.equals(action)) {
      return Future.succeededFuture(new JsonObject().put("zone", zone.name()).put("node", lease.fence().owner())
        .put("epoch", lease.fence().epoch()));
    }
    if (Actions.ADMIN_PROGRESSION.equals(action)) {
      return chooseProgression(request.getString("method"), request.getJsonObject("progression"));
    }
    if (Actions.ADMIN_RELOAD.equals(action)) {
      return commits.exclusively(() -> load().map(new JsonObject().put("zone", zone.name())));
    }
    if (Actions.ADMIN_RESET.equals(action)) {
      return commits.exclusively(() -> reset(request.getString("project")));
    }
    String project = request.getString("project");
    if (project == null) {
      throw GceError.required("project");
    }
    ApiVersion version = ApiVersion.ofMessage(request.getString("version"));
    String instance = request.getString("instance");
    String id = request.getString("requestId");
    JsonObject body = request.getJsonObject("body", new JsonObject());
    JsonObject fault = request.getJsonObject("fault");
    ResourceType collection = ResourceTypes.ofAction(action).orElse(null);
    if (collection != null) {
      return dispatch(collection, collection.verbOf(action), project, request, version);
    }
    // An injected operation fault applies to the actions that answer with an operation.
    if (fault != null && Actions.MUTATIONS.contains(action)) {
      String target = Actions.INSERT.equals(action) ? body.getString("name") : instance;
      String type = Actions.operationType(action);
      return mutate(project, id, version, now -> commands.failed(project, target, type, fault, id, now));
    }
    Optional<InstanceSetters> setter = InstanceSetters.of(action);
    if (setter.isPresent()) {
      return mutate(project, id, version, now -> commands.set(setter.get(), project, instance, body, id, now));
    }
    return switch (action == null ? "" : action) {
      case Actions.GET -> commits.settled(() -> body(state.instance(project, instance), version));
      case Actions.LIST -> commits.settled(() -> listInstances(project, request, version));
      case Actions.SERIAL_PORT -> commits.settled(() -> state.instance(project, instance)).compose(found -> workloads.console(found)
        .map(real -> serialPort(found, real, request, version)));
      case Actions.INSERT -> fromTemplate(project, request.getJsonObject("params", new JsonObject()).getString("sourceInstanceTemplate"), body)
        .compose(made -> referenced(project, factory.references(project, made))
          .compose(referenced -> mutate(project, id, version, now -> commands.insert(project, made, referenced, id, now))));
      case Actions.BULK_INSERT -> fromTemplate(project, body.getString("sourceInstanceTemplate"), body.getJsonObject("instanceProperties"))
        .compose(properties -> bulkInsert(project, BulkInsert.of(body, properties), id, version));
      case Actions.DELETE -> mutate(project, id, version, now -> commands.delete(project, instance, id, now));
      case Actions.START, Actions.START_WITH_ENCRYPTION_KEY ->
        mutate(project, id, version, now -> commands.start(project, instance, Actions.operationType(action), id, now));
      case Actions.PERFORM_MAINTENANCE, Actions.SIMULATE_MAINTENANCE_EVENT, Actions.REPORT_HOST_AS_FAULTY ->
        mutate(project, id, version, now -> commands.hostEvent(project, instance, Actions.operationType(action), id, now));
      case Actions.SET_NAME -> mutate(project, id, version, now -> commands.setName(project, instance, body, id, now));
      case Actions.GUEST_TERMINATE -> mutate(project, id, version, now -> commands.guestTerminate(project, instance, now));
      case Actions.SET_SECURITY_POLICY -> mutate(project, id, version, now -> commands.setSecurityPolicy(project, instance, body, id, now));
      case Actions.UPDATE_ACCESS_CONFIG -> mutate(project, id, version,
        now -> commands.updateAccessConfig(project, instance, request.getString("networkInterface"), body, id, now));
      case Actions.ADD_NETWORK_INTERFACE, Actions.DELETE_NETWORK_INTERFACE -> commits.settled(() ->
        InstanceNetworks.refuseDynamicInterface(state.instance(project, instance), request.getString("networkInterface")));
      case Actions.STOP -> mutate(project, id, version, now -> commands.stop(project, instance, id, now));
      case Actions.RESET -> mutate(project, id, version, now -> commands.reset(project, instance, id, now));
      case Actions.SUSPEND -> mutate(project, id, version, now -> commands.suspend(project, instance, id, now));
      case Actions.RESUME -> mutate(project, id, version, now -> commands.resume(project, instance, id, now));
      case Actions.SET_LABELS -> mutate(project, id, version, now -> commands.setLabels(project, instance, body, id, now));
      case Actions.SET_METADATA -> mutate(project, id, version, now -> commands.setMetadata(project, instance, body, id, now));
      case Actions.SET_TAGS -> mutate(project, id, version, now -> commands.setTags(project, instance, body, id, now));
      case Actions.SET_MACHINE_TYPE -> mutate(project, id, version, now -> commands.setMachineType(project, instance, body, id, now));
      case Actions.ATTACH_DISK -> mutate(project, id, version,
        now -> commands.attachDisk(project, instance, body, request.getBoolean("forceAttach", false), id, now));
      case Actions.DETACH_DISK -> mutate(project, id, version,
        now -> commands.detachDisk(project, instance, request.getString("deviceName"), id, now));
      case Actions.SET_DISK_AUTO_DELETE -> mutate(project, id, version, now -> commands.setDiskAutoDelete(project, instance,
        request.getString("deviceName"), request.getBoolean("autoDelete", false), id, now));
      case Actions.ADD_ACCESS_CONFIG -> mutate(project, id, version,
        now -> commands.addAccessConfig(project, instance, request.getString("networkInterface"), body, id, now));
      case Actions.DELETE_ACCESS_CONFIG -> mutate(project, id, version, now -> commands.deleteAccessConfig(project, instance,
        request.getString("networkInterface"), request.getString("accessConfig"), id, now));
      case Actions.UPDATE_NETWORK_INTERFACE -> mutate(project, id, version,
        now -> commands.updateNetworkInterface(project, instance, request.getString("networkInterface"), body, id, now));
      case Actions.SET_DELETION_PROTECTION -> mutate(project, id, version,
        now -> commands.setDeletionProtection(project, instance, request.getBoolean("deletionProtection", true), id, now));
      case Actions.UPDATE -> mutate(project, id, version,
        now -> commands.update(project, instance, json.keepUnseen(version, state.instance(project, instance), body), id, now));
      case Actions.OPERATION_GET -> commits.settled(() -> state.operation(project, request.getString("operation")))
        .compose(this::read).map(operation -> json.operation(version, operation));
      case Actions.OPERATION_WAIT -> commits.settled(() -> state.operation(project, request.getString("operation")))
        .compose(operation -> request.getBoolean("continued", false) ? Future.succeededFuture(operation) : read(operation)).compose(operation -> await(operation, request.getLong("maxWaitMs")))
        .map(operation -> json.operation(version, operation));
      case Actions.OPERATION_LIST -> commits.settled(() -> listOperations(project, request, version));
      case Actions.OPERATION_DELETE -> commits.exclusively(() -> deleteOperation(project, request.getString("operation")));
      case Actions.ADMIN_ADVANCE -> commits.settled(() -> state.operation(project, request.getString("operation")))
        .compose(operation -> advanceOnRequest(operation, request.getBoolean("toEnd", false)))
        .map(operation -> json.operation(version, operation));
      default -> throw new GceError(400, "invalid", "Unknown action '" + action + "'.");
    };
  }

  /** A method of a declared collection (disks): the shared verbs, or the collection's own. */
  private Future<?> dispatch(ResourceType type, String verb, String project, JsonObject request, ApiVersion version) {
    String reference = request.getString("resource");
    String id = request.getString("requestId");
    JsonObject body = request.getJsonObject("body", new JsonObject());
    JsonObject params = request.getJsonObject("params", new JsonObject());
    JsonObject fault = request.getJsonObject("fault");
    if (fault != null && !ResourceType.READS.contains(verb)) {
      // An injected operation fault: accepted, and its operation ends at once in the error, changing nothing.
      return mutate(project, id, version, now -> resources.failed(type, verb, project, reference, body, fault, id, now));
    }
    if (type == InstanceGroups.TYPE) {
      Optional<Supplier<Object>> read = instanceGroups.read(verb, project, reference, request, version);
      if (read.isPresent()) {
        return commits.settled(read.get());
      }
      if (verb.equals("addInstances")) {
        // The instances added must be of this zone: a missing one is GCE's 404 for it.
        return mutate(project, id, version, now -> {
          InstanceGroups.named(body).forEach(name -> state.instance(project, name));
          return resources.custom(type, verb, project, reference, body, params, id, now);
        });
      }
    }
    return switch (verb) {
      case "get" -> commits.settled(() -> body(type, state.resources().get(type.collection(), project, reference), version));
      case "list" -> commits.settled(() -> listResources(type, project, request, version));
      case ResourceType.INSERT -> referenced(project, resources.rules(type).references(project, body, params))
        .compose(referenced -> mutate(project, id, version, now -> resources.insert(type, project, body, params, referenced, id, now)));
      case ResourceType.DELETE -> mutate(project, id, version, now -> resources.delete(type, project, reference, id, now));
      case ResourceType.SET_LABELS -> mutate(project, id, version, now -> resources.setLabels(type, project, reference, body, id, now));
      case InstanceGroupManagers.LIST_MANAGED_INSTANCES -> commits.settled(() -> groups.managedInstances(
        state.resources().get(type.collection(), project, reference), path -> json.link(version, path)));
      case InstanceGroupManagers.LIST_ERRORS -> commits.settled(() -> {
        Resource group = state.resources().get(type.collection(), project, reference);
        return new JsonObject().put("items", new JsonArray()).put("selfLink", json.link(version, group.path() + "/listErrors"));
      });
      case InstanceGroupManagers.LIST_PER_INSTANCE_CONFIGS -> commits.settled(() -> {
        state.resources().get(type.collection(), project, reference);
        return new JsonObject().put("items", new JsonArray());
      });
      default -> InstanceGroupManagers.namesMembers(verb) && type == InstanceGroupManagers.TYPE
        ? commits.settled(() -> state.resources().get(type.collection(), project, reference)).compose(group -> {
          JsonObject checked = InstanceGroupManagers.checkedMembers(group, body,
            groups.members(group).stream().map(Instance::name).collect(Collectors.toSet()));
          Future<Buffer> changed = mutate(project, id, version, now -> resources.custom(type, verb, project, reference, checked, params, id, now));
          return InstanceGroupManagers.ON_MEMBERS.contains(verb) ? loop.actOnMembers(group, verb, checked, changed) : changed;
        })
        : mutate(project, id, version, now -> resources.custom(type, verb, project, reference, body, params, id, now));
    };
  }

  /**
   * The body of an insert that names a {@code sourceInstanceTemplate}: the template's properties
   * with the body's fields over them; the body as it is when it names none.
   */
  private Future<JsonObject> fromTemplate(String project, String template, JsonObject body) {
    if (template == null) {
      return Future.succeededFuture(body);
    }
    ResourceKey key = InstanceTemplates.key(template, project)
      .orElseThrow(() -> GceError.invalidValue("sourceInstanceTemplate", template, "The referenced instance template cannot be found."));
    return referenced(project, List.of(key)).map(found -> {
      Resource source = found.get(key.path());
      if (source == null) {
        throw GceError.notFound(key.path());
      }
      return InstanceTemplates.instanceBody(source, body == null ? new JsonObject() : body);
    });
  }

  /**
   * bulkInsert: each instance is made as by its own insert (with its operation), then the bulk's
   * one operation is stored DONE; all of them share an operationGroupId, as on GCE (gcloud counts
   * the instances made by the inserts of the group). A retried requestId gets that operation back and makes nothing.
   * The names are chosen free; an insert that loses its name to another caller meanwhile fails
   * the bulk, and the instances made before it stay, as GCE keeps those it could make.
   */
  private Future<Buffer> bulkInsert(String project, BulkInsert bulk, String requestId, ApiVersion version) {
    Operation earlier = state.operationForRequest(project, requestId);
    if (earlier != null) {
      return Future.succeededFuture(json.operation(version, earlier).toBuffer());
    }
    String instances = Links.zone(project, zone.name()) + "/instances";
    String group = UUID.randomUUID().toString();
    return referenced(project, factory.references(project, bulk.properties()))
      .compose(referenced -> commits.settled(() -> bulk.names(instances, name -> state.exists(project, name)))
        .compose(names -> Future.all(names.stream().map(name -> run(now ->
          commands.insert(project, bulk.body(name), referenced, null, now).inGroup(group))).toList())))
      .compose(made -> mutate(project, requestId, version, now -> commands.bulkInserted(project, group, requestId, now)));
  }

  /** A command as the zone runs it: given the time it runs at, it returns its first step. */
  @FunctionalInterface
  interface Command {
    Step run(Instant now);
  }

  /**
   * Runs a mutation in the next group commit, takes every phase an {@code immediate} operation has
   * at once, and answers with the operation (as bytes) once stored. A retried {@code requestId} gets the
   * operation of the first request back instead of acting twice.
   */
  private Future<Buffer> mutate(String project, String requestId, ApiVersion version, Command command) {
    return submit(now -> {
      Operation earlier = state.operationForRequest(project, requestId);
      return earlier != null ? Step.replay(earlier) : immediately(command.run(now), true, now);
    }).map(step -> json.operation(version, step.operation()).toBuffer());
  }

  /** A command the zone issues itself (a bulk's insert, a group's member): in the next group commit, every immediate phase at once. */
  private Future<Step> run(Command command) {
    return submit(now -> immediately(command.run(now), true, now));
  }

  /** Every command's step, with what it does to the disks of an instance it deletes. */
  private Future<Step> submit(Command command) {
    return commits.submit(now -> attachments.follow(command.run(now), now));
  }

  /** @param drives whether the operation still drives its instance (a delete may have taken over) */
  private Step immediately(Step step, boolean drives, Instant now) {
    Step result = step;
    while (!result.operation().done() && result.operation().progression().mode() == Progression.Mode.IMMEDIATE) {
      Resource target = target(result);
      result = result.then(target != null ? ResourceTransitions.advance(target, result.operation(), now)
        : Transitions.advance(result.instance(), result.operation(), drives, now));
    }
    return result;
  }

  /**
   * The declared collection's resource an operation acts on, as the step leaves it or as the
   * zone holds it; null when its target is an instance (or gone).
   */
  private Resource target(Step step) {
    long id = step.operation().targetId();
    Resource changed = null;
    for (Resource.Change change : step.resources()) {
      if (change.resource().id() == id) {
        changed = change.deleted() ? null : change.resource();
      }
    }
    return changed != null ? changed : state.resources().byId(id);
  }

  /**
   * A test's choice of progression (none: only the settings are read) applies to new operations.
   * Operations that wait for an advance because their type was manual do not wait for good once it
   * is no longer: they carry on under the new choice (at once, or on timers), and the choice is
   * answered once that is stored.
   */
  private Future<JsonObject> chooseProgression(String method, JsonObject choice) {
    if (choice == null) {
      return Future.succeededFuture(progressions.describe());
    }
    progressions.choose(method, choice);
    List<Future<Operation>> released = state.inFlight().stream().filter(this::releasedFromManual)
      .map(operation -> release(operation.id())).toList();
    return Future.all(released).map(done -> progressions.describe());
  }

  private boolean releasedFromManual(Operation operation) {
    return operation.progression().mode() == Progression.Mode.MANUAL
      && progressions.forMethod(Lifecycle.method(operation)).mode() != Progression.Mode.MANUAL;
  }

  private Future<Operation> release(long operationId) {
    return submit(now -> {
      Operation operation = state.operationById(operationId);
      if (operation == null || operation.done() || !releasedFromManual(operation)) {
        return Step.replay(operation);
      }
      Instance instance = state.instanceById(operation.targetId());
      Step continued = Transitions.continueUnder(instance, operation, progressions.forMethod(Lifecycle.method(operation)), now);
      return immediately(continued, instance != null && state.drives(operation), now);
    }).map(Step::operation);
  }

  /** What follows a commit: callers waiting on a finished operation, or the timer of the next phase. */
  private void committed(Step step) {
    if (step.write() == Step.Write.REPLAY) {
      return;
    }
    if (step.write() != Step.Write.NONE) {
      Instance instance = step.instance();
      vertx.eventBus().publish(Addresses.INSTANCE_EVENTS, new JsonObject().put("project", instance.project()).put("zone", zone.name())
        .put("instance", instance.name()).put("status", step.write() == Step.Write.DELETE ? "DELETED"
          : instance.status().name()).put("operation", step.operation().operationType()));
    } else if (!step.resources().isEmpty()) {
      vertx.eventBus().publish(Addresses.INSTANCE_EVENTS, new JsonObject().put("project", step.operation().project())
        .put("zone", zone.name()).put("resource", step.operation().targetPath()).put("operation", step.operation().operationType()));
    }
    if (step.operation().done()) {
      waits.finished(step.operation());
    } else {
      schedule(step.operation());
    }
    loop.committed(step);
    workloads.committed(step, state::instanceById);
  }

  /** In {@code time} progression, the next phase starts on a timer; it is due from Postgres after a restart. */
  private void schedule(Operation operation) {
    if (operation.progression().mode() == Progression.Mode.TIME && operation.dueAt() != null) {
      advanceAfter(operation, Math.max(1, Duration.between(Timestamps.now(), operation.dueAt()).toMillis()));
    }
  }

  /**
   * A step that could not be written (Postgres away) is tried again, so no operation stays RUNNING
   * for good; a zone that lost its lease leaves that to the new owner, who loads the due time.
   */
  private void advanceAfter(Operation operation, long delayMs) {
    vertx.setTimer(delayMs, timer -> advance(operation.id(), operation.phase())
      .onFailure(failure -> {
        if (lease.serving()) {
          advanceAfter(operation, RETRY_MS);
        }
      }));
  }

  /** Moves an operation one phase on, unless it has moved already (a timer may fire late). */
  private Future<Operation> advance(long operationId, int fromPhase) {
    return submit(now -> {
      Operation operation = state.operationById(operationId);
      if (operation == null || operation.done() || operation.phase() != fromPhase) {
        return Step.replay(operation);
      }
      Resource resource = state.resources().byId(operation.targetId());
      if (resource != null) {
        return ResourceTransitions.advance(resource, operation, now);
      }
      Instance instance = state.instanceById(operation.targetId());
      return Transitions.advance(instance, operation, instance != null && state.drives(operation), now);
    }).map(Step::operation);
  }

  /** The admin API's advance: one phase, or every phase left. */
  private Future<Operation> advanceOnRequest(Operation operation, boolean toEnd) {
    Future<Operation> advanced = advance(operation.id(), operation.phase());
    if (toEnd) {
      advanced = advanced.compose(next -> next == null || next.done() ? Future.succeededFuture(next) : advanceToEnd(next));
    }
    return advanced;
  }

  private Future<Operation> advanceToEnd(Operation operation) {
    return advance(operation.id(), operation.phase())
      .compose(next -> next == null || next.done() ? Future.succeededFuture(next) : advanceToEnd(next));
  }

  /**
   * In {@code manual} progression, every {@code reads}-th read of an operation moves it one phase
   * on. That read is answered with the phase it found, once the next one is committed, so the
   * caller's following requests see it.
   */
  private Future<Operation> read(Operation operation) {
    if (!operation.done() && operation.progression().mode() == Progression.Mode.MANUAL
      && waits.countRead(operation.id(), operation.progression().reads())) {
      return advance(operation.id(), operation.phase()).map(operation);
    }
    return Future.succeededFuture(operation);
  }

  /** zoneOperations.wait: answers at once when DONE, else when it is, or at the longest wait. */
  private Future<Operation> await(Operation read, Long maxWaitMs) {
    Operation latest = state.operationById(read.id());
    if (latest == null || latest.done()) {
      return Future.succeededFuture(latest != null ? latest : read);
    }
    return waits.await(read.id(), maxWaitMs, () -> {
      Operation now = state.operationById(read.id());
      return Future.succeededFuture(now != null ? now : latest);
    });
  }

  /** Only a finished operation's record can go; one in flight still has work to do. */
  private Future<JsonObject> deleteOperation(String project, String reference) {
    Operation operation = state.operation(project, reference);
    if (!operation.done()) {
      throw GceError.notReady(operation.path());
    }
    return store.deleteOperation(operation).map(v -> {
      state.remove(operation);
      return new JsonObject();
    });
  }

  /** Finished operations are kept for a bounded time and number, in memory and in Postgres. */
  private Future<JsonObject> purgeOperations() {
    List<Operation> expired = state.expired(Timestamps.now().minusMillis(settings.operationRetentionMs()), settings.operationLimit());
    if (expired.isEmpty()) {
      return Future.succeededFuture(new JsonObject());
    }
    return store.deleteOperations(expired).map(v -> {
      expired.forEach(state::remove);
      return new JsonObject().put("purged", expired.size());
    });
  }

  private Future<JsonObject> reset(String project) {
    return store.reset(project).map(v -> {
      state.clear(project);
      return new JsonObject().put("zone", zone.name());
    });
  }

  // ---- reads ----

  /** An instance's GCE JSON as a version shows it, rendered once per change and then served as bytes. */
  private Buffer body(Instance instance, ApiVersion version) {
    return state.body(instance, version, () -> json.instance(version, instance).toBuffer());
  }

  private Object listInstances(String project, JsonObject request, ApiVersion version) {
    ListRequest list = ListRequest.from(request.getJsonObject("list"));
    Comparator<Instance> created = Comparator.comparing(Instance::created);
    if (request.containsKey("window")) {
      // Aggregated lists page across zones themselves: each zone gives its count and the first of its matches.
      return list.window(state.instances(project), request.getInteger("window"), instance -> body(instance, version),
        instance -> json.instance(version, instance), Instance::name, created).toBuffer();
    }
    String self = Links.zone(project, zone.name()) + "/instances";
    return list.page(state.instances(project), instance -> body(instance, version), instance -> json.instance(version, instance),
        Instance::name, created)
      .toBuffer("compute#instanceList", self, json.link(version, self));
  }

  /** A resource's GCE JSON, rendered once per change; a managed group's shows its work in progress, so it is rendered each time. */
  private Buffer body(ResourceType type, Resource resource, ApiVersion version) {
    if (type == InstanceGroupManagers.TYPE) {
      return rendered(type, resource, version).toBuffer();
    }
    return state.resources().body(resource, version, () -> rendered(type, resource, version).toBuffer());
  }

  private JsonObject rendered(ResourceType type, Resource resource, ApiVersion version) {
    JsonObject rendered = json.resource(version, type, resource);
    if (type == InstanceGroups.TYPE) {
      return InstanceGroupReads.sized(rendered);
    }
    return type == InstanceGroupManagers.TYPE ? InstanceGroupManagers.shown(rendered, resource, groups.live(resource)) : rendered;
  }

  private Object listResources(ResourceType type, String project, JsonObject request, ApiVersion version) {
    String self = Links.zone(project, zone.name()) + "/" + type.collection();
    return ResourceLists.answer(type, request, state.resources().list(type.collection(), project), resource -> body(type, resource, version),
      resource -> rendered(type, resource, version), self, json.link(version, self));
  }

  private Object listOperations(String project, JsonObject request, ApiVersion version) {
    String self = Links.zone(project, zone.name()) + "/operations";
    return OperationLists.answer(request, state.operations(project), operation -> json.operation(version, operation), self,
      json.link(version, self));
  }

  /**
   * Port 1 carries the console log: the VM's real output when a runtime runs it, else the
   * emulated one; ports 2 to 4 exist but stay silent, as on a plain VM.
   */
  private JsonObject serialPort(Instance instance, Optional<Buffer> real, JsonObject request, ApiVersion version) {
    int port = request.getInteger("port", 1);
    SerialConsole console = port != 1 ? SerialConsole.EMPTY : real.map(output -> new SerialConsole(0, output.toString()))
      .orElse(instance.console());
    SerialConsole.Output output = console.read(request.getLong("start", 0L));
    return new JsonObject()
      .put("kind", "compute#serialPortOutput")
      .put("contents", output.contents())
      .put("start", Long.toString(output.start()))
      .put("next", Long.toString(output.next()))
      .put("selfLink", json.link(version, instance.path() + "/serialPort"));
  }

}
