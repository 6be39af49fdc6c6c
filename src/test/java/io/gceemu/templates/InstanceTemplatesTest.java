package io.gceemu.templates;

import com.google.cloud.compute.v1.AccessConfig;
import com.google.cloud.compute.v1.AttachedDisk;
import com.google.cloud.compute.v1.AttachedDiskInitializeParams;
import com.google.cloud.compute.v1.BulkInsertInstanceResource;
import com.google.cloud.compute.v1.InsertInstanceRequest;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstanceProperties;
import com.google.cloud.compute.v1.InstanceTemplate;
import com.google.cloud.compute.v1.InstanceTemplatesClient;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.NetworkInterface;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.ServiceAccount;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instance templates through the official Java client and gcloud: GCE's echo policy, reads by
 * numeric id (Terraform's), and instances made from them by insert and bulkInsert.
 */
class InstanceTemplatesTest {

  private static final String ZONE = "us-central1-a";
  private static final String IMAGE = "https://www.googleapis.com/compute/v1/projects/debian-cloud/global/images/family/debian-12";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  @TempDir
  static Path config;
  private static InstanceTemplatesClient templates;
  private static InstancesClient instances;
  private static Http http;

  @BeforeAll
  static void start() {
    templates = JavaClients.instanceTemplates(EMULATOR.baseUrl());
    instances = JavaClients.instances(EMULATOR.baseUrl());
    http = EMULATOR.http();
  }

  @AfterAll
  static void stop() {
    templates.close();
    instances.close();
  }

  private static InstanceTemplate web() {
    return InstanceTemplate.newBuilder().setName("web").setProperties(InstanceProperties.newBuilder().setMachineType("e2-small")
      .addDisks(AttachedDisk.newBuilder().setBoot(true).setAutoDelete(true)
        .setInitializeParams(AttachedDiskInitializeParams.newBuilder().setSourceImage(IMAGE)))
      .addNetworkInterfaces(NetworkInterface.newBuilder().addAccessConfigs(AccessConfig.newBuilder()))
      .addServiceAccounts(ServiceAccount.newBuilder().setEmail("default").addScopes("https://www.googleapis.com/auth/cloud-platform"))
      .putLabels("tier", "web")).build();
  }

  @Test
  void aTemplateEchoesItsPropertiesAndIsReadByItsId() throws Exception {
    String project = Http.newProject();
    Operation inserted = templates.insertAsync(project, web()).get();
    assertEquals("insert", inserted.getOperationType());
    InstanceTemplate byId = templates.get(project, Long.toString(inserted.getTargetId()));
    assertEquals("web", byId.getName(), "Terraform re-reads a template by the insert operation's targetId");
    InstanceProperties properties = byId.getProperties();
    assertEquals("e2-small", properties.getMachineType(), "a bare name, unlike an instance's");
    assertEquals(IMAGE, properties.getDisks(0).getInitializeParams().getSourceImage(), "echoed as sent");
    assertEquals("persistent-disk-0", properties.getDisks(0).getDeviceName());
    assertEquals("default", properties.getServiceAccounts(0).getEmail());
    assertEquals("https://www.googleapis.com/compute/v1/projects/" + project + "/global/networks/default",
      properties.getNetworkInterfaces(0).getNetwork());
    assertEquals("external-nat", properties.getNetworkInterfaces(0).getAccessConfigs(0).getName());
    assertEquals("MIGRATE", properties.getScheduling().getOnHostMaintenance());
    assertEquals(1, templates.list(project).getPage().getResponse().getItemsCount());

    assertEquals(409, http.post("/compute/v1/projects/" + project + "/global/instanceTemplates",
      new JsonObject().put("name", "web").put("properties", new JsonObject().put("machineType", "e2-small"))).status());
    assertEquals(400, http.post("/compute/v1/projects/" + project + "/global/instanceTemplates",
      new JsonObject().put("name", "bad").put("properties", new JsonObject().put("machineType", "e2-gigantic"))).status());
    assertEquals(400, http.post("/compute/v1/projects/" + project + "/global/instanceTemplates",
      new JsonObject().put("name", "nonet").put("properties", new JsonObject().put("machineType", "e2-small")
        .put("networkInterfaces", new io.vertx.core.json.JsonArray().add(new JsonObject().put("network", "global/networks/none")))))
      .status(), "its network must exist");
    templates.deleteAsync(project, "web").get();
    assertEquals(404, http.get("/compute/v1/projects/" + project + "/global/instanceTemplates/web").status());
  }

  @Test
  void instancesAreMadeFromATemplate() throws Exception {
    String project = Http.newProject();
    templates.insertAsync(project, web()).get();
    String template = "projects/" + project + "/global/instanceTemplates/web";
    instances.insertAsync(InsertInstanceRequest.newBuilder().setProject(project).setZone(ZONE).setSourceInstanceTemplate(template)
      .setInstanceResource(Instance.newBuilder().setName("from-template")).build()).get();
    Instance made = instances.get(project, ZONE, "from-template");
    assertTrue(made.getMachineType().endsWith("/zones/" + ZONE + "/machineTypes/e2-small"));
    assertEquals("web", made.getLabelsOrThrow("tier"));
    assertFalse(made.getNetworkInterfaces(0).getAccessConfigs(0).getNatIP().isEmpty());
    assertEquals(200, http.get(Http.zonePath(project, ZONE) + "/disks/from-template").status(), "its boot disk, from the template");

    instances.bulkInsertAsync(project, ZONE, BulkInsertInstanceResource.newBuilder().setCount(2).setNamePattern("fleet-##")
      .setSourceInstanceTemplate(template).build()).get();
    List<String> names = new ArrayList<>();
    instances.list(project, ZONE).iterateAll().forEach(instance -> names.add(instance.getName()));
    assertEquals(List.of("fleet-01", "fleet-02", "from-template"), names);
    assertEquals(404, http.post(Http.zonePath(project, ZONE) + "/instances?sourceInstanceTemplate=global/instanceTemplates/none",
      new JsonObject().put("name", "x")).status());
  }

  /**
   * A template's delete and a group's insert that names it, sent at once, many times: one of them
   * loses, never both win (a group naming a template that is gone), whichever comes first.
   */
  @Test
  void aTemplateDeletedWhileAGroupIsMadeFromItIsNeverLeftBehind() throws Exception {
    String project = Http.newProject();
    String templates = "/compute/v1/projects/" + project + "/global/instanceTemplates";
    String groups = Http.zonePath(project, ZONE) + "/instanceGroupManagers";
    ExecutorService both = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 30; i++) {
        String template = "race-" + i;
        String name = "g-" + i;
        assertEquals(200, http.post(templates, new JsonObject().put("name", template)
          .put("properties", new JsonObject().put("machineType", "e2-micro"))).status());
        Future<Http.Response> group = both.submit(() -> http.post(groups, new JsonObject().put("name", name)
          .put("instanceTemplate", "global/instanceTemplates/" + template).put("targetSize", 0)));
        Future<Http.Response> delete = both.submit(() -> http.delete(templates + "/" + template));
        group.get();
        delete.get();
        boolean templateGone = http.get(templates + "/" + template).status() == 404;
        boolean groupMade = http.get(groups + "/" + name).status() == 200;
        assertTrue(templateGone != groupMade, "round " + i + ": template gone " + templateGone + ", group made " + groupMade);
      }
    } finally {
      both.shutdownNow();
    }
  }

  @Test
  void gcloudInstanceTemplates() {
    Gcloud gcloud = Gcloud.installedOrSkip("InstanceTemplatesTest", config, EMULATOR.baseUrl() + "/compute/v1/");
    String project = Http.newProject();
    gcloud.run(project, "compute", "instance-templates", "create", "t1", "--machine-type=e2-micro", "--image-family=debian-12",
      "--image-project=debian-cloud").ok();
    assertTrue(gcloud.run(project, "compute", "instance-templates", "list").ok().out().contains("t1"));
    String described = gcloud.run(project, "compute", "instance-templates", "describe", "t1", "--format=json").ok().out();
    assertEquals("e2-micro", new JsonObject(described).getJsonObject("properties").getString("machineType"));
    gcloud.run(project, "compute", "instances", "create", "g1", "--zone=" + ZONE, "--source-instance-template=t1").ok();
    assertEquals("RUNNING", http.get(Http.zonePath(project, ZONE) + "/instances/g1").json().getString("status"));
    gcloud.run(project, "compute", "instance-templates", "delete", "t1").ok();
    assertFalse(gcloud.run(project, "compute", "instance-templates", "list").ok().out().contains("t1"));
  }
}
