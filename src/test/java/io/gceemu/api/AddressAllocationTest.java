package io.gceemu.api;

import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Internal addresses come from the region's auto-mode range and never repeat within it, although
 * the region's zones are separate actors allocating at the same time.
 */
class AddressAllocationTest {

  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static Http http;

  @BeforeAll
  static void start() {
    http = EMULATOR.http();
  }

  @Test
  void concurrentInsertsAcrossTheZonesOfARegionGetDistinctAddresses() {
    String project = Http.newProject();
    List<String> zones = List.of("us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f");
    List<CompletableFuture<Http.Response>> inserts = IntStream.range(0, 40).mapToObj(i -> {
      String zone = zones.get(i % zones.size());
      return CompletableFuture.supplyAsync(() -> http.post(Http.zonePath(project, zone) + "/instances", Bodies.instance("vm-" + i, zone)));
    }).toList();
    inserts.forEach(insert -> assertEquals(200, insert.join().status(), insert.join().body()));

    Set<String> addresses = distinctAddresses(project, zones);
    assertTrue(addresses.stream().allMatch(ip -> ip.startsWith("10.128.")), addresses.toString());
    assertEquals(40, addresses.size());
    assertTrue(addresses.contains("10.128.0.2"));
    assertTrue(addresses.contains("10.128.0.41"));
  }

  @Test
  void eachRegionHasItsOwnRangeAndAccessConfigsGetAnExternalAddress() {
    String project = Http.newProject();
    JsonObject body = Bodies.instance("edge", "asia-east1-a");
    body.getJsonArray("networkInterfaces").getJsonObject(0)
      .put("accessConfigs", new JsonArray().add(new JsonObject().put("name", "External NAT").put("type", "ONE_TO_ONE_NAT")));
    http.post(Http.zonePath(project, "asia-east1-a") + "/instances", body);
    JsonObject nic = http.get(Http.zonePath(project, "asia-east1-a") + "/instances/edge").json()
      .getJsonArray("networkInterfaces").getJsonObject(0);
    assertEquals("10.140.0.2", nic.getString("networkIP"));
    JsonObject access = nic.getJsonArray("accessConfigs").getJsonObject(0);
    assertEquals("ONE_TO_ONE_NAT", access.getString("type"));
    assertEquals("PREMIUM", access.getString("networkTier"));
    assertNotNull(access.getString("natIP"));
    assertTrue(access.getString("natIP").matches("\\d+\\.\\d+\\.\\d+\\.\\d+"));
  }

  @Test
  void aFullRangeRefusesTheNextInstanceAndThenHandsOutAddressesFreedByDeletes() throws SQLException {
    String project = Http.newProject();
    String zone = "us-central1-b";
    String instances = Http.zonePath(project, zone) + "/instances";
    assertEquals(200, http.post(instances, Bodies.instance("low", zone)).status());
    assertEquals("10.128.0.2", address(instances + "/low"));
    // The rest of 10.128.0.0/20 but its last usable address is taken by instances of another zone.
    try (Connection db = TestDatabase.jdbc(); PreparedStatement fill = db.prepareStatement(
        "INSERT INTO internal_addresses (project, region, subnetwork, address, instance_id, nic)"
          + " SELECT project, region, subnetwork, g, -1, 0 FROM internal_addresses, generate_series(address + 1, address + 4090) AS g"
          + " WHERE project = ?")) {
      fill.setString(1, project);
      assertEquals(4090, fill.executeUpdate());
    }
    assertEquals(200, http.post(instances, Bodies.instance("last", zone)).status());
    assertEquals("10.128.15.253", address(instances + "/last"));

    Http.Response refused = http.post(instances, Bodies.instance("over", zone));
    assertEquals(400, refused.status(), refused.body());
    JsonObject error = refused.json().getJsonObject("error");
    assertEquals("ipSpaceExhausted", error.getJsonArray("errors").getJsonObject(0).getString("reason"));
    assertEquals("IP space of 'projects/" + project + "/regions/us-central1/subnetworks/default' is exhausted.", error.getString("message"));
    assertEquals(404, http.get(instances + "/over").status());
    assertEquals("10.128.15.253", address(instances + "/last"));

    assertEquals(200, http.delete(instances + "/low").status());
    assertEquals(200, http.post(instances, Bodies.instance("again", zone)).status());
    assertEquals("10.128.0.2", address(instances + "/again"));
  }

  @Test
  void aRequestedAddressIsKeptAsGivenAndAllocationGoesOnAroundIt() {
    String project = Http.newProject();
    String zone = "us-west1-a";
    String instances = Http.zonePath(project, zone) + "/instances";
    assertEquals(200, http.post(instances, withNetworkIP(Bodies.instance("pinned", zone), "10.138.0.3")).status());
    assertEquals(200, http.post(instances, Bodies.instance("first", zone)).status());
    assertEquals(200, http.post(instances, Bodies.instance("second", zone)).status());
    assertEquals(200, http.post(instances, withNetworkIP(Bodies.instance("far", zone), "10.138.9.9")).status());
    assertEquals(200, http.post(instances, Bodies.instance("third", zone)).status());
    assertEquals("10.138.0.3", address(instances + "/pinned"));
    assertEquals("10.138.0.2", address(instances + "/first"));
    assertEquals("10.138.0.4", address(instances + "/second"));
    assertEquals("10.138.9.9", address(instances + "/far"));
    assertEquals("10.138.0.5", address(instances + "/third"), "a requested address does not move where allocation goes on from");

    // Freed by the delete, the address may be asked for again.
    assertEquals(200, http.delete(instances + "/pinned").status());
    assertEquals(200, http.post(instances, withNetworkIP(Bodies.instance("again", zone), "10.138.0.3")).status());
    assertEquals("10.138.0.3", address(instances + "/again"));
  }

