package io.gceemu.networks;

import com.google.cloud.compute.v1.AccessConfig;
import com.google.cloud.compute.v1.Address;
import com.google.cloud.compute.v1.AddressesClient;
import com.google.cloud.compute.v1.GlobalAddressesClient;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.RegionSetLabelsRequest;
import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Gcloud;
import io.gceemu.support.Http;
import io.gceemu.support.JavaClients;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reserved regional addresses: external ones from the pool, internal ones from a subnetwork, an
 * instance's access config taking one (IN_USE, its users the instance) and letting it go, and
 * what GCE refuses meanwhile, through the official Java client, HTTP and gcloud.
 */
class AddressesTest {

  private static final String LINKS = "https://www.googleapis.com/compute/v1/";
  private static final String REGION = "us-central1";
  private static final String ZONE = "us-central1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  @TempDir
  static Path config;
  private static AddressesClient addresses;
  private static Http http;

  @BeforeAll
  static void start() {
    addresses = JavaClients.addresses(EMULATOR.baseUrl());
    http = EMULATOR.http();
  }

  @AfterAll
  static void stop() {
    addresses.close();
  }

  @Test
  void aReservedExternalAddressIsAnInstancesWhileItUsesIt() throws Exception {
    String project = Http.newProject();
    Operation made = addresses.insertAsync(project, REGION, Address.newBuilder().setName("web-ip").putLabels("team", "web").build()).get();
    assertEquals("insert", made.getOperationType());
    assertEquals(LINKS + "projects/" + project + "/regions/" + REGION, made.getRegion());
    Address reserved = addresses.get(project, REGION, "web-ip");
    assertEquals(Long.toString(reserved.getId()), Long.toString(made.getTargetId()));
    assertEquals("EXTERNAL", reserved.getAddressType());
    assertEquals("PREMIUM", reserved.getNetworkTier());
    assertEquals("RESERVED", reserved.getStatus());
    assertTrue(reserved.getAddress().startsWith("35.18"), reserved.getAddress());
    assertEquals(0, reserved.getLabelsCount(), "as recorded from GCE, an insert's labels are not applied");
    Operation labelled = addresses.setLabelsAsync(project, REGION, "web-ip", RegionSetLabelsRequest.newBuilder()
      .setLabelFingerprint(reserved.getLabelFingerprint()).putLabels("team", "web").build()).get();
    assertEquals("setLabels", labelled.getOperationType());
    assertEquals("web", addresses.get(project, REGION, "web-ip").getLabelsOrThrow("team"));
    String other = addresses.insertAsync(project, REGION, Address.newBuilder().setName("other-ip").build()).get().getTargetLink();
    assertFalse(addresses.get(project, REGION, "other-ip").getAddress().equals(reserved.getAddress()), other);

    String instances = Http.zonePath(project, ZONE) + "/instances";
    assertEquals(200, http.post(instances, withNatIp("web", ZONE, reserved.getAddress())).status());
    Address inUse = addresses.get(project, REGION, "web-ip");
    assertEquals("IN_USE", inUse.getStatus());
    assertEquals(List.of(LINKS + "projects/" + project + "/zones/" + ZONE + "/instances/web"), inUse.getUsersList());
    assertEquals(reserved.getAddress(), http.get(instances + "/web").json().getJsonArray("networkInterfaces").getJsonObject(0)
      .getJsonArray("accessConfigs").getJsonObject(0).getString("natIP"));

    Http.Response taken = http.post(Http.zonePath(project, "us-central1-b") + "/instances", withNatIp("thief", "us-central1-b", reserved.getAddress()));
    assertEquals(400, taken.status());
    assertTrue(taken.message().contains("is already being used by 'projects/" + project + "/zones/" + ZONE + "/instances/web'"),
      taken.message());
    Http.Response unknown = http.post(instances, withNatIp("stray", ZONE, "35.200.1.1"));
    assertEquals("Invalid value for field 'resource.networkInterfaces[0].accessConfigs[0].natIP': '35.200.1.1'. The specified external "
      + "IP address '35.200.1.1' was not found in region 'us-central1'.", unknown.message());
    Http.Response byName = http.post(instances, withNatIp("named", ZONE, "web-ip"));
    assertEquals("Invalid value for field 'resource.networkInterfaces[0].accessConfigs[0].natIP': 'web-ip'. The specified external "
      + "IP address 'web-ip' was not found in region 'us-central1'.", byName.message(), "as GCE answers a Terraform user who named the address");
    Http.Response delete = http.delete("/compute/v1/projects/" + project + "/regions/" + REGION + "/addresses/web-ip");
    assertEquals(400, delete.status());
    assertEquals("resourceInUseByAnotherResource", delete.reason());
    assertEquals("The address resource 'projects/" + project + "/regions/us-central1/addresses/web-ip' is already being used by 'projects/"
      + project + "/zones/" + ZONE + "/instances/web'", delete.message());

    assertEquals(200, http.delete(instances + "/web").status());
    Address released = addresses.get(project, REGION, "web-ip");
    assertEquals("RESERVED", released.getStatus());
    assertEquals(0, released.getUsersCount());
    addresses.deleteAsync(project, REGION, "web-ip").get();
    assertEquals(404, http.get("/compute/v1/projects/" + project + "/regions/" + REGION + "/addresses/web-ip").status());
  }

