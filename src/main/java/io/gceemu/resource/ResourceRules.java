package io.gceemu.resource;

import io.gceemu.gce.GceError;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * What is particular to one collection in one scope: how an insert body becomes a document, what
 * refuses a delete, and its custom verbs. Each method checks as GCE checks, throwing its error.
 */
public interface ResourceRules {

  /** The document of a new resource from a checked insert body and the query parameters. */
  JsonObject create(String project, JsonObject body, JsonObject params, Instant now);

  /** Refuses a delete GCE refuses (a disk still in use). */
  default void checkDelete(Resource resource) {
  }

  /** A custom verb: the resource's document once the verb is done. */
  default JsonObject apply(String verb, Resource current, JsonObject body, JsonObject params, Instant now) {
    throw new GceError(400, "invalid", "Unknown method '" + current.collection() + "." + verb + "'.");
  }
}
