package io.gceemu.groups;

import io.gceemu.catalog.Catalog;
import io.gceemu.catalog.Region;
import io.gceemu.gce.Fingerprints;
import io.gceemu.gce.Links;
import io.gceemu.gce.GceError;
import io.gceemu.gce.ResourceNames;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceRules;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;
import io.gceemu.store.ZoneStore;
import io.gceemu.templates.InstanceTemplates;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A zonal group's intent, as its methods change it: the template, the target size, the members
 * it was told to let go of. What GCE shows of a new group, as recorded: its defaults for the
 * update policy, the lifecycle policy and the sizes it does not model.
 */
final class InstanceGroupManagerRules implements ResourceRules {

  private static final JsonObject UPDATE_POLICY = new JsonObject().put("type", "OPPORTUNISTIC").put("minimalAction", "REPLACE")
    .put("maxSurge", new JsonObject().put("fixed", 1).put("calculated", 1))
    .put("maxUnavailable", new JsonObject().put("fixed", 1).put("calculated", 1)).put("minReadySec", 0)
    .put("replacementMethod", "SUBSTITUTE");
  private static final JsonObject LIFECYCLE_POLICY = new JsonObject().put("defaultActionOnFailure", "REPAIR")
    .put("forceUpdateOnRepair", "NO").put("onFailedHealthCheck", "DEFAULT_ACTION");

  private static final Catalog CATALOG = Catalog.load();
  /** How long the names abandonInstances and createInstances were given are kept with the group. */
  private static final Duration KEPT = Duration.ofMinutes(10);

  private final Scope scope;
  /** The zone's or the region's name. */
  private final String place;

  InstanceGroupManagerRules(Scope scope, String place) {
    this.scope = scope;
    this.place = place;
  }

  @Override
  public List<ResourceKey> references(String project, JsonObject body, JsonObject params) {
    return templateReference(body).flatMap(reference -> InstanceTemplates.key(reference, project)).stream().toList();
  }

  @Override
  public JsonObject create(String project, JsonObject body, JsonObject params, Map<String, Resource> referenced, Instant now) {
    String name = body.getString("name");
    String reference = templateReference(body).orElseThrow(() -> GceError.required("resource.instanceTemplate"));
    JsonArray sentVersions = body.getJsonArray("versions");
    String versionName = sentVersions == null || sentVersions.isEmpty() ? null : sentVersions.getJsonObject(0).getString("name");
    Resource template = InstanceTemplates.key(reference, project).map(key -> referenced.get(key.path()))
      .orElseThrow(() -> GceError.invalidValue("resource.instanceTemplate", reference,
        "The referenced instance template resource cannot be found."));
    Object size = body.getValue("targetSize");
    if (size == null) {
      throw GceError.required("resource.targetSize");
    }
    JsonObject group = new JsonObject();
    if (body.getString("description") != null) {
      group.put("description", body.getString("description"));
    }
    String base = body.getString("baseInstanceName", name);
    if (base.length() > 58) {
      throw GceError.invalidValue("resource.baseInstanceName", base, "The base instance name must be at most 58 characters long.");
    }
    String where = "projects/" + project + (scope == Scope.ZONE ? "/zones/" : "/regions/") + place;
    group.put(scope == Scope.ZONE ? "zone" : "region", where);
    if (scope == Scope.REGION) {
      group.put("distributionPolicy", distribution(body.getJsonObject("distributionPolicy", new JsonObject()), project));
    }
    group.put("instanceTemplate", template.path())
      .put("versions", new JsonArray().add(versionName == null ? new JsonObject().put("instanceTemplate", template.path())
        : new JsonObject().put("name", versionName).put("instanceTemplate", template.path())))
      .put("instanceGroup", where + "/instanceGroups/" + name)
      .put("baseInstanceName", base)
      .put("targetSize", size(size, "resource.targetSize"))
      .put("targetStoppedSize", 0).put("targetSuspendedSize", 0)
      .put("listManagedInstancesResults", body.getString("listManagedInstancesResults", "PAGELESS"))
      .put("updatePolicy", (scope == Scope.REGION ? UPDATE_POLICY.copy().put("instanceRedistributionType", "PROACTIVE")
        : UPDATE_POLICY.copy()).mergeIn(body.getJsonObject("updatePolicy", new JsonObject()), true))
      .put("instanceLifecyclePolicy", LIFECYCLE_POLICY.copy().mergeIn(body.getJsonObject("instanceLifecyclePolicy", new JsonObject())))
      .put("standbyPolicy", new JsonObject().put("mode", "MANUAL"))
      .put("serviceAccount", ZoneStore.projectNumber(project) + "@cloudservices.gserviceaccount.com")
      .put("satisfiesPzi", false).put("satisfiesPzs", false);
    for (String kept : List.of("namedPorts", "autoHealingPolicies", "targetPools")) {
      if (body.getJsonArray(kept) != null && !body.getJsonArray(kept).isEmpty()) {
        group.put(kept, body.getJsonArray(kept).copy());
      }
    }
    return group;
  }

