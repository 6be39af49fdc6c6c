package io.gceemu.projects;

import io.gceemu.bus.Actions;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
import io.gceemu.gce.ResourceNames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.function.UnaryOperator;

/**
 * The project's own settings and how each setter changes them: the default network tier, the
 * usage export bucket, the Cloud Armor tier, and its shared-VPC role (a host, and the service
 * projects it serves, kept as the relation {@code xpnResources}). What {@code projects.get} shows
 * of them, with GCE's defaults for those never set.
 */
public final class ProjectSettings {

  public static final String HOST = "HOST";
  private static final String XPN_STATUS = "xpnProjectStatus";
  private static final String XPN_RESOURCES = "xpnResources";

  private ProjectSettings() {
  }

  /**
   * The change a setter makes, checked against its body (already valid by its schema).
   *
   * @param project the project being changed
   */
  public static UnaryOperator<JsonObject> change(String action, String project, JsonObject body) {
    return switch (action) {
      case Actions.SET_DEFAULT_NETWORK_TIER -> settings -> settings.put("defaultNetworkTier", required(body, "networkTier"));
      case Actions.SET_CLOUD_ARMOR_TIER -> settings -> settings.put("cloudArmorTier", required(body, "cloudArmorTier"));
      // An empty bucket name turns the usage export off, as GCE's reference says.
      case Actions.SET_USAGE_EXPORT_BUCKET -> settings -> body.getString("bucketName", "").isEmpty()
        ? removed(settings, "usageExportLocation") : settings.put("usageExportLocation", new JsonObject()
          .put("bucketName", body.getString("bucketName")).put("reportNamePrefix", body.getString("reportNamePrefix", "usage_gce")));
      case Actions.ENABLE_XPN_HOST -> settings -> settings.put(XPN_STATUS, HOST);
      case Actions.DISABLE_XPN_HOST -> settings -> {
        if (!settings.getJsonArray(XPN_RESOURCES, new JsonArray()).isEmpty()) {
          throw new GceError(400, "resourceInUseByAnotherResource", "The shared VPC host project '" + project
            + "' still has service projects attached; disable them first.");
        }
        return removed(settings, XPN_STATUS);
      };
      case Actions.ENABLE_XPN_RESOURCE -> settings -> attach(settings, project, serviceProject(body, project), true);
      case Actions.DISABLE_XPN_RESOURCE -> settings -> attach(settings, project, serviceProject(body, project), false);
      default -> throw new GceError(400, "invalid", "Unknown action '" + action + "'.");
    };
  }

  /** The fields {@code projects.get} shows of the settings. */
  public static JsonObject shown(JsonObject settings) {
    JsonObject shown = new JsonObject()
      .put(XPN_STATUS, settings.getString(XPN_STATUS, "UNSPECIFIED_XPN_PROJECT_STATUS"))
      .put("defaultNetworkTier", settings.getString("defaultNetworkTier", "PREMIUM"))
      .put("cloudArmorTier", settings.getString("cloudArmorTier", "CA_STANDARD"));
    if (settings.containsKey("usageExportLocation")) {
      shown.put("usageExportLocation", settings.getJsonObject("usageExportLocation").copy());
    }
    return shown;
  }

  /** {@code projects.getXpnResources}: the service projects the host serves. */
  public static JsonArray xpnResources(JsonObject settings) {
    return settings.getJsonArray(XPN_RESOURCES, new JsonArray()).copy();
  }

  private static JsonObject attach(JsonObject settings, String host, String service, boolean attached) {
    if (!HOST.equals(settings.getString(XPN_STATUS))) {
      throw new GceError(400, "invalid", "Invalid value for field 'project': '" + host + "'. The project is not a shared VPC host project.");
    }
    JsonArray kept = new JsonArray(new ArrayList<>(settings.getJsonArray(XPN_RESOURCES, new JsonArray()).stream()
      .filter(resource -> !service.equals(((JsonObject) resource).getString("id"))).toList()));
    if (attached) {
      kept.add(new JsonObject().put("type", "PROJECT").put("id", service));
    }
    return settings.put(XPN_RESOURCES, kept);
  }

  /** The service project of an enable/disableXpnResource: {@code xpnResource.id}, a project id. */
  private static String serviceProject(JsonObject body, String host) {
    JsonObject resource = body.getJsonObject("xpnResource", new JsonObject());
    String id = resource.getString("id");
    if (id == null) {
      throw GceError.required("xpnResource.id");
    }
    String service = Links.lastSegment(id);
    if (!ResourceNames.isProject(service)) {
      throw GceError.invalidValue("xpnResource.id", id, "Must be a project id.");
    }
    if (service.equals(host)) {
      throw GceError.invalidValue("xpnResource.id", id, "A shared VPC host project cannot be its own service project.");
    }
    return service;
  }

  private static String required(JsonObject body, String field) {
    String value = body.getString(field);
    if (value == null) {
      throw GceError.required(field);
    }
    return value;
  }

  private static JsonObject removed(JsonObject settings, String field) {
    settings.remove(field);
    return settings;
  }
}
