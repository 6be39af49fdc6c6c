package io.gceemu.client;

import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Insert bodies shaped as Terraform's google provider sends them (recorded-gce-shapes.md §1: real
 * GCE answered 200): enums sent as {@code ""} and lists holding a null mean "not set", and the
 * instance read back carries neither, so the official client's parser (which refuses null list
 * elements) reads it.
 */
class RecordedRequestShapesTest {

  private static final String ZONE = "us-central1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static InstancesClient instances;

  @BeforeAll
  static void start() throws Exception {
    instances = JavaClients.instances(EMULATOR.baseUrl());
  }

  @AfterAll
  static void stop() {
    instances.close();
  }

  @Test
  void terraformsSchedulingBlockWithEmptyEnumsAndANullAffinityIsAcceptedAndNotEchoed() {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    JsonObject body = new JsonObject()
      .put("name", "tf-vm")
      .put("machineType", "projects/" + project + "/zones/" + ZONE + "/machineTypes/e2-medium")
      .put("canIpForward", false)
      .put("deletionProtection", false)
      .put("labels", new JsonObject().put("env", "test"))
      .put("metadata", new JsonObject())
      .put("params", new JsonObject())
      .put("tags", new JsonObject())
      .put("zone", "")
      .put("disks", new JsonArray().add(new JsonObject().put("autoDelete", true).put("boot", true)
        .put("initializeParams", new JsonObject().put("sourceImage", "projects/debian-cloud/global/images/family/debian-12"))))
      .put("networkInterfaces", new JsonArray().add(new JsonObject().put("network", "projects/" + project + "/global/networks/default")))
      .put("scheduling", new JsonObject()
        .put("automaticRestart", true)
        .put("onHostMaintenance", "MIGRATE")
        .put("preemptible", false)
        .put("provisioningModel", "")
        .put("instanceTerminationAction", "")
        .put("nodeAffinities", new JsonArray().addNull()));

    Http.Response inserted = http.post(Http.zonePath(project, ZONE) + "/instances", body);
    assertEquals(200, inserted.status(), inserted.body());

    JsonObject scheduling = http.get(Http.zonePath(project, ZONE) + "/instances/tf-vm").json().getJsonObject("scheduling");
    assertFalse(scheduling.containsKey("nodeAffinities"), scheduling.encode());
    assertFalse(scheduling.containsKey("instanceTerminationAction"), scheduling.encode());
    assertEquals("STANDARD", scheduling.getString("provisioningModel"), "unset, it takes GCE's default");
    assertEquals(true, scheduling.getBoolean("automaticRestart"));

    Instance read = instances.get(project, ZONE, "tf-vm");
    assertEquals(0, read.getScheduling().getNodeAffinitiesCount());
    assertFalse(read.getScheduling().hasInstanceTerminationAction());
    assertTrue(read.getScheduling().hasOnHostMaintenance());
  }

  /** The defaults real GCE's GETs show (recorded-gce-shapes.md §1) for what the insert left out. */
  @Test
  void defaultsAreThoseRealGceFillsIn() {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String instances = Http.zonePath(project, ZONE) + "/instances";
    JsonObject plain = Bodies.instance("plain", ZONE);
    plain.getJsonArray("networkInterfaces").getJsonObject(0)
      .put("accessConfigs", new JsonArray().add(new JsonObject().put("type", "ONE_TO_ONE_NAT")));
    assertEquals(200, http.post(instances, plain).status());
    JsonObject vm = http.get(instances + "/plain").json();
    assertEquals(new JsonObject().put("enableSecureBoot", false).put("enableVtpm", true).put("enableIntegrityMonitoring", true),
      vm.getJsonObject("shieldedInstanceConfig"));
    assertEquals(new JsonObject().put("updateAutoLearnPolicy", true), vm.getJsonObject("shieldedInstanceIntegrityPolicy"));
    assertEquals("external-nat", vm.getJsonArray("networkInterfaces").getJsonObject(0).getJsonArray("accessConfigs")
      .getJsonObject(0).getString("name"));
    assertFalse(vm.containsKey("canIpForward"), "only when the insert sent it");
    assertEquals(true, vm.getBoolean("satisfiesPzi"));
    assertEquals(new JsonObject().put("scheduling", new JsonObject()), vm.getJsonObject("resourceStatus"));

    JsonObject preemptible = Bodies.instance("cheap", ZONE)
      .put("canIpForward", true)
      .put("scheduling", new JsonObject().put("preemptible", true));
    assertEquals(200, http.post(instances, preemptible).status());
    JsonObject cheap = http.get(instances + "/cheap").json();
    assertEquals(new JsonObject().put("onHostMaintenance", "TERMINATE").put("automaticRestart", false).put("preemptible", true),
      cheap.getJsonObject("scheduling"), "a preemptible VM has no provisioningModel");
    assertEquals(true, cheap.getBoolean("canIpForward"));
    assertEquals(true, RecordedRequestShapesTest.instances.get(project, ZONE, "cheap").getScheduling().getPreemptible());
  }

