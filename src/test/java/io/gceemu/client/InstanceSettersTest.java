package io.gceemu.client;

import com.google.cloud.compute.v1.AcceleratorConfig;
import com.google.cloud.compute.v1.DisplayDevice;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesAddResourcePoliciesRequest;
import com.google.cloud.compute.v1.InstancesRemoveResourcePoliciesRequest;
import com.google.cloud.compute.v1.InstancesSetMachineResourcesRequest;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSetMinCpuPlatformRequest;
import com.google.cloud.compute.v1.InstancesSetServiceAccountRequest;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.Scheduling;
import com.google.cloud.compute.v1.ShieldedInstanceConfig;
import com.google.cloud.compute.v1.ShieldedInstanceIntegrityPolicy;
import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Gcloud;
import io.gceemu.support.Http;
import io.gceemu.support.JavaClients;
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
 * The in-place changes Terraform makes to an instance (setScheduling, setServiceAccount,
 * setMinCpuPlatform, updateShieldedInstanceConfig), through the official Java client and gcloud:
 * each an operation of the instance's zone, those GCE takes only from a stopped instance refused
 * while it runs.
 */
class InstanceSettersTest {

  private static final String ZONE = "us-central1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  @TempDir
  static Path config;
  private static InstancesClient instances;
  private static Http http;

  @BeforeAll
  static void start() {
    instances = JavaClients.instances(EMULATOR.baseUrl());
    http = EMULATOR.http();
  }

  @AfterAll
  static void stop() {
    instances.close();
  }

