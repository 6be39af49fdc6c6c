package io.gceemu.resource;

import io.gceemu.gce.GceError;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What is particular to one collection in one scope: how an insert body becomes a document, what
 * refuses a delete, and its custom verbs. Each method checks as GCE checks, throwing its error.
 * Resources of other scopes a request names (a disk's source snapshot, a snapshot's source disk)
 * are read before it is decided, and handed to it.
 */
public interface ResourceRules {

  /** The resources of other scopes an insert names, read before it is decided. */
  default List<ResourceKey> references(String project, JsonObject body, JsonObject params) {
    return List.of();
  }

  /**
   * The document of a new resource from a checked insert body and the query parameters.
   *
   * @param referenced what {@link #references} named, by path; a missing one does not exist
   */
  JsonObject create(String project, JsonObject body, JsonObject params, Map<String, Resource> referenced, Instant now);

  /** Refuses a delete GCE refuses (a disk still in use). */
  default void checkDelete(Resource resource) {
  }

  /**
   * A custom verb: the changes it makes, to its resource or to new ones (a disk's snapshot). The
   * emulator encrypts nothing with a customer-managed key, so a disk's or snapshot's {@code
   * updateKmsKey} finds no key to rotate.
   */
  default List<Resource.Change> apply(String verb, Resource current, JsonObject body, JsonObject params, Instant now) {
    if (verb.equals(ResourceType.UPDATE_KMS_KEY.name())) {
      throw new GceError(400, "invalid", "Invalid resource usage: 'The resource " + current.path()
        + " is not protected by a customer-managed encryption key.'.");
    }
    throw new GceError(400, "invalid", "Unknown method '" + current.collection() + "." + verb + "'.");
  }

  /** The referenced resource, ready to be used, or GCE's 404 for it. */
  static Resource referenced(Map<String, Resource> referenced, ResourceKey key) {
    Resource found = referenced.get(key.path());
    if (found == null) {
      throw GceError.notFound(key.path());
    }
    return ready(found);
  }

  /** A resource still being made (a snapshot UPLOADING, an image PENDING) is not ready to be made from, as on GCE. */
  static Resource ready(Resource resource) {
    String status = resource.document().getString("status");
    if (status != null && !status.equals(ResourceType.READY)) {
      throw GceError.notReady(resource.path());
    }
    return resource;
  }
}
