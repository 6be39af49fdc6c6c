package io.gceemu.networks;

import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;

import java.util.List;
import java.util.Set;

/**
 * Routes, declared: global, each of one network; insert, get, list and delete. A network's own
 * routes (to the internet, and one local route per subnetwork) are made and removed with it and
 * its subnetworks, in Postgres (V14).
 */
public final class Routes {

  public static final String COLLECTION = "routes";

  public static final ResourceType TYPE = new ResourceType(COLLECTION, "compute#route", Scope.GLOBAL,
    Set.of("network", "nextHopGateway", "nextHopInstance", "nextHopNetwork"), false, false, List.of(), List.of(),
    scope -> new RouteRules());

  private Routes() {
  }
}
