package io.gceemu.client;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.compute.v1.AccessConfig;
import com.google.cloud.compute.v1.Binding;
import com.google.cloud.compute.v1.BulkInsertInstanceResource;
import com.google.cloud.compute.v1.DiskMoveRequest;
import com.google.cloud.compute.v1.Firewall;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstanceProperties;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSetNameRequest;
import com.google.cloud.compute.v1.InstancesSetSecurityPolicyRequest;
import com.google.cloud.compute.v1.InstancesStartWithEncryptionKeyRequest;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.Policy;
import com.google.cloud.compute.v1.Project;
import com.google.cloud.compute.v1.ProjectsClient;
import com.google.cloud.compute.v1.ProjectsEnableXpnResourceRequest;
import com.google.cloud.compute.v1.ProjectsListXpnHostsRequest;
import com.google.cloud.compute.v1.ProjectsSetDefaultNetworkTierRequest;
import com.google.cloud.compute.v1.Quota;
import com.google.cloud.compute.v1.Scheduling;
import com.google.cloud.compute.v1.TestPermissionsRequest;
import com.google.cloud.compute.v1.UsageExportLocation;
import com.google.cloud.compute.v1.XpnResourceId;
import com.google.cloud.compute.v1.ZoneSetPolicyRequest;
import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.gceemu.support.JavaClients;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The instance and project methods beyond the lifecycle and the setters, through the official
 * Java client: host events, renaming, bulk creation, the instance reads, IAM policies, and the
 * project's own settings, shared VPC and quotas.
 */
class WholeInstanceApiTest {

  private static final String ZONE = "us-central1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static InstancesClient instances;
  private static ProjectsClient projects;
  private static Http http;

  @BeforeAll
  static void start() {
    instances = JavaClients.instances(EMULATOR.baseUrl());
    projects = JavaClients.projects(EMULATOR.baseUrl());
    http = EMULATOR.http();
  }

  @AfterAll
  static void stop() {
    instances.close();
    projects.close();
  }

