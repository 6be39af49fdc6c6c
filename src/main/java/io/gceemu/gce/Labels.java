package io.gceemu.gce;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rules GCE enforces on the labels of every resource that has them, with its error texts.
 * {@code prefix} is how GCE names the field in its message: {@code resource.} on insert, nothing
 * on setLabels.
 */
public final class Labels {

  static final int MAX_LABELS = 64;

  private static final Pattern LABEL_KEY = Pattern.compile("[\\p{Ll}\\p{Lo}][\\p{Ll}\\p{Lo}\\p{N}_-]{0,62}");
  private static final Pattern LABEL_VALUE = Pattern.compile("[\\p{Ll}\\p{Lo}\\p{N}_-]{0,63}");

  private Labels() {
  }

  /** @return the labels ordered by key, as a fresh object */
  public static JsonObject checked(String prefix, JsonObject labels) {
    if (labels == null) {
      return new JsonObject();
    }
    String field = prefix + "labels";
    if (labels.size() > MAX_LABELS) {
      throw GceError.invalidValue(field, "", "Too many labels: at most " + MAX_LABELS + " are allowed.");
    }
    Map<String, Object> sorted = new TreeMap<>();
    for (Map.Entry<String, Object> label : labels) {
      if (!LABEL_KEY.matcher(label.getKey()).matches()) {
        throw GceError.invalidValue(field, "", "Label key '" + label.getKey() + "' violates format constraints. The key must start"
          + " with a lowercase character, can only contain lowercase letters, numeric characters, underscores and dashes."
          + " The key can be at most 63 characters long. International characters are allowed.");
      }
      if (!(label.getValue() instanceof String value) || !LABEL_VALUE.matcher(value).matches()) {
        throw GceError.invalidValue(field, "", "Label value '" + label.getValue() + "' violates format constraints. The value"
          + " can only contain lowercase letters, numeric characters, underscores and dashes. The value can be at most 63"
          + " characters long. International characters are allowed.");
      }
      sorted.put(label.getKey(), value);
    }
    return new JsonObject(sorted);
  }
}
