package io.gceemu.zone;

import io.gceemu.catalog.CpuPlatforms;
import io.gceemu.gce.Fingerprints;
import io.gceemu.gce.Links;
import io.gceemu.gce.ProtoJson;
import io.gceemu.gce.Timestamps;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Locale;

/** Renders the zone's records as the exact GCE JSON, with full links and GCE's omissions. */
public final class ResourceJson {

  /** The attached-disk fields in the order GCE writes them. */
  private static final List<String> DISK_FIELDS =
    List.of("type", "mode", "source", "deviceName", "index", "boot", "autoDelete", "licenses", "interface", "guestOsFeatures",
      "diskSizeGb", "architecture");

  /**
   * The operationType GCE shows where it is not the method's name, by the target's collection:
   * recorded from real GCE, an instance's setLabels reads {@code compute.instance.setLabels}, its
   * other methods and a disk's or snapshot's setLabels bare verbs.
   */
  private static final Map<String, String> SHOWN_OPERATION_TYPES = Map.of("instances.setLabels", "compute.instance.setLabels");

  private final Links links;

  public ResourceJson(Links links) {
    this.links = links;
  }

  public String link(String relativePath) {
    return links.of(relativePath);
  }

  public JsonObject instance(Instance instance) {
    JsonObject json = new JsonObject()
      .put("kind", "compute#instance")
      .put("id", Long.toString(instance.id()))
      .put("creationTimestamp", Timestamps.format(instance.created()))
      .put("name", instance.name());
    if (instance.description() != null) {
      json.put("description", instance.description());
    }
    JsonObject tags = new JsonObject();
    if (!instance.tags().isEmpty()) {
      tags.put("items", instance.tags().copy());
    }
    json.put("tags", tags.put("fingerprint", instance.tagsFingerprint()))
      .put("machineType", links.of(Links.machineType(instance.project(), instance.zone(), instance.machineType())))
      .put("status", instance.status().name())
      .put("zone", links.of(Links.zone(instance.project(), instance.zone())))
      .put("satisfiesPzi", true)
      // effectiveInstanceMetadata and the shieldedVm* twins are beta's: a v1 read drops them.
      .put("resourceStatus", new JsonObject().put("scheduling", new JsonObject())
        .put("effectiveInstanceMetadata", new JsonObject().put("vmDnsSettingMetadataValue", "ZonalOnly")));
    JsonObject attributes = instance.attributes();
    if (attributes.containsKey("shieldedInstanceConfig")) {
      json.put("shieldedVmConfig", attributes.getJsonObject("shieldedInstanceConfig").copy());
    }
    if (attributes.containsKey("shieldedInstanceIntegrityPolicy")) {
      json.put("shieldedVmIntegrityPolicy", attributes.getJsonObject("shieldedInstanceIntegrityPolicy").copy());
    }
    json.mergeIn(attributes.copy());
    if (!instance.networkInterfaces().isEmpty()) {
      json.put("networkInterfaces", networkInterfaces(instance.networkInterfaces()));
    }
    if (!instance.disks().isEmpty()) {
      json.put("disks", disks(instance.disks()));
    }
    json.put("metadata", metadata(instance.metadataItems()))
      .put("selfLink", links.of(instance.path()))
      .put("cpuPlatform", instance.status() == InstanceStatus.RUNNING
        ? CpuPlatforms.catalogued().of(instance.zone(), instance.machineType(), instance.attributes().getString("minCpuPlatform"))
        : "Unknown CPU Platform");
    if (!instance.labels().isEmpty()) {
      json.put("labels", instance.labels().copy());
    }
    json.put("labelFingerprint", instance.labelFingerprint())
      .put("startRestricted", false)
      .put("fingerprint", instance.fingerprint());
    if (instance.lastStart() != null) {
      json.put("lastStartTimestamp", Timestamps.format(instance.lastStart()));
    }
    if (instance.lastStop() != null) {
      json.put("lastStopTimestamp", Timestamps.format(instance.lastStop()));
    }
    if (instance.lastSuspended() != null) {
      json.put("lastSuspendedTimestamp", Timestamps.format(instance.lastSuspended()));
    }
    // What was stored before requests lost their unset values is not echoed either.
    return ProtoJson.withoutUnset(json);
  }

