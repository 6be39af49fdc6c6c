package io.gceemu.zone;

import io.gceemu.catalog.Catalog;
import io.gceemu.catalog.Region;
import io.gceemu.catalog.Zone;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Labels;
import io.gceemu.gce.Ids;
import io.gceemu.gce.Links;
import io.gceemu.gce.ResourceNames;
import io.gceemu.gce.VersionFields;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns an {@code instances.insert} body into a new {@link Instance} the way GCE does: resolves
 * the machine type and resolves the network interfaces ({@link InstanceNetworks}). Its disks are
 * the zone's to attach ({@link DiskAttachments}); internal addresses are taken later, where the
 * zones of a region meet (the store).
 */
final class InstanceFactory {

  /** Fields GCE echoes as given; the rest of an insert body is either modelled or ignored. */
  private static final List<String> ECHOED = List.of("canIpForward", "deletionProtection", "serviceAccounts", "hostname",
    "shieldedInstanceConfig", "minCpuPlatform", "guestAccelerators", "displayDevice", "confidentialInstanceConfig",
    "reservationAffinity", "resourcePolicies", "advancedMachineFeatures", "networkPerformanceConfig");
  /** With the fields only some API versions have (beta's shieldedVmConfig, ...): kept as given, each version shows them or not. */
  private static final List<String> KEPT = Stream.concat(ECHOED.stream(),
    VersionFields.load().versionSpecific("compute#instance").stream()).toList();

  private final Catalog catalog;
  private final Zone zone;
  private final InstanceNetworks networks;

  InstanceFactory(Catalog catalog, Zone zone) {
    this.catalog = catalog;
    this.zone = zone;
    this.networks = new InstanceNetworks(zone.region());
  }

  /** The resources of other scopes an insert names (networks, subnetworks, the images and snapshots of its disks). */
  List<ResourceKey> references(String project, JsonObject body) {
    return Stream.concat(networks.references(project, body.getJsonArray("networkInterfaces")).stream(),
      DiskAttachments.references(project, body.getJsonArray("disks")).stream()).toList();
  }

  InstanceNetworks networks() {
    return networks;
  }

  Region region() {
    return catalog.regionOf(zone);
  }

  /** @param referenced what {@link #references} named, read beforehand */
  Instance create(String project, JsonObject body, Map<String, Resource> referenced, Instant now) {
    String name = body.getString("name");
    if (name == null) {
      throw GceError.required("resource.name");
    }
    ResourceNames.requireName("resource.name", name);
    return new Instance(Ids.newResourceId(), project, zone.name(), name, body.getString("description"),
      machineType("resource.machineType", body.getString("machineType")), InstanceStatus.PROVISIONING, now, now, null, null,
      Labels.checked("resource.", body.getJsonObject("labels")),
      InstanceRules.tags("resource.", tagItems(body)),
      InstanceRules.metadataItems("resource.", metadataItems(body)),
      networks.resolve(project, body.getJsonArray("networkInterfaces"), referenced),
      new JsonArray(),
      attributes(body), SerialConsole.EMPTY, 0);
  }

  /** The name of the machine type a reference in any accepted form names, if this zone has it. */
  String machineType(String field, String reference) {
    if (reference == null || reference.isBlank()) {
      throw GceError.required(field);
    }
    String type = Links.lastSegment(reference);
    String referencedZone = Links.segmentAfter(reference, "zones");
    if (referencedZone != null && !referencedZone.equals(zone.name())) {
      // Worded as GCE words a boot disk from another zone ("Disk must be in the same zone as the instance.").
      throw GceError.invalidValue(field, reference, "Machine type must be in the same zone as the instance.");
    }
    if (catalog.machineType(type).isEmpty()) {
      throw GceError.invalidValue(field, reference,
        "Machine type with name '" + type + "' does not exist in zone '" + zone.name() + "'.");
    }
    return type;
  }

  /** The echoed fields of an Instance body, with GCE's defaults for scheduling and deletion protection. */
  static JsonObject attributes(JsonObject body) {
    JsonObject attributes = SharedJson.DEFAULT_ATTRIBUTES.copy();
    for (String field : KEPT) {
      if (body.getValue(field) != null) {
        attributes.put(field, body.getValue(field));
      }
    }
    JsonObject scheduling = body.getJsonObject("scheduling", new JsonObject());
    JsonObject defaults = scheduling.getBoolean("preemptible", false) ? SharedJson.PREEMPTIBLE_SCHEDULING
      : SharedJson.DEFAULT_ATTRIBUTES.getJsonObject("scheduling");
    attributes.put("scheduling", defaults.copy().mergeIn(scheduling));
    // A shielded VM's settings not sent keep their defaults.
    attributes.put("shieldedInstanceConfig", SharedJson.DEFAULT_ATTRIBUTES.getJsonObject("shieldedInstanceConfig").copy()
      .mergeIn(body.getJsonObject("shieldedInstanceConfig", new JsonObject())));
    return attributes;
  }

  private static JsonArray tagItems(JsonObject body) {
    JsonObject tags = body.getJsonObject("tags");
    return tags == null ? null : tags.getJsonArray("items");
  }

  private static JsonArray metadataItems(JsonObject body) {
    JsonObject metadata = body.getJsonObject("metadata");
    return metadata == null ? null : metadata.getJsonArray("items");
  }
}
