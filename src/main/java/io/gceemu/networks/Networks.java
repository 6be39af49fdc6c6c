package io.gceemu.networks;

import io.gceemu.gce.GceError;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;
import io.gceemu.templates.InstanceTemplates;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Networks, declared: global, in auto mode (a subnetwork of the network's name in every region,
 * made with it) or custom mode. Besides the shared verbs, patch and switchToCustomMode. Each
 * project has GCE's {@code default} network from the start (made in Postgres, V14), and a user
 * may delete it as on GCE.
 */
public final class Networks {

  public static final String COLLECTION = "networks";
  public static final String DEFAULT = "default";

  public static final ResourceType TYPE = new ResourceType(COLLECTION, "compute#network", Scope.GLOBAL, Set.of("subnetworks"),
    false, false, List.of(new ResourceType.Verb(ResourceType.PATCH, "compute.networks.patch", true),
      new ResourceType.Verb("switchToCustomMode", "switchToCustomMode", false),
      new ResourceType.Verb("addPeering", "addPeering", true), new ResourceType.Verb("removePeering", "removePeering", true),
      new ResourceType.Verb("updatePeering", "updatePeering", true, "PATCH"),
      new ResourceType.Verb("requestRemovePeering", "requestRemovePeering", true),
      new ResourceType.Verb("cancelRequestRemovePeering", "cancelRequestRemovePeering", true)),
    List.of(), scope -> new NetworkRules());

  private Networks() {
  }

  /** The network a reference names, in any form clients send ({@code global/networks/n}, a link, a bare name). */
  public static Optional<ResourceKey> key(String reference, String callersProject) {
    return ResourceKey.parse(TYPE, reference != null && !reference.contains("/") ? "global/networks/" + reference : reference,
      callersProject);
  }

  /**
   * The network a request names, which must exist, or GCE's 400 for a reference that cannot be
   * found, worded as GCE words it for every resource that names a network.
   */
  public static Resource referenced(String field, String reference, Optional<ResourceKey> key, Map<String, Resource> referenced) {
    Resource network = key.map(found -> referenced.get(found.path())).orElse(null);
    if (network == null) {
      throw GceError.invalidValue(field, reference, "The referenced network resource cannot be found.");
    }
    return network;
  }

  /** The network a body must name ({@code resource.network}), which must exist, as a subnetwork's, a route's or a peering range's. */
  static Resource required(String project, JsonObject body, Map<String, Resource> referenced) {
    String reference = body.getString("network");
    if (reference == null) {
      throw GceError.required("resource.network");
    }
    return referenced("resource.network", reference, key(reference, project), referenced);
  }

  /** What {@link #required} reads. */
  static List<ResourceKey> references(String project, JsonObject body) {
    return key(body.getString("network"), project).stream().toList();
  }

  /**
   * The collections a project's default network is among, or that name it unless told otherwise:
   * the project is made (with that network) before they are read or written.
   */
  private static final Set<String> ON_THE_DEFAULT_NETWORK = Set.of(COLLECTION, Subnetworks.COLLECTION, Firewalls.COLLECTION,
    Routes.COLLECTION, Addresses.COLLECTION, InstanceTemplates.COLLECTION);

  public static boolean onTheDefaultNetwork(ResourceType type) {
    return ON_THE_DEFAULT_NETWORK.contains(type.collection());
  }

  public static boolean autoMode(Resource network) {
    return network.document().getBoolean("autoCreateSubnetworks", false);
  }
}