  @Test
  void anAccessConfigAddedTakesAReservedAddressAndDeletedLetsItGo() throws Exception {
    String project = Http.newProject();
    String instance = Http.zonePath(project, ZONE) + "/instances/vm";
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance("vm", ZONE)).status());
    addresses.insertAsync(project, REGION, Address.newBuilder().setName("ip").build()).get();
    String ip = addresses.get(project, REGION, "ip").getAddress();
    try (InstancesClient instances = JavaClients.instances(EMULATOR.baseUrl())) {
      Operation added = instances.addAccessConfigAsync(project, ZONE, "vm", "nic0", AccessConfig.newBuilder().setName("External NAT")
        .setNatIP(ip).build()).get();
      assertEquals("addAccessConfig", added.getOperationType());
      assertEquals(ip, instances.get(project, ZONE, "vm").getNetworkInterfaces(0).getAccessConfigs(0).getNatIP());
      assertEquals("IN_USE", addresses.get(project, REGION, "ip").getStatus());
      Http.Response second = http.post(instance + "/addAccessConfig?networkInterface=nic0", new JsonObject().put("name", "two"));
      assertEquals(400, second.status());
      assertEquals("Invalid value for field 'resource': ''. At most one access config currently supported.", second.message());
      Http.Response noNic = http.post(instance + "/addAccessConfig?networkInterface=nic7", new JsonObject());
      assertEquals("Invalid value for field 'networkInterface': 'nic7'. The network interface does not exist.", noNic.message());

      Operation deleted = instances.deleteAccessConfigAsync(project, ZONE, "vm", "External NAT", "nic0").get();
      assertEquals("deleteAccessConfig", deleted.getOperationType());
      assertEquals(0, instances.get(project, ZONE, "vm").getNetworkInterfaces(0).getAccessConfigsCount());
      assertEquals("RESERVED", addresses.get(project, REGION, "ip").getStatus());
      assertEquals(0, addresses.get(project, REGION, "ip").getUsersCount());
      assertEquals("10.128.0.2", instances.get(project, ZONE, "vm").getNetworkInterfaces(0).getNetworkIP(),
        "the interface keeps its internal address");
      // Ephemeral, as gcloud's add-access-config without --address asks.
      instances.addAccessConfigAsync(project, ZONE, "vm", "nic0", AccessConfig.newBuilder().setName("external-nat").build()).get();
      assertTrue(instances.get(project, ZONE, "vm").getNetworkInterfaces(0).getAccessConfigs(0).getNatIP().startsWith("34."));
    }
  }

  @Test
  void anInternalAddressIsTakenFromItsSubnetworkAndKeepsItInUse() throws Exception {
    String project = Http.newProject();
    String regional = "/compute/v1/projects/" + project + "/regions/" + REGION;
    Http.Response chosen = http.post(regional + "/addresses", new JsonObject().put("name", "db").put("addressType", "INTERNAL")
      .put("subnetwork", "regions/" + REGION + "/subnetworks/default").put("address", "10.128.0.10"));
    assertEquals(200, chosen.status(), chosen.body());
    JsonObject db = http.get(regional + "/addresses/db").json();
    assertEquals("10.128.0.10", db.getString("address"));
    assertEquals("GCE_ENDPOINT", db.getString("purpose"));
    assertEquals(LINKS + "projects/" + project + "/regions/us-central1/subnetworks/default", db.getString("subnetwork"));
    addresses.insertAsync(project, REGION, Address.newBuilder().setName("any").setAddressType("INTERNAL").build()).get();
    assertEquals("10.128.0.2", addresses.get(project, REGION, "any").getAddress(), "the lowest free one of the default subnetwork");

    Http.Response again = http.post(regional + "/addresses", new JsonObject().put("name", "db2").put("addressType", "INTERNAL")
      .put("address", "10.128.0.10"));
    assertEquals(400, again.status());
    assertEquals("IP '10.128.0.10' is already being used by another resource.", again.message());
    Http.Response outside = http.post(regional + "/addresses", new JsonObject().put("name", "db3").put("addressType", "INTERNAL")
      .put("address", "10.200.0.10"));
    assertEquals("Invalid value for field 'resource.address': '10.200.0.10'. Requested internal IP is outside the subnetwork CIDR range.",
      outside.message());

    // An instance is given neither reserved address.
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance("vm", ZONE)).status());
    assertEquals("10.128.0.3", http.get(Http.zonePath(project, ZONE) + "/instances/vm").json().getJsonArray("networkInterfaces")
      .getJsonObject(0).getString("networkIP"));

    // An instance may take a reserved internal address as its networkIP, as Terraform's network_ip = google_compute_address.x.address.
    String zone = Http.zonePath(project, ZONE) + "/instances";
    JsonObject onDb = Bodies.instance("db-vm", ZONE).put("networkInterfaces", new JsonArray().add(new JsonObject()
      .put("network", "global/networks/default").put("networkIP", "10.128.0.10")));
    Http.Response taking = http.post(zone, onDb);
    assertEquals(200, taking.status(), taking.body());
    assertEquals("DONE", http.get("/compute/v1/projects/" + project + "/zones/" + ZONE + "/operations/" + taking.json().getString("name"))
      .json().getString("status"));
    assertFalse(http.get("/compute/v1/projects/" + project + "/zones/" + ZONE + "/operations/" + taking.json().getString("name"))
      .json().containsKey("error"), "taken, not refused");
    assertEquals("10.128.0.10", http.get(zone + "/db-vm").json().getJsonArray("networkInterfaces").getJsonObject(0).getString("networkIP"));
    JsonObject used = http.get(regional + "/addresses/db").json();
    assertEquals("IN_USE", used.getString("status"));
    assertEquals(new JsonArray().add(LINKS + "projects/" + project + "/zones/" + ZONE + "/instances/db-vm"), used.getJsonArray("users"));
    assertEquals(400, http.delete(regional + "/addresses/db").status(), "in use");
    assertEquals(200, http.delete(zone + "/db-vm").status());
    assertEquals("RESERVED", http.get(regional + "/addresses/db").json().getString("status"));
    assertEquals("IP '10.128.0.10' is already being used by another resource.", http.post(regional + "/addresses",
      new JsonObject().put("name", "db4").put("addressType", "INTERNAL").put("address", "10.128.0.10")).message(),
      "the address holds its IP again");

    http.post("/compute/v1/projects/" + project + "/global/networks", new JsonObject().put("name", "vpc").put("autoCreateSubnetworks", false));
    http.post(regional + "/subnetworks", new JsonObject().put("name", "data").put("network", "global/networks/vpc")
      .put("ipCidrRange", "192.168.0.0/24"));
    addresses.insertAsync(project, REGION, Address.newBuilder().setName("cache").setAddressType("INTERNAL")
      .setSubnetwork("regions/" + REGION + "/subnetworks/data").build()).get();
    Http.Response subnetInUse = http.delete(regional + "/subnetworks/data");
    assertEquals("The subnetwork resource 'projects/" + project + "/regions/us-central1/subnetworks/data' is already being used by 'projects/"
      + project + "/regions/us-central1/addresses/cache'", subnetInUse.message());
    addresses.deleteAsync(project, REGION, "cache").get();
    assertEquals(200, http.delete(regional + "/subnetworks/data").status(), "free once its address is gone");
  }

  @Test
  void globalAddressesAreGcesGlobalAddressesAndAmongTheAggregatedOnes() throws Exception {
    String project = Http.newProject();
    String global = "/compute/v1/projects/" + project + "/global";
    try (GlobalAddressesClient globalAddresses = JavaClients.globalAddresses(EMULATOR.baseUrl())) {
      Operation made = globalAddresses.insertAsync(project, Address.newBuilder().setName("lb").build()).get();
      assertFalse(made.hasRegion() || made.hasZone(), "a global operation");
      assertEquals("insert", made.getOperationType());
      assertEquals(Long.toString(globalAddresses.get(project, "lb").getId()), Long.toString(made.getTargetId()));
    }
    JsonObject lb = http.get(global + "/addresses/lb").json();
    assertEquals("EXTERNAL", lb.getString("addressType"));
    assertTrue(lb.getString("address").startsWith("35.18"), lb.encode());
    assertFalse(lb.containsKey("region"));
    assertEquals(LINKS + "projects/" + project + "/global/addresses/lb", lb.getString("selfLink"));

    http.post(global + "/networks", new JsonObject().put("name", "vpc").put("autoCreateSubnetworks", false));
    http.post("/compute/v1/projects/" + project + "/regions/" + REGION + "/subnetworks", new JsonObject().put("name", "apps")
      .put("network", "global/networks/vpc").put("ipCidrRange", "10.0.0.0/16"));
    Http.Response peering = http.post(global + "/addresses", new JsonObject().put("name", "peering").put("addressType", "INTERNAL")
      .put("purpose", "VPC_PEERING").put("prefixLength", 16).put("network", "global/networks/vpc"));
    assertEquals(200, peering.status(), peering.body());
    JsonObject range = http.get(global + "/addresses/peering").json();
    assertEquals("10.1.0.0", range.getString("address"), "the lowest /16 no subnetwork of the network is in");
    assertEquals(16, range.getInteger("prefixLength"));
    Http.Response networkInUse = http.delete(global + "/networks/vpc");
    assertEquals("The network resource 'projects/" + project + "/global/networks/vpc' is already being used by 'projects/" + project
      + "/global/addresses/peering'", networkInUse.message());

    addresses.insertAsync(project, REGION, Address.newBuilder().setName("regional").build()).get();
    JsonObject aggregated = http.get("/compute/v1/projects/" + project + "/aggregated/addresses").json();
    assertEquals(List.of("lb", "peering"), aggregated.getJsonObject("items").getJsonObject("global").getJsonArray("addresses").stream()
      .map(address -> ((JsonObject) address).getString("name")).toList());
    assertEquals("regional", aggregated.getJsonObject("items").getJsonObject("regions/" + REGION).getJsonArray("addresses")
      .getJsonObject(0).getString("name"));
  }

  @Test
  void gcloudReservesAnAddressAndGivesItToAnInstance() {
    Gcloud gcloud = Gcloud.installedOrSkip("AddressesTest", config, EMULATOR.baseUrl() + "/compute/v1/");
    String project = Http.newProject();
    gcloud.run(project, "compute", "addresses", "create", "front", "--region=" + REGION).ok();
    JsonObject front = new JsonObject(gcloud.run(project, "compute", "addresses", "describe", "front", "--region=" + REGION,
      "--format=json").ok().out());
    assertEquals("RESERVED", front.getString("status"));
    JsonArray listed = new JsonArray(gcloud.run(project, "compute", "addresses", "list", "--format=json").ok().out());
    assertEquals(1, listed.size());
    gcloud.run(project, "compute", "instances", "create", "front-vm", "--zone=" + ZONE, "--machine-type=e2-micro",
      "--address=" + front.getString("address")).ok();
    String frontPath = "/compute/v1/projects/" + project + "/regions/" + REGION + "/addresses/front";
    assertEquals("IN_USE", http.get(frontPath).json().getString("status"));
    gcloud.run(project, "compute", "instances", "delete-access-config", "front-vm", "--zone=" + ZONE,
      "--access-config-name=external-nat").ok();
    assertEquals("RESERVED", http.get(frontPath).json().getString("status"));
    gcloud.run(project, "compute", "instances", "add-access-config", "front-vm", "--zone=" + ZONE,
      "--address=" + front.getString("address")).ok();
    assertEquals("IN_USE", http.get(frontPath).json().getString("status"));
    gcloud.run(project, "compute", "addresses", "create", "lb", "--global").ok();
    assertEquals(2, new JsonArray(gcloud.run(project, "compute", "addresses", "list", "--format=json").ok().out()).size(),
      "the regional one and the global one");
    gcloud.run(project, "compute", "addresses", "delete", "lb", "--global", "--quiet").ok();
    gcloud.run(project, "compute", "instances", "delete", "front-vm", "--zone=" + ZONE, "--quiet").ok();
    gcloud.run(project, "compute", "addresses", "delete", "front", "--region=" + REGION, "--quiet").ok();
    assertEquals(404, http.get(frontPath).status());
  }

  private static JsonObject withNatIp(String name, String zone, String ip) {
    return Bodies.instance(name, zone).put("networkInterfaces", new JsonArray().add(new JsonObject()
      .put("network", "global/networks/default")
      .put("accessConfigs", new JsonArray().add(new JsonObject().put("name", "External NAT").put("natIP", ip)))));
  }
}
