package io.gceemu.networks;

import io.gceemu.gce.Fingerprints;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Ipv4Range;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceRules;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A region's subnetworks: insert (a range of any size GCE allows, secondary ranges), patch,
 * expandIpCidrRange and setPrivateIpGoogleAccess. That a range overlaps no other of its network,
 * and that a subnetwork in use stays, is decided in Postgres, where the regions meet (V14).
 */
final class SubnetworkRules implements ResourceRules {

  /** The fields a patch may change; the range only grows, by expandIpCidrRange. */
  private static final List<String> PATCHED = List.of("description", "secondaryIpRanges", "privateIpGoogleAccess",
    "privateIpv6GoogleAccess", "logConfig", "enableFlowLogs", "stackType");

  private final String region;

  SubnetworkRules(String region) {
    this.region = region;
  }

  @Override
  public List<ResourceKey> references(String project, JsonObject body, JsonObject params) {
    return Networks.references(project, body);
  }

  @Override
  public JsonObject create(String project, JsonObject body, JsonObject params, Map<String, Resource> referenced, Instant now) {
    Resource network = Networks.required(project, body, referenced);
    if (body.getString("ipCidrRange") == null) {
      throw GceError.required("resource.ipCidrRange");
    }
    Ipv4Range range = range("resource.ipCidrRange", body.getString("ipCidrRange"));
    JsonObject document = new JsonObject();
    if (body.getString("description") != null) {
      document.put("description", body.getString("description"));
    }
    document.put("network", network.path()).put("region", "projects/" + project + "/regions/" + region)
      .put("ipCidrRange", range.toString()).put("gatewayAddress", range.gateway())
      .put("privateIpGoogleAccess", body.getBoolean("privateIpGoogleAccess", false))
      .put("privateIpv6GoogleAccess", body.getString("privateIpv6GoogleAccess", "DISABLE_GOOGLE_ACCESS"))
      .put("purpose", body.getString("purpose", "PRIVATE"))
      .put("stackType", body.getString("stackType", "IPV4_ONLY"));
    JsonArray secondary = secondaryRanges("resource.secondaryIpRanges", body.getJsonArray("secondaryIpRanges"));
    if (!secondary.isEmpty()) {
      document.put("secondaryIpRanges", secondary);
    }
    return document;
  }

  @Override
  public List<Resource.Change> apply(String verb, Resource current, JsonObject body, JsonObject params, Instant now) {
    JsonObject document = current.document().copy();
    switch (verb) {
      case "expandIpCidrRange" -> {
        Ipv4Range before = Ipv4Range.parse(document.getString("ipCidrRange")).orElseThrow();
        String asked = body.getString("ipCidrRange");
        if (asked == null) {
          throw GceError.required("ipCidrRange");
        }
        Ipv4Range wider = range("ipCidrRange", asked);
        if (!wider.contains(before) || wider.prefix() >= before.prefix()) {
          throw GceError.invalidValue("ipCidrRange", asked, "The new range must contain the current range "
            + before + " and be larger than it.");
        }
        document.put("ipCidrRange", wider.toString()).put("gatewayAddress", wider.gateway());
      }
      case "setPrivateIpGoogleAccess" -> document.put("privateIpGoogleAccess", body.getBoolean("privateIpGoogleAccess", false));
      default -> {
        // patch: GCE's optimistic locking, as for the other fingerprints.
        if (!Fingerprints.matches(current.fingerprint(), body.getString("fingerprint"))) {
          throw GceError.conditionNotMet("Invalid fingerprint.");
        }
        for (String field : PATCHED) {
          if (body.getValue(field) != null) {
            document.put(field, field.equals("secondaryIpRanges")
              ? secondaryRanges("secondaryIpRanges", body.getJsonArray(field)) : body.getValue(field));
          }
        }
        if (document.getJsonArray("secondaryIpRanges", new JsonArray()).isEmpty()) {
          document.remove("secondaryIpRanges");
        }
      }
    }
    return List.of(Resource.Change.put(current.with(document)));
  }

  /** A subnetwork's range: a CIDR range from /8 to /29, its address the first of the range. */
  static Ipv4Range range(String field, String cidr) {
    Ipv4Range range = Ipv4Range.parse(cidr)
      .orElseThrow(() -> GceError.invalidValue(field, cidr, "Must be a valid IPV4 CIDR address range."));
    if (range.prefix() < 8 || range.prefix() > 29) {
      throw GceError.invalidValue(field, cidr, "The range's prefix length must be between /8 and /29.");
    }
    return range;
  }

  private static JsonArray secondaryRanges(String field, JsonArray requested) {
    JsonArray ranges = new JsonArray();
    if (requested == null) {
      return ranges;
    }
    for (int i = 0; i < requested.size(); i++) {
      JsonObject asked = requested.getJsonObject(i);
      String name = asked.getString("rangeName");
      if (name == null) {
        throw GceError.required(field + "[" + i + "].rangeName");
      }
      Ipv4Range range = range(field + "[" + i + "].ipCidrRange", asked.getString("ipCidrRange"));
      ranges.add(new JsonObject().put("rangeName", name).put("ipCidrRange", range.toString()));
    }
    return ranges;
  }
}
