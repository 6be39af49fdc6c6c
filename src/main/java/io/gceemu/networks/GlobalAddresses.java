package io.gceemu.networks;

import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;

import java.util.List;
import java.util.Set;

/**
 * Reserved global addresses, declared: {@code /global/addresses}, GCE's globalAddresses. An
 * EXTERNAL one from the same pool as the regions' (for load balancers); an INTERNAL one a range of
 * a network for peering ({@code VPC_PEERING}, {@code prefixLength}), given where no subnetwork or
 * other range of the network is.
 */
public final class GlobalAddresses {

  public static final ResourceType TYPE = new ResourceType("globalAddresses", Addresses.COLLECTION, "compute#address", Scope.GLOBAL,
    Set.of("network", "users"), true, false, List.of(Addresses.MOVE), List.of(), scope -> new GlobalAddressRules());

  private GlobalAddresses() {
  }
}
