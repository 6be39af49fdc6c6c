package io.gceemu.groups;

import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;
import io.gceemu.store.ZoneStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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
  /** The members the group stopped or suspended itself, by name: they are left at rest, not repaired. */
  public static final String AT_REST = "membersAtRest";
  /** During a PROACTIVE rollout: when it began (members made before are replaced). */
  public static final String REPLACE_BEFORE = "replaceBefore";
  /**
   * The members abandonInstances let go of, by name, with when ({@code {name: {at}}}): their zone
   * takes the group's metadata off them. Kept with the group, so that the zone learns it with the
   * smaller target, in one read, and never takes an abandoned member for one too many.
   */
  public static final String ABANDONED = "membersAbandoned";
  /** The members createInstances named, by name, with the zone that makes each and when ({@code {name: {zone, at}}}). */
  public static final String NAMED = "membersNamed";
  /** While a zonal group is being deleted: the id of its delete's operation, which ends once its members are gone. */
  public static final String DELETING = "deletingOperation";
  /** The group's own bookkeeping, stored with it: GCE shows none of it. */
  private static final Set<String> BOOKKEEPING = Set.of(AT_REST, REPLACE_BEFORE, ABANDONED, NAMED, DELETING);
  /** The metadata key naming the template a member was made from. */
  public static final String INSTANCE_TEMPLATE = "instance-template";

  /** The group's reads that are sent as custom verbs: listManagedInstances is a POST, as on GCE. */
  public static final String LIST_MANAGED_INSTANCES = "listManagedInstances";
  public static final String LIST_ERRORS = "listErrors";
  public static final String LIST_PER_INSTANCE_CONFIGS = "listPerInstanceConfigs";
  /**
   * The verbs that act on the members they name, once the group's change is stored. abandonInstances
   * and createInstances are not among them: what they ask for is stored with the group, and its
   * control loop carries it out.
   */
  public static final Set<String> ON_MEMBERS = Set.of("deleteInstances", "recreateInstances", "applyUpdatesToInstances",
    "startInstances", "stopInstances", "suspendInstances", "resumeInstances");

  private static final List<ResourceType.Verb> VERBS = List.of(
    new ResourceType.Verb(ResourceType.INSERT, "compute.instanceGroupManagers.insert", false),
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
    new ResourceType.Verb(LIST_ERRORS, "", false, "GET"));

  public static final ResourceType TYPE = new ResourceType(COLLECTION, "compute#instanceGroupManager", Scope.ZONE,
    Set.of("zone", "instanceTemplate", "versions[].instanceTemplate", "instanceGroup"), false, true, VERBS, List.of(),
    zone -> new InstanceGroupManagerRules(Scope.ZONE, zone));

  /**
   * Regional groups: kept by the region's owner; each zone of their {@code distributionPolicy}
   * makes and deletes its share of the members (their target spread evenly, the first zones one
   * more), so a group of 1,000 over three zones has 334, 333 and 333.
   */
  public static final ResourceType REGIONAL = new ResourceType("regionInstanceGroupManagers", COLLECTION,
    "compute#instanceGroupManager", Scope.REGION, Set.of("region", "instanceTemplate", "versions[].instanceTemplate", "instanceGroup",
      "distributionPolicy.zones[].zone"), false, true, VERBS, List.of(), region -> new InstanceGroupManagerRules(Scope.REGION, region));

  private InstanceGroupManagers() {
  }

  /** The metadata value that makes an instance the group's: {@code projects/<number>/<scope>/instanceGroupManagers/<name>}. */
  public static String createdBy(Resource group) {
    return "projects/" + ZoneStore.projectNumber(group.project()) + "/" + group.scope() + "/instanceGroupManagers/" + group.name();
  }

  /** The zones a regional group spreads over, by name, in order. */
  public static List<String> zones(Resource group) {
    return group.document().getJsonObject("distributionPolicy", new JsonObject()).getJsonArray("zones", new JsonArray()).stream()
      .map(zone -> Links.lastSegment(((JsonObject) zone).getString("zone"))).sorted().toList();
  }

  /** How many of a group's members {@code zone} holds: all of a zonal group's; a regional group's even share. */
  public static int targetIn(Resource group, String zone) {
    if (deleting(group)) {
      return 0;
    }
    if (group.scope().startsWith("zones/")) {
      return targetSize(group);
    }
    return share(targetSize(group), zones(group), zone);
  }

  /** A zone's even share of {@code target} members over {@code zones}: the first zones take one more. */
  public static int share(int target, List<String> zones, String zone) {
    int index = zones.indexOf(zone);
    return index < 0 ? 0 : target / zones.size() + (index < target % zones.size() ? 1 : 0);
  }

  /** Whether the group is being deleted: its members go, then it does. */
  public static boolean deleting(Resource group) {
    return group.document().containsKey(DELETING);
  }

  public static int targetSize(Resource group) {
    return group.document().getInteger("targetSize", 0);
  }

  /** Whether a member the group did not stop or suspend itself is down (TERMINATED, SUSPENDED): GCE's repair replaces it. */
  public static boolean needsRepair(Resource group, String member, String status) {
    return (status.equals("TERMINATED") || status.equals("SUSPENDED"))
      && !group.document().getJsonArray(AT_REST, new JsonArray()).contains(member);
  }

  /** Whether abandonInstances let this member go: it is no longer the group's, whatever its metadata still says. */
  public static boolean abandoned(Resource group, String member) {
    return group.document().getJsonObject(ABANDONED, new JsonObject()).containsKey(member);
  }

  /** The names createInstances asked {@code zone} to make members under. */
  public static List<String> namedIn(Resource group, String zone) {
    JsonObject named = group.document().getJsonObject(NAMED, new JsonObject());
    return named.fieldNames().stream().filter(name -> zone.equals(named.getJsonObject(name).getString("zone"))).sorted().toList();
  }

  /** Whether the group replaces its members itself when its version changes (updatePolicy PROACTIVE). */
  public static boolean proactive(JsonObject document) {
    return "PROACTIVE".equals(document.getJsonObject("updatePolicy", new JsonObject()).getString("type"));
  }

  /** During a PROACTIVE rollout: members made before this are of an old version and are replaced; null when none is rolling out. */
  public static Instant replaceBefore(Resource group) {
    String before = group.document().getString(REPLACE_BEFORE);
    return before == null ? null : Instant.parse(before);
  }

  /** How many members a rollout may make beyond the target at once: updatePolicy.maxSurge.fixed. */
  public static int maxSurge(Resource group) {
    return Math.max(0, group.document().getJsonObject("updatePolicy", new JsonObject()).getJsonObject("maxSurge", new JsonObject())
      .getInteger("fixed", 1));
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

  /** The zones a regional group's createInstances gives its names to, in order, as its owner decides them (never a client's parameter). */
  public static final String ZONES_FOR_NAMES = "zonesForNames";

  /**
   * The zones {@code count} new members go to, one each: those furthest short of their share of
   * the larger target, as the group's members stand now, so that the zone that makes a member is
   * the one that was given its name.
   */
  public static JsonArray zonesShort(Resource group, List<Resource> members, int count) {
    List<String> zones = zones(group);
    int target = targetSize(group) + count;
    Map<String, Integer> held = new HashMap<>();
    members.forEach(member -> held.merge(Links.lastSegment(member.scope()), 1, Integer::sum));
    JsonArray chosen = new JsonArray();
    for (int i = 0; i < count; i++) {
      String zone = zones.stream().max(Comparator.comparingInt((String each) -> share(target, zones, each) - held.getOrDefault(each, 0))
        .thenComparing(each -> -zones.indexOf(each))).orElseThrow();
      held.merge(zone, 1, Integer::sum);
      chosen.add(zone);
    }
    return chosen;
  }

  /** The verbs whose body names members of the group: those acting on them, and abandonInstances. */
  public static boolean namesMembers(String verb) {
    return ON_MEMBERS.contains(verb) || verb.equals("abandonInstances");
  }

  /**
   * The body of a verb that names members, checked against the group's members: one that is not
   * a member is an error, or is left out when the request says to skip such instances
   * (deleteInstances' skipInstancesOnValidationError), as GCE's reference describes. GCE's
   * wording of the error is not known; this one names the instance and the group.
   */
  public static JsonObject checkedMembers(Resource group, JsonObject body, Set<String> members) {
    if (body.getBoolean("allInstances", false)) {
      return body;
    }
    JsonArray sent = body.getJsonArray("instances", new JsonArray());
    JsonArray kept = new JsonArray();
    for (int i = 0; i < sent.size(); i++) {
      Object instance = sent.getValue(i);
      if (members.contains(Links.lastSegment(String.valueOf(instance)))) {
        kept.add(instance);
      } else if (!body.getBoolean("skipInstancesOnValidationError", false)) {
        throw GceError.invalidValue("instances[" + i + "]", instance, "The instance is not a member of the instance group manager '"
          + group.name() + "'.");
      }
    }
    return body.copy().put("instances", kept);
  }

  /** The instance-template metadata of a member made from {@code template}: GCE names the project by its number. */
  public static String templateOf(String project, String template) {
    return "projects/" + ZoneStore.projectNumber(project) + "/global/instanceTemplates/" + template;
  }

  /** A metadata item's value, of {@code [{key, value}]}, or null. */
  public static String metadata(JsonArray items, String key) {
    return items.stream().map(JsonObject.class::cast).filter(item -> key.equals(item.getString("key")))
      .map(item -> item.getString("value")).findFirst().orElse(null);
  }

  /**
   * A regional group's currentActions and status, from its members as Postgres holds them (its
   * owner keeps none in memory): a member booting counts as creating, one STOPPING as deleting.
   */
  public static JsonObject regionalLive(Resource group, List<Resource> members) {
    String template = templateOf(group.project(), Links.lastSegment(template(group)));
    Instant before = replaceBefore(group);
    JsonObject live = GroupStatus.of(targetSize(group), members.stream().map(member -> {
      String status = member.document().getString("status", "");
      return new GroupStatus.Member(status.equals("PROVISIONING") || status.equals("STAGING"), status.equals("STOPPING"),
        abandoned(group, member.name()), before != null && member.created().isBefore(before),
        template.equals(metadata(member.document().getJsonArray("metadata", new JsonArray()), INSTANCE_TEMPLATE)));
    }).toList());
    return redistributing(group, members, live);
  }

  /**
   * A regional group whose zones do not hold their shares yet is not stable, though its total is
   * right: its redistribution (PROACTIVE, GCE's default) still makes members in the zones short
   * of their share and deletes them in the others.
   */
  private static JsonObject redistributing(Resource group, List<Resource> members, JsonObject live) {
    List<String> zones = zones(group);
    int target = targetSize(group);
    Map<String, Integer> held = new HashMap<>();
    members.stream().filter(member -> !abandoned(group, member.name()))
      .forEach(member -> held.merge(Links.lastSegment(member.scope()), 1, Integer::sum));
    int total = held.values().stream().mapToInt(Integer::intValue).sum();
    int shortOf = zones.stream().mapToInt(zone -> Math.max(0, share(target, zones, zone) - held.getOrDefault(zone, 0))).sum();
    int over = held.entrySet().stream().mapToInt(zone -> Math.max(0, zone.getValue() - share(target, zones, zone.getKey()))).sum();
    int making = shortOf - Math.max(0, target - total);
    int going = over - Math.max(0, total - target);
    if (making <= 0 && going <= 0) {
      return live;
    }
    JsonObject actions = live.getJsonObject("currentActions");
    actions.put("creating", actions.getInteger("creating") + Math.max(0, making))
      .put("deleting", actions.getInteger("deleting") + Math.max(0, going));
    JsonObject status = live.getJsonObject("status");
    status.put("isStable", false).getJsonObject("versionTarget").put("isReached", false);
    return live;
  }

  /** A regional group's listManagedInstances, from its members as Postgres holds them. */
  public static JsonObject regionalManaged(Resource group, List<Resource> members, Function<String, String> link) {
    JsonArray managed = new JsonArray();
    for (Resource member : members) {
      String status = member.document().getString("status", "");
      String action = abandoned(group, member.name()) ? "ABANDONING" : status.equals("PROVISIONING") || status.equals("STAGING")
        ? "CREATING" : status.equals("STOPPING") ? "DELETING" : "NONE";
      String template = metadata(member.document().getJsonArray("metadata", new JsonArray()), INSTANCE_TEMPLATE);
      managed.add(managedInstance(link.apply(member.path()), member.id(), status, action, template == null ? null
        : link.apply("projects/" + group.project() + "/global/instanceTemplates/" + Links.lastSegment(template))));
    }
    return new JsonObject().put("managedInstances", managed);
  }

  /** A group as GCE shows it: its rendered resource, its work in progress, and its version's calculated size. */
  public static JsonObject shown(JsonObject rendered, Resource group, JsonObject live) {
    BOOKKEEPING.forEach(rendered::remove);
    rendered.mergeIn(live);
    rendered.getJsonArray("versions").getJsonObject(0).put("targetSize", new JsonObject().put("calculated", targetSize(group)));
    return rendered;
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
