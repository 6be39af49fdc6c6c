package io.gceemu.networks;

import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Subnetworks, declared: regional ranges of a network, the first regional collection, owned by
 * their region's owner. Besides the shared verbs, patch (quoting the fingerprint),
 * expandIpCidrRange and setPrivateIpGoogleAccess; instances take their internal addresses from
 * one, where the zones of its region meet (Postgres).
 */
public final class Subnetworks {

  public static final String COLLECTION = "subnetworks";

  public static final ResourceType TYPE = new ResourceType(COLLECTION, "compute#subnetwork", Scope.REGION, Set.of("network", "region"),
    false, true, List.of(new ResourceType.Verb(ResourceType.PATCH, "patch", true),
      new ResourceType.Verb("expandIpCidrRange", "expandIpCidrRange", true),
      new ResourceType.Verb("setPrivateIpGoogleAccess", "setPrivateIpGoogleAccess", true)),
    List.of(), SubnetworkRules::new);

  private Subnetworks() {
  }

  /** The subnetwork a reference names; a bare name is one of {@code region}, the region of the zone that asks. */
  public static Optional<ResourceKey> key(String reference, String callersProject, String region) {
    return ResourceKey.parse(TYPE, reference != null && !reference.contains("/") ? "regions/" + region + "/subnetworks/" + reference
      : reference, callersProject);
  }
}