  @Override
  public List<Resource.Change> apply(String verb, Resource group, JsonObject body, JsonObject params, Instant now) {
    if (InstanceGroupManagers.deleting(group)) {
      // Its delete is running: GCE changes nothing of it meanwhile.
      throw GceError.notReady(group.path());
    }
    JsonObject document = group.document().copy();
    switch (verb) {
      case "resize" -> document.put("targetSize", size(params.getValue("size"), "size"));
      case ResourceType.PATCH -> patch(group, document, body);
      case "setInstanceTemplate" -> setTemplate(document, body.getString("instanceTemplate"), group.project(), null);
      // The members named go (the zone takes them away once this is stored) and the group is that much smaller.
      case "deleteInstances" -> document.put("targetSize",
        Math.max(0, InstanceGroupManagers.targetSize(group) - InstanceGroupManagers.named(body).size()));
      case "abandonInstances" -> abandon(group, document, InstanceGroupManagers.named(body), now);
      case "createInstances" -> create(group, document, InstanceGroupManagers.named(body),
        params.getJsonArray(InstanceGroupManagers.ZONES_FOR_NAMES), now);
      case "setTargetPools" -> document.put("targetPools", body.getJsonArray("targetPools", new JsonArray()).copy());
      // The members it stops or suspends itself are not repaired; those it starts or resumes are again.
      case "stopInstances", "suspendInstances" -> document.put(InstanceGroupManagers.AT_REST, atRest(document, body, true));
      case "startInstances", "resumeInstances" -> document.put(InstanceGroupManagers.AT_REST, atRest(document, body, false));
      // The group stays as it is; the zone replaces the members named.
      case "recreateInstances", "applyUpdatesToInstances" -> {
      }
      case "deletePerInstanceConfigs", "patchPerInstanceConfigs", "updatePerInstanceConfigs" -> throw new GceError(400, "invalid",
        "Invalid resource usage: 'Stateful per-instance configs are not emulated: the group " + group.name() + " keeps no per-instance state.'.");
      default -> {
        return ResourceRules.super.apply(verb, group, body, params, now);
      }
    }
    if (InstanceGroupManagers.proactive(document) && !group.document().getJsonArray("versions", new JsonArray())
      .equals(document.getJsonArray("versions"))) {
      // A new version under a PROACTIVE policy: every member made before now is replaced, a few at a time.
      document.put(InstanceGroupManagers.REPLACE_BEFORE, now.toString());
    }
    return List.of(Resource.Change.put(group.with(document)));
  }

  /**
   * A regional group's zones: those its distributionPolicy names, which must be of its region, or
   * every zone of the region; spread EVEN, as GCE's default shape.
   */
  private JsonObject distribution(JsonObject sent, String project) {
    Region region = CATALOG.region(place).orElseThrow();
    JsonArray named = sent.getJsonArray("zones", new JsonArray());
    JsonArray zones = new JsonArray();
    List<String> names = named.isEmpty() ? region.zones()
      : named.stream().map(zone -> Links.lastSegment(((JsonObject) zone).getString("zone", ""))).toList();
    for (String zone : names) {
      if (!region.zones().contains(zone)) {
        throw GceError.invalidValue("resource.distributionPolicy.zones", zone, "Zone '" + zone + "' is not in region '" + place + "'.");
      }
      zones.add(new JsonObject().put("zone", "projects/" + project + "/zones/" + zone));
    }
    return new JsonObject().put("zones", zones).put("targetShape", sent.getString("targetShape", "EVEN"));
  }

  /** The members named are let go of, the group that much smaller; its members' zones take its metadata off them. */
  private static void abandon(Resource group, JsonObject document, List<String> names, Instant now) {
    JsonObject abandoned = recent(document, InstanceGroupManagers.ABANDONED, now);
    names.forEach(name -> abandoned.put(name, new JsonObject().put("at", now.toString())));
    document.put(InstanceGroupManagers.ABANDONED, abandoned)
      .put("targetSize", Math.max(0, InstanceGroupManagers.targetSize(group) - names.size()));
  }

