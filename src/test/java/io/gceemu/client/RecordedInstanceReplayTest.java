package io.gceemu.client;

import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
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
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Insert bodies of the shapes Terraform's google and google-beta providers send (recorded-gce-shapes.md
 * §1), replayed; each GET is compared field by field with the shape real GCE answered, read by the
 * official Java client's parser and by {@code gcloud compute instances describe}.
 */
class RecordedInstanceReplayTest {

  private static final String ZONE = "us-central1-a";
  /** Stands for a value that differs from run to run: an id, a timestamp, a fingerprint. */
  private static final String ANY = "<any>";
  private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[-+]\\d\\d:\\d\\d");
  private static final Pattern FINGERPRINT = Pattern.compile("[A-Za-z0-9+/_-]{11}=");

  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  @TempDir
  static Path config;
  private static InstancesClient instances;

  @BeforeAll
  static void start() throws Exception {
    instances = JavaClients.instances(EMULATOR.baseUrl());
  }

  @AfterAll
  static void stop() {
    instances.close();
  }

  /** Terraform's google_compute_instance with network_ip, an access config with nat_ip and a scheduling block. */
  private static JsonObject terraformInsert(String project, String name, String machineType) {
    return new JsonObject()
      .put("name", name)
      .put("machineType", "projects/" + project + "/zones/" + ZONE + "/machineTypes/" + machineType)
      .put("canIpForward", false)
      .put("deletionProtection", false)
      .put("labels", new JsonObject().put("env", "replay"))
      .put("metadata", new JsonObject())
      .put("params", new JsonObject())
      .put("tags", new JsonObject())
      .put("zone", "")
      .put("disks", new JsonArray().add(new JsonObject().put("autoDelete", true).put("boot", true).put("mode", "READ_WRITE")
        .put("initializeParams", new JsonObject().put("diskSizeGb", 10)
          .put("sourceImage", "projects/debian-cloud/global/images/debian-12-bookworm-v20261118"))))
      .put("networkInterfaces", new JsonArray().add(new JsonObject()
        .put("network", "projects/" + project + "/global/networks/default")
        .put("subnetwork", "projects/" + project + "/regions/us-central1/subnetworks/default")
        .put("networkIP", "10.128.0.41")
        .put("accessConfigs", new JsonArray().add(new JsonObject().put("natIP", "34.66.10.20").put("networkTier", "PREMIUM")
          .put("type", "ONE_TO_ONE_NAT")))))
      .put("scheduling", new JsonObject()
        .put("automaticRestart", true)
        .put("onHostMaintenance", "MIGRATE")
        .put("preemptible", false)
        .put("provisioningModel", "")
        .put("instanceTerminationAction", "")
        .put("nodeAffinities", new JsonArray().addNull()));
  }