  /** No disk exists but the boot disks instances create, so GCE would find none a source names. */
  @Test
  void aDiskAttachedBySourceThatDoesNotExistIsRefusedAndNothingIsStored() {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String instances = Http.zonePath(project, ZONE) + "/instances";
    JsonObject bySource = Bodies.instance("attach", ZONE);
    bySource.getJsonArray("disks").add(new JsonObject().put("source", "projects/" + project + "/zones/" + ZONE + "/disks/data"));
    Http.Response missing = http.post(instances, bySource);
    assertEquals(404, missing.status(), missing.body());
    assertEquals("notFound", missing.reason());
    assertEquals("The resource 'projects/" + project + "/zones/" + ZONE + "/disks/data' was not found", missing.message());

    JsonObject elsewhere = Bodies.instance("attach", ZONE);
    elsewhere.getJsonArray("disks").add(new JsonObject().put("source", "projects/" + project + "/zones/us-east1-b/disks/data"));
    Http.Response otherZone = http.post(instances, elsewhere);
    assertEquals(400, otherZone.status(), otherZone.body());
    assertEquals("Invalid value for field 'resource.disks[1].source': 'projects/" + project
      + "/zones/us-east1-b/disks/data'. Disk must be in the same zone as the instance.", otherZone.message());
    assertEquals(404, http.get(instances + "/attach").status());
  }

  /** By zone and machine family where the recordings show it, the minimum when one is asked for. */
  @Test
  void aRunningInstanceReportsItsZonesAndFamilysCpuPlatform() {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    record Case(String zone, String machineType, String minCpuPlatform, String reported) {
    }
    for (Case vm : java.util.List.of(new Case("us-central1-a", "n1-standard-1", null, "Intel Haswell"),
        new Case("us-west1-a", "n1-standard-1", null, "Intel Broadwell"),
        new Case("us-central1-a", "e2-medium", null, "Intel Broadwell"),
        new Case("us-central1-a", "n2-standard-2", null, "Intel Cascade Lake"),
        new Case("us-central1-a", "n2-standard-2", "Intel Ice Lake", "Intel Ice Lake"),
        new Case("us-central1-a", "n1-standard-1", "Automatic", "Intel Haswell"))) {
      String name = "cpu-" + vm.machineType().replace("-", "") + "-" + vm.zone().replace("-", "")
        + (vm.minCpuPlatform() == null ? "" : "-" + vm.minCpuPlatform().replace(" ", "").toLowerCase(java.util.Locale.ROOT));
      JsonObject body = Bodies.instance(name, vm.zone()).put("machineType", "zones/" + vm.zone() + "/machineTypes/" + vm.machineType());
      if (vm.minCpuPlatform() != null) {
        body.put("minCpuPlatform", vm.minCpuPlatform());
      }
      assertEquals(200, http.post(Http.zonePath(project, vm.zone()) + "/instances", body).status());
      assertEquals(vm.reported(), http.get(Http.zonePath(project, vm.zone()) + "/instances/" + name).json().getString("cpuPlatform"), name);
    }
    String stopped = Http.zonePath(project, "us-central1-a") + "/instances/cpu-n1standard1-uscentral1a";
    assertEquals(200, http.post(stopped + "/stop", new JsonObject()).status());
    assertEquals("Unknown CPU Platform", http.get(stopped).json().getString("cpuPlatform"));
  }

  /** A disk from a public image carries its licenses and guest OS features, an image's name or its family's link alike. */
  @Test
  void aBootDiskFromAPublicImageCarriesItsLicensesAndFeatures() {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String instances = Http.zonePath(project, ZONE) + "/instances";
    JsonObject arm = Bodies.instance("arm", ZONE);
    arm.getJsonArray("disks").getJsonObject(0).getJsonObject("initializeParams")
      .put("sourceImage", "https://www.googleapis.com/compute/v1/projects/debian-cloud/global/images/debian-12-bookworm-arm64-v20261118");
    JsonObject ubuntu = Bodies.instance("ubuntu", ZONE);
    ubuntu.getJsonArray("disks").getJsonObject(0).getJsonObject("initializeParams")
      .put("sourceImage", "projects/ubuntu-os-cloud/global/images/family/ubuntu-2204-lts");
    assertEquals(200, http.post(instances, arm).status());
    assertEquals(200, http.post(instances, ubuntu).status());

    JsonObject armDisk = http.get(instances + "/arm").json().getJsonArray("disks").getJsonObject(0);
    assertEquals("ARM64", armDisk.getString("architecture"));
    assertEquals(new JsonArray().add("https://www.googleapis.com/compute/v1/projects/debian-cloud/global/licenses/debian-12-bookworm-arm64"),
      armDisk.getJsonArray("licenses"));
    JsonObject ubuntuDisk = http.get(instances + "/ubuntu").json().getJsonArray("disks").getJsonObject(0);
    assertEquals(new JsonArray().add("https://www.googleapis.com/compute/v1/projects/ubuntu-os-cloud/global/licenses/ubuntu-2204-lts"),
      ubuntuDisk.getJsonArray("licenses"));
    assertEquals("UEFI_COMPATIBLE", ubuntuDisk.getJsonArray("guestOsFeatures").getJsonObject(0).getString("type"));
    assertEquals("X86_64", ubuntuDisk.getString("architecture"));
  }
}
