package io.gceemu.zone;

import io.gceemu.gce.ApiVersion;
import io.gceemu.gce.Links;
import io.gceemu.gce.VersionFields;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceRenderer;
import io.gceemu.resource.ResourceType;
import io.vertx.core.json.JsonObject;

import java.util.EnumMap;
import java.util.Map;

/**
 * A zone's resources as each API version shows them: with that version's links (GCE's links name
 * the version the request came through) and without the fields its schema lacks.
 */
final class VersionedJson {

  private final Map<ApiVersion, ResourceJson> renderers = new EnumMap<>(ApiVersion.class);
  private final Map<ApiVersion, ResourceRenderer> resources = new EnumMap<>(ApiVersion.class);
  private final VersionFields fields = VersionFields.load();

  VersionedJson(Links links) {
    for (ApiVersion version : ApiVersion.values()) {
      renderers.put(version, new ResourceJson(links.in(version)));
      resources.put(version, new ResourceRenderer(links.in(version)));
    }
  }

  JsonObject instance(ApiVersion version, Instance instance) {
    return fields.show(version, renderers.get(version).instance(instance));
  }

  JsonObject resource(ApiVersion version, ResourceType type, Resource resource) {
    return resources.get(version).render(type, resource);
  }

  JsonObject operation(ApiVersion version, Operation operation) {
    return renderers.get(version).operation(operation);
  }

  /**
   * An {@code instances.update} body sent through {@code version}, with the fields of the current
   * instance that version cannot show: a v1 PUT of an instance created through beta keeps its
   * beta fields (GCE's behaviour here is not confirmed; a caller cannot send back what it never saw).
   */
  JsonObject keepUnseen(ApiVersion version, Instance current, JsonObject body) {
    return fields.keepUnseen(version, "compute#instance", current.attributes(), body);
  }

  String link(ApiVersion version, String relativePath) {
    return renderers.get(version).link(relativePath);
  }
}
