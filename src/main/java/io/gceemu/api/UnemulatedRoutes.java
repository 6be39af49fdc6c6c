package io.gceemu.api;

import io.gceemu.gce.GceError;
import io.vertx.ext.web.Router;

import java.util.List;

/**
 * Methods the emulator knows and does not carry out, answered with a 400 that says so rather than
 * a 404 for a path GCE serves: the disks' consistency-group methods, which act on asynchronous
 * replication and consistency-group snapshots that are not emulated.
 */
final class UnemulatedRoutes {

  /** A collection-level method: its path under the project, and why it is not carried out. */
  private record Unemulated(String path, String why) {
  }

  private static final List<Unemulated> METHODS = List.of(
    new Unemulated("/zones/:zone/disks/bulkInsert",
      "Creating disks from a consistency group's snapshots (disks.bulkInsert) is not emulated."),
    new Unemulated("/zones/:zone/disks/bulkSetLabels",
      "Setting the labels of a consistency group's disks (disks.bulkSetLabels) is not emulated; use disks.setLabels."),
    new Unemulated("/zones/:zone/disks/stopGroupAsyncReplication",
      "Asynchronous replication of disks is not emulated, so no consistency group is replicating."));

  private final RouteSupport support;

  UnemulatedRoutes(RouteSupport support) {
    this.support = support;
  }

  void mount(Router router) {
    for (Unemulated method : METHODS) {
      router.post(RouteSupport.API + "/projects/:project" + method.path()).handler(support.handler(request -> {
        request.zone();
        throw new GceError(400, "invalid", method.why());
      }));
    }
  }
}
