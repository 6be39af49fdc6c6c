package io.gceemu.api;

import io.gceemu.bus.Actions;
import io.gceemu.bus.Addresses;
import io.gceemu.bus.ComputeClient;
import io.gceemu.catalog.Region;
import io.gceemu.catalog.Zone;
import io.gceemu.gce.GceError;
import io.gceemu.list.AggregatedList;
import io.gceemu.list.ListRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code zoneOperations.*}, {@code globalOperations.*}, {@code regionOperations.*} and
 * {@code globalOperations.aggregatedList}, which spans every scope. Operations are named by name or numeric id, as on GCE.
 */
final class OperationRoutes {

  private static final String ZONAL = RouteSupport.API + "/projects/:project/zones/:zone/operations";
  private static final String GLOBAL = RouteSupport.API + "/projects/:project/global/operations";
  private static final String REGIONAL = RouteSupport.API + "/projects/:project/regions/:region/operations";

  private final RouteSupport support;
  private final ComputeClient compute;

  OperationRoutes(RouteSupport support, ComputeClient compute) {
    this.support = support;
    this.compute = compute;
  }

  void mount(Router router) {
    router.get(ZONAL).handler(support.handler(this::list));
    router.get(ZONAL + "/:operation").handler(support.handler(this::get));
    router.delete(ZONAL + "/:operation").handler(support.handler(this::delete));
    router.post(ZONAL + "/:operation/wait").handler(support.handler(this::await));
    router.get(GLOBAL).handler(support.handler(this::listGlobal));
    router.get(GLOBAL + "/:operation").handler(support.handler(this::getGlobal));
    router.delete(GLOBAL + "/:operation").handler(support.handler(this::deleteGlobal));
    // Every global operation is written DONE, so a wait has nothing to wait for.
    router.post(GLOBAL + "/:operation/wait").handler(support.handler(this::getGlobal));
    router.get(RouteSupport.API + "/projects/:project/aggregated/operations").handler(support.handler(this::aggregatedList));
    router.get(REGIONAL).handler(support.handler(this::listRegional));
    router.get(REGIONAL + "/:operation").handler(support.handler(this::noRegionalOperation));
    router.delete(REGIONAL + "/:operation").handler(support.handler(this::noRegionalOperation));
    router.post(REGIONAL + "/:operation/wait").handler(support.handler(this::noRegionalOperation));
  }

  /**
   * regionOperations: no collection served yet lives in a region (subnetworks and addresses will),
   * so a region has no operations: its list is empty, and any operation named in it is GCE's 404.
   */
  private Future<Buffer> listRegional(GceRequest request) {
    String path = regionPath(request) + "/operations";
    // The options are checked as for any list, though nothing can match them.
    ListRequest.from(request.listOptions());
    return Future.succeededFuture(new ListRequest.Page(List.of(), null).toBuffer("compute#operationList", path, request.links().of(path)));
  }

  private Future<JsonObject> noRegionalOperation(GceRequest request) {
    return Future.failedFuture(GceError.notFound(regionPath(request) + "/operations/" + request.resource("operation")));
  }

  /** The region named in the path, as GCE checks it: one it does not have is an invalid value. */
  private String regionPath(GceRequest request) {
    String region = request.pathParam("region");
    if (support.catalog().region(region).isEmpty()) {
      throw GceError.invalidValue("region", region, "Unknown region.");
    }
    return "projects/" + request.project() + "/regions/" + region;
  }

  private Future<JsonObject> list(GceRequest request) {
    String project = request.project();
    return compute.in(request.version()).listOperations(project, request.zone().name(), request.listOptions());
  }

  private Future<JsonObject> get(GceRequest request) {
    String project = request.project();
    return compute.in(request.version()).getOperation(project, request.zone().name(), request.pathParam("operation"));
  }

  private Future<JsonObject> delete(GceRequest request) {
    String project = request.project();
    return compute.deleteOperation(project, request.zone().name(), request.pathParam("operation"));
  }

  private Future<JsonObject> await(GceRequest request) {
    String project = request.project();
    return compute.in(request.version()).waitOperation(project, request.zone().name(), request.pathParam("operation"));
  }

  private Future<Buffer> listGlobal(GceRequest request) {
    return compute.in(request.version()).sendForBytes(Addresses.GLOBAL, Actions.GLOBAL_OPERATION_LIST,
      new JsonObject().put("project", request.project()).put("list", request.listOptions()));
  }

  private Future<JsonObject> getGlobal(GceRequest request) {
    return compute.in(request.version()).send(Addresses.GLOBAL, Actions.GLOBAL_OPERATION_GET,
      new JsonObject().put("project", request.project()).put("operation", request.resource("operation")));
  }

  private Future<JsonObject> deleteGlobal(GceRequest request) {
    return compute.send(Addresses.GLOBAL, Actions.GLOBAL_OPERATION_DELETE,
      new JsonObject().put("project", request.project()).put("operation", request.resource("operation")));
  }

  /**
   * Every scope, as GCE lists it: {@code global}, each region (none has operations here yet, so
   * each carries the no-results warning), then each zone; each scope's owner sends its matches in full.
   */
  private Future<JsonObject> aggregatedList(GceRequest request) {
    String project = request.project();
    JsonObject options = request.listOptions();
    ListRequest list = ListRequest.from(options);
    List<Zone> zones = support.catalog().zones();
    ComputeClient versioned = compute.in(request.version());
    JsonObject everyMatch = new JsonObject().put("project", project).put("list", options).put("all", true);
    Future<JsonObject> globals = versioned.send(Addresses.GLOBAL, Actions.GLOBAL_OPERATION_LIST, everyMatch);
    List<Future<JsonObject>> zonal = zones.stream().map(zone -> versioned.send(zone.name(), Actions.OPERATION_LIST, everyMatch)).toList();
    return Future.all(globals, Future.all(zonal)).map(all -> {
      Map<String, List<JsonObject>> byScope = new LinkedHashMap<>();
      byScope.put("global", items(globals.result()));
      for (Region region : support.catalog().regions()) {
        byScope.put("regions/" + region.name(), List.of());
      }
      for (int i = 0; i < zones.size(); i++) {
        byScope.put("zones/" + zones.get(i).name(), items(zonal.get(i).result()));
      }
      String path = "projects/" + project + "/aggregated/operations";
      return AggregatedList.build(new JsonObject().put("kind", "compute#operationAggregatedList").put("id", path)
        .put("selfLink", request.links().of(path)), "operations", byScope, list);
    });
  }

  private static List<JsonObject> items(JsonObject answer) {
    return answer.getJsonArray("items").stream().map(JsonObject.class::cast).toList();
  }
}