  @Test
  void schedulingChangesOnARunningInstanceTheRestOnlyOnAStoppedOne() throws Exception {
    String project = Http.newProject();
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance("vm", ZONE)).status());
    Operation scheduled = instances.setSchedulingAsync(project, ZONE, "vm", Scheduling.newBuilder().setAutomaticRestart(false)
      .setOnHostMaintenance("TERMINATE").build()).get();
    assertEquals("setScheduling", scheduled.getOperationType());
    Scheduling scheduling = instances.get(project, ZONE, "vm").getScheduling();
    assertFalse(scheduling.getAutomaticRestart());
    assertEquals("TERMINATE", scheduling.getOnHostMaintenance());
    assertEquals("STANDARD", scheduling.getProvisioningModel(), "GCE's default for what the body leaves out");

    String instance = Http.zonePath(project, ZONE) + "/instances/vm";
    Http.Response running = http.post(instance + "/setServiceAccount", new JsonObject().put("email", "robot@p.iam.gserviceaccount.com"));
    assertEquals(400, running.status());
    assertEquals("resourceNotReady", running.reason());
    instances.stopAsync(project, ZONE, "vm").get();
    instances.setServiceAccountAsync(project, ZONE, "vm", InstancesSetServiceAccountRequest.newBuilder()
      .setEmail("robot@p.iam.gserviceaccount.com").addScopes("https://www.googleapis.com/auth/cloud-platform").build()).get();
    instances.setMinCpuPlatformAsync(project, ZONE, "vm", InstancesSetMinCpuPlatformRequest.newBuilder()
      .setMinCpuPlatform("Intel Cascade Lake").build()).get();
    Operation shielded = instances.updateShieldedInstanceConfigAsync(project, ZONE, "vm", ShieldedInstanceConfig.newBuilder()
      .setEnableSecureBoot(true).build()).get();
    assertEquals("updateShieldedInstanceConfig", shielded.getOperationType());
    Instance stopped = instances.get(project, ZONE, "vm");
    assertEquals("robot@p.iam.gserviceaccount.com", stopped.getServiceAccounts(0).getEmail());
    assertEquals(List.of("https://www.googleapis.com/auth/cloud-platform"), stopped.getServiceAccounts(0).getScopesList());
    assertEquals("Intel Cascade Lake", stopped.getMinCpuPlatform());
    assertTrue(stopped.getShieldedInstanceConfig().getEnableSecureBoot());
    assertTrue(stopped.getShieldedInstanceConfig().getEnableVtpm(), "the settings not sent stay");
    instances.startAsync(project, ZONE, "vm").get();
    assertEquals("Intel Cascade Lake", instances.get(project, ZONE, "vm").getCpuPlatform(), "a running instance runs on it");
  }

  @Test
  void resourcePoliciesAcceleratorsDisplayAndIntegrityPolicy() throws Exception {
    String project = Http.newProject();
    String instance = Http.zonePath(project, ZONE) + "/instances/vm";
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance("vm", ZONE)).status());
    String policy = "projects/" + project + "/regions/us-central1/resourcePolicies/";
    instances.addResourcePoliciesAsync(project, ZONE, "vm", InstancesAddResourcePoliciesRequest.newBuilder()
      .addResourcePolicies(policy + "nightly").addResourcePolicies(policy + "weekly").build()).get();
    instances.addResourcePoliciesAsync(project, ZONE, "vm", InstancesAddResourcePoliciesRequest.newBuilder()
      .addResourcePolicies(policy + "nightly").build()).get();
    assertEquals(2, instances.get(project, ZONE, "vm").getResourcePoliciesCount(), "a policy is there once");
    Operation removed = instances.removeResourcePoliciesAsync(project, ZONE, "vm", InstancesRemoveResourcePoliciesRequest.newBuilder()
      .addResourcePolicies(policy + "nightly").build()).get();
    assertEquals("removeResourcePolicies", removed.getOperationType());
    assertTrue(instances.get(project, ZONE, "vm").getResourcePolicies(0).endsWith("/weekly"));

    Operation integrity = instances.setShieldedInstanceIntegrityPolicyAsync(project, ZONE, "vm", ShieldedInstanceIntegrityPolicy.newBuilder()
      .setUpdateAutoLearnPolicy(false).build()).get();
    assertEquals("setShieldedInstanceIntegrityPolicy", integrity.getOperationType());
    assertFalse(instances.get(project, ZONE, "vm").getShieldedInstanceIntegrityPolicy().getUpdateAutoLearnPolicy());

    assertEquals("resourceNotReady", http.method("PATCH", instance + "/updateDisplayDevice",
      new JsonObject().put("enableDisplay", true).encode()).reason(), "only while stopped");
    instances.stopAsync(project, ZONE, "vm").get();
    instances.updateDisplayDeviceAsync(project, ZONE, "vm", DisplayDevice.newBuilder().setEnableDisplay(true).build()).get();
    instances.setMachineResourcesAsync(project, ZONE, "vm", InstancesSetMachineResourcesRequest.newBuilder()
      .addGuestAccelerators(AcceleratorConfig.newBuilder().setAcceleratorType("nvidia-tesla-t4").setAcceleratorCount(1)).build()).get();
    Instance changed = instances.get(project, ZONE, "vm");
    assertTrue(changed.getDisplayDevice().getEnableDisplay());
    assertEquals(1, changed.getGuestAccelerators(0).getAcceleratorCount());
  }

  @Test
  void gcloudSetsSchedulingAndServiceAccount() {
    Gcloud gcloud = Gcloud.installedOrSkip("InstanceSettersTest", config, EMULATOR.baseUrl() + "/compute/v1/");
    String project = Http.newProject();
    gcloud.run(project, "compute", "instances", "create", "g", "--zone=" + ZONE, "--machine-type=e2-micro").ok();
    gcloud.run(project, "compute", "instances", "set-scheduling", "g", "--zone=" + ZONE, "--maintenance-policy=TERMINATE").ok();
    assertEquals("TERMINATE", http.get(Http.zonePath(project, ZONE) + "/instances/g").json().getJsonObject("scheduling")
      .getString("onHostMaintenance"));
    gcloud.run(project, "compute", "instances", "stop", "g", "--zone=" + ZONE).ok();
    gcloud.run(project, "compute", "instances", "set-service-account", "g", "--zone=" + ZONE,
      "--service-account=robot@p.iam.gserviceaccount.com", "--scopes=cloud-platform").ok();
    assertEquals("robot@p.iam.gserviceaccount.com", http.get(Http.zonePath(project, ZONE) + "/instances/g").json()
      .getJsonArray("serviceAccounts").getJsonObject(0).getString("email"));
  }
}
