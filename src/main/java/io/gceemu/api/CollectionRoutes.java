package io.gceemu.api;

import io.gceemu.bus.Addresses;
import io.gceemu.bus.ComputeClient;
import io.gceemu.catalog.Zone;
import io.gceemu.gce.GceError;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.ResourceTypes;
import io.gceemu.resource.Scope;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routes of every declared collection, from its declaration alone: insert, list, get,
 * delete, setLabels, its custom verbs (patch and update as PATCH and PUT), and for a zonal or regional one aggregatedList. Each checks the
 * request, then asks the owner of the resource's scope.
 */
final class CollectionRoutes {

  private final RouteSupport support;
  private final ComputeClient compute;

  CollectionRoutes(RouteSupport support, ComputeClient compute) {
    this.support = support;
    this.compute = compute;
  }

  void mount(Router router) {
    ResourceTypes.ALL.forEach(type -> mount(router, type));
    ResourceTypes.ALL.stream().filter(ResourceType::aggregated).map(ResourceType::collection).distinct()
      .forEach(collection -> mountAggregated(router, collection));
  }

  /**
   * {@code aggregated/<collection>}: every scope's resources of the collection, of each declared
   * kind that has it (GCE's aggregated addresses hold the global ones under "global", its
   * aggregated groups and autoscalers the regional ones under "regions/<r>").
   */
  private void mountAggregated(Router router, String collection) {
    List<ResourceType> kinds = ResourceTypes.ALL.stream().filter(type -> type.collection().equals(collection)).toList();
    List<String> scopes = new ArrayList<>();
    Map<String, String> actions = new HashMap<>();
    for (ResourceType kind : kinds) {
      List<String> owners = switch (kind.scope()) {
        case ZONE -> support.catalog().zones().stream().map(Zone::name).toList();
        case REGION -> Addresses.regions(support.catalog());
        case GLOBAL -> List.of(Addresses.GLOBAL);
      };
      owners.forEach(owner -> actions.put(owner, kind.action("list")));
      scopes.addAll(kind.scope() == Scope.GLOBAL ? 0 : scopes.size(), owners);
    }
    ResourceType first = kinds.get(0);
    router.get(RouteSupport.API + "/projects/:project/aggregated/" + collection).handler(support.handler(request ->
      Aggregation.list(request, compute.in(request.version()), scopes, actions::get, collection, first.aggregatedListKind())));
  }

  /** The collection's path, with the project and the zone or region as path parameters. */
  static String base(ResourceType type) {
    String scope = switch (type.scope()) {
      case ZONE -> "/zones/:zone/";
      case GLOBAL -> "/global/";
      case REGION -> "/regions/:region/";
    };
    return RouteSupport.API + "/projects/:project" + scope + type.collection();
  }

  private void mount(Router router, ResourceType type) {
    String base = base(type);
    router.post(base).handler(support.handler(request -> insert(request, type)));
    router.get(base).handler(support.handler(request -> send(request, type, "list",
      new JsonObject().put("project", request.project()).put("list", request.listOptions()))));
    router.get(base + "/:resource").handler(support.handler(request -> send(request, type, "get", target(request))));
    router.delete(base + "/:resource").handler(support.handler(request -> mutation(request, type, ResourceType.DELETE, null)));
    if (type.labelled()) {
      router.post(base + "/:resource/setLabels").handler(support.handler(request ->
        mutation(request, type, ResourceType.SET_LABELS, type.schema(ResourceType.SET_LABELS))));
    }
    for (ResourceType.Verb verb : type.verbs().stream().filter(verb -> !ResourceType.standard(verb.name())).toList()) {
      Optional<String> named = verb.onTheResource() ? type.namedInQuery() : Optional.empty();
      if (named.isPresent()) {
        // An autoscaler's patch and update go to the collection, naming it in the query (?autoscaler=a).
        router.route(HttpMethod.valueOf(verb.http()), base).handler(support.handler(request -> send(request, type, verb.name(),
          payload(request, new JsonObject().put("project", request.project()).put("resource", inQuery(request, named.get())),
            verb.body() ? type.schema(verb.name()) : null))));
        continue;
      }
      String path = verb.onTheResource() ? base + "/:resource" : base + "/:resource/" + verb.name();
      Route route = router.route(HttpMethod.valueOf(verb.http()), path);
      route.handler(support.handler(request -> mutation(request, type, verb.name(), verb.body() ? type.schema(verb.name()) : null)));
    }
  }

  private Future<Buffer> insert(GceRequest request, ResourceType type) {
    JsonObject payload = new JsonObject().put("project", request.project()).put("body", request.body(type.schema(ResourceType.INSERT)))
      .put("params", request.params()).put("requestId", request.requestId()).put("fault", request.fault());
    return compute.in(request.version()).sendForBytes(owner(request, type), type.action(ResourceType.INSERT), payload);
  }

  /** @param schema the body's schema; null for a verb without a body */
  private Future<Buffer> mutation(GceRequest request, ResourceType type, String verb, String schema) {
    return send(request, type, verb, payload(request, target(request), schema));
  }

  private static JsonObject payload(GceRequest request, JsonObject target, String schema) {
    JsonObject payload = target.put("requestId", request.requestId()).put("params", request.params()).put("fault", request.fault());
    if (schema != null) {
      payload.put("body", request.body(schema));
    }
    return payload;
  }

  private static String inQuery(GceRequest request, String parameter) {
    String name = request.params().getString(parameter);
    if (name == null) {
      throw GceError.required(parameter);
    }
    return name;
  }

  private Future<Buffer> send(GceRequest request, ResourceType type, String verb, JsonObject payload) {
    return compute.in(request.version()).sendForBytes(owner(request, type), type.action(verb), payload);
  }

  /** The scope's owner: the zone's or the region's in the path, or the global one. */
  static String owner(GceRequest request, ResourceType type) {
    return switch (type.scope()) {
      case ZONE -> request.zone().name();
      case REGION -> Addresses.region(request.region().name());
      case GLOBAL -> Addresses.GLOBAL;
    };
  }

  private static JsonObject target(GceRequest request) {
    return new JsonObject().put("project", request.project()).put("resource", request.resource("resource"));
  }
}
