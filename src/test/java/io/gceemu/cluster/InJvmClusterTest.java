package io.gceemu.cluster;

import io.gceemu.Emulator;
import io.gceemu.bus.ComputeClient;
import io.gceemu.catalog.Catalog;
import io.gceemu.catalog.Zone;
import io.gceemu.config.EmulatorConfig;
import io.gceemu.support.Bodies;
import io.gceemu.support.Eventually;
import io.gceemu.support.Http;
import io.gceemu.support.TestDatabase;
import io.gceemu.support.ZoneLeases;
import io.vertx.core.Future;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three emulator nodes clustered inside this JVM (their own cluster name, one Postgres): every
 * zone has exactly one owner, the zones are spread, every node's router reaches every zone, an
 * in-JVM client that owns nothing reaches them too, and the zones of a node whose cluster member
 * dies move to the others with every acknowledged write.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InJvmClusterTest {

  private static final String CLUSTER = "gce-test-" + UUID.randomUUID();
  private static final List<Zone> ZONES = Catalog.load().zones();
  private static final int REGIONS = Catalog.load().regions().size();

  private record Node(ClusterNode cluster, Emulator emulator, Http http) {
  }

  private static final List<Node> nodes = new ArrayList<>();
  private static ClusterNode clientOnly;
  private static final String project = Http.newProject();

  @BeforeAll
  static void startThreeNodes() throws Exception {
    TestDatabase.truncate();
    for (int i = 0; i < 3; i++) {
      ClusterNode cluster = await(ClusterNode.join(Path.of("conf/cluster.xml"), CLUSTER, "127.0.0.1"));
      EmulatorConfig config = EmulatorConfig.fromJson(new JsonObject().put("port", 0).put("cluster", true));
      Emulator emulator = await(Emulator.start(cluster.vertx(), config, TestDatabase.options(), cluster.membership()));
      nodes.add(new Node(cluster, emulator, new Http("http://127.0.0.1:" + emulator.port())));
    }
    clientOnly = await(ClusterNode.join(Path.of("conf/cluster.xml"), CLUSTER, "127.0.0.1"));
  }

  @AfterAll
  static void stop() throws Exception {
    for (Node node : nodes) {
      await(node.emulator().stop().transform(v -> node.cluster().vertx().close()));
    }
    await(clientOnly.vertx().close());
  }

  @Test
  @Order(1)
  void everyZoneHasOneOwnerTheZonesAreSpreadAndEveryRouterReachesEveryZone() throws Exception {
    Set<String> nodeIds = new HashSet<>();
    nodes.forEach(node -> nodeIds.add(node.cluster().membership().self()));
    Eventually.awaitTrue("every zone leased by a node of this cluster, each node with some", 30, () -> {
      Map<String, String> owners = ZoneLeases.owners();
      return owners.size() == ZONES.size() && nodeIds.containsAll(owners.values()) && new HashSet<>(owners.values()).size() == 3;
    });

    for (int i = 0; i < nodes.size(); i++) {
      Http router = nodes.get(i).http();
      Http reader = nodes.get((i + 1) % nodes.size()).http();
      for (Zone zone : ZONES) {
        String instances = Http.zonePath(project, zone.name()) + "/instances";
        Http.Response insert = router.post(instances, Bodies.instance("vm-" + i, zone.name()));
        assertEquals(200, insert.status(), insert.body());
        assertEquals("DONE", insert.json().getString("status"));
        assertEquals(200, reader.get(instances + "/vm-" + i).status());
      }
    }

    // A region's owner is leased and spread as a zone's is, and every router reaches it.
    Map<String, String> regionOwners = ZoneLeases.regionOwners();
    assertEquals(REGIONS, regionOwners.size(), regionOwners.toString());
    assertTrue(nodeIds.containsAll(regionOwners.values()), regionOwners.toString());
    for (Node node : nodes) {
      for (String region : regionOwners.keySet()) {
        Http.Response operations = node.http().get("/compute/v1/projects/" + project + "/" + region + "/operations");
        assertEquals(200, operations.status(), operations.body());
      }
    }

    ComputeClient client = new ComputeClient(clientOnly.vertx());
    for (Zone zone : ZONES) {
      JsonObject listed = await(client.listInstances(project, zone.name(), new JsonObject()));
      assertEquals(3, listed.getJsonArray("items").size(), zone.name());
    }
  }

  /** A project of its own for the managed group that moves with its zone. */
  private static final String GROUPS = Http.newProject();

  @Test
  @Order(2)
  void theZonesOfANodeWhoseMemberDiesMoveToTheOthersWithTheirInstances() throws Exception {
    Node dying = nodes.remove(2);
    String dead = dying.cluster().membership().self();
    Set<String> itsZones = ZoneLeases.zonesOf(dead);
    assertFalse(itsZones.isEmpty());

    // An operation in flight at the kill: it must finish under the zone's next owner.
    String slowZone = itsZones.iterator().next();
    Http first = nodes.get(0).http();
    assertEquals(200, first.method("PUT", "/_emulator/progression",
      new JsonObject().put("operationType", "insert").put("mode", "time").put("durationMs", 3_000).encode()).status());
    Http.Response slow = first.post(Http.zonePath(project, slowZone) + "/instances", Bodies.instance("slow", slowZone));
    assertEquals("RUNNING", slow.json().getString("status"), slow.body());
    String slowOperation = slow.json().getString("name");
    // And a managed group of its own project in that zone, its members still being made (slowly) when the node dies.
    assertEquals(200, first.post("/compute/v1/projects/" + GROUPS + "/global/instanceTemplates", new JsonObject().put("name", "t")
      .put("properties", new JsonObject().put("machineType", "e2-micro"))).status());
    assertEquals(200, first.post(Http.zonePath(GROUPS, slowZone) + "/instanceGroupManagers", new JsonObject().put("name", "g")
      .put("instanceTemplate", "global/instanceTemplates/t").put("targetSize", 3)).status());

    try {
      diesAndMovesOn(dying, dead, itsZones, slowZone, slowOperation);
    } finally {
      // Stopped however the test went, so that it cannot go on taking zones in later tests.
      await(dying.emulator().stop().transform(v -> dying.cluster().vertx().close()));
    }
  }

  private void diesAndMovesOn(Node dying, String dead, Set<String> itsZones, String slowZone, String slowOperation) throws Exception {
    long killed = System.nanoTime();
    HazelcastClusterManager manager = (HazelcastClusterManager) ((VertxInternal) dying.cluster().vertx()).clusterManager();
    manager.getHazelcastInstance().getLifecycleService().terminate();
    Eventually.awaitTrue("the dead node's zones and regions leased by the others", 10, () -> {
      Map<String, String> owners = ZoneLeases.owners();
      Map<String, String> regions = ZoneLeases.regionOwners();
      return itsZones.stream().allMatch(zone -> owners.containsKey(zone) && !owners.get(zone).equals(dead))
        && regions.size() == REGIONS && !regions.containsValue(dead);
    });
    Http survivor = nodes.get(0).http();
    for (String zone : itsZones) {
      // The router keeps trying while the zone changes owner, so the first read already succeeds.
      Http.Response read = survivor.get(Http.zonePath(project, zone) + "/instances?maxResults=10");
      assertEquals(200, read.status(), read.body());
      assertEquals(zone.equals(slowZone) ? 4 : 3, read.json().getJsonArray("items").size(), zone);
    }
    long movedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
    assertTrue(movedMs < 10_000, "the dead node's zones served again after " + movedMs + " ms");
    Http.Response finished = survivor.post(Http.zonePath(project, slowZone) + "/operations/" + slowOperation + "/wait", "");
    assertEquals("DONE", finished.json().getString("status"), finished.body());
    assertEquals("RUNNING", survivor.get(Http.zonePath(project, slowZone) + "/instances/slow").json().getString("status"));
    assertEquals(200, survivor.method("PUT", "/_emulator/progression", new JsonObject().put("mode", "default").encode()).status());

    Http.Response insert = survivor.post(Http.zonePath(project, itsZones.iterator().next()) + "/instances",
      Bodies.instance("after", itsZones.iterator().next()));
    assertEquals(200, insert.status(), insert.body());
    // The group's zone moved with it: its new owner finishes the members in flight and makes no member twice.
    String group = Http.zonePath(GROUPS, slowZone) + "/instanceGroupManagers/g";
    Eventually.awaitTrue("the moved group stable", 20, () -> survivor.get(group).json()
      .getJsonObject("status", new JsonObject()).getBoolean("isStable", false));
    assertEquals(3, survivor.get(Http.zonePath(GROUPS, slowZone) + "/instances").json().getJsonArray("items").size(),
      "exactly the group's 3 members after the move");
    System.out.println("zones of the node whose member died served again after " + movedMs + " ms");
  }

  @Test
  @Order(3)
  void aNodeStoppedGracefullyHandsItsZonesOverAtOnce() throws Exception {
    Node leaving = nodes.remove(1);
    String id = leaving.cluster().membership().self();
    Set<String> itsZones = ZoneLeases.zonesOf(id);
    long stopping = System.nanoTime();
    await(leaving.emulator().stop().transform(v -> leaving.cluster().vertx().close()));
    Http last = nodes.get(0).http();
    for (String zone : itsZones) {
      assertEquals(200, last.get(Http.zonePath(project, zone) + "/instances").status(), zone);
    }
    long movedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
    System.out.println("zones of the gracefully stopped node served again after " + movedMs + " ms");
    // Handed over, not left to expire: far less than a lease.
    assertTrue(movedMs < 5_000, "took " + movedMs + " ms");
    assertEquals(ZONES.size(), ZoneLeases.owners().size());
    assertEquals(REGIONS, ZoneLeases.regionOwners().size());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
