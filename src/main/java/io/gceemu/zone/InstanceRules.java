package io.gceemu.zone;

import io.gceemu.gce.GceError;
import io.gceemu.gce.Labels;
import io.gceemu.gce.ResourceNames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The value rules GCE enforces on an instance's network tags and metadata (labels: {@link Labels}),
 * with its error texts. The zone verticle applies them whoever the caller is (HTTP or the bus API).
 * {@code prefix} is how GCE names the field in its message: {@code resource.} on insert, nothing on
 * the set* methods.
 */
public final class InstanceRules {

  static final int MAX_TAGS = 64;
  static final int MAX_METADATA_VALUE_BYTES = 262_144;
  static final int MAX_METADATA_TOTAL_BYTES = 512 * 1024;

  private static final String METADATA_KEY_REGEX = "[a-zA-Z0-9-_]{1,128}";
  private static final Pattern METADATA_KEY = Pattern.compile(METADATA_KEY_REGEX);

  private InstanceRules() {
  }

  /** @return the tags without duplicates, in the caller's order */
  static JsonArray tags(String prefix, JsonArray items) {
    if (items == null) {
      return new JsonArray();
    }
    if (items.size() > MAX_TAGS) {
      throw GceError.invalidValue(prefix + "tags.items", "", "Too many tags: at most " + MAX_TAGS + " are allowed.");
    }
    Set<String> seen = new HashSet<>();
    JsonArray tags = new JsonArray();
    for (int i = 0; i < items.size(); i++) {
      Object tag = items.getValue(i);
      String field = prefix + "tags.items[" + i + "]";
      if (!(tag instanceof String name)) {
        throw GceError.invalidValue(field, tag, "Must be a match of regex '" + ResourceNames.NAME_REGEX + "'");
      }
      ResourceNames.requireName(field, name);
      if (seen.add(name)) {
        tags.add(name);
      }
    }
    return tags;
  }

  /**
   * Also the rules of a project's common instance metadata, which GCE checks alike.
   *
   * @return the items as {@code [{"key", "value"}]}
   */
  public static JsonArray metadataItems(String prefix, JsonArray items) {
    if (items == null) {
      return new JsonArray();
    }
    Set<String> keys = new HashSet<>();
    long total = 0;
    JsonArray result = new JsonArray();
    for (int i = 0; i < items.size(); i++) {
      String field = prefix + "metadata.items[" + i + "]";
      if (!(items.getValue(i) instanceof JsonObject item)) {
        throw GceError.invalidValue(field, items.getValue(i), "Must be an object with 'key' and 'value'.");
      }
      Object key = item.getValue("key");
      if (!(key instanceof String name) || !METADATA_KEY.matcher(name).matches()) {
        throw GceError.invalidValue(field + ".key", key == null ? "" : key, "Must be a match of regex '" + METADATA_KEY_REGEX + "'");
      }
      if (!keys.add(name)) {
        throw GceError.invalidValue(prefix + "metadata", "", "Duplicate metadata key '" + name + "'.");
      }
      Object value = item.getValue("value");
      String text = value == null ? "" : value.toString();
      int size = text.getBytes(StandardCharsets.UTF_8).length;
      if (size > MAX_METADATA_VALUE_BYTES) {
        throw GceError.invalidValue(field + ".value", "", "Metadata value must be at most " + MAX_METADATA_VALUE_BYTES + " bytes.");
      }
      total += size + name.length();
      result.add(new JsonObject().put("key", name).put("value", text));
    }
    if (total >= MAX_METADATA_TOTAL_BYTES) {
      throw GceError.invalidValue(prefix + "metadata", "", "Metadata keys and values must total less than 512 KB.");
    }
    return result;
  }
}