  /** What real GCE's GET answered for such an instance, with its links written for {@code version}. */
  private static JsonObject recordedShape(String project, String name, String machineType, String version) {
    String base = "https://www.googleapis.com/compute/" + version + "/projects/" + project;
    JsonObject shape = new JsonObject()
      .put("kind", "compute#instance").put("id", ANY).put("creationTimestamp", ANY).put("name", name)
      .put("tags", new JsonObject().put("fingerprint", ANY))
      .put("machineType", base + "/zones/" + ZONE + "/machineTypes/" + machineType)
      .put("status", "RUNNING")
      .put("zone", base + "/zones/" + ZONE)
      .put("canIpForward", false)
      .put("networkInterfaces", new JsonArray().add(new JsonObject()
        .put("kind", "compute#networkInterface").put("name", "nic0")
        .put("network", base + "/global/networks/default")
        .put("subnetwork", base + "/regions/us-central1/subnetworks/default")
        .put("networkIP", "10.128.0.41").put("stackType", "IPV4_ONLY").put("fingerprint", ANY)
        .put("accessConfigs", new JsonArray().add(new JsonObject().put("kind", "compute#accessConfig").put("type", "ONE_TO_ONE_NAT")
          .put("name", "external-nat").put("natIP", "34.66.10.20").put("networkTier", "PREMIUM")))))
      .put("disks", new JsonArray().add(new JsonObject()
        .put("kind", "compute#attachedDisk").put("type", "PERSISTENT").put("mode", "READ_WRITE")
        .put("source", base + "/zones/" + ZONE + "/disks/" + name).put("deviceName", "persistent-disk-0").put("index", 0)
        .put("boot", true).put("autoDelete", true)
        .put("licenses", new JsonArray().add("https://www.googleapis.com/compute/" + version
          + "/projects/debian-cloud/global/licenses/debian-12-bookworm"))
        .put("interface", "SCSI")
        .put("guestOsFeatures", new JsonArray().add(feature("UEFI_COMPATIBLE")).add(feature("VIRTIO_SCSI_MULTIQUEUE")).add(feature("GVNIC")))
        .put("diskSizeGb", "10").put("architecture", "X86_64")))
      .put("metadata", new JsonObject().put("kind", "compute#metadata").put("fingerprint", ANY))
      .put("selfLink", base + "/zones/" + ZONE + "/instances/" + name)
      .put("scheduling", new JsonObject().put("onHostMaintenance", "MIGRATE").put("automaticRestart", true).put("preemptible", false)
        .put("provisioningModel", "STANDARD"))
      .put("cpuPlatform", machineType.startsWith("n1-") ? "Intel Haswell" : "Intel Broadwell")
      .put("labels", new JsonObject().put("env", "replay"))
      .put("labelFingerprint", ANY)
      .put("startRestricted", false)
      .put("deletionProtection", false)
      .put("shieldedInstanceConfig", new JsonObject().put("enableSecureBoot", false).put("enableVtpm", true).put("enableIntegrityMonitoring", true))
      .put("shieldedInstanceIntegrityPolicy", new JsonObject().put("updateAutoLearnPolicy", true))
      .put("fingerprint", ANY)
      .put("lastStartTimestamp", ANY)
      .put("satisfiesPzi", true)
      .put("resourceStatus", new JsonObject().put("scheduling", new JsonObject()));
    if (version.equals("beta")) {
      shape.put("shieldedVmConfig", shape.getJsonObject("shieldedInstanceConfig").copy())
        .put("shieldedVmIntegrityPolicy", shape.getJsonObject("shieldedInstanceIntegrityPolicy").copy())
        .getJsonObject("resourceStatus").put("effectiveInstanceMetadata", new JsonObject().put("vmDnsSettingMetadataValue", "ZonalOnly"));
    }
    return shape;
  }

  private static JsonObject feature(String type) {
    return new JsonObject().put("type", type);
  }

  @Test
  void terraformsInsertThroughV1ReadsBackAsRealGceAnsweredIt() {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    Http.Response insert = http.post(Http.zonePath(project, ZONE) + "/instances", terraformInsert(project, "tf-n1", "n1-standard-1"));
    assertEquals(200, insert.status(), insert.body());
    assertEquals("insert", insert.json().getString("operationType"));

    JsonObject read = http.get(Http.zonePath(project, ZONE) + "/instances/tf-n1").json();
    assertShape(recordedShape(project, "tf-n1", "n1-standard-1", "v1"), read, "");

    Instance parsed = instances.get(project, ZONE, "tf-n1");
    assertEquals("10.128.0.41", parsed.getNetworkInterfaces(0).getNetworkIP());
    assertEquals("34.66.10.20", parsed.getNetworkInterfaces(0).getAccessConfigs(0).getNatIP());
    assertEquals("Intel Haswell", parsed.getCpuPlatform());
    assertEquals(3, parsed.getDisks(0).getGuestOsFeaturesCount());
    assertEquals(0, parsed.getScheduling().getNodeAffinitiesCount());
  }

