package io.gceemu.networks;

import io.gceemu.catalog.Catalog;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Ipv4Range;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceRules;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code addresses.insert} in a region: the document as GCE shows a new address, RESERVED; its IP
 * is given as it is written, where every scope's addresses meet (Postgres). As recorded from GCE,
 * labels sent with the insert are not applied: setLabels sets them.
 */
final class AddressRules implements ResourceRules {

  private final String region;

  AddressRules(String region) {
    this.region = region;
  }

  /** An INTERNAL address naming no subnetwork is in the region's subnetwork of the default network. */
  private String subnetwork(JsonObject body) {
    return body.getString("subnetwork", "regions/" + region + "/subnetworks/" + Networks.DEFAULT);
  }

  @Override
  public List<ResourceKey> references(String project, JsonObject body, JsonObject params) {
    return Addresses.internal(body) ? Subnetworks.key(subnetwork(body), project, region).stream().toList() : List.of();
  }

  @Override
  public JsonObject create(String project, JsonObject body, JsonObject params, Map<String, Resource> referenced, Instant now) {
    JsonObject address = Addresses.reserved(body).put("region", "projects/" + project + "/regions/" + region);
    if (!Addresses.internal(body)) {
      return address;
    }
    String asked = body.getString("address");
    String reference = subnetwork(body);
    Resource subnetwork = Subnetworks.key(reference, project, region).map(key -> referenced.get(key.path())).orElse(null);
    if (subnetwork == null) {
      throw GceError.invalidValue("resource.subnetwork", reference, "The referenced subnetwork resource cannot be found.");
    }
    if (asked != null && !Ipv4Range.parse(subnetwork.document().getString("ipCidrRange")).orElseThrow()
      .usable(Catalog.parseIpv4(asked).getAsLong())) {
      throw GceError.invalidValue("resource.address", asked, "Requested internal IP is outside the subnetwork CIDR range.");
    }
    return address.put("subnetwork", subnetwork.path()).put("purpose", body.getString("purpose", "GCE_ENDPOINT"));
  }

  @Override
  public List<Resource.Change> apply(String verb, Resource current, JsonObject body, JsonObject params, Instant now) {
    if (verb.equals(Addresses.MOVE.name())) {
      throw Addresses.notMoved(current);
    }
    return ResourceRules.super.apply(verb, current, body, params, now);
  }
}
