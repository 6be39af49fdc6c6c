package io.gceemu.templates;

import io.gceemu.catalog.Catalog;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
import io.gceemu.networks.Networks;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceRules;
import io.gceemu.zone.ResourceJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code instanceTemplates.insert}, as recorded from GCE: unlike an instance, a template keeps its
 * {@code machineType} a bare name, echoes {@code initializeParams} with its {@code sourceImage}
 * unchanged and keeps {@code email: "default"}; it fills in the defaults of disks, interfaces
 * (the {@code default} network), access configs, metadata and scheduling, and shows its network
 * as a link.
 */
final class InstanceTemplateRules implements ResourceRules {

  private static final Catalog CATALOG = Catalog.load();
  private static final String PROPERTIES = "resource.properties";
  private static final JsonObject SCHEDULING = new JsonObject().put("automaticRestart", true).put("onHostMaintenance", "MIGRATE")
    .put("preemptible", false).put("provisioningModel", "STANDARD");

  @Override
  public List<ResourceKey> references(String project, JsonObject body, JsonObject params) {
    List<ResourceKey> networks = new ArrayList<>();
    for (Object nic : properties(body).getJsonArray("networkInterfaces", new JsonArray())) {
      String network = network((JsonObject) nic);
      if (network != null) {
        Networks.key(network, project).ifPresent(networks::add);
      }
    }
    return networks;
  }

  @Override
  public JsonObject create(String project, JsonObject body, JsonObject params, Map<String, Resource> referenced, Instant now) {
    JsonObject sent = properties(body);
    String machineType = sent.getString("machineType");
    if (machineType == null) {
      throw GceError.required(PROPERTIES + ".machineType");
    }
    if (CATALOG.machineType(Links.lastSegment(machineType)).isEmpty() && !machineType.contains("custom-")) {
      throw GceError.invalidValue(PROPERTIES + ".machineType", machineType,
        "Machine type with name '" + Links.lastSegment(machineType) + "' does not exist.");
    }
    JsonObject properties = sent.copy().put("machineType", machineType).put("canIpForward", sent.getBoolean("canIpForward", false))
      .put("disks", disks(sent.getJsonArray("disks", new JsonArray())))
      .put("networkInterfaces", interfaces(project, sent.getJsonArray("networkInterfaces", new JsonArray()), referenced))
      .put("metadata", ResourceJson.metadata(sent.getJsonObject("metadata", new JsonObject()).getJsonArray("items", new JsonArray())))
      .put("scheduling", SCHEDULING.copy().mergeIn(sent.getJsonObject("scheduling", new JsonObject())));
    return new JsonObject().put("description", body.getString("description", "")).put("properties", properties);
  }

  private static JsonObject properties(JsonObject body) {
    JsonObject properties = body.getJsonObject("properties");
    if (properties == null) {
      throw GceError.required(PROPERTIES);
    }
    return properties;
  }

  private static JsonArray disks(JsonArray sent) {
    JsonArray disks = new JsonArray();
    for (int index = 0; index < sent.size(); index++) {
      JsonObject disk = sent.getJsonObject(index);
      disks.add(new JsonObject().put("kind", "compute#attachedDisk").put("type", "PERSISTENT").put("mode", "READ_WRITE")
        .put("boot", false).put("autoDelete", false).put("deviceName", "persistent-disk-" + index).mergeIn(disk).put("index", index));
    }
    return disks;
  }

  private static JsonArray interfaces(String project, JsonArray sent, Map<String, Resource> referenced) {
    JsonArray interfaces = new JsonArray();
    for (int index = 0; index < sent.size(); index++) {
      JsonObject nic = sent.getJsonObject(index);
      String field = PROPERTIES + ".networkInterfaces[" + index + "].network";
      JsonObject shown = new JsonObject().put("kind", "compute#networkInterface").put("name", "nic" + index).mergeIn(nic);
      String network = network(nic);
      if (network != null) {
        shown.put("network", Networks.referenced(field, network, Networks.key(network, project), referenced).path());
      }
      if (nic.getString("subnetwork") != null) {
        String subnetwork = Links.relative(nic.getString("subnetwork"));
        shown.put("subnetwork", subnetwork.startsWith("projects/") ? subnetwork : "projects/" + project + "/" + subnetwork);
      }
      JsonArray configs = new JsonArray();
      for (Object config : nic.getJsonArray("accessConfigs", new JsonArray())) {
        configs.add(new JsonObject().put("kind", "compute#accessConfig").put("name", "external-nat").put("type", "ONE_TO_ONE_NAT")
          .put("networkTier", "PREMIUM").mergeIn((JsonObject) config));
      }
      if (!configs.isEmpty()) {
        shown.put("accessConfigs", configs);
      }
      interfaces.add(shown);
    }
    return interfaces;
  }

  /** The network an interface names; naming neither network nor subnetwork, {@code default}; naming a subnetwork alone, none. */
  private static String network(JsonObject nic) {
    return nic.getString("network", nic.getString("subnetwork") != null ? null : "global/networks/" + Networks.DEFAULT);
  }
}