  @Test
  void googleBetasInsertThroughBetaReadsBackWithBetaLinksAndFields() {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String path = "/compute/beta/projects/" + project + "/zones/" + ZONE + "/instances";
    Http.Response insert = http.post(path, terraformInsert(project, "tf-beta", "e2-medium"));
    assertEquals(200, insert.status(), insert.body());
    assertShape(recordedShape(project, "tf-beta", "e2-medium", "beta"), http.get(path + "/tf-beta").json(), "");
    assertShape(recordedShape(project, "tf-beta", "e2-medium", "v1"), http.get(Http.zonePath(project, ZONE) + "/instances/tf-beta").json(), "");
  }

  @Test
  void gcloudDescribesTheReplayedInstanceAsRealGceShowedIt() {
    Gcloud gcloud = Gcloud.installedOrSkip("RecordedInstanceReplayTest", config, EMULATOR.baseUrl() + "/");
    Http http = EMULATOR.http();
    String project = Http.newProject();
    JsonObject preemptible = terraformInsert(project, "tf-spot", "n1-standard-1");
    preemptible.getJsonArray("networkInterfaces").getJsonObject(0).remove("networkIP");
    preemptible.getJsonArray("networkInterfaces").getJsonObject(0).getJsonArray("accessConfigs").getJsonObject(0).remove("natIP");
    preemptible.put("scheduling", new JsonObject().put("automaticRestart", false).put("onHostMaintenance", "TERMINATE")
      .put("preemptible", true).put("provisioningModel", "").put("instanceTerminationAction", "").put("nodeAffinities", new JsonArray().addNull()));
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", preemptible).status());
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", terraformInsert(project, "tf-n1", "n1-standard-1")).status());

    JsonObject described = new JsonObject(gcloud.run(project, "compute", "instances", "describe", "tf-n1", "--zone", ZONE,
      "--format=json").ok().out());
    assertShape(recordedShape(project, "tf-n1", "n1-standard-1", "v1"), described, "");
    JsonObject spot = new JsonObject(gcloud.run(project, "beta", "compute", "instances", "describe", "tf-spot", "--zone", ZONE,
      "--format=json").ok().out());
    assertEquals(new JsonObject().put("automaticRestart", false).put("onHostMaintenance", "TERMINATE").put("preemptible", true),
      spot.getJsonObject("scheduling"), "a preemptible VM has no provisioningModel");
    assertEquals("external-nat", spot.getJsonArray("networkInterfaces").getJsonObject(0).getJsonArray("accessConfigs").getJsonObject(0)
      .getString("name"));
  }

  /** The same fields, no more and no fewer, each with the recorded value or of the recorded kind. */
  private static void assertShape(Object expected, Object actual, String path) {
    if (ANY.equals(expected)) {
      assertTrue(actual instanceof String, path + ": " + actual);
      String value = (String) actual;
      if (path.endsWith("Timestamp")) {
        assertTrue(TIMESTAMP.matcher(value).matches(), path + ": " + value);
      } else if (path.endsWith("ingerprint")) {
        assertTrue(FINGERPRINT.matcher(value).matches(), path + ": " + value);
      } else {
        assertTrue(value.matches("\\d+"), path + ": " + value);
      }
    } else if (expected instanceof JsonObject object) {
      if (!(actual instanceof JsonObject other)) {
        fail(path + ": expected an object, got " + actual);
        return;
      }
      assertEquals(new TreeSet<>(object.fieldNames()), new TreeSet<>(other.fieldNames()), path + ": the fields");
      for (String field : object.fieldNames()) {
        assertShape(object.getValue(field), other.getValue(field), path + "." + field);
      }
    } else if (expected instanceof JsonArray array) {
      if (!(actual instanceof JsonArray other)) {
        fail(path + ": expected an array, got " + actual);
        return;
      }
      assertEquals(array.size(), other.size(), path + ": the elements");
      for (int i = 0; i < array.size(); i++) {
        assertShape(array.getValue(i), other.getValue(i), path + "[" + i + "]");
      }
    } else {
      assertEquals(expected, actual, path);
    }
  }
}
