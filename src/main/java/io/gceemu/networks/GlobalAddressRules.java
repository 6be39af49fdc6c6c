package io.gceemu.networks;

import io.gceemu.gce.GceError;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceRules;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code globalAddresses.insert}: as a region's address, RESERVED, its IP given as it is written
 * (Postgres); an INTERNAL one is a {@code prefixLength} range of the {@code network} it names.
 */
final class GlobalAddressRules implements ResourceRules {

  @Override
  public List<ResourceKey> references(String project, JsonObject body, JsonObject params) {
    return Addresses.internal(body) ? Networks.references(project, body) : List.of();
  }

  @Override
  public JsonObject create(String project, JsonObject body, JsonObject params, Map<String, Resource> referenced, Instant now) {
    JsonObject address = Addresses.reserved(body);
    if (!Addresses.internal(body)) {
      return address;
    }
    Resource network = Networks.required(project, body, referenced);
    Integer prefix = body.getInteger("prefixLength");
    if (prefix == null) {
      throw GceError.required("resource.prefixLength");
    }
    if (prefix < 8 || prefix > 29) {
      throw GceError.invalidValue("resource.prefixLength", prefix, "The prefix length must be between 8 and 29.");
    }
    return address.put("purpose", body.getString("purpose", "VPC_PEERING")).put("prefixLength", prefix).put("network", network.path())
      .put("networkTier", "PREMIUM");
  }

  @Override
  public List<Resource.Change> apply(String verb, Resource current, JsonObject body, JsonObject params, Instant now) {
    if (verb.equals(Addresses.MOVE.name())) {
      throw Addresses.notMoved(current);
    }
    return ResourceRules.super.apply(verb, current, body, params, now);
  }
}
