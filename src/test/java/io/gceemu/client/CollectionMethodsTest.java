package io.gceemu.client;

import com.google.cloud.compute.v1.DisksAddResourcePoliciesRequest;
import com.google.cloud.compute.v1.DisksClient;
import com.google.cloud.compute.v1.DisksRemoveResourcePoliciesRequest;
import com.google.cloud.compute.v1.Firewall;
import com.google.cloud.compute.v1.Network;
import com.google.cloud.compute.v1.NetworkPeering;
import com.google.cloud.compute.v1.NetworksAddPeeringRequest;
import com.google.cloud.compute.v1.NetworksClient;
import com.google.cloud.compute.v1.NetworksRemovePeeringRequest;
import com.google.cloud.compute.v1.NetworksUpdatePeeringRequest;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.SubnetworksClient;
import com.google.cloud.compute.v1.UsableSubnetwork;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.gceemu.support.JavaClients;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The methods of the declared collections beyond their standard verbs, through the official Java
 * client: network peerings and effective firewalls, usable subnetworks, disk resource policies
 * and updates, image patches, and the honest refusals of what is not emulated.
 */
class CollectionMethodsTest {

  private static final String ZONE = "us-central1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static NetworksClient networks;
  private static SubnetworksClient subnetworks;
  private static DisksClient disks;
  private static Http http;

  @BeforeAll
  static void start() {
    networks = JavaClients.networks(EMULATOR.baseUrl());
    subnetworks = JavaClients.subnetworks(EMULATOR.baseUrl());
    disks = JavaClients.disks(EMULATOR.baseUrl());
    http = EMULATOR.http();
  }

  @AfterAll
  static void stop() {
    networks.close();
    subnetworks.close();
    disks.close();
  }

  @Test
  void networksArePeeredUpdatedAndUnpeered() throws Exception {
    String project = Http.newProject();
    networks.insertAsync(project, Network.newBuilder().setName("blue").setAutoCreateSubnetworks(false).build()).get();
    String blue = "https://www.googleapis.com/compute/v1/projects/" + project + "/global/networks/blue";
    Operation peered = networks.addPeeringAsync(project, "default", NetworksAddPeeringRequest.newBuilder()
      .setNetworkPeering(NetworkPeering.newBuilder().setName("to-blue").setNetwork(blue).setExchangeSubnetRoutes(true)).build()).get();
    assertEquals("addPeering", peered.getOperationType());
    NetworkPeering peering = networks.get(project, "default").getPeerings(0);
    assertEquals(blue, peering.getNetwork());
    assertEquals("ACTIVE", peering.getState());
    networks.updatePeeringAsync(project, "default", NetworksUpdatePeeringRequest.newBuilder()
      .setNetworkPeering(NetworkPeering.newBuilder().setName("to-blue").setImportCustomRoutes(true)).build()).get();
    assertTrue(networks.get(project, "default").getPeerings(0).getImportCustomRoutes());
    assertFalse(networks.listPeeringRoutes(com.google.cloud.compute.v1.ListPeeringRoutesNetworksRequest.newBuilder()
      .setProject(project).setNetwork("default").setPeeringName("to-blue").setDirection("INCOMING").setRegion("us-central1").build())
      .iterateAll().iterator().hasNext());
    String base = "/compute/v1/projects/" + project + "/global/networks/default";
    assertEquals(400, http.post(base + "/addPeering", new JsonObject().put("name", "to-blue").put("peerNetwork", blue)).status(),
      "a second peering of that name");
    networks.removePeeringAsync(project, "default", NetworksRemovePeeringRequest.newBuilder().setName("to-blue").build()).get();
    assertEquals(0, networks.get(project, "default").getPeeringsCount());
    assertEquals(400, http.post(base + "/removePeering", new JsonObject().put("name", "to-blue")).status(), "it is gone");
    assertEquals(400, http.post(base + "/cancelRequestRemovePeering", new JsonObject().put("name", "to-blue")).status(),
      "removed at once, there is nothing to cancel");

    List<String> rules = networks.getEffectiveFirewalls(project, "default").getFirewallsList().stream().map(Firewall::getName)
      .sorted().toList();
    assertEquals(List.of("default-allow-icmp", "default-allow-internal", "default-allow-rdp", "default-allow-ssh"), rules);
    assertTrue(networks.getEffectiveFirewalls(project, "blue").getFirewallsList().isEmpty());
    assertEquals(200, http.post("/compute/v1/projects/" + project + "/global/firewalls/default-allow-ssh/testIamPermissions",
      new JsonObject().put("permissions", new JsonArray().add("compute.firewalls.get"))).status());
  }

