package io.gceemu.api;

import io.gceemu.bus.Actions;
import io.gceemu.bus.Addresses;
import io.gceemu.bus.ComputeClient;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Timestamps;
import io.gceemu.projects.ProjectQuotas;
import io.gceemu.projects.ProjectSettings;
import io.gceemu.schema.Schemas;
import io.gceemu.store.ProjectStore;
import io.gceemu.zone.ResourceJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code projects.*}: the project (gcloud's project-info and SSH-key flows read and write it),
 * its own settings and its shared-VPC relations. Changes go to the global scope's owner and
 * answer with a global operation; reads come from Postgres.
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
    for (String action : Actions.PROJECT_SETTINGS) {
      String method = Actions.operationType(action);
      boolean body = Schemas.PROJECT_BODIES.contains(action);
      router.post(BASE + "/" + method).handler(support.handler(request -> compute.in(request.version()).send(Addresses.GLOBAL, action,
        new JsonObject().put("project", request.project()).put("requestId", request.requestId())
          .put("body", body ? request.body(action) : new JsonObject()))));
    }
    router.get(BASE + "/getXpnHost").handler(support.handler(this::xpnHost));
    router.get(BASE + "/getXpnResources").handler(support.handler(this::xpnResources));
    router.post(BASE + "/listXpnHosts").handler(support.handler(this::xpnHosts));
    router.post(BASE + "/moveDisk").handler(support.handler(request -> moved(request, "projects.moveDisk",
      "The moveDisk API is deprecated and can no longer be used; to move a disk, snapshot it and create a disk from the "
        + "snapshot in the other zone (https://cloud.google.com/compute/docs/disks/migrate-to-hyperdisk#migrate-to-hd).")));
    router.post(BASE + "/moveInstance").handler(support.handler(request -> moved(request, "projects.moveInstance",
      "The moveInstance API is deprecated; to move an instance to another zone, follow "
        + "https://cloud.google.com/compute/docs/instances/moving-instance-across-zones.")));
  }

  private Future<JsonObject> get(GceRequest request) {
    String name = request.project();
    return projects.ensure(name).compose(project -> projects.usage(name).map(held -> project(request, project)
      .put("quotas", ProjectQuotas.of(support.catalog(), held, ProjectSettings.xpnResources(project.settings()).size()))));
  }

  /** The project as GCE shows it, without its quotas. */
  private static JsonObject project(GceRequest request, ProjectStore.Project project) {
    return new JsonObject()
      .put("kind", "compute#project")
      .put("id", Long.toString(project.number()))
      .put("creationTimestamp", Timestamps.format(project.created()))
      .put("name", project.name())
      .put("commonInstanceMetadata", ResourceJson.metadata(project.metadata()))
      .put("selfLink", request.links().of("projects/" + project.name()))
      .put("defaultServiceAccount", project.number() + "-compute@developer.gserviceaccount.com")
      .mergeIn(ProjectSettings.shown(project.settings()));
  }

  /** The host project whose shared VPC this project uses; an empty body when none, as GCE answers. */
  private Future<JsonObject> xpnHost(GceRequest request) {
    return projects.xpnHostOf(request.project()).compose(host -> host.isEmpty() ? Future.succeededFuture(new JsonObject())
      : projects.ensure(host.get()).map(found -> project(request, found)));
  }

  private Future<JsonObject> xpnResources(GceRequest request) {
    return projects.ensure(request.project()).map(project -> new JsonObject().put("kind", "compute#projectsGetXpnResources")
      .put("resources", ProjectSettings.xpnResources(project.settings())));
  }

  /**
   * Every shared-VPC host project: the emulator has no organizations, so the {@code
   * organization} asked about does not narrow the list.
   */
  private Future<JsonObject> xpnHosts(GceRequest request) {
    request.body("projects.listXpnHosts");
    return projects.xpnHosts().compose(names -> Future.all(names.stream().map(projects::ensure).toList()))
      .map(found -> new JsonObject().put("kind", "compute#xpnHostList").put("id", "projects/" + request.project() + "/listXpnHosts")
        .put("items", new JsonArray(found.<ProjectStore.Project>list().stream().map(host -> project(request, host)).toList()))
        .put("selfLink", request.links().of("projects/" + request.project() + "/listXpnHosts")));
  }

  /** moveDisk and moveInstance: deprecated by GCE, which turned them off for new projects; refused, checked first. */
  private Future<JsonObject> moved(GceRequest request, String schema, String why) {
    request.body(schema);
    throw new GceError(400, "badRequest", why);
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