  @Test
  void aRequestedAddressInUseFailsTheOperationAsGceDoes() {
    String project = Http.newProject();
    String zone = "us-west1-b";
    String instances = Http.zonePath(project, zone) + "/instances";
    assertEquals(200, http.post(instances, Bodies.instance("holder", zone)).status());
    String taken = address(instances + "/holder");

    // Accepted, then the operation fails: GCE finds the address taken while it places the VM.
    Http.Response insert = http.post(instances, withNetworkIP(Bodies.instance("clash", zone), taken));
    assertEquals(200, insert.status(), insert.body());
    JsonObject operation = insert.json();
    assertEquals("DONE", operation.getString("status"));
    assertEquals(400, operation.getInteger("httpErrorStatusCode"));
    assertEquals("BAD REQUEST", operation.getString("httpErrorMessage"));
    JsonObject error = operation.getJsonObject("error").getJsonArray("errors").getJsonObject(0);
    assertEquals("IP_IN_USE_BY_ANOTHER_RESOURCE", error.getString("code"));
    assertEquals("IP '" + taken + "' is already being used by another resource.", error.getString("message"));
    assertEquals(404, http.get(instances + "/clash").status());
    JsonObject stored = http.get(Http.zonePath(project, zone) + "/operations/" + operation.getString("name")).json();
    assertEquals("IP_IN_USE_BY_ANOTHER_RESOURCE", stored.getJsonObject("error").getJsonArray("errors").getJsonObject(0).getString("code"));
    assertEquals(taken, address(instances + "/holder"));
  }

  @Test
  void ofManyCreatesRacingForOneAddressInOneRegionExactlyOneGetsIt() {
    String project = Http.newProject();
    List<String> zones = List.of("europe-west1-b", "europe-west1-c", "europe-west1-d");
    List<CompletableFuture<Http.Response>> inserts = IntStream.range(0, 24).mapToObj(i -> {
      String zone = zones.get(i % zones.size());
      JsonObject body = i % 2 == 0 ? withNetworkIP(Bodies.instance("vm-" + i, zone), "10.132.0.77") : Bodies.instance("vm-" + i, zone);
      return CompletableFuture.supplyAsync(() -> http.post(Http.zonePath(project, zone) + "/instances", body));
    }).toList();
    int winners = 0;
    for (int i = 0; i < inserts.size(); i++) {
      Http.Response insert = inserts.get(i).join();
      assertEquals(200, insert.status(), insert.body());
      boolean failed = insert.json().containsKey("error");
      assertEquals(i % 2 == 0 && failed, failed, "only creates asking for the address may fail: " + insert.body());
      if (i % 2 == 0 && !failed) {
        winners++;
      }
    }
    assertEquals(1, winners);
    Set<String> addresses = distinctAddresses(project, zones);
    assertEquals(13, addresses.size());
    assertTrue(addresses.contains("10.132.0.77"));
  }

  @Test
  void aRequestedAddressOutsideTheRangeOrNotAnAddressIsRefusedAndNothingIsStored() {
    String project = Http.newProject();
    String zone = "us-east1-b";
    String instances = Http.zonePath(project, zone) + "/instances";
    for (String outside : List.of("10.128.0.5", "10.142.0.1", "10.142.15.255", "192.168.0.2")) {
      Http.Response refused = http.post(instances, withNetworkIP(Bodies.instance("out", zone), outside));
      assertEquals(400, refused.status(), refused.body());
      JsonObject error = refused.json().getJsonObject("error");
      assertEquals("invalid", error.getJsonArray("errors").getJsonObject(0).getString("reason"));
      assertEquals("Invalid value for field 'resource.networkInterfaces[0].networkIP': '" + outside
        + "'. Requested internal IP is outside the subnetwork CIDR range.", error.getString("message"));
    }
    Http.Response garbled = http.post(instances, withNetworkIP(Bodies.instance("out", zone), "10.142.0.300"));
    assertEquals(400, garbled.status(), garbled.body());
    assertEquals(404, http.get(instances + "/out").status());
  }

  /** The internal addresses of a project's instances in these zones, each seen once. */
  private static Set<String> distinctAddresses(String project, List<String> zones) {
    Set<String> addresses = new HashSet<>();
    JsonObject items = http.get("/compute/v1/projects/" + project + "/aggregated/instances").json().getJsonObject("items");
    for (String zone : zones) {
      for (Object vm : items.getJsonObject("zones/" + zone).getJsonArray("instances")) {
        String ip = ((JsonObject) vm).getJsonArray("networkInterfaces").getJsonObject(0).getString("networkIP");
        assertTrue(addresses.add(ip), "duplicate address " + ip);
      }
    }
    return addresses;
  }

  private static JsonObject withNetworkIP(JsonObject body, String address) {
    body.getJsonArray("networkInterfaces").getJsonObject(0).put("networkIP", address);
    return body;
  }

  private static String address(String instance) {
    return http.get(instance).json().getJsonArray("networkInterfaces").getJsonObject(0).getString("networkIP");
  }
}
