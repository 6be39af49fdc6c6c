package io.gceemu.scope;

import io.gceemu.bus.Actions;
import io.gceemu.bus.Addresses;
import io.gceemu.cluster.ScopeMessages;
import io.gceemu.cluster.ZoneLease;
import io.gceemu.gce.ApiVersion;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
import io.gceemu.gce.Timestamps;
import io.gceemu.list.ListRequest;
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
import io.gceemu.zone.InstanceRules;
import io.gceemu.zone.Operation;
import io.gceemu.zone.OperationLists;
import io.gceemu.zone.ResourceJson;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/**
 * The owner of one region or of the global scope: one of each in the cluster, leased and fenced in
 * Postgres as each zone's owner is, and moved between nodes by the same ownership code. It owns
 * its scope's declared collections (images and snapshots are global), its operations
 * ({@code regionOperations}, {@code globalOperations}), which it forgets after their retention as
 * the zones do, and (global) a project's common instance metadata. It keeps no state of its own,
 * so it answers from Postgres, and each change is one fenced transaction: a node that lost the
 * scope can no longer commit one.
 */
public final class ScopeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ScopeVerticle.class);

  /** How often finished operations past their retention are looked for, at most. */
  private static final long PURGE_EVERY_MS = 60_000;

  private final ScopeStore store;
  private final ZoneLease lease;
  private final Links links;
  private final long operationRetentionMs;
  /** As GCE names the scope in paths, and as its lease row names it: {@code global}, {@code regions/R}. */
  private final String scope;
  private final String region;
  private final Map<String, ResourceRules> rules;

  /**
   * @param lease                its scope's lease: {@value Addresses#GLOBAL}, or a region's ({@link Addresses#region})
   * @param operationRetentionMs how long a finished operation is kept, as in the zones
   */
  public ScopeVerticle(ScopeStore store, ZoneLease lease, Links links, long operationRetentionMs) {
    this.store = store;
    this.lease = lease;
    this.links = links;
    this.operationRetentionMs = operationRetentionMs;
    this.scope = lease.zone();
    this.region = Addresses.regionOf(scope);
    this.rules = region == null ? ResourceTypes.rulesIn(Scope.GLOBAL, Addresses.GLOBAL) : ResourceTypes.rulesIn(Scope.REGION, region);
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(Math.max(100, Math.min(operationRetentionMs, PURGE_EVERY_MS)), timer -> store.purgeOperations(operationRetentionMs)
      .onFailure(failure -> LOG.debug("{} operations not purged this time: {}", scope, failure.getMessage())));
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.owner(scope), this::handle);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    lease.lose();
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
    String project = request.getString("project");
    if (project == null) {
      throw GceError.required("project");
    }
    ApiVersion version = ApiVersion.ofMessage(request.getString("version"));
    ResourceJson json = new ResourceJson(links.in(version));
    ResourceType collection = ResourceTypes.ofAction(action).orElse(null);
    if (collection != null) {
      return dispatch(collection, action.substring(collection.collection().length() + 1), project, request, version, json);
    }
    // Each scope's store holds only its own operations, so a region's owner and the global one share these.
    return switch (action == null ? "" : action) {
      case Actions.GLOBAL_OPERATION_GET, Actions.REGION_OPERATION_GET ->
        store.operation(project, request.getString("operation")).<Object>map(json::operation);
      case Actions.GLOBAL_OPERATION_LIST, Actions.REGION_OPERATION_LIST -> store.operations(project).map(all -> {
        String self = "projects/" + project + "/" + scope + "/operations";
        return OperationLists.answer(request, all, json::operation, self, json.link(self));
      });
      case Actions.GLOBAL_OPERATION_DELETE, Actions.REGION_OPERATION_DELETE ->
        store.deleteOperation(project, request.getString("operation")).<Object>map(new JsonObject());
      case Actions.SET_COMMON_METADATA -> {
        if (region != null) {
          throw new GceError(400, "invalid", "Unknown action '" + action + "'.");
        }
        yield setCommonInstanceMetadata(project, request).map(json::operation);
      }
      default -> throw new GceError(400, "invalid", "Unknown action '" + action + "'.");
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
    if (ResourceType.READS.contains(verb)) {
      return read(type, verb, key, request, renderer, json, self);
    }
    // The console's live view hears of these changes as of zonal ones.
    return change(type, rules, verb, key, request, now).onSuccess(operation -> vertx.eventBus().publish(Addresses.INSTANCE_EVENTS,
        new JsonObject().put("project", project).put("resource", operation.targetPath()).put("operation", operation.operationType())))
      .map(json::operation);
  }

  private Future<Object> read(ResourceType type, String verb, ResourceKey key, JsonObject request, ResourceRenderer renderer,
                              ResourceJson json, String self) {
    return switch (verb) {
      case "get" -> store.reads().get(key).map(resource -> renderer.render(type, resource));
      case "list" -> store.reads().list(key.project(), scope, type.collection()).map(all -> ResourceLists.page(type,
        request.getJsonObject("list"), all, resource -> renderer.render(type, resource).toBuffer(),
        resource -> renderer.render(type, resource), self, json.link(self)));
      default -> store.reads().find(ResourceKey.family(key.project(), scope, type.collection(), request.getString("family")))
        .map(found -> found.map(resource -> (Object) renderer.render(type, resource)).orElseThrow(() -> GceError.notFound(request.getString("path"))));
    };
  }

  /** Each change is decided in the transaction that writes it, holding the resource's row. */
  private Future<Operation> change(ResourceType type, ResourceRules rules, String verb, ResourceKey key, JsonObject request,
                                   Instant now) {
    String project = key.project();
    String requestId = request.getString("requestId");
    JsonObject body = request.getJsonObject("body", new JsonObject());
    JsonObject params = request.getJsonObject("params", new JsonObject());
    return switch (verb) {
      case ResourceType.INSERT -> store.reads().read(rules.references(project, body, params)).compose(referenced ->
        store.insert(StandardVerbs.insert(type, rules, scope, project, body, params, referenced, now), ResourceType.INSERT,
          requestId, now));
      case ResourceType.DELETE -> store.change(key, ResourceType.DELETE, requestId, now,
        current -> Resource.Change.delete(StandardVerbs.delete(rules, current)));
      case ResourceType.SET_LABELS -> store.change(key, ResourceType.SET_LABELS, requestId, now,
        current -> Resource.Change.put(StandardVerbs.setLabels(current, body)));
      default -> store.change(key, type.operationType(verb), requestId, now, current -> rules.apply(verb, current, body, params, now).get(0));
    };
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
      default -> throw new GceError(403, "forbidden", "Required 'compute." + type.collection() + "." + verb + "' permission for '"
        + (verb.equals(ResourceType.INSERT) ? self + "/" + request.getJsonObject("body", new JsonObject()).getString("name") : key.path())
        + "'");
    };
  }

  /** The body is a Metadata, as for {@code instances.setMetadata}, and is checked by the same rules. */
  private Future<Operation> setCommonInstanceMetadata(String project, JsonObject request) {
    JsonObject body = request.getJsonObject("body", new JsonObject());
    JsonArray items = InstanceRules.metadataItems("", body.getJsonArray("items"));
    return store.setCommonInstanceMetadata(project, body.getString("fingerprint"), items, request.getString("requestId"), Timestamps.now());
  }

}
