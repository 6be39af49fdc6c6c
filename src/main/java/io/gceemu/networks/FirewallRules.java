package io.gceemu.networks;

import io.gceemu.catalog.Catalog;
import io.gceemu.gce.GceError;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceRules;
import io.gceemu.resource.ResourceType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code firewalls.insert}, {@code patch} and {@code update}: a rule checked as GCE checks it
 * (protocols, ports, ranges, priority), with GCE's server defaults: INGRESS, priority 1000, and
 * an INGRESS rule with no sources open to {@code 0.0.0.0/0} (an EGRESS rule with no destinations,
 * to everywhere).
 */
final class FirewallRules implements ResourceRules {

  private static final Set<String> PROTOCOLS = Set.of("ah", "all", "esp", "icmp", "ipip", "sctp", "tcp", "udp");
  /** The protocols whose rules may name ports. */
  private static final Set<String> WITH_PORTS = Set.of("tcp", "udp", "sctp", "6", "17", "132");
  private static final List<String> LISTS = List.of("sourceRanges", "destinationRanges", "sourceTags", "targetTags",
    "sourceServiceAccounts", "targetServiceAccounts");
  private static final String EVERYWHERE = "0.0.0.0/0";

  @Override
  public List<ResourceKey> references(String project, JsonObject body, JsonObject params) {
    return Networks.key(network(body), project).stream().toList();
  }

  /** A rule that names no network is the default network's, as on GCE. */
  private static String network(JsonObject body) {
    return body.getString("network", "global/networks/" + Networks.DEFAULT);
  }

  @Override
  public JsonObject create(String project, JsonObject body, JsonObject params, Map<String, Resource> referenced, Instant now) {
    String reference = network(body);
    Resource network = Networks.referenced("resource.network", reference, Networks.key(reference, project), referenced);
    return rule(body, network.path());
  }

  @Override
  public List<Resource.Change> apply(String verb, Resource current, JsonObject body, JsonObject params, Instant now) {
    String network = current.document().getString("network");
    if (body.getString("network") != null && !Networks.key(body.getString("network"), current.project())
      .map(ResourceKey::path).orElse("").equals(network)) {
      throw GceError.invalidValue("resource.network", body.getString("network"), "The network of a firewall rule cannot be changed.");
    }
    // patch: the body's fields over the rule as it is (Terraform sends empty lists for those it
    // unsets); update: the body is the whole rule.
    JsonObject asked = verb.equals(ResourceType.PATCH) ? current.document().copy() : new JsonObject();
    body.forEach(field -> asked.put(field.getKey(), field.getValue()));
    if (verb.equals(ResourceType.PATCH)) {
      if (body.containsKey("allowed") && !body.getJsonArray("allowed", new JsonArray()).isEmpty()) {
        asked.remove("denied");
      } else if (body.containsKey("denied") && !body.getJsonArray("denied", new JsonArray()).isEmpty()) {
        asked.remove("allowed");
      }
    }
    return List.of(Resource.Change.put(current.with(rule(asked, network))));
  }

