package io.gceemu.iam;

import io.gceemu.gce.GceError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;

/**
 * IAM policies as GCE keeps them on a resource: bindings (and audit configs) with a version and
 * an etag that changes with every set. A resource nobody set a policy on has the empty policy,
 * etag {@code ACAB}, as GCE shows it. A set that quotes an etag must quote the current one.
 * Authorization is not enforced: every permission asked about is granted.
 */
public final class IamPolicies {

  /** The empty policy's etag, as GCE gives it. */
  static final String EMPTY_ETAG = "ACAB";
  /** Conditional bindings need policy version 3; without them GCE answers version 1. */
  private static final int PLAIN = 1;
  private static final int CONDITIONAL = 3;

  private IamPolicies() {
  }

  /** The policy as getIamPolicy and setIamPolicy answer it, at its {@code serial}-th change. */
  public static JsonObject shown(JsonObject stored, long serial) {
    JsonObject policy = new JsonObject().put("version", stored == null ? PLAIN : stored.getInteger("version", PLAIN));
    if (stored != null) {
      for (String field : List.of("bindings", "auditConfigs")) {
        JsonArray values = stored.getJsonArray(field);
        if (values != null && !values.isEmpty()) {
          policy.put(field, values.copy());
        }
      }
    }
    return policy.put("etag", etag(serial));
  }

  /**
   * The policy a setIamPolicy body makes: {@code policy}, or (as the older request form sends
   * them) its {@code bindings} and {@code etag} beside it.
   *
   * @param currentSerial the policy's changes so far: 0 for none
   */
  public static JsonObject toStore(JsonObject body, long currentSerial) {
    JsonObject sent = body.getJsonObject("policy", new JsonObject());
    String etag = sent.getString("etag", body.getString("etag"));
    if (etag != null && !etag.isEmpty() && !etag.equals(etag(currentSerial))) {
      throw new GceError(409, "aborted", "There were concurrent policy changes. Please retry the whole read-modify-write with "
        + "exponential backoff.");
    }
    JsonArray bindings = sent.getJsonArray("bindings", body.getJsonArray("bindings", new JsonArray()));
    boolean conditional = bindings.stream().anyMatch(binding -> ((JsonObject) binding).containsKey("condition"));
    int version = sent.getInteger("version", conditional ? CONDITIONAL : PLAIN);
    if (conditional && version < CONDITIONAL) {
      throw GceError.invalidValue("policy.version", version, "Policies with conditional role bindings must use version 3.");
    }
    return new JsonObject().put("version", version).put("bindings", bindings.copy())
      .put("auditConfigs", sent.getJsonArray("auditConfigs", new JsonArray()).copy());
  }

  /** testIamPermissions: nothing is enforced, so every permission asked about is held. */
  public static JsonObject granted(JsonObject body) {
    JsonArray asked = body.getJsonArray("permissions", new JsonArray());
    return asked.isEmpty() ? new JsonObject() : new JsonObject().put("permissions", asked.copy());
  }

  static String etag(long serial) {
    if (serial == 0) {
      return EMPTY_ETAG;
    }
    // GCE's etags are opaque base64 that begins "Bw": a version byte 7, then the change counter.
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(9).put((byte) 7).putLong(serial).array());
  }
}
