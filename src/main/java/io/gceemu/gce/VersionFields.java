package io.gceemu.gce;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one API version shows of a resource that another shows more or less of, read from
 * {@code api/version-fields.json}: the fields each version's schema lacks (beta's
 * {@code shieldedVmConfig} is not in v1's Instance, v1's {@code imageSpaceGb} not in beta's
 * MachineType), and the fields a version shows as a copy of another. The emulator stores what it is
 * sent through any version and decides here what each version sees.
 */
public final class VersionFields {

  private static final VersionFields LOADED = load("api/version-fields.json");

  /** Per version, per kind: the paths that version lacks, each split into its steps. */
  private final Map<ApiVersion, Map<String, List<String[]>>> lacking;
  /** Per version, per kind: shown field, the field it copies. */
  private final Map<ApiVersion, Map<String, JsonObject>> mirrors;

  private VersionFields(Map<ApiVersion, Map<String, List<String[]>>> lacking, Map<ApiVersion, Map<String, JsonObject>> mirrors) {
    this.lacking = lacking;
    this.mirrors = mirrors;
  }

  public static VersionFields load() {
    return LOADED;
  }

  /**
   * A resource as {@code version} shows it, by its {@code kind}: without the fields the version
   * lacks, and with its mirrored fields. Changes {@code json}, a freshly rendered resource, in place.
   */
  public JsonObject show(ApiVersion version, JsonObject json) {
    String kind = json.getString("kind");
    drop(version, kind, json);
    JsonObject mirrored = mirrors.get(version).get(kind);
    if (mirrored != null) {
      mirrored.forEach(entry -> {
        Object source = json.getValue((String) entry.getValue());
        if (!json.containsKey(entry.getKey()) && source != null) {
          json.put(entry.getKey(), source instanceof JsonObject object ? object.copy() : source);
        }
      });
    }
    return json;
  }

  /** Takes out of a request body or resource of {@code kind} (in place) the fields {@code version} lacks. */
  public JsonObject drop(ApiVersion version, String kind, JsonObject json) {
    for (String[] path : lacking.get(version).getOrDefault(kind, List.of())) {
      remove(json, path, 0);
    }
    return json;
  }

  /**
   * {@code body}, a whole resource of {@code kind} sent through {@code version} to replace
   * {@code current} (a PUT), with the values of {@code current} the version cannot see: a caller
   * cannot keep what its version does not show, so a v1 update leaves beta's fields as they were.
   * Paths into arrays are not carried: the elements may have changed.
   */
  public JsonObject keepUnseen(ApiVersion version, String kind, JsonObject current, JsonObject body) {
    for (String[] path : lacking.get(version).getOrDefault(kind, List.of())) {
      Object value = current;
      for (int step = 0; step < path.length && value != null; step++) {
        value = value instanceof JsonObject object && !path[step].endsWith("[]") ? object.getValue(path[step]) : null;
      }
      if (value == null) {
        continue;
      }
      JsonObject target = body;
      for (int step = 0; step < path.length - 1; step++) {
        if (!(target.getValue(path[step]) instanceof JsonObject)) {
          target.put(path[step], new JsonObject());
        }
        target = target.getJsonObject(path[step]);
      }
      target.put(path[path.length - 1], value instanceof JsonObject object ? object.copy() : value);
    }
    return body;
  }

  /**
   * The top-level fields of {@code kind} that some version lacks: a resource keeps them as given,
   * and each version shows them or not.
   */
  public Set<String> versionSpecific(String kind) {
    Set<String> fields = new LinkedHashSet<>();
    lacking.values().forEach(byKind -> byKind.getOrDefault(kind, List.of()).stream()
      .filter(path -> path.length == 1 && !path[0].endsWith("[]")).forEach(path -> fields.add(path[0])));
    return fields;
  }

  private static void remove(Object node, String[] path, int step) {
    if (!(node instanceof JsonObject object)) {
      return;
    }
    String name = path[step];
    boolean each = name.endsWith("[]");
    String field = each ? name.substring(0, name.length() - 2) : name;
    if (step == path.length - 1) {
      object.remove(field);
      return;
    }
    Object child = object.getValue(field);
    if (each && child instanceof JsonArray array) {
      array.forEach(element -> remove(element, path, step + 1));
    } else if (!each) {
      remove(child, path, step + 1);
    }
  }

  private static VersionFields load(String resource) {
    JsonObject data = read(resource);
    Map<ApiVersion, Map<String, List<String[]>>> lacking = new EnumMap<>(ApiVersion.class);
    Map<ApiVersion, Map<String, JsonObject>> mirrors = new EnumMap<>(ApiVersion.class);
    for (ApiVersion version : ApiVersion.values()) {
      Map<String, List<String[]>> byKind = new HashMap<>();
      JsonObject kinds = data.getJsonObject("lacking").getJsonObject(version.path(), new JsonObject());
      kinds.forEach(entry -> byKind.put(entry.getKey(),
        ((JsonArray) entry.getValue()).stream().map(path -> ((String) path).split("\\.")).toList()));
      lacking.put(version, byKind);
      Map<String, JsonObject> mirrored = new HashMap<>();
      data.getJsonObject("mirrors").getJsonObject(version.path(), new JsonObject())
        .forEach(entry -> mirrored.put(entry.getKey(), (JsonObject) entry.getValue()));
      mirrors.put(version, mirrored);
    }
    return new VersionFields(lacking, mirrors);
  }

  private static JsonObject read(String resource) {
    try (InputStream in = VersionFields.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource);
      }
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
