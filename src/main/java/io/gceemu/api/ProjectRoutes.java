package io.gceemu.api;

import io.gceemu.gce.Fingerprints;
import io.gceemu.gce.Links;
import io.gceemu.gce.Timestamps;
import io.gceemu.store.ProjectStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code projects.get}: gcloud's project-info and SSH-key flows read it. */
final class ProjectRoutes {

  private final RouteSupport support;
  private final ProjectStore projects;
  private final Links links;

  ProjectRoutes(RouteSupport support, ProjectStore projects, Links links) {
    this.support = support;
    this.projects = projects;
    this.links = links;
  }

  void mount(Router router) {
    router.get("/compute/v1/projects/:project").handler(support.handler(this::get));
  }

  private Future<JsonObject> get(GceRequest request) {
    String name = request.project();
    return projects.ensure(name).map(project -> new JsonObject()
      .put("kind", "compute#project")
      .put("id", Long.toString(project.number()))
      .put("creationTimestamp", Timestamps.format(project.created()))
      .put("name", name)
      .put("commonInstanceMetadata", new JsonObject().put("kind", "compute#metadata").put("fingerprint", Fingerprints.EMPTY))
      .put("quotas", support.catalog().quotas())
      .put("selfLink", links.of("projects/" + name))
      .put("defaultServiceAccount", project.number() + "-compute@developer.gserviceaccount.com")
      .put("xpnProjectStatus", "UNSPECIFIED_XPN_PROJECT_STATUS")
      .put("defaultNetworkTier", "PREMIUM"));
  }
}
