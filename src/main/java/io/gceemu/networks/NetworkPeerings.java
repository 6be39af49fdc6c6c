package io.gceemu.networks;

import io.gceemu.gce.GceError;
import io.gceemu.gce.ResourceNames;
import io.gceemu.gce.Timestamps;
import io.gceemu.resource.Resource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A network's VPC peerings, kept on the network as GCE shows them ({@code peerings}): added,
 * updated and removed by name (requestRemovePeering removes at once, as for a peering without
 * GCE's CONSENSUS update strategy). A peering is shown ACTIVE at once: the emulator does not wait for
 * the peer network to peer back (GCE shows INACTIVE until it does) and exchanges no routes.
 */
final class NetworkPeerings {

  static final Set<String> VERBS = Set.of("addPeering", "removePeering", "updatePeering", "requestRemovePeering",
    "cancelRequestRemovePeering");
  private static final List<String> SETTINGS = List.of("exchangeSubnetRoutes", "exportCustomRoutes", "importCustomRoutes",
    "exportSubnetRoutesWithPublicIp", "importSubnetRoutesWithPublicIp", "stackType", "updateStrategy");

  private NetworkPeerings() {
  }

  static JsonArray apply(String verb, Resource network, JsonObject body, Instant now) {
    List<Object> peerings = new ArrayList<>(network.document().getJsonArray("peerings", new JsonArray()).copy().getList());
    JsonObject sent = body.getJsonObject("networkPeering", new JsonObject());
    String name = sent.getString("name", body.getString("name"));
    if (name == null) {
      throw GceError.required(body.containsKey("networkPeering") ? "networkPeering.name" : "name");
    }
    JsonObject existing = peerings.stream().map(JsonObject.class::cast).filter(peering -> name.equals(peering.getString("name")))
      .findFirst().orElse(null);
    switch (verb) {
      case "addPeering" -> {
        ResourceNames.requireName("name", name);
        if (existing != null) {
          throw GceError.invalidValue("name", name, "There is already a peering named '" + name + "' on network '" + network.name() + "'.");
        }
        peerings.add(added(name, sent, body, now));
      }
      case "updatePeering" -> {
        for (String setting : SETTINGS) {
          if (sent.containsKey(setting)) {
            missing(existing, name, network).put(setting, sent.getValue(setting));
          }
        }
        missing(existing, name, network);
      }
      // A request to remove is carried out at once, so by the time it could be cancelled the peering is gone.
      case "cancelRequestRemovePeering" -> missing(existing, name, network);
      default -> peerings.remove(missing(existing, name, network));
    }
    return new JsonArray(peerings);
  }

  private static JsonObject added(String name, JsonObject sent, JsonObject body, Instant now) {
    String peer = sent.getString("network", body.getString("peerNetwork"));
    if (peer == null) {
      throw GceError.required(sent.isEmpty() ? "peerNetwork" : "networkPeering.network");
    }
    boolean exchange = sent.getBoolean("exchangeSubnetRoutes", body.getBoolean("exchangeSubnetRoutes",
      body.getBoolean("autoCreateRoutes", true)));
    JsonObject peering = new JsonObject().put("name", name).put("network", peer).put("state", "ACTIVE")
      .put("stateDetails", "[" + Timestamps.format(now) + "]: Connected.").put("autoCreateRoutes", true)
      .put("exchangeSubnetRoutes", exchange).put("exportCustomRoutes", false).put("importCustomRoutes", false)
      .put("exportSubnetRoutesWithPublicIp", true).put("importSubnetRoutesWithPublicIp", false).put("stackType", "IPV4_ONLY");
    for (String setting : SETTINGS) {
      if (sent.containsKey(setting)) {
        peering.put(setting, sent.getValue(setting));
      }
    }
    return peering;
  }

  private static JsonObject missing(JsonObject existing, String name, Resource network) {
    if (existing == null) {
      throw GceError.invalidValue("name", name, "There is no peering named '" + name + "' on network '" + network.name() + "'.");
    }
    return existing;
  }
}
