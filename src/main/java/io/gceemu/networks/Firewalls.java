package io.gceemu.networks;

import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;

import java.util.List;
import java.util.Set;

/**
 * Firewall rules, declared: global, each of one network. Besides the shared verbs, patch (how
 * Terraform updates a rule) and update. Rules are kept and shown, not enforced.
 */
public final class Firewalls {

  public static final String COLLECTION = "firewalls";

  public static final ResourceType TYPE = new ResourceType(COLLECTION, "compute#firewall", Scope.GLOBAL, Set.of("network"),
    false, false, List.of(new ResourceType.Verb(ResourceType.PATCH, "patch", true), new ResourceType.Verb(ResourceType.UPDATE, "update", true)),
    List.of(), scope -> new FirewallRules());

  private Firewalls() {
  }
}
