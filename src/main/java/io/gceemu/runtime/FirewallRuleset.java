package io.gceemu.runtime;

import io.gceemu.gce.Ipv4Range;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A VM's ingress firewall as GCE decides it, written as one nftables table for the VM's own
 * network namespace: GCE's implied rule denies every ingress, connections the VM opened are let
 * back in (the rules are stateful), and of the enabled INGRESS rules of its network that target
 * it (by target tag, or all VMs when a rule names none) the one of the highest priority (the
 * lowest number) decides, a deny before an allow of the same priority. A rule's sources are its
 * ranges and the internal addresses of the running VMs that carry one of its source tags; with
 * neither named, every address. Egress is allowed (GCE's implied rule) unless an EGRESS rule of
 * the same kind, by its destination ranges, decides otherwise; the metadata server is always
 * reachable, as on GCE.
 */
final class FirewallRuleset {

  static final String TABLE = "gce_emu_firewall";
  static final int MOST_FORWARDED = 16;

  private FirewallRuleset() {
  }

  /**
   * @param rules    every firewall rule of the VM's project, as GCE renders them
   * @param network  the VM's network's relative path
   * @param vms      the running VMs of the network, whose tags source tags resolve to
   */
  static String of(Vm vm, Collection<JsonObject> rules, String network, Collection<Vm> vms) {
    StringBuilder nft = new StringBuilder()
      .append("table inet ").append(TABLE).append("\n")
      .append("delete table inet ").append(TABLE).append("\n")
      .append("table inet ").append(TABLE).append(" {\n")
      .append("  chain input {\n")
      .append("    type filter hook input priority 0; policy drop;\n")
      .append("    ct state established,related accept\n")
      .append("    iif lo accept\n");
    for (JsonObject rule : applying(rules, "INGRESS", network, vm)) {
      verdicts(nft, rule, "saddr", sources(rule, vms));
    }
    // GCE's implied rule allows every egress, and no rule stands between a VM and its metadata server.
    nft.append("  }\n")
      .append("  chain output {\n")
      .append("    type filter hook output priority 0; policy accept;\n")
      .append("    ct state established,related accept\n")
      .append("    oif lo accept\n")
      .append("    ip daddr 169.254.169.254 accept\n");
    for (JsonObject rule : applying(rules, "EGRESS", network, vm)) {
      JsonArray ranges = rule.getJsonArray("destinationRanges", new JsonArray());
      Set<String> destinations = new TreeSet<>();
      ranges.forEach(range -> destinations.add(String.valueOf(range)));
      if (destinations.isEmpty()) {
        destinations.add("0.0.0.0/0");
      }
      verdicts(nft, rule, "daddr", destinations);
    }
    return nft.append("  }\n}\n").toString();
  }

  /**
   * The TCP ports the VM's allow rules open to the outside: to sources ranges that hold the
   * address forwarded connections come from (the network's side of each VM's link, 169.254.1.1: so {@code 0.0.0.0/0}); ports named one
   * by one or in ranges of at most {@value #MOST_FORWARDED} ports (a rule of every port forwards
   * none).
   */
  static Set<Integer> openToOutside(Vm vm, Collection<JsonObject> rules, String network) {
    long outside = Ipv4Range.parse(VpcNetworks.GATEWAY + "/32").orElseThrow().base();
    Set<Integer> ports = new TreeSet<>();
    for (JsonObject rule : applying(rules, "INGRESS", network, vm)) {
      boolean fromOutside = rule.getJsonArray("sourceRanges", new JsonArray()).stream()
        .anyMatch(range -> Ipv4Range.parse(String.valueOf(range)).map(parsed -> parsed.contains(outside)).orElse(false));
      if (!fromOutside || rule.containsKey("denied")) {
        continue;
      }
      for (Object each : rule.getJsonArray("allowed", new JsonArray())) {
        JsonObject entry = (JsonObject) each;
        if ("tcp".equalsIgnoreCase(entry.getString("IPProtocol")) || "6".equals(entry.getString("IPProtocol"))) {
          entry.getJsonArray("ports", new JsonArray()).forEach(port -> ports.addAll(range(String.valueOf(port))));
        }
      }
    }
    return ports;
  }

  private static Set<Integer> range(String ports) {
    String[] ends = ports.split("-");
    int first = Integer.parseInt(ends[0].trim());
    int last = ends.length > 1 ? Integer.parseInt(ends[1].trim()) : first;
    Set<Integer> range = new TreeSet<>();
    if (last - first >= MOST_FORWARDED) {
      return range;
    }
    for (int port = first; port <= last; port++) {
      range.add(port);
    }
    return range;
  }

  /** The enabled rules of one direction of the VM's network that target it, the one that decides first. */
  private static List<JsonObject> applying(Collection<JsonObject> rules, String direction, String network, Vm vm) {
    return rules.stream()
      .filter(rule -> network.equals(relative(rule.getString("network", ""))))
      .filter(rule -> direction.equals(rule.getString("direction", "INGRESS")) && !rule.getBoolean("disabled", false))
      .filter(rule -> targets(rule, vm))
      .sorted(Comparator.comparingInt((JsonObject rule) -> rule.getInteger("priority", 1000))
        .thenComparing(rule -> rule.containsKey("denied") ? 0 : 1))
      .toList();
  }

  /** A rule's lines: for each of its allowed or denied entries, the addresses on the other end, and its verdict. */
  private static void verdicts(StringBuilder nft, JsonObject rule, String other, Set<String> addresses) {
    if (addresses.isEmpty()) {
      return;
    }
    String verdict = rule.containsKey("denied") ? "drop" : "accept";
    for (Object each : rule.getJsonArray(rule.containsKey("denied") ? "denied" : "allowed", new JsonArray())) {
      nft.append("    ip ").append(other).append(" { ").append(String.join(", ", addresses)).append(" }").append(match((JsonObject) each))
        .append(' ').append(verdict).append("\n");
    }
  }

  private static boolean targets(JsonObject rule, Vm vm) {
    JsonArray targets = rule.getJsonArray("targetTags", new JsonArray());
    return targets.isEmpty() || targets.stream().anyMatch(vm.tags()::contains);
  }

  private static Set<String> sources(JsonObject rule, Collection<Vm> vms) {
    JsonArray ranges = rule.getJsonArray("sourceRanges", new JsonArray());
    JsonArray tags = rule.getJsonArray("sourceTags", new JsonArray());
    Set<String> sources = new TreeSet<>();
    if (ranges.isEmpty() && tags.isEmpty()) {
      sources.add("0.0.0.0/0");
    }
    ranges.forEach(range -> sources.add(String.valueOf(range)));
    vms.stream().filter(other -> other.ip() != null && other.tags().stream().anyMatch(tags::contains)).forEach(other -> sources.add(other.ip()));
    return sources;
  }

  /** The protocol and ports of one allowed or denied entry: {@code tcp} with {@code ["80", "8000-8080"]}, {@code icmp}, {@code all}. */
  private static String match(JsonObject entry) {
    String protocol = entry.getString("IPProtocol", "all").toLowerCase();
    if (protocol.equals("all")) {
      return "";
    }
    List<String> ports = new ArrayList<>();
    entry.getJsonArray("ports", new JsonArray()).forEach(port -> ports.add(String.valueOf(port)));
    String proto = " meta l4proto " + protocol;
    return ports.isEmpty() ? proto : proto + " th dport { " + String.join(", ", ports) + " }";
  }

  private static String relative(String link) {
    int at = link.indexOf("projects/");
    return at < 0 ? link : link.substring(at);
  }
}