  @Test
  void aProjectCanUseEveryOneOfItsSubnetworks() {
    String project = Http.newProject();
    List<UsableSubnetwork> usable = StreamSupport.stream(subnetworks.listUsable(project).iterateAll().spliterator(), false).toList();
    assertTrue(usable.size() >= 6, "the default network's, one per region: " + usable.size());
    assertTrue(usable.stream().anyMatch(subnetwork -> subnetwork.getSubnetwork().endsWith("/regions/us-central1/subnetworks/default")
      && subnetwork.getIpCidrRange().equals("10.128.0.0/20")));
  }

  @Test
  void disksTakeResourcePoliciesAndUpdates() throws Exception {
    String project = Http.newProject();
    String path = Http.zonePath(project, ZONE) + "/disks";
    assertEquals(200, http.post(path, new JsonObject().put("name", "data").put("sizeGb", "10")).status());
    disks.addResourcePoliciesAsync(project, ZONE, "data", DisksAddResourcePoliciesRequest.newBuilder()
      .addResourcePolicies("projects/" + project + "/regions/us-central1/resourcePolicies/daily").build()).get();
    assertEquals(1, disks.get(project, ZONE, "data").getResourcePoliciesCount());
    disks.removeResourcePoliciesAsync(project, ZONE, "data", DisksRemoveResourcePoliciesRequest.newBuilder()
      .addResourcePolicies("daily").build()).get();
    assertEquals(0, disks.get(project, ZONE, "data").getResourcePoliciesCount());
    Http.Response updated = http.method("PATCH", path + "/data?updateMask=architecture",
      new JsonObject().put("architecture", "ARM64").put("accessMode", "READ_ONLY_MANY").encode());
    assertEquals(200, updated.status(), updated.body());
    JsonObject disk = http.get(path + "/data").json();
    assertEquals("ARM64", disk.getString("architecture"));
    assertFalse(disk.containsKey("accessMode"), "only what the mask names");
    assertEquals(400, http.method("PATCH", path + "/data?updateMask=sizeGb", "{}").status());
    assertEquals(400, http.post(path + "/data/startAsyncReplication", new JsonObject().put("asyncSecondaryDisk", "x")).status());
    assertEquals(400, http.post(path + "/bulkInsert", "{}").status());
    Http.Response kms = http.post(path + "/data/updateKmsKey", new JsonObject());
    assertEquals(400, kms.status());
    assertTrue(kms.message().contains("is not protected by a customer-managed encryption key"), kms.message());
  }

  @Test
  void imagesArePatchedInTheirFamilyAndDescriptionOnly() throws Exception {
    String project = Http.newProject();
    String disks = Http.zonePath(project, ZONE) + "/disks";
    assertEquals(200, http.post(disks, new JsonObject().put("name", "src").put("sizeGb", "10")).status());
    String images = "/compute/v1/projects/" + project + "/global/images";
    assertEquals(200, http.post(images, new JsonObject().put("name", "img").put("sourceDisk", "zones/" + ZONE + "/disks/src")).status());
    Http.Response patched = http.method("PATCH", images + "/img", new JsonObject().put("family", "web").put("description", "v2").encode());
    assertEquals(200, patched.status(), patched.body());
    JsonObject image = http.get(images + "/img").json();
    assertEquals("web", image.getString("family"));
    assertEquals("v2", image.getString("description"));
    assertEquals(400, http.method("PATCH", images + "/img", new JsonObject().put("diskSizeGb", "20").encode()).status());
  }

  @Test
  void anAddressIsNotMovedToAnotherProjectAndSaysSo() {
    String addresses = "/compute/v1/projects/" + Http.newProject() + "/regions/us-central1/addresses";
    assertEquals(200, http.post(addresses, new JsonObject().put("name", "ip")).status());
    Http.Response moved = http.post(addresses + "/ip/move", new JsonObject().put("destinationAddress",
      "projects/other/regions/us-central1/addresses/ip"));
    assertEquals(400, moved.status());
    assertTrue(moved.message().contains("not supported by the emulator"), moved.message());
    assertEquals("RESERVED", http.get(addresses + "/ip").json().getString("status"), "it stays");
  }
}
