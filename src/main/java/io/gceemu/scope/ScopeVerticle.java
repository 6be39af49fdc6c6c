package io.gceemu.scope;

import io.gceemu.bus.Actions;
import io.gceemu.bus.Addresses;
import io.gceemu.bus.ComputeClient;
import io.gceemu.cluster.ScopeMessages;
import io.gceemu.cluster.ZoneLease;
import io.gceemu.gce.ApiVersion;
import io.gceemu.gce.GceError;
import io.gceemu.groups.InstanceGroupManagers;
import io.gceemu.projects.ProjectSettings;
import io.gceemu.gce.Links;
import io.gceemu.gce.Timestamps;
import io.gceemu.list.ListRequest;
import io.gceemu.networks.Networks;
import io.gceemu.resource.Published;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceLists;
import io.gceemu.resource.ResourceRenderer;
import io.gceemu.resource.ResourceRules;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.ResourceTypes;
import io.gceemu.resource.Scope;
import io.gceemu.resource.StandardVerbs;
import io.gceemu.store.ScopeStore;
import io.gceemu.gce.Ids;
import io.gceemu.zone.InstanceRules;
import io.gceemu.zone.Lifecycle;
import io.gceemu.zone.Operation;
import io.gceemu.zone.OperationLists;
import io.gceemu.zone.OperationWaits;
import io.gceemu.zone.Progression;
import io.gceemu.zone.Progressions;
import io.gceemu.zone.ResourceJson;
import io.gceemu.zone.ResourceTransitions;
import io.gceemu.zone.Step;
import io.gceemu.zone.ZoneSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The owner of one region or of the global scope: one of each in the cluster, leased and fenced in
 * Postgres as each zone's owner is, and moved between nodes by the same ownership code. It owns
 * its scope's declared collections (images and snapshots are global), its operations
 * ({@code regionOperations}, {@code globalOperations}), which it forgets after their retention as
 * the zones do, and (global) a project's common instance metadata. It keeps no state of its own,
 * so it answers from Postgres; its changes are group-committed under its fence, each decided in
 * the transaction that writes it: a node that lost the scope can no longer commit one. Operations that take time (a snapshot is CREATING, then
 * UPLOADING) progress as the zones' do, by the same progressions and timing settings: on timers
 * whose due times are in Postgres, so the scope's next owner carries them on, on reads, or on a
 * test's advance.
 */
