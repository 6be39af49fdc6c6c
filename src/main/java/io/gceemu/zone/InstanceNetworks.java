package io.gceemu.zone;

import io.gceemu.catalog.Catalog;
import io.gceemu.gce.Fingerprints;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Ipv4Range;
import io.gceemu.gce.Links;
import io.gceemu.networks.Networks;
import io.gceemu.networks.Subnetworks;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An instance's network interfaces as GCE resolves them: each on a network (global) and one of
 * its subnetworks in the instance's region, both read before the insert is decided. An interface
 * naming a subnetwork is on its network; one naming an auto-mode network only is on the
 * network's subnetwork of the region; a custom-mode network needs the subnetwork named; one
 * naming neither is on {@code default}. Addresses are taken later, where the zones of the region
 * meet (the store), from the subnetwork's range as committed then.
 */
final class InstanceNetworks {

  private final String region;

  InstanceNetworks(String region) {
    this.region = region;
  }

  /** The networks and subnetworks the interfaces name, to read before the insert is decided. */
  List<ResourceKey> references(String project, JsonArray requested) {
    List<ResourceKey> keys = new ArrayList<>();
    for (JsonObject nic : interfaces(requested)) {
      Optional<ResourceKey> network = Networks.key(network(nic), project);
      network.ifPresent(keys::add);
      // Naming a network only, an interface is on the network's subnetwork of the region if it is in auto mode.
      String subnetwork = nic.getString("subnetwork") != null ? nic.getString("subnetwork")
        : network.map(key -> "regions/" + region + "/subnetworks/" + key.name()).orElse(null);
      Subnetworks.key(subnetwork, project, region).ifPresent(keys::add);
    }
    return keys;
  }

  /** The interfaces as stored: each named {@code nic<i>}, with the paths of its network and subnetwork. */
  JsonArray resolve(String project, JsonArray requested, Map<String, Resource> referenced) {
    JsonArray stored = new JsonArray();
    List<JsonObject> interfaces = interfaces(requested);
    for (int i = 0; i < interfaces.size(); i++) {
      JsonObject nic = interfaces.get(i);
      String field = "resource.networkInterfaces[" + i + "]";
      Resource subnetwork = subnetwork(project, nic, field, referenced);
      JsonObject storedNic = new JsonObject()
        .put("name", "nic" + i)
        .put("network", subnetwork.document().getString("network"))
        .put("subnetwork", subnetwork.path())
        .put("accessConfigs", accessConfigs(field, nic.getJsonArray("accessConfigs")));
      String address = nic.getString("networkIP");
      if (address != null) {
        storedNic.put("networkIP", requestedAddress(field + ".networkIP", address, subnetwork));
      }
      stored.add(storedNic);
    }
    return stored;
  }

  /**
   * {@code instances.addAccessConfig}: the interface named gets the access config, as at insert;
   * GCE gives an interface one at most.
   */
  JsonArray addAccessConfig(JsonArray current, String nicName, JsonObject config) {
    JsonArray nics = current.copy();
    JsonObject nic = named(nics, nicName);
    JsonArray configs = nic.getJsonArray("accessConfigs", new JsonArray());
    if (!configs.isEmpty()) {
      throw GceError.invalidValue("resource", "", "At most one access config currently supported.");
    }
    nic.put("accessConfigs", new JsonArray().add(accessConfig("resource.natIP", config)));
    return nics;
  }

  /** {@code instances.deleteAccessConfig}: the interface named loses the access config named; its address is free again. */
  JsonArray deleteAccessConfig(JsonArray current, String nicName, String configName) {
    JsonArray nics = current.copy();
    JsonObject nic = named(nics, nicName);
    JsonArray configs = nic.getJsonArray("accessConfigs", new JsonArray());
    JsonArray kept = new JsonArray(configs.stream().filter(config -> !configName.equals(((JsonObject) config).getString("name"))).toList());
    if (kept.size() == configs.size()) {
      throw GceError.invalidValue("accessConfig", configName, "The access config does not exist on network interface '" + nicName + "'.");
    }
    nic.put("accessConfigs", kept);
    return nics;
  }

