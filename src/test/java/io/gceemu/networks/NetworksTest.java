package io.gceemu.networks;

import com.google.cloud.compute.v1.Allowed;
import com.google.cloud.compute.v1.Firewall;
import com.google.cloud.compute.v1.FirewallsClient;
import com.google.cloud.compute.v1.ListRoutesRequest;
import com.google.cloud.compute.v1.Network;
import com.google.cloud.compute.v1.NetworkRoutingConfig;
import com.google.cloud.compute.v1.NetworksClient;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.Route;
import com.google.cloud.compute.v1.RoutesClient;
import com.google.cloud.compute.v1.Subnetwork;
import com.google.cloud.compute.v1.SubnetworksClient;
import com.google.cloud.compute.v1.SubnetworksExpandIpCidrRangeRequest;
import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.gceemu.support.JavaClients;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Networks, subnetworks, firewall rules and routes through the official Java client, and
 * instances on them: the default network every project has, custom and auto networks, the
 * addresses instances get from their subnetwork, and what keeps each in use, in GCE's words.
 */
class NetworksTest {

  private static final String LINKS = "https://www.googleapis.com/compute/v1/";
  private static final String REGION = "us-central1";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static NetworksClient networks;
  private static SubnetworksClient subnetworks;
  private static FirewallsClient firewalls;
  private static RoutesClient routes;
  private static Http http;

  @BeforeAll
  static void start() {
    networks = JavaClients.networks(EMULATOR.baseUrl());
    subnetworks = JavaClients.subnetworks(EMULATOR.baseUrl());
    firewalls = JavaClients.firewalls(EMULATOR.baseUrl());
    routes = JavaClients.routes(EMULATOR.baseUrl());
    http = EMULATOR.http();
  }

  @AfterAll
  static void stop() {
    networks.close();
    subnetworks.close();
    firewalls.close();
    routes.close();
  }

  @Test
  void aNewProjectHasGcesDefaultNetworkWithItsSubnetworksRulesAndRoutes() {
    String project = Http.newProject();
    Network network = networks.get(project, "default");
    assertTrue(network.getAutoCreateSubnetworks());
    assertEquals("Default network for the project", network.getDescription());
    assertEquals("REGIONAL", network.getRoutingConfig().getRoutingMode());
    assertEquals("LEGACY", network.getRoutingConfig().getBgpBestPathSelectionMode());
    assertEquals(6, network.getSubnetworksCount(), "one subnetwork in each region of the catalog");
    assertTrue(network.getSubnetworksList().contains(LINKS + "projects/" + project + "/regions/us-central1/subnetworks/default"));

    Subnetwork central = subnetworks.get(project, REGION, "default");
    assertEquals("10.128.0.0/20", central.getIpCidrRange());
    assertEquals("10.128.0.1", central.getGatewayAddress());
    assertEquals(LINKS + "projects/" + project + "/global/networks/default", central.getNetwork());
    assertEquals("10.132.0.0/20", subnetworks.get(project, "europe-west1", "default").getIpCidrRange());

    List<Firewall> rules = list(firewalls.list(project).iterateAll());
    assertEquals(List.of("default-allow-icmp", "default-allow-internal", "default-allow-rdp", "default-allow-ssh"),
      rules.stream().map(Firewall::getName).toList());
    Firewall internal = rules.get(1);
    assertEquals(65534, internal.getPriority());
    assertEquals("INGRESS", internal.getDirection());
    assertEquals(List.of("10.128.0.0/9"), internal.getSourceRangesList());
    assertEquals(List.of("tcp", "udp", "icmp"), internal.getAllowedList().stream().map(Allowed::getIPProtocol).toList());

    List<Route> own = list(routes.list(project).iterateAll());
    assertEquals(7, own.size(), "the route to the internet and a local route per subnetwork");
    Route internet = own.stream().filter(route -> route.getDestRange().equals("0.0.0.0/0")).findFirst().orElseThrow();
    assertEquals(1000, internet.getPriority());
    assertEquals(LINKS + "projects/" + project + "/global/gateways/default-internet-gateway", internet.getNextHopGateway());
    assertTrue(internet.getName().matches("default-route-[0-9a-f]{16}"), internet.getName());
    Route local = own.stream().filter(route -> route.getDestRange().equals("10.128.0.0/20")).findFirst().orElseThrow();
    assertEquals("Default local route to the subnetwork 10.128.0.0/20.", local.getDescription());
    assertEquals(0, local.getPriority());
  }

