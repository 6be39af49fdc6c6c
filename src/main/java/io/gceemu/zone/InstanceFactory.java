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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Turns an {@code instances.insert} body into a new {@link Instance} the way GCE does: resolves
 * the machine type and fills the network interfaces. Its disks are the zone's to attach
 * ({@link DiskAttachments}); internal addresses are taken later, where the zones of a region meet
 * (the store).
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

  InstanceFactory(Catalog catalog, Zone zone) {
    this.catalog = catalog;
    this.zone = zone;
  }

  Region region() {
    return catalog.regionOf(zone);
  }

  Instance create(String project, JsonObject body, Instant now) {
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
      networkInterfaces(project, body.getJsonArray("networkInterfaces")),
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

  private JsonArray networkInterfaces(String project, JsonArray requested) {
    // gcloud and the console always send one; a body without any gets nic0 on 'default', as they would.
    JsonArray interfaces = requested == null || requested.isEmpty() ? new JsonArray().add(new JsonObject()) : requested;
    JsonArray stored = new JsonArray();
    for (int i = 0; i < interfaces.size(); i++) {
      JsonObject nic = interfaces.getJsonObject(i);
      String network = Links.lastSegment(nic.getString("network", "global/networks/default"));
      if (!network.equals("default")) {
        throw GceError.notFound("projects/" + project + "/global/networks/" + network);
      }
      String subnetwork = nic.getString("subnetwork");
      if (subnetwork != null && !Links.lastSegment(subnetwork).equals("default")) {
        throw GceError.notFound(Links.region(project, region().name()) + "/subnetworks/" + Links.lastSegment(subnetwork));
      }
      JsonObject storedNic = new JsonObject()
        .put("name", "nic" + i)
        .put("network", "projects/" + project + "/global/networks/default")
        .put("subnetwork", Links.region(project, region().name()) + "/subnetworks/default")
        .put("accessConfigs", accessConfigs(nic.getJsonArray("accessConfigs")));
      String address = nic.getString("networkIP");
      if (address != null) {
        storedNic.put("networkIP", requestedAddress("resource.networkInterfaces[" + i + "].networkIP", address));
      }
      stored.add(storedNic);
    }
    return stored;
  }

  /**
   * A requested internal address must be a usable one of the subnetwork's range; whether it is
   * free is decided where the region's zones meet (the store), and GCE reports a taken one in the
   * operation: IP_IN_USE_BY_ANOTHER_RESOURCE.
   */
  private String requestedAddress(String field, String requested) {
    long address = Catalog.parseIpv4(requested)
      .orElseThrow(() -> GceError.invalidValue(field, requested, "The IP address is not a valid IPv4 address."));
    Region region = region();
    if (address < region.firstUsableAddress() || address > region.lastUsableAddress()) {
      throw GceError.invalidValue(field, requested, "Requested internal IP is outside the subnetwork CIDR range.");
    }
    return Catalog.ipv4(address);
  }

  /** Each access config asked for gets an ephemeral external address, as GCE assigns one. */
  private static JsonArray accessConfigs(JsonArray requested) {
    JsonArray configs = new JsonArray();
    if (requested != null) {
      for (Object item : requested) {
        JsonObject config = (JsonObject) item;
        configs.add(new JsonObject()
          .put("type", config.getString("type", "ONE_TO_ONE_NAT"))
          // gcloud's and GCE's own name for it, also when the insert names none.
          .put("name", config.getString("name", "external-nat"))
          .put("natIP", config.getString("natIP", ephemeralExternalAddress()))
          .put("networkTier", config.getString("networkTier", "PREMIUM")));
      }
    }
    return configs;
  }

  /** A random address in 34.64.0.0/10, where many GCE ephemeral external addresses are; not checked for reuse. */
  private static String ephemeralExternalAddress() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "34." + (64 + random.nextInt(64)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
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
