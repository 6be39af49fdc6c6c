package io.gceemu.api;

import io.gceemu.bus.Actions;
import io.gceemu.bus.ComputeClient;
import io.gceemu.catalog.Zone;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code instanceGroups.*} of a zone: its managed groups seen as groups of instances (get, list,
 * aggregatedList, listInstances), answered by the zone from the groups and their members.
 */
final class InstanceGroupRoutes {

  private static final String BASE = RouteSupport.API + "/projects/:project/zones/:zone/instanceGroups";

  private final RouteSupport support;
  private final ComputeClient compute;

  InstanceGroupRoutes(RouteSupport support, ComputeClient compute) {
    this.support = support;
    this.compute = compute;
  }

  void mount(Router router) {
    router.get(BASE).handler(support.handler(request -> compute.in(request.version()).sendForBytes(request.zone().name(),
      Actions.INSTANCE_GROUP_LIST, new JsonObject().put("project", request.project()).put("list", request.listOptions()))));
    router.get(BASE + "/:group").handler(support.handler(request -> group(request, Actions.INSTANCE_GROUP_GET)));
    router.post(BASE + "/:group/listInstances").handler(support.handler(request -> group(request, Actions.INSTANCE_GROUP_LIST_INSTANCES)));
    router.get(RouteSupport.API + "/projects/:project/aggregated/instanceGroups").handler(support.handler(request ->
      Aggregation.list(request, compute.in(request.version()), support.catalog().zones().stream().map(Zone::name).toList(),
        zone -> Actions.INSTANCE_GROUP_LIST, "instanceGroups", "compute#instanceGroupAggregatedList")));
  }

  private Future<Buffer> group(GceRequest request, String action) {
    return compute.in(request.version()).sendForBytes(request.zone().name(), action,
      new JsonObject().put("project", request.project()).put("group", request.resource("group")));
  }
}
