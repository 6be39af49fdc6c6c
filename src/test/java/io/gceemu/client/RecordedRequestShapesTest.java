package io.gceemu.client;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSettings;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
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
    instances = InstancesClient.create(InstancesSettings.newBuilder()
      .setEndpoint(EMULATOR.baseUrl()).setCredentialsProvider(NoCredentialsProvider.create()).build());
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
}