public final class ScopeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ScopeVerticle.class);

  /** How often finished operations past their retention are looked for, at most. */
  private static final long PURGE_EVERY_MS = 60_000;

  private static final long RETRY_MS = 1_000;

  private final ScopeStore store;
  private final ZoneLease lease;
  private final Links links;
  private final long operationRetentionMs;
  private final Progressions progressions;
  private final OperationWaits waits;
  /** As GCE names the scope in paths, and as its lease row names it: {@code global}, {@code regions/R}. */
  private final String scope;
  private final String region;
  private final Map<String, ResourceRules> rules;

  /**
   * @param lease                its scope's lease: {@value Addresses#GLOBAL}, or a region's ({@link Addresses#region})
   * @param settings             the zones' settings: timing, the longest wait, how long a finished operation is kept
   */
  public ScopeVerticle(ScopeStore store, ZoneLease lease, Links links, ZoneSettings settings) {
    this.store = store;
    this.lease = lease;
    this.links = links;
    this.operationRetentionMs = settings.operationRetentionMs();
    this.progressions = new Progressions(settings.timing(), settings.transitionMs());
    this.waits = new OperationWaits(settings.waitTimeoutMs());
    this.scope = lease.zone();
    this.region = Addresses.regionOf(scope);
    this.rules = region == null ? ResourceTypes.rulesIn(Scope.GLOBAL, Addresses.GLOBAL) : ResourceTypes.rulesIn(Scope.REGION, region);
  }

  /** How a regional group's verbs reach the zones of its members. */
  private ComputeClient zones;
  /**
   * The projects this owner made sure of (their rows and default networks), so that a read of
   * their networks does not write first; forgotten when projects are reset or imported.
   */
  private final Set<String> ensured = new HashSet<>();

  @Override
  public Future<?> start() {
    waits.attach(vertx);
    zones = new ComputeClient(vertx);
    vertx.eventBus().<JsonObject>consumer(Addresses.PROJECTS_FORGOTTEN, forgotten -> {
      String project = forgotten.body().getString("project");
      if (project == null) {
        ensured.clear();
      } else {
        ensured.remove(project);
      }
    });
    vertx.setPeriodic(Math.max(100, Math.min(operationRetentionMs, PURGE_EVERY_MS)), timer -> store.purgeOperations(operationRetentionMs)
      .onFailure(failure -> LOG.debug("{} operations not purged this time: {}", scope, failure.getMessage())));
    // What the scope's last owner left in flight carries on here, each at its due time.
    return store.inFlight().compose(inFlight -> {
      inFlight.forEach(this::schedule);
      MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.owner(scope), this::handle);
      return consumer.completion();
    });
  }

  @Override
  public Future<?> stop() {
    lease.lose();
    waits.abandonAll(GceError.notOwner(scope));
    return Future.succeededFuture();
  }

  private void handle(Message<JsonObject> message) {
    ScopeMessages.answer(message, lease,
      () -> dispatch(message.headers().get(Actions.HEADER), message.body() == null ? new JsonObject() : message.body()));
  }

  private Future<Object> dispatch(String action, JsonObject request) {
    if (Actions.PING.equals(action)) {
      return Future.succeededFuture(new JsonObject().put("zone", scope).put("node", lease.fence().owner())
        .put("epoch", lease.fence().epoch()));
    }
    if (Actions.ADMIN_PROGRESSION.equals(action)) {
      return chooseProgression(request.getString("method"), request.getJsonObject("progression")).map(Object.class::cast);
    }
    String project = request.getString("project");
    if (project == null) {
      throw GceError.required("project");
    }
    ApiVersion version = ApiVersion.ofMessage(request.getString("version"));
    ResourceJson json = new ResourceJson(links.in(version));
    ResourceType collection = ResourceTypes.ofAction(action).orElse(null);
    if (collection != null) {
      return dispatch(collection, collection.verbOf(action), project, request, version, json);
    }
    // Each scope's store holds only its own operations, so a region's owner and the global one share these.
    return switch (action == null ? "" : action) {
      case Actions.GLOBAL_OPERATION_GET, Actions.REGION_OPERATION_GET ->
        store.operation(project, request.getString("operation")).compose(this::read).<Object>map(json::operation);
      case Actions.GLOBAL_OPERATION_WAIT, Actions.REGION_OPERATION_WAIT -> store.operation(project, request.getString("operation"))
        .compose(operation -> request.getBoolean("continued", false) ? Future.succeededFuture(operation) : read(operation))
        .compose(operation -> await(operation, request.getLong("maxWaitMs"))).<Object>map(json::operation);
      case Actions.GLOBAL_OPERATION_LIST, Actions.REGION_OPERATION_LIST -> store.operations(project).map(all -> {
        String self = "projects/" + project + "/" + scope + "/operations";
        return OperationLists.answer(request, all, json::operation, self, json.link(self));
      });
      case Actions.GLOBAL_OPERATION_DELETE, Actions.REGION_OPERATION_DELETE ->
        store.deleteOperation(project, request.getString("operation")).<Object>map(new JsonObject());
      case Actions.ADMIN_ADVANCE -> store.operation(project, request.getString("operation"))
        .compose(operation -> advance(operation.id(), operation.phase(), request.getBoolean("toEnd", false))).<Object>map(json::operation);
      case Actions.SET_COMMON_METADATA -> globalOnly(action, () -> setCommonInstanceMetadata(project, request).map(json::operation));
      case Actions.GET_IAM_POLICY -> globalOnly(action, () -> store.iamPolicy(request.getLong("resourceId")).map(Object.class::cast));
      case Actions.SET_IAM_POLICY -> globalOnly(action, () -> store.setIamPolicy(project, request.getLong("resourceId"),
        request.getString("resource"), request.getJsonObject("body", new JsonObject())).map(Object.class::cast));
      default -> {
        if (!Actions.PROJECT_SETTINGS.contains(action)) {
          throw new GceError(400, "invalid", "Unknown action '" + action + "'.");
        }
        yield globalOnly(action, () -> store.changeProjectSettings(project, Actions.operationType(action), request.getString("requestId"),
          Timestamps.now(), ProjectSettings.change(action, project, request.getJsonObject("body", new JsonObject()))).map(json::operation));
      }
    };
  }

  /**
   * A method of a declared collection of the scope (snapshots): reads answer from Postgres, and
   * each change is decided in the transaction that writes it, holding its resource's row.
   */
  private Future<Object> dispatch(ResourceType type, String verb, String project, JsonObject request, ApiVersion version,
                                  ResourceJson json) {
    ResourceRules rules = this.rules.get(type.collection());
    ResourceRenderer renderer = new ResourceRenderer(links.in(version));
    ResourceKey key = new ResourceKey(project, scope, type.collection(), request.getString("resource", ""));
    Instant now = Timestamps.now();
    String self = "projects/" + project + "/" + scope + "/" + type.collection();
    if (rules instanceof Published published && published.publishes(project)) {
      return publishedRead(type, published, verb, key, request, links.in(version), self);
    }
    // A project's default network is there from its first use, as on GCE.
    Future<Void> made = Networks.onTheDefaultNetwork(type) && !ensured.contains(project)
      ? store.ensureProject(project).onSuccess(done -> ensured.add(project)) : Future.succeededFuture();
    return made.compose(ensured -> {
      if (ResourceType.READS.contains(verb)) {
        return read(type, verb, key, request, renderer, json, self);
      }
      JsonObject fault = request.getJsonObject("fault");
      if (fault != null) {
        return failed(type, verb, key, request, fault, now).map(json::operation);
      }
      // The console's live view hears of these changes as of zonal ones.
      return checkedMembers(type, verb, key, request).compose(checked -> change(type, rules, verb, key, checked, now).onSuccess(operation -> {
          vertx.eventBus().publish(Addresses.INSTANCE_EVENTS, new JsonObject().put("project", project)
            .put("resource", operation.targetPath()).put("operation", operation.operationType()));
          if (type == InstanceGroupManagers.REGIONAL && InstanceGroupManagers.ON_MEMBERS.contains(verb)) {
            actOnMembers(key, verb, checked.getJsonObject("body", new JsonObject()));
          }
        }))
        .map(json::operation);
    });
  }

  /** The request, its body's members checked against a regional group's members as Postgres holds them. */
  /**
   * The request, its body's members checked against a regional group's members as Postgres holds
   * them; for createInstances, the zones its names go to: those short of their share of the
   * larger target, as its members now stand.
   */
  private Future<JsonObject> checkedMembers(ResourceType type, String verb, ResourceKey key, JsonObject request) {
    boolean creating = verb.equals("createInstances");
    if (type != InstanceGroupManagers.REGIONAL || !(InstanceGroupManagers.namesMembers(verb) || creating)) {
      return Future.succeededFuture(request);
    }
    JsonObject body = request.getJsonObject("body", new JsonObject());
    return store.reads().get(key).compose(group -> store.reads().members(group.project(), InstanceGroupManagers.createdBy(group))
      .map(members -> {
        List<Resource> kept = members.stream().filter(member -> !InstanceGroupManagers.abandoned(group, member.name())).toList();
        if (creating) {
          return request.copy().put("params", request.getJsonObject("params", new JsonObject()).copy()
            .put(InstanceGroupManagers.ZONES_FOR_NAMES, InstanceGroupManagers.zonesShort(group, kept, InstanceGroupManagers.named(body).size())));
        }
        return request.copy().put("body", InstanceGroupManagers.checkedMembers(group, body,
          kept.stream().map(Resource::name).collect(Collectors.toSet())));
      }));
  }

  private Future<Object> read(ResourceType type, String verb, ResourceKey key, JsonObject request, ResourceRenderer renderer,
                              ResourceJson json, String self) {
    if (type == InstanceGroupManagers.REGIONAL) {
      return groupRead(type, verb, key, request, renderer, json, self);
    }
    return switch (verb) {
      case "get" -> store.reads().get(key).map(resource -> renderer.render(type, resource));
      case "list" -> store.reads().list(key.project(), scope, type.collection()).map(all -> ResourceLists.answer(type, request, all,
        resource -> renderer.render(type, resource).toBuffer(), resource -> renderer.render(type, resource), self, json.link(self)));
      default -> store.reads().find(ResourceKey.family(key.project(), scope, type.collection(), request.getString("family")))
        .map(found -> found.map(resource -> (Object) renderer.render(type, resource)).orElseThrow(() -> GceError.notFound(request.getString("path"))));
    };
  }

  /**
   * What a regional group's verbs do to the members they name, once its change is stored: each
   * member's zone is asked to delete it (deleteInstances, recreateInstances,
   * applyUpdatesToInstances: the zones then make replacements up to their share) or to start,
   * stop, suspend or resume it. What abandonInstances and createInstances ask for is stored with
   * the group, and its zones carry it out when they next read it.
   */
  private void actOnMembers(ResourceKey key, String verb, JsonObject body) {
    String action = switch (verb) {
      case "startInstances" -> Actions.START;
      case "stopInstances" -> Actions.STOP;
      case "suspendInstances" -> Actions.SUSPEND;
      case "resumeInstances" -> Actions.RESUME;
      case "deleteInstances", "recreateInstances", "applyUpdatesToInstances" -> Actions.DELETE;
      default -> null;
    };
    if (action == null) {
      return;
    }
    store.reads().get(key).compose(group -> store.reads().members(group.project(), InstanceGroupManagers.createdBy(group)))
      .onSuccess(members -> {
        List<String> named = InstanceGroupManagers.named(body);
        members.stream().filter(member -> body.getBoolean("allInstances", false) || named.contains(member.name())).forEach(member ->
          zones.send(member.scope().substring("zones/".length()), action, new JsonObject().put("project", member.project())
            .put("instance", member.name())).onFailure(failure -> LOG.debug("{} of {} not done: {}", verb, member.path(), failure.getMessage())));
      });
  }

  /**
   * A regional group's reads: its work in progress is counted from its members, read from
   * Postgres where the zones that make them write them.
   */
  private Future<Object> groupRead(ResourceType type, String verb, ResourceKey key, JsonObject request, ResourceRenderer renderer,
                                   ResourceJson json, String self) {
    if (verb.equals("list")) {
      return store.reads().list(key.project(), scope, type.collection()).compose(all -> Future.all(all.stream()
          .map(group -> store.reads().members(group.project(), InstanceGroupManagers.createdBy(group))
            .map(members -> InstanceGroupManagers.shown(renderer.render(type, group), group, InstanceGroupManagers.regionalLive(group, members))))
          .toList())
        .map(shown -> {
          Map<Long, JsonObject> byId = new HashMap<>();
          shown.<JsonObject>list().forEach(group -> byId.put(Long.parseLong(group.getString("id")), group));
          return ResourceLists.answer(type, request, all, group -> byId.get(group.id()).toBuffer(), group -> byId.get(group.id()), self,
            json.link(self));
        }));
    }
    return store.reads().get(key).compose(group -> store.reads().members(group.project(), InstanceGroupManagers.createdBy(group))
      .map(members -> switch (verb) {
        case "get" -> InstanceGroupManagers.shown(renderer.render(type, group), group, InstanceGroupManagers.regionalLive(group, members));
        case InstanceGroupManagers.LIST_MANAGED_INSTANCES -> InstanceGroupManagers.regionalManaged(group, members, json::link);
        default -> new JsonObject().put("items", new JsonArray());
      }));
  }

  /**
   * Each change is decided in the transaction that writes it, holding the resource's row; a
   * resource still being made (a snapshot CREATING) cannot be changed yet, as on GCE.
   */
  private Future<Operation> change(ResourceType type, ResourceRules rules, String verb, ResourceKey key, JsonObject request,
                                   Instant now) {
    String project = key.project();
    String requestId = request.getString("requestId");
    JsonObject body = request.getJsonObject("body", new JsonObject());
    JsonObject params = request.getJsonObject("params", new JsonObject());
    return switch (verb) {
      case ResourceType.INSERT -> store.reads().read(rules.references(project, body, params)).compose(referenced ->
        insert(type, StandardVerbs.insert(type, rules, scope, project, body, params, referenced, now), requestId, now));
      case ResourceType.DELETE -> store.change(key, ResourceType.DELETE, requestId, now,
        current -> Resource.Change.delete(StandardVerbs.delete(rules, made(type, current))));
      case ResourceType.SET_LABELS -> store.change(key, ResourceType.SET_LABELS, requestId, now,
        current -> Resource.Change.put(StandardVerbs.setLabels(made(type, current), body)));
      default -> store.change(key, type.operationType(verb), requestId, now,
        current -> rules.apply(verb, made(type, current), body, params, now).get(0));
    };
  }

  private static Resource made(ResourceType type, Resource current) {
    if (Lifecycle.inTheMaking(type.method(ResourceType.INSERT), current.document().getString("status"))) {
      throw GceError.notReady(current.path());
    }
    return current;
  }

  /**
   * A new resource with its operation: DONE at once, or in the first phase of its making, which
   * goes on as the insert's progression says once it is stored.
   */
  private Future<Operation> insert(ResourceType type, Resource created, String requestId, Instant now) {
    String method = type.method(ResourceType.INSERT);
    Operation operation = Operation.begin(created.project(), null, region, ResourceType.INSERT, created.path(), created.id(),
      progressions.forMethod(method), requestId, now);
    Step step = ResourceTransitions.immediately(ResourceTransitions.begin(created, operation, now), now);
    return store.insert(ResourceTransitions.made(step), step.operation()).onSuccess(this::committed);
  }

  /**
   * An injected operation fault: the request is accepted and its operation ends at once in the
   * error, changing nothing, as the zones' do. A change names an existing resource, so it is read first.
   */
  private Future<Operation> failed(ResourceType type, String verb, ResourceKey key, JsonObject request, JsonObject error,
                                   Instant now) {
    Future<Resource> target = verb.equals(ResourceType.INSERT)
      ? Future.succeededFuture(new Resource(Ids.newResourceId(), key.project(), scope, type.collection(),
        request.getJsonObject("body", new JsonObject()).getString("name", ""), now, new JsonObject()))
      : store.reads().get(key);
    return target.compose(resource -> store.record(Operation.begin(key.project(), null, region, type.operationType(verb), resource.path(),
      resource.id(), Progression.IMMEDIATE, request.getString("requestId"), now).failed(now, error)));
  }

  // ---- operations in flight ----

  /** What follows a write: callers waiting on a finished operation, or the timer of the next phase. */
  private void committed(Operation operation) {
    if (operation.done()) {
      waits.finished(operation);
    } else {
      schedule(operation);
    }
  }

  /** In {@code time} progression, the next phase starts on a timer; it is due from Postgres after a move. */
  private void schedule(Operation operation) {
    if (operation.progression().mode() == Progression.Mode.TIME && operation.dueAt() != null) {
      advanceAfter(operation, Math.max(1, Duration.between(Timestamps.now(), operation.dueAt()).toMillis()));
    }
  }

  /** A phase that could not be written (Postgres away) is tried again while this node owns the scope. */
  private void advanceAfter(Operation operation, long delayMs) {
    vertx.setTimer(delayMs, timer -> advance(operation.id(), operation.phase(), false).onFailure(failure -> {
      if (lease.serving()) {
        advanceAfter(operation, RETRY_MS);
      }
    }));
  }

  /**
   * Moves an operation one phase on (or, {@code toEnd}, through every phase left), unless it has
   * moved already (a timer may fire late, and a test's advance may come first).
   */
  private Future<Operation> advance(long operationId, int fromPhase, boolean toEnd) {
    return store.advance(operationId, (operation, resource) -> {
      if (operation.phase() != fromPhase) {
        return null;
      }
      Instant now = Timestamps.now();
      return ResourceTransitions.immediately(ResourceTransitions.advance(resource, operation, now), now);
    }).compose(operation -> {
      committed(operation);
      return toEnd && operation != null && !operation.done() ? advance(operation.id(), operation.phase(), true)
        : Future.succeededFuture(operation);
    });
  }

  /**
   * In {@code manual} progression, every {@code reads}-th read of an operation moves it one phase
   * on; that read is answered with the phase it found once the next one is committed.
   */
  private Future<Operation> read(Operation operation) {
    if (!operation.done() && operation.progression().mode() == Progression.Mode.MANUAL
      && waits.countRead(operation.id(), operation.progression().reads())) {
      return advance(operation.id(), operation.phase(), false).map(operation);
    }
    return Future.succeededFuture(operation);
  }

  /** A wait answers at once when DONE, else when it is, or at the longest wait with the operation as it is. */
  private Future<Operation> await(Operation read, Long maxWaitMs) {
    if (read.done()) {
      return Future.succeededFuture(read);
    }
    return waits.await(read.id(), maxWaitMs, () -> store.operation(read.project(), Long.toString(read.id())));
  }

  /**
   * A test's choice applies to new operations; those waiting for an advance because their method
   * was manual carry on under the new choice, as in the zones.
   */
  private Future<JsonObject> chooseProgression(String method, JsonObject choice) {
    if (choice == null) {
      return Future.succeededFuture(progressions.describe());
    }
    progressions.choose(method, choice);
    return store.inFlight().compose(inFlight -> Future.all(inFlight.stream().filter(this::releasedFromManual)
      .map(operation -> release(operation.id())).toList())).map(done -> progressions.describe());
  }

  private boolean releasedFromManual(Operation operation) {
    return operation.progression().mode() == Progression.Mode.MANUAL
      && progressions.forMethod(Lifecycle.method(operation)).mode() != Progression.Mode.MANUAL;
  }

  private Future<Operation> release(long operationId) {
    return store.advance(operationId, (operation, resource) -> {
      if (!releasedFromManual(operation)) {
        return null;
      }
      Instant now = Timestamps.now();
      return ResourceTransitions.immediately(
        ResourceTransitions.continueUnder(resource, operation, progressions.forMethod(Lifecycle.method(operation)), now), now);
    }).onSuccess(this::committed);
  }

  /** A project that publishes a collection (debian-cloud's images) is read by all and written by none. */
  private Future<Object> publishedRead(ResourceType type, Published published, String verb, ResourceKey key, JsonObject request,
                                       Links versioned, String self) {
    return switch (verb) {
      case "get" -> Future.succeededFuture(published.get(key.project(), key.name(), versioned)
        .orElseThrow(() -> GceError.notFound(key.path())));
      case "list" -> Future.succeededFuture(ListRequest.from(request.getJsonObject("list"))
        .page(published.list(key.project(), versioned), JsonObject::toBuffer, item -> item, item -> item.getString("name"),
          Comparator.comparing(item -> item.getString("name")))
        .toBuffer(type.listKind(), self, versioned.of(self)));
      // IAM names an insert's permission "create", as GCE's 403 quotes it (compute.images.create).
      default -> throw new GceError(403, "forbidden", "Required 'compute." + type.methods() + "."
        + (verb.equals(ResourceType.INSERT) ? "create" : verb) + "' permission for '"
        + (verb.equals(ResourceType.INSERT) ? self + "/" + request.getJsonObject("body", new JsonObject()).getString("name") : key.path())
        + "'");
    };
  }

  /** The body is a Metadata, as for {@code instances.setMetadata}, and is checked by the same rules. */
  /** What only the global scope's owner keeps: the projects themselves, and IAM policies. */
  private Future<Object> globalOnly(String action, Supplier<Future<Object>> run) {
    if (region != null) {
      throw new GceError(400, "invalid", "Unknown action '" + action + "'.");
    }
    return run.get();
  }

  private Future<Operation> setCommonInstanceMetadata(String project, JsonObject request) {
    JsonObject body = request.getJsonObject("body", new JsonObject());
    JsonArray items = InstanceRules.metadataItems("", body.getJsonArray("items"));
    return store.setCommonInstanceMetadata(project, body.getString("fingerprint"), items, request.getString("requestId"), Timestamps.now());
  }

}