  private static String withInstance(String... names) {
    String project = Http.newProject();
    for (String name : names) {
      assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance(name, ZONE)).status());
    }
    return project;
  }

  /** The HTTP status of the error an operation's future failed with. */
  private static int status(ExecutionException failure) {
    return ((ApiException) failure.getCause()).getStatusCode().getCode().getHttpStatusCode();
  }

  @Test
  void hostEventsFollowTheSchedulingPolicy() throws Exception {
    String project = withInstance("migrates", "stops", "restarts");
    Operation migrated = instances.simulateMaintenanceEventAsync(project, ZONE, "migrates").get();
    assertEquals("simulateMaintenanceEvent", migrated.getOperationType());
    assertEquals("RUNNING", instances.get(project, ZONE, "migrates").getStatus(), "MIGRATE, the default, keeps it running");

    instances.setSchedulingAsync(project, ZONE, "stops", Scheduling.newBuilder().setOnHostMaintenance("TERMINATE")
      .setAutomaticRestart(false).build()).get();
    instances.simulateMaintenanceEventAsync(project, ZONE, "stops").get();
    Instance stopped = instances.get(project, ZONE, "stops");
    assertEquals("TERMINATED", stopped.getStatus());
    assertFalse(stopped.getLastStopTimestamp().isEmpty());

    instances.setSchedulingAsync(project, ZONE, "restarts", Scheduling.newBuilder().setOnHostMaintenance("TERMINATE").build()).get();
    String startedBefore = instances.get(project, ZONE, "restarts").getLastStartTimestamp();
    Thread.sleep(5);
    instances.reportHostAsFaultyAsync(project, ZONE, "restarts",
      com.google.cloud.compute.v1.InstancesReportHostAsFaultyRequest.newBuilder().setDisruptionSchedule("IMMEDIATE").build()).get();
    Instance restarted = instances.get(project, ZONE, "restarts");
    assertEquals("RUNNING", restarted.getStatus(), "automaticRestart brings it back on another host");
    assertNotEquals(startedBefore, restarted.getLastStartTimestamp());

    ExecutionException notRunning = assertThrows(ExecutionException.class,
      () -> instances.performMaintenanceAsync(project, ZONE, "stops").get());
    assertEquals(400, status(notRunning), "only a running VM is on a host");
    assertEquals(400, http.post(Http.zonePath(project, ZONE) + "/instances/stops/sendDiagnosticInterrupt", "").status());
    instances.sendDiagnosticInterrupt(project, ZONE, "migrates");

    Operation started = instances.startWithEncryptionKeyAsync(project, ZONE, "stops",
      InstancesStartWithEncryptionKeyRequest.getDefaultInstance()).get();
    assertEquals("startWithEncryptionKey", started.getOperationType());
    assertEquals("RUNNING", instances.get(project, ZONE, "stops").getStatus());
  }

  @Test
  void aStoppedInstanceIsRenamedWithItsDisksAndStaysOne() throws Exception {
    String project = Http.newProject();
    JsonObject body = Bodies.instance("old", ZONE).put("disks", new io.vertx.core.json.JsonArray().add(new JsonObject()
      .put("boot", true).put("autoDelete", true).put("initializeParams", new JsonObject()
        .put("sourceImage", "projects/debian-cloud/global/images/family/debian-12"))));
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", body).status());
    ExecutionException running = assertThrows(ExecutionException.class, () -> instances.setNameAsync(project, ZONE, "old",
      InstancesSetNameRequest.newBuilder().setName("new").setCurrentName("old").build()).get());
    assertEquals(400, status(running), "only a stopped VM is renamed");
    assertEquals("resourceNotReady", http.post(Http.zonePath(project, ZONE) + "/instances/old/setName",
      new JsonObject().put("name", "new").put("currentName", "old")).reason());
    long id = instances.get(project, ZONE, "old").getId();
    instances.stopAsync(project, ZONE, "old").get();
    Operation renamed = instances.setNameAsync(project, ZONE, "old", InstancesSetNameRequest.newBuilder().setName("new")
      .setCurrentName("old").build()).get();
    assertEquals("setName", renamed.getOperationType());
    Instance now = instances.get(project, ZONE, "new");
    assertEquals(id, now.getId(), "the same instance");
    assertTrue(now.getSelfLink().endsWith("/instances/new"));
    assertEquals(404, http.get(Http.zonePath(project, ZONE) + "/instances/old").status());
    JsonObject disk = http.get(Http.zonePath(project, ZONE) + "/disks/old").json();
    assertTrue(disk.getJsonArray("users").getString(0).endsWith("/instances/new"), disk.encode());
    assertEquals(1, StreamSupport.stream(instances.list(project, ZONE).iterateAll().spliterator(), false).count());
    instances.deleteAsync(project, ZONE, "new").get();
    assertEquals(404, http.get(Http.zonePath(project, ZONE) + "/disks/old").status(), "its auto-delete disk went with it");
  }

  @Test
  void bulkInsertMakesTheInstancesOfAPatternInOneOperation() throws Exception {
    String project = withInstance("web-02");
    BulkInsertInstanceResource bulk = BulkInsertInstanceResource.newBuilder().setCount(3).setNamePattern("web-##")
      .setInstanceProperties(InstanceProperties.newBuilder().setMachineType("e2-small")).build();
    Operation operation = instances.bulkInsertAsync(project, ZONE, bulk).get();
    assertEquals("bulkInsert", operation.getOperationType());
    List<String> names = new ArrayList<>();
    instances.list(project, ZONE).iterateAll().forEach(instance -> names.add(instance.getName()));
    assertEquals(List.of("web-01", "web-02", "web-03", "web-04"), names, "the lowest free numbers");
    assertTrue(instances.get(project, ZONE, "web-04").getMachineType().endsWith("/machineTypes/e2-small"));

    String path = Http.zonePath(project, ZONE) + "/instances/bulkInsert?requestId=0a1b2c3d-0000-4000-8000-000000000001";
    JsonObject again = new JsonObject().put("count", "2").put("namePattern", "api-#").put("instanceProperties",
      new JsonObject().put("machineType", "e2-micro"));
    String first = http.post(path, again).json().getString("id");
    assertEquals(first, http.post(path, again).json().getString("id"), "a retried request gets its operation back");
    assertEquals(200, http.get(Http.zonePath(project, ZONE) + "/instances/api-2").status());
    assertEquals(404, http.get(Http.zonePath(project, ZONE) + "/instances/api-3").status(), "and makes nothing more");
    Http.Response noPattern = http.post(Http.zonePath(project, ZONE) + "/instances/bulkInsert",
      new JsonObject().put("count", 2).put("instanceProperties", new JsonObject().put("machineType", "e2-micro")));
    assertEquals(400, noPattern.status());
  }

  @Test
  void theInstanceReads() {
    String project = withInstance("vm");
    List<String> rules = instances.getEffectiveFirewalls(project, ZONE, "vm", "nic0").getFirewallsList().stream()
      .map(Firewall::getName).sorted().toList();
    assertEquals(List.of("default-allow-icmp", "default-allow-internal", "default-allow-rdp", "default-allow-ssh"), rules);
    byte[] png = Base64.getDecoder().decode(instances.getScreenshot(project, ZONE, "vm").getContents());
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
    String key = instances.getShieldedInstanceIdentity(project, ZONE, "vm").getEncryptionKey().getEkPub();
    assertTrue(key.startsWith("-----BEGIN PUBLIC KEY-----"));
    assertEquals(key, instances.getShieldedInstanceIdentity(project, ZONE, "vm").getEncryptionKey().getEkPub(), "the vTPM keeps its key");
    assertFalse(instances.listReferrers(project, ZONE, "vm").iterateAll().iterator().hasNext());
    assertEquals(0, instances.getGuestAttributes(com.google.cloud.compute.v1.GetGuestAttributesInstanceRequest.newBuilder()
      .setProject(project).setZone(ZONE).setInstance("vm").setQueryPath("guestInventory/").build()).getQueryValue().getItemsCount());
    assertEquals(404, http.get(Http.zonePath(project, ZONE) + "/instances/vm/getGuestAttributes?variableKey=a/b").status());
    assertEquals(404, http.get(Http.zonePath(project, ZONE) + "/instances/gone/screenshot").status());
  }

  @Test
  void accessConfigsTakePtrSettingsAndSecurityPolicies() throws Exception {
    String project = Http.newProject();
    JsonObject body = Bodies.instance("vm", ZONE).put("networkInterfaces", new io.vertx.core.json.JsonArray().add(new JsonObject()
      .put("accessConfigs", new io.vertx.core.json.JsonArray().add(new JsonObject().put("name", "External NAT")))));
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", body).status());
    instances.updateAccessConfigAsync(project, ZONE, "vm", "nic0", AccessConfig.newBuilder().setName("External NAT")
      .setSetPublicPtr(true).setPublicPtrDomainName("vm.example.com.").build()).get();
    String policy = "https://www.googleapis.com/compute/v1/projects/" + project + "/regions/us-central1/securityPolicies/edge";
    Operation secured = instances.setSecurityPolicyAsync(project, ZONE, "vm", InstancesSetSecurityPolicyRequest.newBuilder()
      .setSecurityPolicy(policy).addNetworkInterfaces("nic0").build()).get();
    assertEquals("setSecurityPolicy", secured.getOperationType());
    AccessConfig config = instances.get(project, ZONE, "vm").getNetworkInterfaces(0).getAccessConfigs(0);
    assertTrue(config.getSetPublicPtr());
    assertEquals("vm.example.com.", config.getPublicPtrDomainName());
    assertEquals(policy, config.getSecurityPolicy());
    assertFalse(config.getNatIP().isEmpty(), "its address stays");
    Http.Response missing = http.post(Http.zonePath(project, ZONE) + "/instances/vm/updateAccessConfig?networkInterface=nic0",
      new JsonObject().put("name", "other"));
    assertEquals(400, missing.status());
    Http.Response staticNic = http.post(Http.zonePath(project, ZONE) + "/instances/vm/deleteNetworkInterface?networkInterfaceName=nic0", "");
    assertEquals(400, staticNic.status());
    assertEquals(1, instances.get(project, ZONE, "vm").getNetworkInterfacesCount(), "nothing changed");
  }

  @Test
  void iamPoliciesAreKeptWithEtags() {
    String project = withInstance("vm");
    Policy empty = instances.getIamPolicy(project, ZONE, "vm");
    assertEquals("ACAB", empty.getEtag());
    assertEquals(0, empty.getBindingsCount());
    Binding admins = Binding.newBuilder().setRole("roles/compute.instanceAdmin.v1").addMembers("user:ana@example.com").build();
    Policy set = instances.setIamPolicy(project, ZONE, "vm", ZoneSetPolicyRequest.newBuilder()
      .setPolicy(Policy.newBuilder().addBindings(admins).setEtag(empty.getEtag())).build());
    assertNotEquals("ACAB", set.getEtag());
    assertEquals(set, instances.getIamPolicy(project, ZONE, "vm"));
    ApiException stale = assertThrows(ApiException.class, () -> instances.setIamPolicy(project, ZONE, "vm",
      ZoneSetPolicyRequest.newBuilder().setPolicy(Policy.newBuilder().setEtag("ACAB")).build()));
    assertEquals(409, stale.getStatusCode().getCode().getHttpStatusCode());
    assertEquals(List.of(admins), instances.getIamPolicy(project, ZONE, "vm").getBindingsList(), "the stale set changed nothing");
    assertEquals(List.of("compute.instances.start"), instances.testIamPermissions(project, ZONE, "vm",
      TestPermissionsRequest.newBuilder().addPermissions("compute.instances.start").build()).getPermissionsList());
    assertEquals(404, http.get(Http.zonePath(project, ZONE) + "/instances/gone/getIamPolicy").status());
    assertEquals("ACAB", http.get("/compute/v1/projects/" + project + "/regions/us-central1/subnetworks/default/getIamPolicy").json()
      .getString("etag"), "subnetworks have policies too");
  }

  @Test
  void projectSettingsSharedVpcAndQuotas() throws Exception {
    String host = withInstance("a", "b");
    String service = Http.newProject();
    Operation tier = projects.setDefaultNetworkTierAsync(host, ProjectsSetDefaultNetworkTierRequest.newBuilder()
      .setNetworkTier("STANDARD").build()).get();
    assertEquals("setDefaultNetworkTier", tier.getOperationType());
    projects.setUsageExportBucketAsync(host, UsageExportLocation.newBuilder().setBucketName("usage-bucket").build()).get();
    Project read = projects.get(host);
    assertEquals("STANDARD", read.getDefaultNetworkTier());
    assertEquals("usage-bucket", read.getUsageExportLocation().getBucketName());
    assertEquals("CA_STANDARD", read.getCloudArmorTier());
    Quota cpus = read.getQuotasList().stream().filter(quota -> quota.getMetric().equals("CPUS_ALL_REGIONS")).findFirst().orElseThrow();
    assertEquals(4.0, cpus.getUsage(), "two e2-medium VMs hold 4 CPUs");
    Quota networks = read.getQuotasList().stream().filter(quota -> quota.getMetric().equals("NETWORKS")).findFirst().orElseThrow();
    assertEquals(1.0, networks.getUsage(), "the default network");
    JsonObject region = http.get("/compute/v1/projects/" + host + "/regions/us-central1").json();
    JsonObject used = new JsonObject();
    region.getJsonArray("quotas").forEach(quota -> used.put(((JsonObject) quota).getString("metric"), ((JsonObject) quota).getValue("usage")));
    assertEquals(2, used.getInteger("INSTANCES"), region.encode());
    assertEquals(4, used.getInteger("CPUS"));
    assertEquals(20, used.getInteger("DISKS_TOTAL_GB") + used.getInteger("SSD_TOTAL_GB"), "two 10 GB boot disks");
    assertEquals(0, http.get("/compute/v1/projects/" + host + "/regions/europe-west1").json().getJsonArray("quotas").stream()
      .mapToDouble(quota -> ((JsonObject) quota).getDouble("usage")).sum(), "nothing there");

    ExecutionException notHost = assertThrows(ExecutionException.class, () -> projects.enableXpnResourceAsync(host,
      ProjectsEnableXpnResourceRequest.newBuilder().setXpnResource(XpnResourceId.newBuilder().setType("PROJECT").setId(service)).build())
      .get());
    assertEquals(400, status(notHost));
    assertTrue(http.post("/compute/v1/projects/" + host + "/enableXpnResource", new JsonObject().put("xpnResource",
      new JsonObject().put("type", "PROJECT").put("id", service))).message().contains("not a shared VPC host project"));
    projects.enableXpnHostAsync(host).get();
    projects.enableXpnResourceAsync(host, ProjectsEnableXpnResourceRequest.newBuilder()
      .setXpnResource(XpnResourceId.newBuilder().setType("PROJECT").setId(service)).build()).get();
    assertEquals("HOST", projects.get(host).getXpnProjectStatus());
    assertEquals(host, projects.getXpnHost(service).getName());
    assertEquals(List.of(service), StreamSupport.stream(projects.getXpnResources(host).iterateAll().spliterator(), false)
      .map(XpnResourceId::getId).toList());
    assertTrue(StreamSupport.stream(projects.listXpnHosts(service, ProjectsListXpnHostsRequest.getDefaultInstance()).iterateAll()
      .spliterator(), false).anyMatch(project -> project.getName().equals(host)));
    assertThrows(ExecutionException.class, () -> projects.disableXpnHostAsync(host).get(), "it still serves a project");
    assertEquals("", projects.getXpnHost(Http.newProject()).getName(), "a project on no shared VPC");

    ExecutionException moved = assertThrows(ExecutionException.class, () -> projects.moveDiskAsync(host,
      DiskMoveRequest.newBuilder().setDestinationZone("zones/us-central1-b").setTargetDisk("zones/" + ZONE + "/disks/a").build()).get());
    assertEquals(400, status(moved));
    assertTrue(http.post("/compute/v1/projects/" + host + "/moveInstance", new JsonObject()).message().contains("deprecated"));
  }
}