  /** The global owner remembers the projects it made sure of; a reset of one makes it read again, so the project starts afresh. */
  @Test
  void aResetProjectGetsItsDefaultNetworkAgainOnItsNextRead() {
    String project = Http.newProject();
    String global = "/compute/v1/projects/" + project + "/global";
    String first = http.get(global + "/networks/default").json().getString("id");
    assertEquals(200, http.post(global + "/firewalls", new JsonObject().put("name", "gone-with-the-reset")
      .put("network", "global/networks/default").put("sourceRanges", new io.vertx.core.json.JsonArray().add("10.0.0.0/8"))
      .put("allowed", new io.vertx.core.json.JsonArray().add(new JsonObject().put("IPProtocol", "tcp")))).status());
    assertEquals(200, http.post("/_emulator/reset?project=" + project, "").status());
    JsonObject again = http.get(global + "/networks/default").json();
    assertEquals("default", again.getString("name"), again.encode());
    assertNotEquals(first, again.getString("id"), "made anew");
    assertEquals(404, http.get(global + "/firewalls/gone-with-the-reset").status());
    assertEquals(200, http.get(global + "/firewalls/default-allow-ssh").status());
  }

  @Test
  void aCustomNetworksInstancesTakeAddressesFromTheirSubnetworkAndKeepItInUse() throws Exception {
    String project = Http.newProject();
    Operation made = networks.insertAsync(project, Network.newBuilder().setName("vpc").setAutoCreateSubnetworks(false)
      .setRoutingConfig(NetworkRoutingConfig.newBuilder().setRoutingMode("GLOBAL")).build()).get();
    assertEquals("insert", made.getOperationType());
    assertFalse(made.hasZone() || made.hasRegion(), "a global operation");
    Network vpc = networks.get(project, "vpc");
    assertEquals(Long.toString(vpc.getId()), Long.toString(made.getTargetId()));
    assertEquals(0, vpc.getSubnetworksCount(), "a custom network has no subnetworks until one is made");
    assertEquals("GLOBAL", vpc.getRoutingConfig().getRoutingMode());

    Operation subnet = subnetworks.insertAsync(project, REGION, Subnetwork.newBuilder().setName("apps").setNetwork("global/networks/vpc")
      .setIpCidrRange("172.16.0.0/28").build()).get();
    assertEquals(LINKS + "projects/" + project + "/regions/" + REGION, subnet.getRegion());
    assertEquals(List.of(LINKS + "projects/" + project + "/regions/" + REGION + "/subnetworks/apps"),
      networks.get(project, "vpc").getSubnetworksList());

    // The zones of the region share the subnetwork's range: .2 first, never one address twice.
    String path = "/compute/v1/projects/" + project + "/zones/";
    assertEquals(200, http.post(path + "us-central1-a/instances", onSubnet("a", "us-central1-a", "apps")).status());
    assertEquals(200, http.post(path + "us-central1-b/instances", onSubnet("b", "us-central1-b", "apps")).status());
    JsonObject nic = http.get(path + "us-central1-a/instances/a").json().getJsonArray("networkInterfaces").getJsonObject(0);
    assertEquals("172.16.0.2", nic.getString("networkIP"));
    assertEquals(LINKS + "projects/" + project + "/global/networks/vpc", nic.getString("network"));
    assertEquals("172.16.0.3", networkIp(http.get(path + "us-central1-b/instances/b")));
    // A /28 keeps .0, .1, .14 and .15: twelve addresses are left for instances, ten after a and b.
    for (int i = 0; i < 10; i++) {
      assertEquals(200, http.post(path + "us-central1-c/instances", onSubnet("c" + i, "us-central1-c", "apps")).status());
    }
    assertEquals("172.16.0.13", networkIp(http.get(path + "us-central1-c/instances/c9")));
    Http.Response full = http.post(path + "us-central1-a/instances", onSubnet("full", "us-central1-a", "apps"));
    assertEquals("ipSpaceExhausted", full.reason(), full.body());
    assertEquals("IP space of 'projects/" + project + "/regions/us-central1/subnetworks/apps' is exhausted.", full.message());

    Http.Response inUse = http.delete("/compute/v1/projects/" + project + "/regions/" + REGION + "/subnetworks/apps");
    assertEquals(400, inUse.status());
    assertEquals("resourceInUseByAnotherResource", inUse.reason());
    assertEquals("The subnetwork resource 'projects/" + project + "/regions/us-central1/subnetworks/apps' is already being used by 'projects/"
      + project + "/zones/us-central1-a/instances/a'", inUse.message());
    Http.Response networkInUse = http.delete("/compute/v1/projects/" + project + "/global/networks/vpc");
    assertEquals("The network resource 'projects/" + project + "/global/networks/vpc' is already being used by 'projects/" + project
      + "/regions/us-central1/subnetworks/apps'", networkInUse.message());

    // Freed addresses are taken again: the lowest free one.
    assertEquals(200, http.delete(path + "us-central1-a/instances/a").status());
    assertEquals(200, http.post(path + "us-central1-f/instances", onSubnet("again", "us-central1-f", "apps")).status());
    assertEquals("172.16.0.2", networkIp(http.get(path + "us-central1-f/instances/again")));
  }

