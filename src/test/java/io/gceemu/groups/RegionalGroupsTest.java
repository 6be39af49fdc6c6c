package io.gceemu.groups;

import com.google.cloud.compute.v1.DistributionPolicy;
import com.google.cloud.compute.v1.DistributionPolicyZoneConfiguration;
import com.google.cloud.compute.v1.InstanceGroupManager;
import com.google.cloud.compute.v1.ManagedInstance;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.RegionInstanceGroupManagersClient;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.gceemu.support.JavaClients;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regional managed groups through the official Java client: kept by the region's owner, their
 * members made by the zones of their distribution policy, each its even share.
 */
class RegionalGroupsTest {

  private static final String REGION = "us-central1";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static RegionInstanceGroupManagersClient managers;
  private static Http http;

  @BeforeAll
  static void start() {
    managers = JavaClients.regionInstanceGroupManagers(EMULATOR.baseUrl());
    http = EMULATOR.http();
  }

  @AfterAll
  static void stop() {
    managers.close();
  }

  private static InstanceGroupManager stableAt(String project, int size) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    InstanceGroupManager group = managers.get(project, REGION, "fleet");
    while (!(group.getStatus().getIsStable() && members(project).size() == size)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("never stable at " + size + ": " + group);
      }
      Thread.sleep(50);
      group = managers.get(project, REGION, "fleet");
    }
    return group;
  }

  private static List<ManagedInstance> members(String project) {
    return managers.listManagedInstances(project, REGION, "fleet").getPage().getResponse().getManagedInstancesList();
  }

  /** How many members each zone holds. */
  private static Map<String, Integer> spread(String project) {
    Map<String, Integer> byZone = new TreeMap<>();
    members(project).forEach(member -> byZone.merge(member.getInstance().split("/zones/")[1].split("/")[0], 1, Integer::sum));
    return byZone;
  }

  @Test
  void aRegionalGroupSpreadsItsMembersEvenlyOverItsZones() throws Exception {
    String project = Http.newProject();
    assertEquals(200, http.post("/compute/v1/projects/" + project + "/global/instanceTemplates", new JsonObject().put("name", "t")
      .put("properties", new JsonObject().put("machineType", "e2-micro"))).status());
    Operation inserted = managers.insertAsync(project, REGION, InstanceGroupManager.newBuilder().setName("fleet").setBaseInstanceName("fleet")
      .setInstanceTemplate("projects/" + project + "/global/instanceTemplates/t").setTargetSize(7)
      .setDistributionPolicy(DistributionPolicy.newBuilder()
        .addZones(DistributionPolicyZoneConfiguration.newBuilder().setZone("zones/us-central1-a"))
        .addZones(DistributionPolicyZoneConfiguration.newBuilder().setZone("zones/us-central1-b"))
        .addZones(DistributionPolicyZoneConfiguration.newBuilder().setZone("zones/us-central1-c"))).build()).get();
    assertEquals("DONE", inserted.getStatus().toString());
    InstanceGroupManager group = stableAt(project, 7);
    assertTrue(group.getRegion().endsWith("/regions/" + REGION));
    assertEquals("PROACTIVE", group.getUpdatePolicy().getInstanceRedistributionType());
    assertEquals(Map.of("us-central1-a", 3, "us-central1-b", 2, "us-central1-c", 2), spread(project), "within one member per zone");

    JsonObject aggregated = http.get("/compute/v1/projects/" + project + "/aggregated/instanceGroupManagers").json().getJsonObject("items");
    assertEquals("fleet", aggregated.getJsonObject("regions/" + REGION).getJsonArray("instanceGroupManagers").getJsonObject(0)
      .getString("name"), "the aggregated list holds the regional groups under their region");
    try (com.google.cloud.compute.v1.RegionInstanceGroupsClient groups = JavaClients.regionInstanceGroups(EMULATOR.baseUrl())) {
      com.google.cloud.compute.v1.InstanceGroup seen = groups.get(project, REGION, "fleet");
      assertEquals(7, seen.getSize(), "the managed group seen as an instance group, its size its members");
      assertTrue(seen.getSelfLink().endsWith("/regions/" + REGION + "/instanceGroups/fleet"), seen.getSelfLink());
      List<String> listed = new java.util.ArrayList<>();
      groups.list(project, REGION).iterateAll().forEach(each -> listed.add(each.getName()));
      assertEquals(List.of("fleet"), listed);
      int instances = 0;
      for (com.google.cloud.compute.v1.InstanceWithNamedPorts member : groups.listInstances(project, REGION, "fleet",
        com.google.cloud.compute.v1.RegionInstanceGroupsListInstancesRequest.newBuilder().build()).iterateAll()) {
        assertEquals("RUNNING", member.getStatus());
        instances++;
      }
      assertEquals(7, instances);
    }
    managers.resizeAsync(project, REGION, "fleet", 3).get();
    stableAt(project, 3);
    assertEquals(Map.of("us-central1-a", 1, "us-central1-b", 1, "us-central1-c", 1), spread(project));

    String named = members(project).get(0).getInstance();
    managers.deleteInstancesAsync(project, REGION, "fleet", com.google.cloud.compute.v1.RegionInstanceGroupManagersDeleteInstancesRequest
      .newBuilder().addInstances(named).build()).get();
    assertEquals(2, stableAt(project, 2).getTargetSize());
    assertTrue(members(project).stream().noneMatch(member -> member.getInstance().equals(named)), "the member named is the one gone");

    managers.createInstancesAsync(project, REGION, "fleet", com.google.cloud.compute.v1.RegionInstanceGroupManagersCreateInstancesRequest
      .newBuilder().addInstances(com.google.cloud.compute.v1.PerInstanceConfig.newBuilder().setName("fleet-chosen")).build()).get();
    assertEquals(3, stableAt(project, 3).getTargetSize());
    assertTrue(members(project).stream().anyMatch(member -> member.getName().equals("fleet-chosen")), "made under the name asked for");

    Http.Response notMember = http.post("/compute/v1/projects/" + project + "/regions/" + REGION
      + "/instanceGroupManagers/fleet/abandonInstances", new JsonObject().put("instances",
      new io.vertx.core.json.JsonArray().add("zones/us-central1-a/instances/stranger")));
    assertEquals(400, notMember.status(), notMember.body());
    assertEquals(3, managers.get(project, REGION, "fleet").getTargetSize(), "nothing changed");

    String abandoned = members(project).stream().filter(member -> !member.getName().equals("fleet-chosen")).findFirst().orElseThrow()
      .getInstance();
    managers.abandonInstancesAsync(project, REGION, "fleet", com.google.cloud.compute.v1.RegionInstanceGroupManagersAbandonInstancesRequest
      .newBuilder().addInstances(abandoned).build()).get();
    assertEquals(2, stableAt(project, 2).getTargetSize());
    assertTrue(members(project).stream().noneMatch(member -> member.getInstance().equals(abandoned)));
    JsonObject left = http.get(abandoned.substring(abandoned.indexOf("/compute/v1/"))).json();
    assertEquals("RUNNING", left.getString("status"), "an abandoned member stays, no longer the group's: " + left);
    assertFalse(left.getJsonObject("metadata").encode().contains("instanceGroupManagers"), left.encode());

    String downed = members(project).get(0).getInstance();
    assertEquals(200, http.post(downed.substring(downed.indexOf("/compute/v1/")) + "/stop", "").status());
    long repaired = System.currentTimeMillis() + 15_000;
    while (!(members(project).stream().noneMatch(member -> member.getInstance().equals(downed)) && members(project).size() == 2
      && managers.get(project, REGION, "fleet").getStatus().getIsStable())) {
      assertTrue(System.currentTimeMillis() < repaired, "a member stopped by anyone but the group is replaced: " + members(project));
      Thread.sleep(50);
    }
    String rested = members(project).get(0).getInstance();
    managers.stopInstancesAsync(project, REGION, "fleet", com.google.cloud.compute.v1.RegionInstanceGroupManagersStopInstancesRequest
      .newBuilder().addInstances(rested).build()).get();
    long stopped = System.currentTimeMillis() + 15_000;
    while (members(project).stream().noneMatch(member -> member.getInstance().equals(rested) && member.getInstanceStatus().equals("TERMINATED"))) {
      assertTrue(System.currentTimeMillis() < stopped, "the group stops the member it names: " + members(project));
      Thread.sleep(50);
    }
    Thread.sleep(2_500);
    assertTrue(members(project).stream().anyMatch(member -> member.getInstance().equals(rested) && member.getInstanceStatus().equals("TERMINATED")),
      "one the group stopped itself stays stopped, though its zone reads the group only now and then");

    JsonObject shown = http.get("/compute/v1/projects/" + project + "/regions/" + REGION + "/instanceGroupManagers/fleet").json();
    for (String bookkeeping : List.of("membersAtRest", "membersAbandoned", "membersNamed", "replaceBefore")) {
      assertFalse(shown.containsKey(bookkeeping), "GCE shows no " + bookkeeping + ": " + shown);
    }

    managers.deleteAsync(project, REGION, "fleet").get();
    long deadline = System.currentTimeMillis() + 15_000;
    String abandonedZone = abandoned.split("/zones/")[1].split("/")[0];
    while (!spreadOfInstances(project).equals(Map.of(abandonedZone, 1))) {
      assertTrue(System.currentTimeMillis() < deadline, "its members go with it, the one it let go of stays: " + spreadOfInstances(project));
      Thread.sleep(50);
    }
  }

  private static Map<String, Integer> spreadOfInstances(String project) {
    Map<String, Integer> byZone = new TreeMap<>();
    for (String zone : List.of("us-central1-a", "us-central1-b", "us-central1-c")) {
      int count = http.get(Http.zonePath(project, zone) + "/instances").json().getJsonArray("items", new io.vertx.core.json.JsonArray()).size();
      if (count > 0) {
        byZone.put(zone, count);
      }
    }
    return byZone;
  }
}
