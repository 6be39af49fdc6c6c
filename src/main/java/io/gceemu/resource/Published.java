package io.gceemu.resource;

import io.gceemu.gce.Links;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;

/**
 * A collection some projects publish read-only, besides what projects make themselves: the
 * public images of debian-cloud and the others. Every project reads them; none writes them.
 */
public interface Published {

  boolean publishes(String project);

  /** A published resource by name, as the links of the version read through show it. */
  Optional<JsonObject> get(String project, String name, Links links);

  /** A publishing project's resources, in name order. */
  List<JsonObject> list(String project, Links links);
}