  @Test
  void subnetworkRangesMayNotOverlapInTheirNetworkAndOnlyGrow() throws Exception {
    String project = Http.newProject();
    networks.insertAsync(project, Network.newBuilder().setName("vpc").setAutoCreateSubnetworks(false).build()).get();
    subnetworks.insertAsync(project, REGION, Subnetwork.newBuilder().setName("one").setNetwork("global/networks/vpc")
      .setIpCidrRange("10.0.0.0/24").build()).get();
    String regions = "/compute/v1/projects/" + project + "/regions/";
    Http.Response overlap = http.post(regions + "us-east1/subnetworks", new JsonObject().put("name", "two")
      .put("network", "global/networks/vpc").put("ipCidrRange", "10.0.0.128/25"));
    assertEquals(400, overlap.status());
    assertEquals("Invalid IPCidrRange: 10.0.0.128/25 conflicts with existing subnetwork 'one' in region 'us-central1'.", overlap.message());
    // Another network's ranges are its own.
    assertEquals(200, http.post(regions + "us-east1/subnetworks", new JsonObject().put("name", "elsewhere")
      .put("network", "global/networks/default").put("ipCidrRange", "10.0.0.0/24")).status());
    subnetworks.insertAsync(project, "us-east1", Subnetwork.newBuilder().setName("two").setNetwork("global/networks/vpc")
      .setIpCidrRange("10.0.2.0/24").build()).get();

    Http.Response secondary = http.post(regions + "us-west1/subnetworks", new JsonObject().put("name", "three")
      .put("network", "global/networks/vpc").put("ipCidrRange", "10.0.8.0/24").put("secondaryIpRanges", new JsonArray()
        .add(new JsonObject().put("rangeName", "pods").put("ipCidrRange", "10.0.2.128/25"))));
    assertEquals("Invalid IPCidrRange: 10.0.2.128/25 conflicts with existing subnetwork 'two' in region 'us-east1'.", secondary.message(),
      "secondary ranges count too");
    Http.Response intoNeighbour = http.post(regions + REGION + "/subnetworks/one/expandIpCidrRange",
      new JsonObject().put("ipCidrRange", "10.0.0.0/22"));
    assertEquals("Invalid IPCidrRange: 10.0.0.0/22 conflicts with existing subnetwork 'two' in region 'us-east1'.", intoNeighbour.message());
    Http.Response shrink = http.post(regions + REGION + "/subnetworks/one/expandIpCidrRange", new JsonObject().put("ipCidrRange", "10.0.0.0/25"));
    assertEquals(400, shrink.status());
    Operation grown = subnetworks.expandIpCidrRangeAsync(project, REGION, "one", SubnetworksExpandIpCidrRangeRequest.newBuilder()
      .setIpCidrRange("10.0.0.0/23").build()).get();
    assertEquals("expandIpCidrRange", grown.getOperationType());
    assertEquals("10.0.0.0/23", subnetworks.get(project, REGION, "one").getIpCidrRange());
    List<String> localRoutes = list(routes.list(project).iterateAll()).stream()
      .filter(route -> route.getNetwork().endsWith("/networks/vpc")).map(Route::getDestRange).sorted().toList();
    assertEquals(List.of("0.0.0.0/0", "10.0.0.0/23", "10.0.2.0/24"), localRoutes, "the local route follows the range");

    for (String bad : List.of("10.0.0.1/24", "10.0.0.0/30", "300.0.0.0/8", "10.0.0.0")) {
      Http.Response refused = http.post(regions + REGION + "/subnetworks", new JsonObject().put("name", "bad")
        .put("network", "global/networks/vpc").put("ipCidrRange", bad));
      assertEquals(400, refused.status(), bad);
      assertTrue(refused.message().startsWith("Invalid value for field 'resource.ipCidrRange': '" + bad + "'."), refused.message());
    }
    Http.Response noNetwork = http.post(regions + REGION + "/subnetworks", new JsonObject().put("name", "lost")
      .put("network", "global/networks/nowhere").put("ipCidrRange", "10.9.0.0/24"));
    assertEquals("Invalid value for field 'resource.network': 'global/networks/nowhere'. The referenced network resource cannot be found.",
      noNetwork.message());
  }

