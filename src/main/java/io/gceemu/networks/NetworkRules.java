package io.gceemu.networks;

import io.gceemu.gce.GceError;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceRules;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code networks.insert}, {@code patch} and {@code switchToCustomMode}. What a new network
 * makes (its route to the internet, its auto subnetworks) and what keeps one from going are
 * decided in Postgres, in the transaction that writes it (V14).
 */
final class NetworkRules implements ResourceRules {

  /** The routing GCE gives a network that names none, and the path selection it always adds. */
  private static final JsonObject ROUTING = new JsonObject().put("routingMode", "REGIONAL").put("bgpBestPathSelectionMode", "LEGACY");

  @Override
  public JsonObject create(String project, JsonObject body, JsonObject params, Map<String, Resource> referenced, Instant now) {
    Boolean auto = body.getBoolean("autoCreateSubnetworks");
    if (auto == null) {
      // GCE would make a legacy network, which it deprecated long ago; the emulator makes VPC networks only.
      throw GceError.invalidValue("resource.autoCreateSubnetworks", "",
        "Legacy networks are not supported: set autoCreateSubnetworks to true (auto mode) or false (custom mode).");
    }
    JsonObject document = new JsonObject().put("autoCreateSubnetworks", auto);
    // Recorded from GCE: a network made without a description or an mtu shows neither.
    if (body.getString("description") != null) {
      document.put("description", body.getString("description"));
    }
    mtu(body).ifPresent(mtu -> document.put("mtu", mtu));
    return document.put("routingConfig", ROUTING.copy().mergeIn(body.getJsonObject("routingConfig", new JsonObject())))
      .put("networkFirewallPolicyEnforcementOrder", body.getString("networkFirewallPolicyEnforcementOrder", "AFTER_CLASSIC_FIREWALL"));
  }

  @Override
  public List<Resource.Change> apply(String verb, Resource current, JsonObject body, JsonObject params, Instant now) {
    JsonObject document = current.document().copy();
    if (verb.equals("switchToCustomMode")) {
      if (!Networks.autoMode(current)) {
        throw new GceError(400, "invalid", "Invalid resource usage: 'Network is already in custom mode.'.");
      }
      // Its subnetworks stay, now the user's own: the network cannot go before they do.
      return List.of(Resource.Change.put(current.with(document.put("autoCreateSubnetworks", false))));
    }
    if (NetworkPeerings.VERBS.contains(verb)) {
      return List.of(Resource.Change.put(current.with(document.put("peerings", NetworkPeerings.apply(verb, current, body, now)))));
    }
    // patch: what the body sets, the rest as it was (Terraform patches routingConfig and mtu).
    if (body.getString("description") != null) {
      document.put("description", body.getString("description"));
    }
    mtu(body).ifPresent(mtu -> document.put("mtu", mtu));
    if (body.getJsonObject("routingConfig") != null) {
      document.put("routingConfig", document.getJsonObject("routingConfig", ROUTING).copy().mergeIn(body.getJsonObject("routingConfig")));
    }
    if (body.getString("networkFirewallPolicyEnforcementOrder") != null) {
      document.put("networkFirewallPolicyEnforcementOrder", body.getString("networkFirewallPolicyEnforcementOrder"));
    }
    return List.of(Resource.Change.put(current.with(document)));
  }

  /** GCE's limits of a VPC network's MTU. */
  private static Optional<Integer> mtu(JsonObject body) {
    Integer mtu = body.getInteger("mtu");
    if (mtu != null && (mtu < 1300 || mtu > 8896)) {
      throw GceError.invalidValue("resource.mtu", mtu, "MTU must be between 1300 and 8896.");
    }
    return Optional.ofNullable(mtu);
  }
}
