package io.gceemu.resource;

import io.gceemu.gce.Links;
import io.gceemu.gce.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;

/**
 * Renders any declared resource as GCE JSON: kind, id (an int64, so a string), creationTimestamp
 * and name first, then its document with each reference a full link of the API version read
 * through, then selfLink and, for a labelled collection, labelFingerprint, for a fingerprinted one fingerprint.
 */
public final class ResourceRenderer {

  private final Links links;

  public ResourceRenderer(Links links) {
    this.links = links;
  }

  public JsonObject render(ResourceType type, Resource resource) {
    JsonObject json = new JsonObject()
      .put("kind", type.kind())
      .put("id", Long.toString(resource.id()))
      .put("creationTimestamp", Timestamps.format(resource.created()))
      .put("name", resource.name());
    resource.document().forEach(field -> json.put(field.getKey(), render(type, field.getKey(), field.getValue())));
    json.put("selfLink", links.of(resource.path()));
    if (type.labelled()) {
      json.put("labelFingerprint", resource.labelFingerprint());
    }
    if (type.fingerprinted()) {
      json.put("fingerprint", resource.fingerprint());
    }
    return json;
  }

  /**
   * A field as shown: a reference as a link, and so the references within it: {@code
   * deprecated.replacement} names a field of an object, {@code properties.networkInterfaces[].network}
   * a field of each element of a list.
   */
  private Object render(ResourceType type, String path, Object value) {
    if (type.links().contains(path)) {
      return link(value);
    }
    if (type.links().stream().noneMatch(link -> link.startsWith(path + ".") || link.startsWith(path + "[]"))) {
      return copy(value);
    }
    if (value instanceof JsonObject object) {
      JsonObject shown = new JsonObject();
      object.forEach(inner -> shown.put(inner.getKey(), render(type, path + "." + inner.getKey(), inner.getValue())));
      return shown;
    }
    if (value instanceof JsonArray array) {
      return new JsonArray(new ArrayList<>(array.stream().map(element -> render(type, path + "[]", element)).toList()));
    }
    return copy(value);
  }

  private Object link(Object reference) {
    if (reference instanceof JsonArray references) {
      return new JsonArray(references.stream().map(this::link).toList());
    }
    return links.of((String) reference);
  }

  private static Object copy(Object value) {
    return value instanceof JsonObject object ? object.copy() : value instanceof JsonArray array ? array.copy() : value;
  }
}
