package io.gceemu.metadata;

import io.gceemu.gce.Links;
import io.gceemu.store.ZoneStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What the metadata server holds for one instance, as GCE's guest sees it under
 * {@code computeMetadata/v1/}: a tree whose keys are the path's segments ({@code instance},
 * {@code network-interfaces}, {@code 0}, {@code ip}), built from the instance and its project as
 * the API renders them. Zones, machine types and networks are named by the project's number, as
 * on GCE.
 */
final class MetadataTree {

  private MetadataTree() {
  }

  /** @param instance the instance's GCE JSON; @param project the project's */
  static JsonObject of(JsonObject instance, JsonObject project) {
    String projectId = project.getString("name");
    long number = ZoneStore.projectNumber(projectId);
    String zone = Links.lastSegment(instance.getString("zone"));
    String name = instance.getString("name");
    JsonArray interfaces = new JsonArray();
    for (Object each : instance.getJsonArray("networkInterfaces", new JsonArray())) {
      JsonObject nic = (JsonObject) each;
      JsonArray accessConfigs = new JsonArray();
      nic.getJsonArray("accessConfigs", new JsonArray()).forEach(config -> accessConfigs.add(new JsonObject()
        .put("external-ip", ((JsonObject) config).getString("natIP", "")).put("type", ((JsonObject) config).getString("type", "ONE_TO_ONE_NAT"))));
      interfaces.add(new JsonObject()
        .put("access-configs", accessConfigs)
        .put("dns-servers", new JsonArray().add("169.254.169.254"))
        .put("gateway", gateway(nic.getString("networkIP", "")))
        .put("ip", nic.getString("networkIP", ""))
        .put("mac", mac(instance.getString("id"), interfaces.size()))
        .put("mtu", 1460)
        .put("network", "projects/" + number + "/networks/" + Links.lastSegment(nic.getString("network", "default")))
        .put("subnetmask", "255.255.240.0"));
    }
    JsonObject defaultAccount = new JsonObject()
      .put("aliases", "default")
      .put("email", email(instance, number))
      .put("scopes", scopes(instance));
    JsonObject instanceTree = new JsonObject()
      .put("attributes", attributes(instance.getJsonObject("metadata", new JsonObject())))
      .put("cpu-platform", instance.getString("cpuPlatform", "Intel Broadwell"))
      .put("description", instance.getString("description", ""))
      .put("hostname", name + "." + zone + ".c." + projectId + ".internal")
      .put("id", Long.parseLong(instance.getString("id")))
      .put("machine-type", "projects/" + number + "/machineTypes/" + Links.lastSegment(instance.getString("machineType")))
      .put("name", name)
      .put("network-interfaces", interfaces)
      .put("service-accounts", new JsonObject().put("default", defaultAccount).put(defaultAccount.getString("email"), defaultAccount.copy()))
      .put("tags", instance.getJsonObject("tags", new JsonObject()).getJsonArray("items", new JsonArray()).copy())
      .put("zone", "projects/" + number + "/zones/" + zone);
    JsonObject projectTree = new JsonObject()
      .put("attributes", attributes(project.getJsonObject("commonInstanceMetadata", new JsonObject())))
      .put("numeric-project-id", number)
      .put("project-id", projectId);
    return new JsonObject().put("instance", instanceTree).put("project", projectTree);
  }

  /** The keys a host without a chosen instance still answers: the default service account's token and identity. */
  static JsonObject anonymous() {
    JsonObject account = new JsonObject().put("aliases", "default").put("email", "default").put("scopes", new JsonArray()
      .add("https://www.googleapis.com/auth/cloud-platform"));
    return new JsonObject().put("instance", new JsonObject().put("service-accounts", new JsonObject().put("default", account)));
  }

  /**
   * The node at {@code segments}, or null: a segment names a key, or an element of a list by its
   * index ({@code network-interfaces/0}).
   */
  static Object at(JsonObject tree, List<String> segments) {
    Object node = tree;
    for (String segment : segments) {
      if (node instanceof JsonObject object) {
        node = object.getValue(segment);
      } else if (node instanceof JsonArray array && segment.matches("[0-9]+") && Integer.parseInt(segment) < array.size()) {
        node = array.getValue(Integer.parseInt(segment));
      } else {
        return null;
      }
    }
    return node;
  }

  private static JsonObject attributes(JsonObject metadata) {
    JsonObject attributes = new JsonObject();
    metadata.getJsonArray("items", new JsonArray()).forEach(item -> attributes.put(((JsonObject) item).getString("key"),
      ((JsonObject) item).getString("value", "")));
    return attributes;
  }

  private static String email(JsonObject instance, long number) {
    JsonArray accounts = instance.getJsonArray("serviceAccounts", new JsonArray());
    String email = accounts.isEmpty() ? null : accounts.getJsonObject(0).getString("email");
    return email == null || email.equals("default") ? number + "-compute@developer.gserviceaccount.com" : email;
  }

  private static JsonArray scopes(JsonObject instance) {
    JsonArray accounts = instance.getJsonArray("serviceAccounts", new JsonArray());
    return accounts.isEmpty() ? new JsonArray().add("https://www.googleapis.com/auth/cloud-platform")
      : accounts.getJsonObject(0).getJsonArray("scopes", new JsonArray()).copy();
  }

  /** GCE's gateway is the first address of the subnetwork; the emulator's default ranges are /20s. */
  private static String gateway(String ip) {
    String[] octets = ip.split("\\.");
    if (octets.length != 4) {
      return "";
    }
    int third = Integer.parseInt(octets[2]) & 0xF0;
    return octets[0] + "." + octets[1] + "." + third + ".1";
  }

  /** A stable MAC of GCE's prefix for the instance's interface. */
  private static String mac(String id, int index) {
    long bits = Long.parseLong(id) ^ index;
    return String.format("42:01:%02x:%02x:%02x:%02x", (bits >> 24) & 0xff, (bits >> 16) & 0xff, (bits >> 8) & 0xff, bits & 0xff);
  }
}
