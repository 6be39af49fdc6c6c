package io.gceemu.schema;

import io.vertx.core.json.JsonObject;

/** The shared definitions ({@code common.json}) that the schemas' {@code $ref}s point into. */
record CommonDefinitions(JsonObject common) {

  /** Follows a {@code $ref} into the common definitions ({@code common.json#/$defs/x}). */
  JsonObject deref(JsonObject rule) {
    String ref = rule.getString("$ref");
    if (ref == null || !ref.contains("#/$defs/")) {
      return rule;
    }
    JsonObject target = common.getJsonObject("$defs").getJsonObject(ref.substring(ref.indexOf("#/$defs/") + 8));
    return target == null ? rule : target;
  }
}
