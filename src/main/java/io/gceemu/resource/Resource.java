package io.gceemu.resource;

import io.gceemu.gce.Fingerprints;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * One resource of a declared {@link ResourceType}: the keys it is found and stored by, and its
 * GCE fields as a document. Immutable: a change makes a new record, stored before it is shown.
 *
 * @param scope    the owner's scope, as {@link Scope#path} writes it ({@code zones/us-central1-a})
 * @param document the fields GCE shows besides kind, id, name, creationTimestamp and the links
 *                 derived from the keys; references in it are relative paths
 */
public record Resource(long id, String project, String scope, String collection, String name, Instant created,
                       JsonObject document) {

  public String path() {
    return "projects/" + project + "/" + scope + "/" + collection + "/" + name;
  }

  public Resource with(JsonObject changed) {
    return new Resource(id, project, scope, collection, name, created, changed);
  }

  /** What a document holds of {@code fields}, as a fresh object: what one resource keeps of another it is made from. */
  public static JsonObject pick(JsonObject document, List<String> fields) {
    JsonObject picked = new JsonObject();
    fields.stream().filter(document::containsKey).forEach(field -> picked.put(field, document.getValue(field)));
    return picked;
  }

  public JsonObject labels() {
    return document.getJsonObject("labels", new JsonObject());
  }

  public String labelFingerprint() {
    return Fingerprints.ofJson(labels());
  }

  /** A fingerprint of all its fields: any change makes a new one, as GCE's do. */
  public String fingerprint() {
    return Fingerprints.ofJson(document);
  }

  /** A change to one resource, as a group commit writes it. */
  public record Change(Resource resource, boolean deleted) {

    public static Change put(Resource resource) {
      return new Change(resource, false);
    }

    public static Change delete(Resource resource) {
      return new Change(resource, true);
    }
  }
}
