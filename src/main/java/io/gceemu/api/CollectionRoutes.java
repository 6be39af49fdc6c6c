package io.gceemu.api;

import io.gceemu.bus.ComputeClient;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.ResourceTypes;
import io.gceemu.resource.Scope;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The routes of every declared zonal collection, from its declaration alone: insert, list, get,
 * delete, setLabels, its custom verbs, and aggregatedList. Each checks the request, then asks the
 * zone's owner.
 */
final class CollectionRoutes {

  private final RouteSupport support;
  private final ComputeClient compute;

  CollectionRoutes(RouteSupport support, ComputeClient compute) {
    this.support = support;
    this.compute = compute;
  }

  void mount(Router router) {
    ResourceTypes.in(Scope.ZONE).forEach(type -> mount(router, type));
  }

  private void mount(Router router, ResourceType type) {
    String base = RouteSupport.API + "/projects/:project/zones/:zone/" + type.collection();
    router.post(base).handler(support.handler(request -> insert(request, type)));
    router.get(base).handler(support.handler(request -> send(request, type.action("list"),
      new JsonObject().put("project", request.project()).put("list", request.listOptions()))));
    router.get(base + "/:resource").handler(support.handler(request -> send(request, type.action("get"), target(request))));
    router.delete(base + "/:resource").handler(support.handler(request -> mutation(request, type.action(ResourceType.DELETE), null)));
    if (type.labelled()) {
      router.post(base + "/:resource/setLabels").handler(support.handler(request ->
        mutation(request, type.action(ResourceType.SET_LABELS), type.schema(ResourceType.SET_LABELS))));
    }
    for (ResourceType.Verb verb : type.verbs()) {
      router.post(base + "/:resource/" + verb.name()).handler(support.handler(request ->
        mutation(request, type.action(verb.name()), verb.body() ? type.schema(verb.name()) : null)));
    }
    router.get(RouteSupport.API + "/projects/:project/aggregated/" + type.collection()).handler(support.handler(request ->
      ZonalAggregation.list(request, compute.in(request.version()), support.catalog().zones(), type.action("list"),
        type.collection(), type.aggregatedListKind())));
  }

  private Future<Buffer> insert(GceRequest request, ResourceType type) {
    JsonObject payload = new JsonObject().put("project", request.project()).put("body", request.body(type.schema(ResourceType.INSERT)))
      .put("params", request.params()).put("requestId", request.requestId());
    return send(request, type.action(ResourceType.INSERT), payload);
  }

  /** @param schema the body's schema; null for a verb without a body */
  private Future<Buffer> mutation(GceRequest request, String action, String schema) {
    JsonObject payload = target(request).put("requestId", request.requestId()).put("params", request.params());
    if (schema != null) {
      payload.put("body", request.body(schema));
    }
    return send(request, action, payload);
  }

  private Future<Buffer> send(GceRequest request, String action, JsonObject payload) {
    return compute.in(request.version()).sendForBytes(request.zone().name(), action, payload);
  }

  private static JsonObject target(GceRequest request) {
    return new JsonObject().put("project", request.project()).put("resource", request.resource("resource"));
  }
}
