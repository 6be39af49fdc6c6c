package io.gceemu.api;

import io.gceemu.bus.Addresses;
import io.gceemu.bus.ComputeClient;
import io.gceemu.gce.Links;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.List;

/**
 * regionInstanceGroups: each regional managed group seen as the instance group of its name (GCE
 * has no regional unmanaged groups), answered from the group and its members as the region's
 * owner reads them; its {@code size} is how many members it has now.
 */
final class RegionInstanceGroupRoutes {

  private static final String BASE = RouteSupport.API + "/projects/:project/regions/:region/instanceGroups";
  private static final String MANAGERS = "regionInstanceGroupManagers";

  private final RouteSupport support;
  private final ComputeClient compute;

  RegionInstanceGroupRoutes(RouteSupport support, ComputeClient compute) {
    this.support = support;
    this.compute = compute;
  }

  void mount(Router router) {
    router.get(BASE).handler(support.handler(this::list));
    router.get(BASE + "/:resource").handler(support.handler(request -> owner(request)
      .getResource(MANAGERS, request.project(), scope(request), request.resource("resource"))
      .compose(group -> shown(request, group))));
    router.post(BASE + "/:resource/listInstances").handler(support.handler(this::listInstances));
  }

  private Future<JsonObject> list(GceRequest request) {
    return owner(request).listResources(MANAGERS, request.project(), scope(request), request.listOptions()).compose(groups -> {
      List<Future<JsonObject>> shown = groups.getJsonArray("items", new JsonArray()).stream()
        .map(group -> shown(request, (JsonObject) group)).toList();
      return Future.all(shown).map(all -> {
        String self = "projects/" + request.project() + "/regions/" + request.region().name() + "/instanceGroups";
        JsonObject list = new JsonObject().put("kind", "compute#regionInstanceGroupList").put("id", self)
          .put("items", new JsonArray(shown.stream().map(Future::result).map(Object.class::cast).toList()));
        if (groups.getString("nextPageToken") != null) {
          list.put("nextPageToken", groups.getString("nextPageToken"));
        }
        return list.put("selfLink", request.links().of(self));
      });
    });
  }

  private Future<JsonObject> listInstances(GceRequest request) {
    return members(request, request.resource("resource")).map(members -> {
      JsonArray items = new JsonArray();
      members.forEach(member -> items.add(new JsonObject().put("instance", ((JsonObject) member).getString("instance"))
        .put("status", ((JsonObject) member).getString("instanceStatus"))));
      String self = "projects/" + request.project() + "/regions/" + request.region().name() + "/instanceGroups/"
        + request.resource("resource") + "/listInstances";
      return new JsonObject().put("kind", "compute#regionInstanceGroupsListInstances").put("id", self).put("items", items)
        .put("selfLink", request.links().of(self));
    });
  }

  /**
   * The instance group of a regional managed group, as GCE shows it. Its description is worded as
   * the zonal one GCE was recorded with; the regional wording is not known.
   */
  private Future<JsonObject> shown(GceRequest request, JsonObject group) {
    return members(request, group.getString("name")).map(members -> {
      String self = Links.relative(group.getString("selfLink")).replace("/instanceGroupManagers/", "/instanceGroups/");
      JsonObject shown = new JsonObject().put("kind", "compute#instanceGroup").put("id", group.getString("id"))
        .put("creationTimestamp", group.getString("creationTimestamp")).put("name", group.getString("name"))
        .put("description", "This instance group is controlled by Regional Instance Group Manager '" + group.getString("name")
          + "'. To modify instances in this group, use the Regional Instance Group Manager API: "
          + "https://cloud.google.com/compute/docs/reference/latest/regionInstanceGroupManagers")
        .put("fingerprint", "42WmSpB8rSM=").put("region", group.getString("region")).put("size", members.size());
      if (group.getJsonArray("namedPorts") != null) {
        shown.put("namedPorts", group.getJsonArray("namedPorts").copy());
      }
      return shown.put("selfLink", request.links().of(self));
    });
  }

  private Future<JsonArray> members(GceRequest request, String group) {
    return owner(request).send(scope(request), MANAGERS + ".listManagedInstances", new JsonObject().put("project", request.project())
      .put("resource", group)).map(answer -> answer.getJsonArray("managedInstances", new JsonArray()));
  }

  private ComputeClient owner(GceRequest request) {
    return compute.in(request.version());
  }

  private static String scope(GceRequest request) {
    return Addresses.region(request.region().name());
  }
}
