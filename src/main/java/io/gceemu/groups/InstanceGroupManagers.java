package io.gceemu.groups;

import io.gceemu.gce.Links;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * Zonal managed instance groups, declared. The group is the intent (its template and its
 * {@code targetSize}, stored); its members are ordinary instances of the zone that carry its
 * {@code created-by} metadata, made and deleted by the zone's control loop
 * ({@code zone/GroupControl}). As on GCE, its operations finish at once and the work shows in
 * {@code currentActions} and {@code status.isStable} until it is done.
 */
public final class InstanceGroupManagers {

  public static final String COLLECTION = "instanceGroupManagers";
  /** The metadata key naming a member's group, as GCE writes it. */
  public static final String CREATED_BY = "created-by";
  /** The metadata key naming the template a member was made from. */
  public static final String INSTANCE_TEMPLATE = "instance-template";

  /** The group's reads that are sent as custom verbs: listManagedInstances is a POST, as on GCE. */
  public static final String LIST_MANAGED_INSTANCES = "listManagedInstances";
  public static final String LIST_ERRORS = "listErrors";
  public static final String LIST_PER_INSTANCE_CONFIGS = "listPerInstanceConfigs";
  /** The verbs that act on the members they name, once the group's change is stored. */
  public static final Set<String> ON_MEMBERS = Set.of("deleteInstances", "abandonInstances", "recreateInstances",
    "applyUpdatesToInstances", "createInstances", "startInstances", "stopInstances", "suspendInstances", "resumeInstances");

  public static final ResourceType TYPE = new ResourceType(COLLECTION, "compute#instanceGroupManager", Scope.ZONE,
    Set.of("zone", "instanceTemplate", "versions[].instanceTemplate", "instanceGroup"), false, true,
    List.of(new ResourceType.Verb(ResourceType.INSERT, "compute.instanceGroupManagers.insert", false),
      new ResourceType.Verb(ResourceType.DELETE, "compute.instanceGroupManagers.delete", false),
      new ResourceType.Verb("resize", "compute.instanceGroupManagers.resize", false),
      new ResourceType.Verb(ResourceType.PATCH, "patch", true),
      new ResourceType.Verb("setInstanceTemplate", "compute.instanceGroupManagers.setInstanceTemplate", true),
      new ResourceType.Verb("deleteInstances", "compute.instanceGroupManagers.deleteInstances", true),
      new ResourceType.Verb("abandonInstances", "compute.instanceGroupManagers.abandonInstances", true),
      new ResourceType.Verb("recreateInstances", "compute.instanceGroupManagers.recreateInstances", true),
      new ResourceType.Verb("applyUpdatesToInstances", "compute.instanceGroupManagers.applyUpdatesToInstances", true),
      new ResourceType.Verb("createInstances", "compute.instanceGroupManagers.createInstances", true),
      new ResourceType.Verb("setTargetPools", "compute.instanceGroupManagers.setTargetPools", true),
      new ResourceType.Verb("startInstances", "compute.instanceGroupManagers.startInstances", true),
      new ResourceType.Verb("stopInstances", "compute.instanceGroupManagers.stopInstances", true),
      new ResourceType.Verb("suspendInstances", "compute.instanceGroupManagers.suspendInstances", true),
      new ResourceType.Verb("resumeInstances", "compute.instanceGroupManagers.resumeInstances", true),
      new ResourceType.Verb("deletePerInstanceConfigs", "compute.instanceGroupManagers.deletePerInstanceConfigs", true),
      new ResourceType.Verb("patchPerInstanceConfigs", "compute.instanceGroupManagers.patchPerInstanceConfigs", true),
      new ResourceType.Verb("updatePerInstanceConfigs", "compute.instanceGroupManagers.updatePerInstanceConfigs", true),
      new ResourceType.Verb(LIST_MANAGED_INSTANCES, "", false, "POST"),
      new ResourceType.Verb(LIST_PER_INSTANCE_CONFIGS, "", false, "POST"),
      new ResourceType.Verb(LIST_ERRORS, "", false, "GET")),
    List.of(), InstanceGroupManagerRules::new);

  private InstanceGroupManagers() {
  }

  public static int targetSize(Resource group) {
    return group.document().getInteger("targetSize", 0);
  }

  /** Whether the group replaces its members itself when its version changes (updatePolicy PROACTIVE). */
  public static boolean proactive(JsonObject document) {
    return "PROACTIVE".equals(document.getJsonObject("updatePolicy", new JsonObject()).getString("type"));
  }

  /** During a PROACTIVE rollout: members made before this are of an old version and are replaced; null when none is rolling out. */
  public static java.time.Instant replaceBefore(Resource group) {
    String before = group.document().getString("replaceBefore");
    return before == null ? null : java.time.Instant.parse(before);
  }

  /** How many members a rollout may take away at once: updatePolicy.maxUnavailable.fixed, at least 1. */
  public static int maxUnavailable(Resource group) {
    return Math.max(1, group.document().getJsonObject("updatePolicy", new JsonObject()).getJsonObject("maxUnavailable", new JsonObject())
      .getInteger("fixed", 1));
  }

  /** The template new members are made from: the first version's. */
  public static String template(Resource group) {
    return group.document().getString("instanceTemplate");
  }

  /**
   * The members a body names, by name: deleteInstances and the like send links or paths,
   * createInstances sends {@code {name}} per instance.
   */
  public static List<String> named(JsonObject body) {
    return body.getJsonArray("instances", new JsonArray()).stream().map(instance -> instance instanceof JsonObject created
      ? created.getString("name", "") : Links.lastSegment(String.valueOf(instance))).toList();
  }

  /** What listManagedInstances answers for one member. */
  public static JsonObject managedInstance(String link, long id, String status, String action, String templateLink) {
    JsonObject managed = new JsonObject().put("instance", link).put("name", Links.lastSegment(link)).put("id", Long.toString(id))
      .put("currentAction", action);
    if (status != null) {
      managed.put("instanceStatus", status);
    }
    return managed.put("version", new JsonObject().put("instanceTemplate", templateLink));
  }
}
