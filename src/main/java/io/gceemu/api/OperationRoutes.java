package io.gceemu.api;

import io.gceemu.bus.Actions;
import io.gceemu.bus.Addresses;
import io.gceemu.bus.ComputeClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;


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
    router.post(GLOBAL + "/:operation/wait").handler(support.handler(this::awaitGlobal));
    router.get(RouteSupport.API + "/projects/:project/aggregated/operations").handler(support.handler(this::aggregatedList));
    router.get(REGIONAL).handler(support.handler(this::listRegional));
    router.get(REGIONAL + "/:operation").handler(support.handler(this::getRegional));
    router.delete(REGIONAL + "/:operation").handler(support.handler(this::deleteRegional));
    router.post(REGIONAL + "/:operation/wait").handler(support.handler(this::awaitRegional));
  }

  private Future<Buffer> listRegional(GceRequest request) {
    return compute.in(request.version()).sendForBytes(region(request), Actions.REGION_OPERATION_LIST,
      new JsonObject().put("project", request.project()).put("list", request.listOptions()));
  }

  private Future<JsonObject> getRegional(GceRequest request) {
    return compute.in(request.version()).send(region(request), Actions.REGION_OPERATION_GET, operation(request));
  }

  private Future<JsonObject> awaitRegional(GceRequest request) {
    return compute.in(request.version()).waitOperation(request.project(), region(request), request.resource("operation"));
  }

  private Future<JsonObject> deleteRegional(GceRequest request) {
    return compute.send(region(request), Actions.REGION_OPERATION_DELETE, operation(request));
  }

  private static String region(GceRequest request) {
    return Addresses.region(request.region().name());
  }

  private static JsonObject operation(GceRequest request) {
    return new JsonObject().put("project", request.project()).put("operation", request.resource("operation"));
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
    return compute.in(request.version()).send(Addresses.GLOBAL, Actions.GLOBAL_OPERATION_GET, operation(request));
  }

  private Future<JsonObject> awaitGlobal(GceRequest request) {
    return compute.in(request.version()).waitOperation(request.project(), Addresses.GLOBAL, request.resource("operation"));
  }

  private Future<JsonObject> deleteGlobal(GceRequest request) {
    return compute.send(Addresses.GLOBAL, Actions.GLOBAL_OPERATION_DELETE, operation(request));
  }

  /** Every scope, as GCE lists it: {@code global}, each region, then each zone; each scope's owner sends its matches in full. */
  private Future<JsonObject> aggregatedList(GceRequest request) {
    return Aggregation.list(request, compute.in(request.version()), Addresses.everyScope(support.catalog()),
      OperationRoutes::listAction, "operations", "compute#operationAggregatedList");
  }

  private static String listAction(String scope) {
    if (Addresses.GLOBAL.equals(scope)) {
      return Actions.GLOBAL_OPERATION_LIST;
    }
    return Addresses.regionOf(scope) != null ? Actions.REGION_OPERATION_LIST : Actions.OPERATION_LIST;
  }
}