  @Test
  void aSubnetworkIsPatchedQuotingItsFingerprint() throws Exception {
    String project = Http.newProject();
    String subnet = "/compute/v1/projects/" + project + "/regions/" + REGION + "/subnetworks/default";
    String fingerprint = subnetworks.get(project, REGION, "default").getFingerprint();
    Http.Response stale = http.method("PATCH", subnet, new JsonObject().put("fingerprint", "AAAAAAAAAAA=")
      .put("secondaryIpRanges", new JsonArray().add(new JsonObject().put("rangeName", "pods").put("ipCidrRange", "10.4.0.0/14"))).encode());
    assertEquals(412, stale.status());
    Http.Response patched = http.method("PATCH", subnet, new JsonObject().put("fingerprint", fingerprint)
      .put("secondaryIpRanges", new JsonArray().add(new JsonObject().put("rangeName", "pods").put("ipCidrRange", "10.4.0.0/14"))).encode());
    assertEquals(200, patched.status(), patched.body());
    assertEquals("patch", patched.json().getString("operationType"));
    Subnetwork after = subnetworks.get(project, REGION, "default");
    assertEquals("pods", after.getSecondaryIpRanges(0).getRangeName());
    assertFalse(after.getFingerprint().equals(fingerprint), "a change makes a new fingerprint");
    assertEquals(200, http.post(subnet + "/setPrivateIpGoogleAccess", new JsonObject().put("privateIpGoogleAccess", true)).status());
    assertTrue(subnetworks.get(project, REGION, "default").getPrivateIpGoogleAccess());
  }

  @Test
  void firewallRulesGetGcesDefaultsAndArePatchedAsTerraformPatchesThem() throws Exception {
    String project = Http.newProject();
    Operation made = firewalls.insertAsync(project, Firewall.newBuilder().setName("web").addTargetTags("web")
      .addAllowed(Allowed.newBuilder().setIPProtocol("tcp").addPorts("80").addPorts("8000-8080")).build()).get();
    assertEquals("insert", made.getOperationType());
    Firewall web = firewalls.get(project, "web");
    assertEquals(LINKS + "projects/" + project + "/global/networks/default", web.getNetwork(), "a rule naming no network is default's");
    assertEquals("INGRESS", web.getDirection());
    assertEquals(1000, web.getPriority());
    assertEquals(List.of("0.0.0.0/0"), web.getSourceRangesList());
    assertFalse(web.getDisabled());
    assertFalse(web.getLogConfig().getEnable());

    String rule = "/compute/v1/projects/" + project + "/global/firewalls/web";
    // Terraform's PATCH sends every list, the unset ones empty.
    Http.Response patched = http.method("PATCH", rule, new JsonObject().put("name", "web").put("priority", 900)
      .put("allowed", new JsonArray().add(new JsonObject().put("IPProtocol", "tcp").put("ports", new JsonArray().add("443"))))
      .put("denied", new JsonArray()).put("sourceRanges", new JsonArray().add("10.0.0.0/8")).put("sourceTags", new JsonArray())
      .put("targetTags", new JsonArray()).put("destinationRanges", new JsonArray()).encode());
    assertEquals(200, patched.status(), patched.body());
    assertEquals("patch", patched.json().getString("operationType"));
    Firewall after = firewalls.get(project, "web");
    assertEquals(900, after.getPriority());
    assertEquals(List.of("443"), after.getAllowed(0).getPortsList());
    assertEquals(List.of("10.0.0.0/8"), after.getSourceRangesList());
    assertEquals(0, after.getTargetTagsCount());

    Http.Response updated = http.method("PUT", rule, new JsonObject().put("name", "web").put("direction", "EGRESS")
      .put("denied", new JsonArray().add(new JsonObject().put("IPProtocol", "all"))).encode());
    assertEquals(200, updated.status(), updated.body());
    Firewall egress = firewalls.get(project, "web");
    assertEquals("EGRESS", egress.getDirection());
    assertEquals(List.of("0.0.0.0/0"), egress.getDestinationRangesList());
    assertEquals(1000, egress.getPriority(), "an update is the whole rule");
    assertEquals(0, egress.getAllowedCount());
  }

