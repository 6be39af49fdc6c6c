package io.gceemu.api;

import io.gceemu.bus.ComputeClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code zoneOperations.*}. Operations are named by name or numeric id, as on GCE. */
final class OperationRoutes {

  private static final String BASE = "/compute/v1/projects/:project/zones/:zone/operations";

  private final RouteSupport support;
  private final ComputeClient compute;

  OperationRoutes(RouteSupport support, ComputeClient compute) {
    this.support = support;
    this.compute = compute;
  }

  void mount(Router router) {
    router.get(BASE).handler(support.handler(this::list));
    router.get(BASE + "/:operation").handler(support.handler(this::get));
    router.delete(BASE + "/:operation").handler(support.handler(this::delete));
    router.post(BASE + "/:operation/wait").handler(support.handler(this::await));
  }

  private Future<JsonObject> list(GceRequest request) {
    String project = request.project();
    return compute.listOperations(project, request.zone().name(), request.listOptions());
  }

  private Future<JsonObject> get(GceRequest request) {
    String project = request.project();
    return compute.getOperation(project, request.zone().name(), request.pathParam("operation"));
  }

  private Future<JsonObject> delete(GceRequest request) {
    String project = request.project();
    return compute.deleteOperation(project, request.zone().name(), request.pathParam("operation"));
  }

  private Future<JsonObject> await(GceRequest request) {
    String project = request.project();
    return compute.waitOperation(project, request.zone().name(), request.pathParam("operation"));
  }
}
