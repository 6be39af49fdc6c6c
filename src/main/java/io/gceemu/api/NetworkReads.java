package io.gceemu.api;

import io.gceemu.bus.Addresses;
import io.gceemu.bus.ComputeClient;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.List;

/**
 * The network methods that answer from what the networks are: a network's effective firewall
 * rules, the routes its peerings exchange, and the subnetworks a project can use.
 */
final class NetworkReads {

  private static final String NETWORKS = RouteSupport.API + "/projects/:project/global/networks/:resource";

  private final RouteSupport support;
  private final ComputeClient compute;

  NetworkReads(RouteSupport support, ComputeClient compute) {
    this.support = support;
    this.compute = compute;
  }

  void mount(Router router) {
    router.get(NETWORKS + "/getEffectiveFirewalls").handler(support.handler(request -> network(request)
      .compose(network -> firewalls(compute.in(request.version()), request.project(), network.getString("selfLink")))));
    router.get(NETWORKS + "/listPeeringRoutes").handler(support.handler(this::peeringRoutes));
    router.get(RouteSupport.API + "/projects/:project/aggregated/subnetworks/listUsable").handler(support.handler(this::usable));
  }

  /**
   * The firewall rules of a network, as GCE's getEffectiveFirewalls lists them for it or for an
   * interface on it; the emulator has no hierarchical firewall policies, so {@code firewallPolicys}
   * is empty.
   */
  static Future<JsonObject> firewalls(ComputeClient compute, String project, String networkLink) {
    String network = Links.relative(networkLink);
    JsonObject everyRule = new JsonObject().put("project", project).put("list", new JsonObject()).put("all", true);
    return compute.send(Addresses.GLOBAL, "firewalls.list", everyRule).map(rules -> {
      List<Object> applying = rules.getJsonArray("items", new JsonArray()).stream()
        .filter(rule -> network.equals(Links.relative(((JsonObject) rule).getString("network")))).toList();
      return new JsonObject().put("firewalls", new JsonArray(applying)).put("firewallPolicys", new JsonArray());
    });
  }

  private Future<JsonObject> network(GceRequest request) {
    return compute.in(request.version()).getResource("networks", request.project(), Addresses.GLOBAL, request.resource("resource"));
  }

  /**
   * The routes a peering exchanges: it must be one of the network's ({@code ?peeringName=}); the
   * emulator exchanges no routes, so the list is empty.
   */
  private Future<JsonObject> peeringRoutes(GceRequest request) {
    String peering = request.params().getString("peeringName");
    if (peering == null) {
      throw GceError.required("peeringName");
    }
    return network(request).map(network -> {
      boolean known = network.getJsonArray("peerings", new JsonArray()).stream()
        .anyMatch(each -> peering.equals(((JsonObject) each).getString("name")));
      if (!known) {
        throw GceError.invalidValue("peeringName", peering, "There is no peering named '" + peering + "' on network '"
          + network.getString("name") + "'.");
      }
      String self = Links.relative(network.getString("selfLink")) + "/listPeeringRoutes";
      return new JsonObject().put("kind", "compute#exchangedPeeringRoutesList").put("id", self).put("items", new JsonArray())
        .put("selfLink", request.links().of(self));
    });
  }

  /** {@code subnetworks.listUsable}: every subnetwork of the project, in every region, as a UsableSubnetwork. */
  private Future<JsonObject> usable(GceRequest request) {
    List<Future<JsonObject>> regions = Addresses.regions(support.catalog()).stream().map(region -> compute.in(request.version())
      .send(region, "subnetworks.list", new JsonObject().put("project", request.project()).put("list", new JsonObject())
        .put("all", true))).toList();
    return Future.all(regions).map(all -> {
      JsonArray items = new JsonArray();
      for (JsonObject region : all.<JsonObject>list()) {
        for (Object each : region.getJsonArray("items", new JsonArray())) {
          JsonObject subnetwork = (JsonObject) each;
          JsonObject usable = new JsonObject().put("subnetwork", subnetwork.getString("selfLink"))
            .put("network", subnetwork.getString("network")).put("ipCidrRange", subnetwork.getString("ipCidrRange"))
            .put("stackType", subnetwork.getString("stackType", "IPV4_ONLY")).put("purpose", subnetwork.getString("purpose", "PRIVATE"));
          if (subnetwork.containsKey("secondaryIpRanges")) {
            usable.put("secondaryIpRanges", subnetwork.getJsonArray("secondaryIpRanges"));
          }
          items.add(usable);
        }
      }
      String self = "projects/" + request.project() + "/aggregated/subnetworks/listUsable";
      return new JsonObject().put("kind", "compute#usableSubnetworksAggregatedList").put("id", self).put("items", items)
        .put("selfLink", request.links().of(self));
    });
  }
}