  @Test
  void badFirewallRulesAreRefusedInGcesWords() {
    String project = Http.newProject();
    String rules = "/compute/v1/projects/" + project + "/global/firewalls";
    assertRefused(rules, rule(new JsonObject().put("IPProtocol", "ipv6-icmp")), "Invalid value for field 'resource.allowed[0].IPProtocol': "
      + "'ipv6-icmp'. Must be one of [\"ah\", \"all\", \"esp\", \"icmp\", \"ipip\", \"sctp\", \"tcp\", \"udp\"] or an IP protocol number between 0 and 255.");
    assertRefused(rules, rule(new JsonObject().put("IPProtocol", "tcp").put("ports", new JsonArray().add("0..65535"))),
      "Invalid value for field 'resource.allowed[0].ports[0]': '0..65535'. Invalid port range specification.");
    assertRefused(rules, rule(new JsonObject().put("IPProtocol", "tcp")).put("sourceRanges", new JsonArray().add("10.0.0.0/8").add("nowhere")),
      "Invalid value for field 'resource.sourceRanges[1]': 'nowhere'. Must be a valid IPV4 CIDR address range.");
    assertRefused(rules, rule(new JsonObject().put("IPProtocol", "tcp")).put("network", "global/networks/nowhere"),
      "Invalid value for field 'resource.network': 'global/networks/nowhere'. The referenced network resource cannot be found.");
    assertEquals(200, http.post(rules, rule(new JsonObject().put("IPProtocol", "17").put("ports", new JsonArray().add("53")))).status(),
      "a protocol by number");
  }

  @Test
  void terraformsRouteFilterFindsANetworksRouteToTheInternetWhichGoesWithIt() throws Exception {
    String project = Http.newProject();
    networks.insertAsync(project, Network.newBuilder().setName("auto").setAutoCreateSubnetworks(true).build()).get();
    assertEquals(6, networks.get(project, "auto").getSubnetworksCount());
    assertEquals("10.128.0.0/20", subnetworks.get(project, REGION, "auto").getIpCidrRange());
    String selfLink = networks.get(project, "auto").getSelfLink();
    List<Route> found = list(routes.list(ListRoutesRequest.newBuilder().setProject(project)
      .setFilter("(network=\"" + selfLink + "\") AND (destRange=\"0.0.0.0/0\")").build()).iterateAll());
    assertEquals(1, found.size());
    assertEquals("Default route to the Internet.", found.get(0).getDescription());
    routes.deleteAsync(project, found.get(0).getName()).get();

    String path = "/compute/v1/projects/" + project + "/zones/us-central1-a/instances";
    JsonObject onAuto = Bodies.instance("on-auto", "us-central1-a").put("networkInterfaces",
      new JsonArray().add(new JsonObject().put("network", "global/networks/auto")));
    Http.Response onAutoMade = http.post(path, onAuto);
    assertEquals(200, onAutoMade.status(), onAutoMade.body());
    Http.Response inUse = http.delete("/compute/v1/projects/" + project + "/global/networks/auto");
    assertEquals("The network resource 'projects/" + project + "/global/networks/auto' is already being used by 'projects/" + project
      + "/zones/us-central1-a/instances/on-auto'", inUse.message());
    Http.Response autoSubnet = http.delete("/compute/v1/projects/" + project + "/regions/" + REGION + "/subnetworks/auto");
    assertEquals("invalidResourceUsage", autoSubnet.reason());
    assertEquals(200, http.delete(path + "/on-auto").status());
    networks.deleteAsync(project, "auto").get();
    assertEquals(404, http.get("/compute/v1/projects/" + project + "/regions/" + REGION + "/subnetworks/auto").status(),
      "an auto network's subnetworks go with it");
    assertTrue(list(routes.list(project).iterateAll()).stream().noneMatch(route -> route.getNetwork().endsWith("/networks/auto")));
  }