  /**
   * A Metadata, an instance's or a project's common one: kind, the fingerprint of its items and,
   * when there are any, the items; with none GCE shows only kind and fingerprint.
   */
  public static JsonObject metadata(JsonArray items) {
    JsonObject metadata = new JsonObject().put("kind", "compute#metadata").put("fingerprint", Fingerprints.ofJson(items));
    return items.isEmpty() ? metadata : metadata.put("items", items.copy());
  }

  public JsonObject operation(Operation operation) {
    JsonObject json = new JsonObject()
      .put("kind", "compute#operation")
      .put("id", Long.toString(operation.id()))
      .put("name", operation.name());
    if (operation.zone() != null) {
      // A zonal operation names its zone (Terraform polls by it), a regional one its region; a global one neither.
      json.put("zone", links.of(Links.zone(operation.project(), operation.zone())));
    } else if (operation.region() != null) {
      json.put("region", links.of(Links.region(operation.project(), operation.region())));
    }
    String method = targetCollection(operation.targetPath()) + "." + operation.operationType();
    json.put("operationType", SHOWN_OPERATION_TYPES.getOrDefault(method, operation.operationType()))
      .put("targetLink", links.of(operation.targetPath()))
      .put("targetId", Long.toString(operation.targetId()))
      .put("status", operation.status())
      .put("user", "user@example.com")
      .put("progress", Lifecycle.progress(operation))
      .put("insertTime", Timestamps.format(operation.insertTime()))
      .put("startTime", Timestamps.format(operation.startTime()));
    if (operation.endTime() != null) {
      json.put("endTime", Timestamps.format(operation.endTime()));
    }
    if (operation.error() != null) {
      // The Java client decides failure from httpErrorStatusCode alone; the others read error.
      JsonObject error = operation.error();
      int status = error.getInteger("httpStatus", 400);
      json.put("error", new JsonObject().put("errors", new JsonArray().add(new JsonObject()
          .put("code", error.getString("code")).put("message", error.getString("message")))))
        .put("httpErrorStatusCode", status)
        .put("httpErrorMessage", HttpResponseStatus.valueOf(status).reasonPhrase().toUpperCase(Locale.ROOT));
    }
    json.put("selfLink", links.of(operation.path()));
    if (operation.groupId() != null) {
      json.put("operationGroupId", operation.groupId());
    }
    if (operation.clientOperationId() != null) {
      json.put("clientOperationId", operation.clientOperationId());
    }
    return json;
  }

  /** {@code instances} for {@code projects/p/zones/z/instances/vm}. */
  private static String targetCollection(String targetPath) {
    String[] segments = targetPath.split("/");
    return segments.length >= 2 ? segments[segments.length - 2] : "";
  }

  private JsonArray networkInterfaces(JsonArray stored) {
    JsonArray rendered = new JsonArray();
    for (Object item : stored) {
      JsonObject nic = (JsonObject) item;
      JsonObject json = new JsonObject()
        .put("kind", "compute#networkInterface")
        .put("name", nic.getString("name"))
        .put("network", links.of(nic.getString("network")))
        .put("subnetwork", links.of(nic.getString("subnetwork")))
        .put("networkIP", nic.getString("networkIP"))
        .put("stackType", "IPV4_ONLY")
        .put("fingerprint", Fingerprints.ofJson(nic));
      JsonArray accessConfigs = nic.getJsonArray("accessConfigs");
      if (accessConfigs != null && !accessConfigs.isEmpty()) {
        JsonArray configs = new JsonArray();
        accessConfigs.forEach(config -> configs.add(new JsonObject().put("kind", "compute#accessConfig").mergeIn((JsonObject) config)));
        json.put("accessConfigs", configs);
      }
      JsonArray aliases = nic.getJsonArray("aliasIpRanges");
      if (aliases != null && !aliases.isEmpty()) {
        json.put("aliasIpRanges", aliases.copy());
      }
      rendered.add(json);
    }
    return rendered;
  }

  private JsonArray disks(JsonArray stored) {
    JsonArray rendered = new JsonArray();
    for (Object item : stored) {
      JsonObject disk = (JsonObject) item;
      JsonObject json = new JsonObject().put("kind", "compute#attachedDisk");
      for (String field : DISK_FIELDS) {
        if (disk.getValue(field) != null) {
          json.put(field, switch (field) {
            case "source" -> links.of(disk.getString(field));
            case "licenses" -> new JsonArray(disk.getJsonArray(field).stream().map(license -> links.of((String) license)).toList());
            default -> disk.getValue(field);
          });
        }
      }
      rendered.add(json);
    }
    return rendered;
  }
}