  /**
   * {@code instances.updateNetworkInterface}, quoting the interface's fingerprint: its alias IP
   * ranges. Moving an interface to another network (GCE's other use of it, on a stopped VM) the
   * emulator does not do.
   */
  JsonArray updateNetworkInterface(JsonArray current, String nicName, JsonObject body) {
    JsonArray nics = current.copy();
    JsonObject nic = named(nics, nicName);
    if (!Fingerprints.matches(Fingerprints.ofJson(nic), body.getString("fingerprint"))) {
      throw GceError.conditionNotMet("Supplied fingerprint does not match current network interface fingerprint.");
    }
    for (String field : List.of("network", "subnetwork")) {
      String asked = body.getString(field);
      if (asked != null && !Links.relative(asked).endsWith(Links.relative(nic.getString(field)))
        && !Links.lastSegment(asked).equals(Links.lastSegment(nic.getString(field)))) {
        throw GceError.invalidValue("resource." + field, asked, "Moving a network interface to another network is not supported by the emulator.");
      }
    }
    if (!body.containsKey("aliasIpRanges")) {
      return nics;
    }
    // A merge patch: the ranges sent replace the interface's, an empty list clears them.
    JsonArray ranges = body.getJsonArray("aliasIpRanges");
    for (int i = 0; i < ranges.size(); i++) {
      if (ranges.getJsonObject(i).getString("ipCidrRange") == null) {
        throw GceError.required("resource.aliasIpRanges[" + i + "].ipCidrRange");
      }
    }
    if (ranges.isEmpty()) {
      nic.remove("aliasIpRanges");
    } else {
      nic.put("aliasIpRanges", ranges.copy());
    }
    return nics;
  }

  /**
   * add/deleteNetworkInterface change GCE's dynamic interfaces (VLANs under a parent interface, a
   * preview feature), which the emulator does not make: adding one is refused, and the interfaces
   * an instance has are its static ones, which GCE does not delete.
   *
   * @param nicName the interface to delete; null for an add
   */
  static Object refuseDynamicInterface(Instance instance, String nicName) {
    if (nicName == null) {
      throw new GceError(400, "invalid", "Invalid value for field 'resource': dynamic network interfaces are not supported by the "
        + "emulator; give the instance its network interfaces at insert.");
    }
    named(instance.networkInterfaces(), nicName);
    throw GceError.invalidValue("networkInterfaceName", nicName, "Network interface '" + nicName
      + "' is not a dynamic network interface; only dynamic network interfaces can be deleted.");
  }

  /**
   * {@code instances.updateAccessConfig}: the config named in the body, found on the interface,
   * takes the PTR settings sent (GCE's merge); its type and address stay as they are.
   */
  JsonArray updateAccessConfig(JsonArray current, String nicName, JsonObject body) {
    JsonArray nics = current.copy();
    JsonObject nic = named(nics, nicName);
    String configName = body.getString("name");
    JsonObject config = nic.getJsonArray("accessConfigs", new JsonArray()).stream().map(JsonObject.class::cast)
      .filter(kept -> kept.getString("name", "").equals(configName)).findFirst()
      .orElseThrow(() -> GceError.invalidValue("resource.name", String.valueOf(configName),
        "The access config does not exist on network interface '" + nicName + "'."));
    String natIP = body.getString("natIP");
    if (natIP != null && !natIP.equals(config.getString("natIP"))) {
      throw GceError.invalidValue("resource.natIP", natIP, "The external IP of an access config cannot be changed by updateAccessConfig.");
    }
    for (String field : List.of("setPublicPtr", "publicPtrDomainName", "networkTier")) {
      if (body.containsKey(field)) {
        config.put(field, body.getValue(field));
      }
    }
    return nics;
  }

  /**
   * {@code instances.setSecurityPolicy}: the policy goes on the access configs of the interfaces
   * named (every interface when none is), as GCE shows it; none removes it.
   */
  JsonArray setSecurityPolicy(JsonArray current, JsonObject body) {
    JsonArray nics = current.copy();
    JsonArray asked = body.getJsonArray("networkInterfaces", new JsonArray());
    String policy = body.getString("securityPolicy");
    for (Object named : asked) {
      named(nics, String.valueOf(named));
    }
    for (Object each : nics) {
      JsonObject nic = (JsonObject) each;
      if (asked.isEmpty() || asked.contains(nic.getString("name"))) {
        for (Object config : nic.getJsonArray("accessConfigs", new JsonArray())) {
          if (policy == null) {
            ((JsonObject) config).remove("securityPolicy");
          } else {
            ((JsonObject) config).put("securityPolicy", policy);
          }
        }
      }
    }
    return nics;
  }

  private static JsonObject named(JsonArray nics, String nicName) {
    return nics.stream().map(JsonObject.class::cast).filter(nic -> nicName.equals(nic.getString("name"))).findFirst()
      .orElseThrow(() -> GceError.invalidValue("networkInterface", nicName, "The network interface does not exist."));
  }