  @Test
  void theDefaultNetworkCanBeDeletedAsOnGceAndThenInstancesNeedAnother() throws Exception {
    String project = Http.newProject();
    for (String rule : List.of("default-allow-icmp", "default-allow-internal", "default-allow-rdp", "default-allow-ssh")) {
      firewalls.deleteAsync(project, rule).get();
    }
    networks.deleteAsync(project, "default").get();
    assertEquals(0, list(routes.list(project).iterateAll()).size());
    Http.Response refused = http.post("/compute/v1/projects/" + project + "/zones/us-central1-a/instances",
      Bodies.instance("vm", "us-central1-a").put("networkInterfaces", new JsonArray().add(new JsonObject())));
    assertEquals(400, refused.status());
    assertEquals("Invalid value for field 'resource.networkInterfaces[0].network': 'global/networks/default'. The referenced network "
      + "resource cannot be found.", refused.message());
    networks.insertAsync(project, Network.newBuilder().setName("vpc").setAutoCreateSubnetworks(false).build()).get();
    Http.Response custom = http.post("/compute/v1/projects/" + project + "/zones/us-central1-a/instances",
      Bodies.instance("vm", "us-central1-a").put("networkInterfaces", new JsonArray().add(new JsonObject().put("network", "global/networks/vpc"))));
    assertEquals("Invalid value for field 'resource.networkInterfaces[0]': ''. Subnetwork should be specified for custom subnetmode network",
      custom.message());
  }

  @Test
  void aNetworkIsPatchedAndSwitchedToCustomModeWhereItsSubnetworksBecomeTheUsers() throws Exception {
    String project = Http.newProject();
    String network = "/compute/v1/projects/" + project + "/global/networks/auto";
    networks.insertAsync(project, Network.newBuilder().setName("auto").setAutoCreateSubnetworks(true).build()).get();
    Http.Response patched = http.method("PATCH", network, new JsonObject().put("routingConfig", new JsonObject()
      .put("routingMode", "GLOBAL")).encode());
    assertEquals(200, patched.status(), patched.body());
    assertEquals("compute.networks.patch", patched.json().getString("operationType"));
    assertEquals("GLOBAL", networks.get(project, "auto").getRoutingConfig().getRoutingMode());
    assertEquals("LEGACY", networks.get(project, "auto").getRoutingConfig().getBgpBestPathSelectionMode(), "kept");

    networks.switchToCustomModeAsync(project, "auto").get();
    assertFalse(networks.get(project, "auto").getAutoCreateSubnetworks());
    assertEquals(6, networks.get(project, "auto").getSubnetworksCount(), "its subnetworks stay");
    assertEquals(400, http.post(network + "/switchToCustomMode", "").status(), "already custom");
    // Now the user's own, they keep the network in use until they go, as on GCE.
    Http.Response inUse = http.delete(network);
    assertEquals("resourceInUseByAnotherResource", inUse.reason());
    assertTrue(inUse.message().contains("is already being used by 'projects/" + project + "/regions/"), inUse.message());
    assertEquals(200, http.delete("/compute/v1/projects/" + project + "/regions/" + REGION + "/subnetworks/auto").status());
  }

