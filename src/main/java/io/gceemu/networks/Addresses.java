package io.gceemu.networks;

import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;

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

  public static final ResourceType TYPE = new ResourceType(COLLECTION, "compute#address", Scope.REGION,
    Set.of("region", "subnetwork", "network", "users"), true, false, List.of(), List.of(), AddressRules::new);

  private Addresses() {
  }
}
