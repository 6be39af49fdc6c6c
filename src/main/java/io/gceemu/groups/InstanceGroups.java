package io.gceemu.groups;

import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
import io.gceemu.networks.Networks;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceRules;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Instance groups of a zone, declared: the unmanaged ones, made by insert and given their
 * instances by addInstances and removeInstances, are stored here; a managed group is seen as the
 * instance group of the same name (the zone answers for it from the group and its members).
 */
public final class InstanceGroups {

  public static final String COLLECTION = "instanceGroups";
  public static final String LIST_INSTANCES = "listInstances";
  /** Where an unmanaged group keeps its instances' paths: not shown, GCE shows their count as {@code size}. */
  public static final String MEMBERS = "members";

  public static final ResourceType TYPE = new ResourceType(COLLECTION, "compute#instanceGroup", Scope.ZONE,
    Set.of("zone", "network", "subnetwork"), false, true,
    List.of(new ResourceType.Verb("addInstances", "compute.instanceGroups.addInstances", true),
      new ResourceType.Verb("removeInstances", "compute.instanceGroups.removeInstances", true),
      new ResourceType.Verb("setNamedPorts", "compute.instanceGroups.setNamedPorts", true),
      new ResourceType.Verb(LIST_INSTANCES, "", false, "POST")),
    List.of(), Rules::new);

  private InstanceGroups() {
  }

  /** The instances a body of addInstances or removeInstances names ({@code [{instance}]}), by name. */
  public static List<String> named(JsonObject body) {
    return body.getJsonArray("instances", new JsonArray()).stream()
      .map(reference -> Links.lastSegment(((JsonObject) reference).getString("instance", ""))).toList();
  }

  private static final class Rules implements ResourceRules {

    private final String zone;

    Rules(String zone) {
      this.zone = zone;
    }

    @Override
    public JsonObject create(String project, JsonObject body, JsonObject params, Map<String, Resource> referenced, Instant now) {
      JsonObject group = new JsonObject().put("description", body.getString("description", ""))
        .put("zone", "projects/" + project + "/zones/" + zone);
      if (body.getString("network") != null) {
        group.put("network", Networks.key(body.getString("network"), project).map(key -> key.path())
          .orElseThrow(() -> GceError.invalidValue("resource.network", body.getString("network"),
            "The referenced network resource cannot be found.")));
      }
      if (body.getJsonArray("namedPorts") != null && !body.getJsonArray("namedPorts").isEmpty()) {
        group.put("namedPorts", body.getJsonArray("namedPorts").copy());
      }
      return group.put(MEMBERS, new JsonArray());
    }

    /** The instances named must be of the zone: the zone checks that before it applies the change. */
    @Override
    public List<Resource.Change> apply(String verb, Resource group, JsonObject body, JsonObject params, Instant now) {
      JsonObject document = group.document().copy();
      Set<String> members = new LinkedHashSet<>(document.getJsonArray(MEMBERS, new JsonArray()).stream().map(String::valueOf).toList());
      String prefix = "projects/" + group.project() + "/zones/" + zone + "/instances/";
      switch (verb) {
        case "addInstances" -> named(body).forEach(name -> members.add(prefix + name));
        case "removeInstances" -> named(body).forEach(name -> members.remove(prefix + name));
        case "setNamedPorts" -> document.put("namedPorts", body.getJsonArray("namedPorts", new JsonArray()).copy());
        default -> {
          return ResourceRules.super.apply(verb, group, body, params, now);
        }
      }
      return List.of(Resource.Change.put(group.with(document.put(MEMBERS, new JsonArray(new ArrayList<>(members))))));
    }
  }
}