  @Test
  void anInstanceHasAnInterfaceOnEachOfTwoNetworksAndItsAliasRangesArePatched() throws Exception {
    String project = Http.newProject();
    for (String name : List.of("front", "back")) {
      networks.insertAsync(project, Network.newBuilder().setName(name).setAutoCreateSubnetworks(false).build()).get();
      subnetworks.insertAsync(project, REGION, Subnetwork.newBuilder().setName(name + "-sub").setNetwork("global/networks/" + name)
        .setIpCidrRange(name.equals("front") ? "10.1.0.0/24" : "10.2.0.0/24").build()).get();
    }
    String instances = "/compute/v1/projects/" + project + "/zones/us-central1-a/instances";
    JsonObject body = Bodies.instance("dual", "us-central1-a").put("networkInterfaces", new JsonArray()
      .add(new JsonObject().put("subnetwork", "regions/" + REGION + "/subnetworks/front-sub"))
      .add(new JsonObject().put("network", "global/networks/back").put("subnetwork", "regions/" + REGION + "/subnetworks/back-sub")));
    assertEquals(200, http.post(instances, body).status());
    JsonArray nics = http.get(instances + "/dual").json().getJsonArray("networkInterfaces");
    assertEquals(List.of("nic0", "nic1"), nics.stream().map(nic -> ((JsonObject) nic).getString("name")).toList());
    assertEquals("10.1.0.2", nics.getJsonObject(0).getString("networkIP"));
    assertEquals("10.2.0.2", nics.getJsonObject(1).getString("networkIP"));
    assertEquals("The subnetwork resource 'projects/" + project + "/regions/us-central1/subnetworks/back-sub' is already being used by "
      + "'projects/" + project + "/zones/us-central1-a/instances/dual'",
      http.delete("/compute/v1/projects/" + project + "/regions/" + REGION + "/subnetworks/back-sub").message());
    Http.Response mismatched = http.post(instances, Bodies.instance("odd", "us-central1-a").put("networkInterfaces", new JsonArray()
      .add(new JsonObject().put("network", "global/networks/front").put("subnetwork", "regions/" + REGION + "/subnetworks/back-sub"))));
    assertEquals(400, mismatched.status());
    assertEquals("badRequest", mismatched.reason());
    assertEquals("Subnetwork \"projects/" + project + "/regions/us-central1/subnetworks/back-sub\" is not valid for Network \"front\".",
      mismatched.message());

    String update = instances + "/dual/updateNetworkInterface?networkInterface=nic1";
    JsonObject ranges = new JsonObject().put("aliasIpRanges", new JsonArray().add(new JsonObject().put("ipCidrRange", "10.2.0.64/26")));
    Http.Response stale = http.method("PATCH", update, ranges.copy().put("fingerprint", "AAAAAAAAAAA=").encode());
    assertEquals(412, stale.status());
    Http.Response aliased = http.method("PATCH", update, ranges.copy().put("fingerprint", nics.getJsonObject(1).getString("fingerprint")).encode());
    assertEquals(200, aliased.status(), aliased.body());
    assertEquals("updateNetworkInterface", aliased.json().getString("operationType"));
    JsonObject nic1 = http.get(instances + "/dual").json().getJsonArray("networkInterfaces").getJsonObject(1);
    assertEquals("10.2.0.64/26", nic1.getJsonArray("aliasIpRanges").getJsonObject(0).getString("ipCidrRange"));
    assertEquals("10.2.0.2", nic1.getString("networkIP"), "the interface keeps its address");
    Http.Response cleared = http.method("PATCH", update, new JsonObject().put("aliasIpRanges", new JsonArray())
      .put("fingerprint", nic1.getString("fingerprint")).encode());
    assertEquals(200, cleared.status(), cleared.body());
    assertFalse(http.get(instances + "/dual").json().getJsonArray("networkInterfaces").getJsonObject(1).containsKey("aliasIpRanges"));
  }

  private static JsonObject onSubnet(String name, String zone, String subnetwork) {
    return Bodies.instance(name, zone).put("networkInterfaces", new JsonArray().add(new JsonObject()
      .put("subnetwork", "regions/" + REGION + "/subnetworks/" + subnetwork)));
  }

  private static String networkIp(Http.Response instance) {
    return instance.json().getJsonArray("networkInterfaces").getJsonObject(0).getString("networkIP");
  }

  private static JsonObject rule(JsonObject allowed) {
    return new JsonObject().put("name", "bad").put("allowed", new JsonArray().add(allowed));
  }

  private static void assertRefused(String path, JsonObject body, String message) {
    Http.Response refused = http.post(path, body);
    assertEquals(400, refused.status(), refused.body());
    assertEquals(message, refused.message());
  }

  private static <T> List<T> list(Iterable<T> items) {
    return new ArrayList<>(StreamSupport.stream(items.spliterator(), false).toList());
  }
}