  /** gcloud and the console always send one; a body without any gets nic0 on {@code default}, as they would. */
  private static List<JsonObject> interfaces(JsonArray requested) {
    List<JsonObject> interfaces = new ArrayList<>();
    if (requested == null || requested.isEmpty()) {
      interfaces.add(new JsonObject());
    } else {
      requested.forEach(nic -> interfaces.add((JsonObject) nic));
    }
    return interfaces;
  }

  /** The network an interface names: its own, or (naming no subnetwork either) {@code default}. */
  private static String network(JsonObject nic) {
    String network = nic.getString("network");
    return network != null || nic.getString("subnetwork") != null ? network : "global/networks/" + Networks.DEFAULT;
  }

  private Resource subnetwork(String project, JsonObject nic, String field, Map<String, Resource> referenced) {
    String networkReference = network(nic);
    Resource network = null;
    if (networkReference != null) {
      network = Networks.referenced(field + ".network", networkReference, Networks.key(networkReference, project), referenced);
    }
    String subnetworkReference = nic.getString("subnetwork");
    if (subnetworkReference == null) {
      if (!Networks.autoMode(network)) {
        // GCE's words, its value empty (datastax google-compute-engine-dse#27, bdutil#88).
        throw GceError.invalidValue(field, "", "Subnetwork should be specified for custom subnetmode network");
      }
      subnetworkReference = "regions/" + region + "/subnetworks/" + network.name();
    }
    Optional<ResourceKey> key = Subnetworks.key(subnetworkReference, project, region);
    if (key.isPresent() && !key.get().scope().equals("regions/" + region)) {
      throw GceError.invalidValue(field + ".subnetwork", subnetworkReference,
        "The subnetwork must be in the instance's region, " + region + ".");
    }
    Resource subnetwork = key.map(found -> referenced.get(found.path())).orElse(null);
    if (subnetwork == null) {
      throw GceError.invalidValue(field + ".subnetwork", subnetworkReference, "The referenced subnetwork resource cannot be found.");
    }
    if (network != null && !subnetwork.document().getString("network").equals(network.path())) {
      // GCE's words (terraform-provider-google#7895).
      throw new GceError(400, "badRequest", "Subnetwork \"" + subnetwork.path() + "\" is not valid for Network \"" + network.name() + "\".");
    }
    return subnetwork;
  }

  /**
   * A requested internal address must be a usable one of the subnetwork's range; whether it is
   * free is decided where the region's zones meet (the store), and GCE reports a taken one in the
   * operation: IP_IN_USE_BY_ANOTHER_RESOURCE.
   */
  private static String requestedAddress(String field, String requested, Resource subnetwork) {
    long address = Catalog.parseIpv4(requested)
      .orElseThrow(() -> GceError.invalidValue(field, requested, "The IP address is not a valid IPv4 address."));
    Ipv4Range range = Ipv4Range.parse(subnetwork.document().getString("ipCidrRange")).orElseThrow();
    if (!range.usable(address)) {
      throw GceError.invalidValue(field, requested, "Requested internal IP is outside the subnetwork CIDR range.");
    }
    return Catalog.ipv4(address);
  }

  /**
   * Each access config asked for gets an ephemeral external address, as GCE assigns one, or the
   * {@code natIP} it names: a reserved address of the region (checked as the instance is
   * committed, where the regions' addresses are). Not an address at all (a Terraform user's
   * address name), it is one GCE cannot find.
   */
  private JsonArray accessConfigs(String field, JsonArray requested) {
    JsonArray configs = new JsonArray();
    if (requested != null) {
      for (int i = 0; i < requested.size(); i++) {
        configs.add(accessConfig(field + ".accessConfigs[" + i + "].natIP", requested.getJsonObject(i)));
      }
    }
    return configs;
  }

  private JsonObject accessConfig(String natField, JsonObject config) {
    String natIp = config.getString("natIP");
    if (natIp != null && Catalog.parseIpv4(natIp).isEmpty()) {
      throw GceError.invalidValue(natField, natIp, "The specified external IP address '" + natIp + "' was not found in region '"
        + region + "'.");
    }
    return new JsonObject()
      .put("type", config.getString("type", "ONE_TO_ONE_NAT"))
      // gcloud's and GCE's own name for it, also when the insert names none.
      .put("name", config.getString("name", "external-nat"))
      .put("natIP", natIp != null ? natIp : ephemeralExternalAddress())
      .put("networkTier", config.getString("networkTier", "PREMIUM"));
  }

  /** A random address in 34.64.0.0/10, where many GCE ephemeral external addresses are; not checked for reuse. */
  private static String ephemeralExternalAddress() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "34." + (64 + random.nextInt(64)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
  }
}