  private static JsonObject rule(JsonObject body, String network) {
    JsonObject rule = new JsonObject()
      .put("description", body.getString("description", ""))
      .put("network", network);
    String direction = body.getString("direction", "INGRESS");
    int priority = body.getInteger("priority", 1000);
    if (priority < 0 || priority > 65535) {
      throw GceError.invalidValue("resource.priority", priority, "Must be between 0 and 65535.");
    }
    rule.put("priority", priority).put("direction", direction);
    JsonArray allowed = body.getJsonArray("allowed", new JsonArray());
    JsonArray denied = body.getJsonArray("denied", new JsonArray());
    if (allowed.isEmpty() == denied.isEmpty()) {
      throw GceError.invalidValue("resource", "", "Exactly one of 'allowed' or 'denied' must be specified.");
    }
    String action = allowed.isEmpty() ? "denied" : "allowed";
    rule.put(action, protocols("resource." + action, allowed.isEmpty() ? denied : allowed));
    for (String list : LISTS) {
      JsonArray items = body.getJsonArray(list, new JsonArray());
      if (list.endsWith("Ranges")) {
        for (int i = 0; i < items.size(); i++) {
          checkRange("resource." + list + "[" + i + "]", items.getString(i));
        }
      }
      if (!items.isEmpty()) {
        rule.put(list, items.copy());
      }
    }
    boolean ingress = direction.equals("INGRESS");
    if (ingress && !rule.containsKey("sourceRanges") && !rule.containsKey("sourceTags") && !rule.containsKey("sourceServiceAccounts")) {
      rule.put("sourceRanges", new JsonArray().add(EVERYWHERE));
    }
    if (!ingress && !rule.containsKey("destinationRanges")) {
      rule.put("destinationRanges", new JsonArray().add(EVERYWHERE));
    }
    JsonObject logConfig = body.getJsonObject("logConfig", new JsonObject());
    return rule.put("logConfig", new JsonObject().put("enable", logConfig.getBoolean("enable", false))
        .mergeIn(logConfig.containsKey("metadata") ? new JsonObject().put("metadata", logConfig.getString("metadata")) : new JsonObject()))
      .put("disabled", body.getBoolean("disabled", false));
  }

  private static JsonArray protocols(String field, JsonArray asked) {
    JsonArray checked = new JsonArray();
    for (int i = 0; i < asked.size(); i++) {
      JsonObject entry = asked.getJsonObject(i);
      String protocol = entry.getString("IPProtocol");
      String at = field + "[" + i + "]";
      if (protocol == null || !PROTOCOLS.contains(protocol) && !protocolNumber(protocol)) {
        throw GceError.invalidValue(at + ".IPProtocol", protocol == null ? "" : protocol,
          "Must be one of [\"ah\", \"all\", \"esp\", \"icmp\", \"ipip\", \"sctp\", \"tcp\", \"udp\"] or an IP protocol number between 0 and 255.");
      }
      JsonObject kept = new JsonObject().put("IPProtocol", protocol);
      JsonArray ports = entry.getJsonArray("ports", new JsonArray());
      for (int p = 0; p < ports.size(); p++) {
        String port = ports.getString(p);
        if (!WITH_PORTS.contains(protocol)) {
          throw GceError.invalidValue(at + ".ports[" + p + "]", port,
            "Ports may only be specified on rules whose protocol is one of [TCP, UDP, SCTP].");
        }
        if (!portRange(port)) {
          throw GceError.invalidValue(at + ".ports[" + p + "]", port, "Invalid port range specification.");
        }
      }
      if (!ports.isEmpty()) {
        kept.put("ports", ports.copy());
      }
      checked.add(kept);
    }
    return checked;
  }

  private static boolean protocolNumber(String protocol) {
    return !protocol.isEmpty() && protocol.length() <= 3 && protocol.chars().allMatch(Character::isDigit) && Integer.parseInt(protocol) <= 255;
  }

  /** {@code 22} or {@code 1000-2000}, within 0 to 65535, low to high. */
  private static boolean portRange(String port) {
    String[] ends = port == null ? new String[0] : port.split("-", -1);
    if (ends.length < 1 || ends.length > 2) {
      return false;
    }
    int low = portNumber(ends[0]);
    int high = ends.length == 2 ? portNumber(ends[1]) : low;
    return low >= 0 && high >= low;
  }

  private static int portNumber(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    int port = Integer.parseInt(text);
    return port <= 65535 ? port : -1;
  }

  /** An IPv4 address or range (an address alone is its /32); IPv6 ranges are kept as given. */
  private static void checkRange(String field, String range) {
    if (range != null && range.contains(":")) {
      return;
    }
    String address = range == null ? "" : range.contains("/") ? range.substring(0, range.indexOf('/')) : range;
    String bits = range != null && range.contains("/") ? range.substring(range.indexOf('/') + 1) : "32";
    boolean valid = Catalog.parseIpv4(address).isPresent() && !bits.isEmpty() && bits.length() <= 2
      && bits.chars().allMatch(Character::isDigit) && Integer.parseInt(bits) <= 32;
    if (!valid) {
      throw GceError.invalidValue(field, range, "Must be a valid IPV4 CIDR address range.");
    }
  }
}
