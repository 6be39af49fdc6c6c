package io.gceemu.networks;

import io.gceemu.catalog.Catalog;
import io.gceemu.gce.GceError;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * Reserved regional addresses, declared: an EXTERNAL one from the emulator's public-looking pool,
 * an INTERNAL one from a subnetwork. RESERVED until an instance's access config takes it (IN_USE,
 * its users the instance), and again once the instance lets go; an address in use cannot go.
 * Their IPs are given in Postgres as they are written (V14).
 */
public final class Addresses {

  public static final String COLLECTION = "addresses";
  private static final String EXTERNAL = "EXTERNAL";
  private static final String INTERNAL = "INTERNAL";

  /** {@code move}, of a reserved address to another project: declared, and refused (see {@link #notMoved}). */
  static final ResourceType.Verb MOVE = new ResourceType.Verb("move", "move", true);

  public static final ResourceType TYPE = new ResourceType(COLLECTION, "compute#address", Scope.REGION,
    Set.of("region", "subnetwork", "network", "users"), true, false, List.of(Addresses.MOVE), List.of(), AddressRules::new);

  private Addresses() {
  }

  /**
   * The emulator does not move an address to another project (GCE's {@code move}): the address
   * stays where it is, and the caller is told so in a 400.
   */
  static GceError notMoved(Resource address) {
    return new GceError(400, "invalid", "Invalid resource usage: 'Moving address " + address.name()
      + " to another project is not supported by the emulator; release it and reserve its IP in the other project.'.");
  }

  /**
   * What every new address shows, regional or global, RESERVED: its description ({@code ""} when
   * unset, as GCE shows it), type (EXTERNAL unless named), tier and the IP asked for, if any.
   */
  static JsonObject reserved(JsonObject body) {
    JsonObject address = new JsonObject().put("description", body.getString("description", ""))
      .put("addressType", body.getString("addressType", EXTERNAL)).put("networkTier", body.getString("networkTier", "PREMIUM"))
      .put("status", "RESERVED");
    String asked = body.getString("address");
    if (asked != null) {
      address.put("address", Catalog.ipv4(Catalog.parseIpv4(asked)
        .orElseThrow(() -> GceError.invalidValue("resource.address", asked, "The IP address is not a valid IPv4 address."))));
    }
    return address;
  }

  static boolean internal(JsonObject body) {
    return INTERNAL.equals(body.getString("addressType"));
  }
}