  /**
   * New members under the names asked for, the group that much larger: each made by the zone its
   * owner chose for it ({@code zones}: a regional group's zones short of their share; a zonal
   * group's own zone).
   */
  private void create(Resource group, JsonObject document, List<String> names, JsonArray zones, Instant now) {
    names.forEach(member -> ResourceNames.requireName("instances[].name", member));
    int after = InstanceGroupManagers.targetSize(group) + names.size();
    List<String> gaining = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      gaining.add(scope == Scope.ZONE || zones == null ? place : zones.getString(i));
    }
    JsonObject named = recent(document, InstanceGroupManagers.NAMED, now);
    JsonObject abandoned = recent(document, InstanceGroupManagers.ABANDONED, now);
    for (int i = 0; i < names.size(); i++) {
      named.put(names.get(i), new JsonObject().put("zone", gaining.get(i)).put("at", now.toString()));
      abandoned.remove(names.get(i));
    }
    document.put(InstanceGroupManagers.NAMED, named).put(InstanceGroupManagers.ABANDONED, abandoned).put("targetSize", after);
  }

  /**
   * The entries of a bookkeeping map younger than {@link #KEPT}: its zones act on an entry within
   * a second or two, so an older one is done with, and the map does not grow without end.
   */
  private static JsonObject recent(JsonObject document, String field, Instant now) {
    JsonObject recent = new JsonObject();
    document.getJsonObject(field, new JsonObject()).forEach(entry -> {
      if (Instant.parse(((JsonObject) entry.getValue()).getString("at")).plus(KEPT).isAfter(now)) {
        recent.put(entry.getKey(), entry.getValue());
      }
    });
    return recent;
  }

  private static JsonArray atRest(JsonObject document, JsonObject body, boolean resting) {
    Set<String> names = new TreeSet<>(document.getJsonArray(InstanceGroupManagers.AT_REST, new JsonArray()).stream()
      .map(String::valueOf).toList());
    if (resting) {
      names.addAll(InstanceGroupManagers.named(body));
    } else {
      InstanceGroupManagers.named(body).forEach(names::remove);
    }
    return new JsonArray(new ArrayList<>(names));
  }

  /** What Terraform patches: versions (its template), the update and healing policies, the size, the description. */
  private void patch(Resource group, JsonObject document, JsonObject body) {
    // gcloud's rolling actions send none; one that is sent must be the current one.
    if (body.getString("fingerprint") != null && !Fingerprints.matches(group.fingerprint(), body.getString("fingerprint"))) {
      throw GceError.conditionNotMet("Invalid fingerprint.");
    }
    JsonArray versions = body.getJsonArray("versions");
    String name = versions == null || versions.isEmpty() ? null : versions.getJsonObject(0).getString("name");
    templateReference(body).ifPresent(reference -> setTemplate(document, reference, group.project(), name));
    if (body.getValue("targetSize") != null) {
      document.put("targetSize", size(body.getValue("targetSize"), "resource.targetSize"));
    }
    if (body.getJsonObject("updatePolicy") != null) {
      document.put("updatePolicy", document.getJsonObject("updatePolicy", UPDATE_POLICY).copy().mergeIn(body.getJsonObject("updatePolicy"), true));
    }
    for (String field : List.of("description", "autoHealingPolicies", "namedPorts", "targetPools")) {
      if (body.containsKey(field)) {
        document.put(field, body.getValue(field));
      }
    }
  }

  /** @param versionName the version's name, as Terraform and gcloud's rolling actions send one (a new one forces a rollout); or null */
  private static void setTemplate(JsonObject document, String reference, String project, String versionName) {
    if (reference == null) {
      throw GceError.required("instanceTemplate");
    }
    String path = InstanceTemplates.key(reference, project).map(ResourceKey::path)
      .orElseThrow(() -> GceError.invalidValue("instanceTemplate", reference, "The referenced instance template resource cannot be found."));
    JsonObject version = new JsonObject();
    if (versionName != null) {
      version.put("name", versionName);
    }
    document.put("instanceTemplate", path).put("versions", new JsonArray().add(version.put("instanceTemplate", path)));
  }

  /** The template a body names: its first version's, or its instanceTemplate. */
  private static Optional<String> templateReference(JsonObject body) {
    JsonArray versions = body.getJsonArray("versions");
    if (versions != null && !versions.isEmpty() && versions.getJsonObject(0).getString("instanceTemplate") != null) {
      return Optional.of(versions.getJsonObject(0).getString("instanceTemplate"));
    }
    return Optional.ofNullable(body.getString("instanceTemplate"));
  }

  private int size(Object value, String field) {
    if (value == null) {
      throw GceError.required(field);
    }
    long size;
    try {
      size = Long.parseLong(value.toString());
    } catch (NumberFormatException e) {
      throw GceError.invalidValue(field, value, "Must be a number.");
    }
    int most = scope == Scope.ZONE ? 1000 : 2000;
    if (size < 0 || size > most) {
      throw GceError.invalidValue(field, value, "The size of a " + (scope == Scope.ZONE ? "zonal" : "regional")
        + " instance group must be between 0 and " + most + ".");
    }
    return (int) size;
  }
}
