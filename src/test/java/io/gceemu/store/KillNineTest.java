package io.gceemu.store;

import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorProcess;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulator as its users run it, in its own process with its embedded Postgres: after a
 * {@code kill -9} mid-life, a new start on the same data folder works and serves every
 * acknowledged change.
 */
class KillNineTest {

  @Test
  void stateSurvivesKillNineAndTheOrphanedPostgresIsHandled(@TempDir Path dataDir) throws Exception {
    String project = Http.newProject();
    String zonePath = Http.zonePath(project, "us-east1-c");
    String global = "/compute/v1/projects/" + project + "/global";
    // A snapshot's upload takes 4 s, so that one is in flight when the emulator is killed.
    EmulatorProcess first = EmulatorProcess.start(List.of("--port", "0", "--data-dir", dataDir.toString(),
      "--transition-ms", "{\"compute.snapshots.insert.UPLOADING\": 4000}"));
    JsonObject vm;
    JsonObject disk;
    JsonObject labelled;
    JsonObject subnetwork;
    JsonObject address;
    JsonObject onSubnet;
    String uploading;
    Set<String> groupBefore;
    try {
      Http http = new Http(first.baseUrl());
      assertEquals(200, http.post(zonePath + "/instances", Bodies.instanceWithEverything("survivor", "us-east1-c")).status());
      assertEquals(200, http.post(zonePath + "/instances/survivor/stop", "").status());
      assertEquals(200, http.post(zonePath + "/disks/survivor/resize", new JsonObject().put("sizeGb", "30")).status());
      vm = http.get(zonePath + "/instances/survivor").json();
      disk = http.get(zonePath + "/disks/survivor").json();
      assertEquals(200, http.post(zonePath + "/disks/survivor/createSnapshot", new JsonObject().put("name", "labelled")).status());
      assertEquals(200, http.post(global + "/snapshots/labelled/setLabels", new JsonObject().put("labels", new JsonObject().put("k", "v"))
        .put("labelFingerprint", http.get(global + "/snapshots/labelled").json().getString("labelFingerprint"))).status());
      labelled = http.get(global + "/snapshots/labelled").json();
      // A custom network, its subnetwork, a reserved address and an instance using both.
      String region = "/compute/v1/projects/" + project + "/regions/us-east1";
      assertEquals(200, http.post(global + "/networks", new JsonObject().put("name", "vpc").put("autoCreateSubnetworks", false)).status());
      assertEquals(200, http.post(region + "/subnetworks", new JsonObject().put("name", "apps").put("network", "global/networks/vpc")
        .put("ipCidrRange", "172.20.0.0/24")).status());
      assertEquals(200, http.post(region + "/addresses", new JsonObject().put("name", "ip")).status());
      String ip = http.get(region + "/addresses/ip").json().getString("address");
      assertEquals(200, http.post(zonePath + "/instances", Bodies.instance("on-subnet", "us-east1-c").put("networkInterfaces",
        new JsonArray().add(new JsonObject().put("subnetwork", "regions/us-east1/subnetworks/apps")
          .put("accessConfigs", new JsonArray().add(new JsonObject().put("natIP", ip)))))).status());
      subnetwork = http.get(region + "/subnetworks/apps").json();
      address = http.get(region + "/addresses/ip").json();
      assertEquals("IN_USE", address.getString("status"));
      onSubnet = http.get(zonePath + "/instances/on-subnet").json();
      uploading = http.post(global + "/snapshots", new JsonObject().put("name", "uploading")
        .put("sourceDisk", "zones/us-east1-c/disks/survivor")).json().getString("name");
      long deadline = System.currentTimeMillis() + 3_000;
      while (!"UPLOADING".equals(http.get(global + "/snapshots/uploading").json().getString("status"))
        && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertEquals("UPLOADING", http.get(global + "/snapshots/uploading").json().getString("status"));
      // A managed group of 2, then resized to 6 and killed at once: the zone may have made none, some or all of the 4.
      assertEquals(200, http.post(global + "/instanceTemplates", new JsonObject().put("name", "t")
        .put("properties", new JsonObject().put("machineType", "e2-micro"))).status());
      assertEquals(200, http.post(zonePath + "/instanceGroupManagers", new JsonObject().put("name", "g")
        .put("instanceTemplate", "global/instanceTemplates/t").put("targetSize", 2)).status());
      while (members(http, zonePath).size() < 2) {
        assertTrue(System.currentTimeMillis() < deadline + 10_000, "the group never made its members");
        Thread.sleep(20);
      }
      groupBefore = members(http, zonePath);
      assertEquals(200, http.post(zonePath + "/instanceGroupManagers/g/resize?size=6", "").status());
    } finally {
      first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    assertTrue(Files.exists(dataDir.resolve("postgres/postmaster.pid")), "the killed emulator left its Postgres behind");

    EmulatorProcess second = EmulatorProcess.start(List.of("--port", "0", "--data-dir", dataDir.toString()));
    try {
      Http http = new Http(second.baseUrl());
      assertEquals(vm, http.get(zonePath + "/instances/survivor").json());
      assertEquals(disk, http.get(zonePath + "/disks/survivor").json(), "an acknowledged disk change outlives kill -9");
      assertEquals(labelled, http.get(global + "/snapshots/labelled").json(), "and a global one");
      String region = "/compute/v1/projects/" + project + "/regions/us-east1";
      assertEquals(subnetwork, http.get(region + "/subnetworks/apps").json(), "and a regional one");
      assertEquals(address, http.get(region + "/addresses/ip").json());
      assertEquals(onSubnet, http.get(zonePath + "/instances/on-subnet").json());
      assertEquals(200, http.post(zonePath + "/instances", Bodies.instance("next", "us-east1-c").put("networkInterfaces",
        new JsonArray().add(new JsonObject().put("subnetwork", "regions/us-east1/subnetworks/apps")))).status());
      assertEquals("172.20.0.3", http.get(zonePath + "/instances/next").json().getJsonArray("networkInterfaces").getJsonObject(0)
        .getString("networkIP"), "the subnetwork's taken addresses outlive kill -9 too");
      assertEquals("DONE", http.post(global + "/operations/" + uploading + "/wait", "").json().getString("status"),
        "the global operation in flight carries on after the restart");
      assertEquals("READY", http.get(global + "/snapshots/uploading").json().getString("status"));
      long stable = System.currentTimeMillis() + 15_000;
      while (!http.get(zonePath + "/instanceGroupManagers/g").json().getJsonObject("status").getBoolean("isStable")) {
        assertTrue(System.currentTimeMillis() < stable, "the group's resize never finished after kill -9");
        Thread.sleep(20);
      }
      Set<String> groupAfter = members(http, zonePath);
      assertEquals(6, groupAfter.size(), "no member lost or made twice: " + groupAfter);
      assertTrue(groupAfter.containsAll(groupBefore));
      assertEquals(6 + 3, http.get(zonePath + "/instances").json().getJsonArray("items").size(),
        "the group's 6 and the three instances of their own: no stray member");
      assertEquals(200, http.post(zonePath + "/instances/survivor/start", "").status());
      assertEquals("RUNNING", http.get(zonePath + "/instances/survivor").json().getString("status"));
    } finally {
      second.process().destroy();
      assertTrue(second.process().waitFor(60, TimeUnit.SECONDS));
    }
    assertFalse(Files.exists(dataDir.resolve("postgres/postmaster.pid")), "a clean stop also stops Postgres");
  }

  /** The group's members, by name. */
  private static Set<String> members(Http http, String zonePath) {
    Set<String> names = new TreeSet<>();
    http.post(zonePath + "/instanceGroupManagers/g/listManagedInstances", "").json().getJsonArray("managedInstances", new JsonArray())
      .forEach(member -> names.add(((JsonObject) member).getString("name")));
    return names;
  }
}
