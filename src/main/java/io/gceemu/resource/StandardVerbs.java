package io.gceemu.resource;

import io.gceemu.gce.Fingerprints;
import io.gceemu.gce.Labels;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Ids;
import io.gceemu.gce.ResourceNames;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Map;

/**
 * The verbs every collection has, decided once for all on the owner's index: each checks the
 * request as GCE does and returns the change to make, not yet written.
 */
public final class StandardVerbs {

  private StandardVerbs() {
  }

  /**
   * A new resource; whether its name is free is for its scope's owner to decide, in its index or
   * in Postgres.
   *
   * @param referenced the resources of other scopes the insert names, read beforehand
   */
  public static Resource insert(ResourceType type, ResourceRules rules, String scope, String project, JsonObject body,
                                JsonObject params, Map<String, Resource> referenced, Instant now) {
    String name = body.getString("name");
    if (name == null) {
      throw GceError.required("resource.name");
    }
    ResourceNames.requireName("resource.name", name);
    return new Resource(Ids.newResourceId(), project, scope, type.collection(), name, now,
      rules.create(project, body, params, referenced, now));
  }

  public static Resource delete(ResourceRules rules, Resource current) {
    rules.checkDelete(current);
    return current;
  }

  /**
   * GCE's optimistic locking: the caller quotes the fingerprint of the labels it replaces; a
   * missing or stale one is 412 with the text Terraform retries on.
   */
  public static Resource setLabels(Resource current, JsonObject body) {
    if (!Fingerprints.matches(current.labelFingerprint(), body.getString("labelFingerprint"))) {
      throw GceError.conditionNotMet("Labels fingerprint either invalid or resource labels have changed");
    }
    JsonObject labels = Labels.checked("", body.getJsonObject("labels"));
    JsonObject document = current.document().copy();
    if (labels.isEmpty()) {
      document.remove("labels");
    } else {
      document.put("labels", labels);
    }
    return current.with(document);
  }
}
