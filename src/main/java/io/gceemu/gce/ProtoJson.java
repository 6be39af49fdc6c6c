package io.gceemu.gce;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * What GCE's proto3 JSON treats as not set: a null, a null element of a list, an empty list, and
 * {@code ""} for an enum. Such values are dropped from every request before it is read and from
 * every resource before it is written out, as GCE never returns them (Terraform sends
 * {@code nodeAffinities: [null]}; echoing it back crashed gcloud and the Java client's parser). An
 * empty string that is not an enum stays: GCE keeps a {@code description: ""} it was sent.
 */
public final class ProtoJson {

  /** Where a value sits in a message: what is known of its field. */
  public interface Field {

    /** A field that nothing is known of: only nulls and empty lists are unset there. */
    Field ANY = new Field() {
      @Override
      public Field child(String name) {
        return this;
      }

      @Override
      public Field element() {
        return this;
      }

      @Override
      public boolean isEnum() {
        return false;
      }
    };

    Field child(String name);

    Field element();

    boolean isEnum();
  }

  private static final Object UNSET = new Object();

  private ProtoJson() {
  }

  /** The message without its unset values. */
  public static JsonObject withoutUnset(JsonObject message) {
    return withoutUnset(message, Field.ANY);
  }

  public static JsonObject withoutUnset(JsonObject message, Field field) {
    return (JsonObject) strip(message, field);
  }

  private static Object strip(Object value, Field field) {
    if (value instanceof JsonObject object) {
      JsonObject kept = new JsonObject();
      for (Map.Entry<String, Object> entry : object) {
        Object stripped = strip(entry.getValue(), field.child(entry.getKey()));
        if (stripped != UNSET) {
          kept.put(entry.getKey(), stripped);
        }
      }
      return kept;
    }
    if (value instanceof JsonArray array) {
      JsonArray kept = new JsonArray();
      for (Object element : array) {
        Object stripped = strip(element, field.element());
        if (stripped != UNSET) {
          kept.add(stripped);
        }
      }
      return kept.isEmpty() ? UNSET : kept;
    }
    return value == null || "".equals(value) && field.isEnum() ? UNSET : value;
  }
}
