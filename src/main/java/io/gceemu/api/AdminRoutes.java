package io.gceemu.api;

import io.gceemu.bus.Addresses;
import io.gceemu.bus.ComputeClient;
import io.gceemu.schema.Schemas;
import io.gceemu.store.ProjectStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;


/**
 * Emulator-only controls for tests, under {@code /_emulator} and never under {@code /compute/v1}:
 * how operations progress (per operation type, in every zone), advancing one operation, and
 * emptying everything or one project.
 */
final class AdminRoutes {

  private static final String BASE = "/_emulator";

  private final RouteSupport support;
  private final ComputeClient compute;
  private final ProjectStore projects;

  AdminRoutes(RouteSupport support, ComputeClient compute, ProjectStore projects) {
    this.support = support;
    this.compute = compute;
    this.projects = projects;
  }

  void mount(Router router) {
    router.get(BASE + "/progression").handler(support.handler(this::describeProgression));
    router.put(BASE + "/progression").handler(support.handler(this::chooseProgression));
    router.post(BASE + "/progression").handler(support.handler(this::chooseProgression));
    router.post(BASE + "/projects/:project/zones/:zone/operations/:operation/advance").handler(support.handler(this::advance));
    router.post(BASE + "/projects/:project/regions/:region/operations/:operation/advance").handler(support.handler(this::advance));
    router.post(BASE + "/projects/:project/global/operations/:operation/advance").handler(support.handler(this::advance));
    router.post(BASE + "/reset").handler(support.handler(this::reset));
  }

  private Future<JsonObject> describeProgression(GceRequest request) {
    return compute.setProgression(support.catalog().zones().get(0).name(), null, null);
  }

  /**
   * {@code {"method": "compute.instances.insert", "mode": "manual", "reads": 2}}; no method means
   * every method. {@code operationType} is the field's name from before methods named them.
   */
  private Future<JsonObject> chooseProgression(GceRequest request) {
    JsonObject body = request.body(Schemas.ADMIN_PROGRESSION);
    return compute.setProgression(body.getString("method", body.getString("operationType")), body);
  }

  /** An operation of any scope: {@code ?toEnd=true} runs every phase left; otherwise one phase. Answers with the operation. */
  private Future<JsonObject> advance(GceRequest request) {
    String project = request.project();
    boolean toEnd = request.params().getBoolean("toEnd", false);
    String scope = request.pathParam("zone") != null ? request.zone().name()
      : request.pathParam("region") != null ? Addresses.region(request.region().name()) : Addresses.GLOBAL;
    return compute.advanceOperation(project, scope, request.resource("operation"), toEnd);
  }

  /** {@code ?project=p} empties one project; without it, everything goes. */
  private Future<JsonObject> reset(GceRequest request) {
    String project = request.params().getString("project");
    return compute.reset(project).compose(done -> projects.forget(project))
      .onSuccess(forgotten -> compute.projectsForgotten(project))
      .map(v -> new JsonObject().put("reset", project == null ? "all" : project));
  }
}
