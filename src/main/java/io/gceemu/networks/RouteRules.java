package io.gceemu.networks;

import io.gceemu.catalog.Catalog;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Ipv4Range;
import io.gceemu.gce.Links;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceRules;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code routes.insert}: a destination range of a network and exactly one next hop, priority 1000 unless given. */
final class RouteRules implements ResourceRules {

  private static final List<String> NEXT_HOPS = List.of("nextHopGateway", "nextHopIp", "nextHopInstance", "nextHopIlb",
    "nextHopVpnTunnel");
  private static final String INTERNET = "default-internet-gateway";

  @Override
  public List<ResourceKey> references(String project, JsonObject body, JsonObject params) {
    return Networks.references(project, body);
  }

  @Override
  public JsonObject create(String project, JsonObject body, JsonObject params, Map<String, Resource> referenced, Instant now) {
    Resource network = Networks.required(project, body, referenced);
    String destination = body.getString("destRange");
    if (destination == null) {
      throw GceError.required("resource.destRange");
    }
    Ipv4Range range = Ipv4Range.parse(destination)
      .orElseThrow(() -> GceError.invalidValue("resource.destRange", destination, "Must be a valid IPV4 CIDR address range."));
    List<String> hops = NEXT_HOPS.stream().filter(hop -> body.getString(hop) != null).toList();
    if (hops.size() != 1) {
      throw hops.isEmpty() ? GceError.required(NEXT_HOPS.stream().map(hop -> "resource." + hop).toList())
        : GceError.invalidValue("resource." + hops.get(1), body.getString(hops.get(1)), "A route may have only one next hop.");
    }
    int priority = body.getInteger("priority", 1000);
    if (priority < 0 || priority > 65535) {
      throw GceError.invalidValue("resource.priority", priority, "Must be between 0 and 65535.");
    }
    JsonObject route = new JsonObject();
    if (body.getString("description") != null) {
      route.put("description", body.getString("description"));
    }
    route.put("network", network.path()).put("destRange", range.toString()).put("priority", priority);
    String hop = hops.get(0);
    String via = body.getString(hop);
    switch (hop) {
      case "nextHopGateway" -> {
        if (!Links.lastSegment(via).equals(INTERNET)) {
          throw GceError.invalidValue("resource.nextHopGateway", via, "The only gateway a route may name is " + INTERNET + ".");
        }
        route.put(hop, "projects/" + project + "/global/gateways/" + INTERNET);
      }
      case "nextHopIp" -> {
        if (Catalog.parseIpv4(via).isEmpty()) {
          throw GceError.invalidValue("resource.nextHopIp", via, "The IP address is not a valid IPv4 address.");
        }
        route.put(hop, via);
      }
      case "nextHopInstance" -> route.put(hop, via.contains("projects/") ? Links.relative(via) : "projects/" + project + "/" + via);
      default -> route.put(hop, via);
    }
    if (body.getJsonArray("tags") != null && !body.getJsonArray("tags").isEmpty()) {
      route.put("tags", body.getJsonArray("tags").copy());
    }
    return route;
  }
}
