package io.gceemu.api;

import io.gceemu.bus.Actions;
import io.gceemu.bus.Addresses;
import io.gceemu.bus.ComputeClient;
import io.gceemu.gce.Timestamps;
import io.gceemu.schema.Schemas;
import io.gceemu.store.ProjectStore;
import io.gceemu.zone.ResourceJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code projects.get} and {@code projects.setCommonInstanceMetadata}: gcloud's project-info and
 * SSH-key flows read and write them.
 */
final class ProjectRoutes {

  private static final String BASE = RouteSupport.API + "/projects/:project";

  private final RouteSupport support;
  private final ProjectStore projects;
  private final ComputeClient compute;

  ProjectRoutes(RouteSupport support, ProjectStore projects, ComputeClient compute) {
    this.support = support;
    this.projects = projects;
    this.compute = compute;
  }

  void mount(Router router) {
    router.get(BASE).handler(support.handler(this::get));
    router.post(BASE + "/setCommonInstanceMetadata").handler(support.handler(this::setCommonInstanceMetadata));
  }

  private Future<JsonObject> get(GceRequest request) {
    String name = request.project();
    return projects.ensure(name).map(project -> new JsonObject()
      .put("kind", "compute#project")
      .put("id", Long.toString(project.number()))
      .put("creationTimestamp", Timestamps.format(project.created()))
      .put("name", name)
      .put("commonInstanceMetadata", ResourceJson.metadata(project.metadata()))
      .put("quotas", support.catalog().quotas())
      .put("selfLink", request.links().of("projects/" + name))
      .put("defaultServiceAccount", project.number() + "-compute@developer.gserviceaccount.com")
      .put("xpnProjectStatus", "UNSPECIFIED_XPN_PROJECT_STATUS")
      .put("defaultNetworkTier", "PREMIUM"));
  }

  /**
   * The body is a Metadata, as for {@code instances.setMetadata}; the global scope's owner checks
   * it by the same rules and answers with a global operation, with no zone.
   */
  private Future<JsonObject> setCommonInstanceMetadata(GceRequest request) {
    JsonObject body = request.body(Schemas.SET_METADATA);
    return compute.in(request.version()).send(Addresses.GLOBAL, Actions.SET_COMMON_METADATA,
      new JsonObject().put("project", request.project()).put("body", body).put("requestId", request.requestId()));
  }
}
