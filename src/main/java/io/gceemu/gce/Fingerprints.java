package io.gceemu.gce;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * GCE fingerprints: 8 bytes, base64. The fingerprint of an empty label map, tag list or metadata is
 * always {@code 42WmSpB8rSM=} on real GCE; any other content gets its own value, so a stale
 * fingerprint is detected whenever the content changed.
 */
public final class Fingerprints {

  public static final String EMPTY = "42WmSpB8rSM=";

  private Fingerprints() {
  }

  /**
   * The fingerprint of a JSON value, independent of key order (Postgres JSONB does not keep it),
   * or {@link #EMPTY} for an empty object or array.
   */
  public static String ofJson(Object value) {
    boolean empty = value == null || value instanceof JsonObject object && object.isEmpty() || value instanceof JsonArray array && array.isEmpty();
    return of(empty ? "" : canonical(value));
  }

  private static String canonical(Object value) {
    if (value instanceof JsonObject object) {
      return new TreeMap<>(object.getMap()).keySet().stream()
        .map(key -> Json.encode(key) + ":" + canonical(object.getValue(key)))
        .collect(Collectors.joining(",", "{", "}"));
    }
    if (value instanceof JsonArray array) {
      return array.stream().map(Fingerprints::canonical).collect(Collectors.joining(",", "[", "]"));
    }
    return Json.encode(value);
  }

  /**
   * Whether a fingerprint a caller quotes is {@code current}. GCE compares the bytes, not the text:
   * gcloud sends fingerprints in the URL-safe alphabet ({@code bnd4B-aFkWs=} for
   * {@code bnd4B+aFkWs=}) and real GCE accepts them. Padding may be left off as well. A missing or
   * undecodable fingerprint matches nothing.
   */
  public static boolean matches(String current, String supplied) {
    if (supplied == null) {
      return false;
    }
    try {
      byte[] quoted = Base64.getDecoder().decode(supplied.replace('-', '+').replace('_', '/'));
      return Arrays.equals(Base64.getDecoder().decode(current), quoted);
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  /** @param canonical a deterministic text of the content; empty means "nothing set" */
  public static String of(String canonical) {
    if (canonical.isEmpty()) {
      return EMPTY;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(Arrays.copyOf(digest, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
