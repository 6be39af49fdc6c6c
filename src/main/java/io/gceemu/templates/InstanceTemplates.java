package io.gceemu.templates;

import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Instance templates, declared: global, insert, get (by name or by numeric id, as Terraform
 * re-reads them), list and delete; GCE gives them no update. They echo their {@code properties}
 * almost as sent (see {@link InstanceTemplateRules}), and instances are made from them by
 * {@code instances.insert?sourceInstanceTemplate=} and bulkInsert.
 */
public final class InstanceTemplates {

  public static final String COLLECTION = "instanceTemplates";

  public static final ResourceType TYPE = new ResourceType(COLLECTION, "compute#instanceTemplate", Scope.GLOBAL,
    Set.of("properties.networkInterfaces[].network", "properties.networkInterfaces[].subnetwork", "sourceInstance"), false, false,
    List.of(), List.of(), scope -> new InstanceTemplateRules());

  private InstanceTemplates() {
  }

  /** The template a reference names ({@code global/instanceTemplates/t}, a link, its numeric id, a bare name). */
  public static Optional<ResourceKey> key(String reference, String callersProject) {
    return ResourceKey.parse(TYPE, reference != null && !reference.contains("/") ? "global/instanceTemplates/" + reference : reference,
      callersProject);
  }

  /**
   * The body of an insert made from a template: its properties, with what the insert sends over
   * them. (GCE's v1 Instance has no field naming its template.)
   */
  public static JsonObject instanceBody(Resource template, JsonObject insert) {
    JsonObject body = template.document().getJsonObject("properties", new JsonObject()).copy();
    insert.forEach(field -> body.put(field.getKey(), field.getValue()));
    return body;
  }
}
