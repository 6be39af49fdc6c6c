package io.gceemu.api;

import io.gceemu.gce.Timestamps;
import io.gceemu.schema.Schemas;
import io.gceemu.store.GlobalStore;
import io.gceemu.store.ProjectStore;
import io.gceemu.zone.InstanceRules;
import io.gceemu.zone.ResourceJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
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
  private final GlobalStore global;

  ProjectRoutes(RouteSupport support, ProjectStore projects, GlobalStore global) {
    this.support = support;
    this.projects = projects;
    this.global = global;
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
   * The body is a Metadata, as for {@code instances.setMetadata}, and is checked by the same rules;
   * the answer is a global operation, with no zone.
   */
  private Future<JsonObject> setCommonInstanceMetadata(GceRequest request) {
    String project = request.project();
    JsonObject body = request.body(Schemas.SET_METADATA);
    JsonArray items = InstanceRules.metadataItems("", body.getJsonArray("items"));
    return global.setCommonInstanceMetadata(project, body.getString("fingerprint"), items, request.requestId(), Timestamps.now())
      .map(new ResourceJson(request.links())::operation);
  }
}
