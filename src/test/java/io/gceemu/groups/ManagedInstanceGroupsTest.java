package io.gceemu.groups;

import com.google.cloud.compute.v1.InstanceGroupManager;
import com.google.cloud.compute.v1.InstanceGroupManagersAbandonInstancesRequest;
import com.google.cloud.compute.v1.InstanceGroupManagersClient;
import com.google.cloud.compute.v1.InstanceGroupManagersDeleteInstancesRequest;
import com.google.cloud.compute.v1.InstanceGroupManagersRecreateInstancesRequest;
import com.google.cloud.compute.v1.InstanceGroupsClient;
import com.google.cloud.compute.v1.ManagedInstance;
import com.google.cloud.compute.v1.Operation;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Gcloud;
import io.gceemu.support.Http;
import io.gceemu.support.JavaClients;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zonal managed instance groups through the official Java client and gcloud: the operations end
 * at once while the zone's control loop makes and deletes real member instances, shown in
 * currentActions and status.isStable until the group is at its target; members lost are repaired.
 */
class ManagedInstanceGroupsTest {

  private static final String ZONE = "us-central1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  @TempDir
  static Path config;
  private static InstanceGroupManagersClient managers;
  private static InstanceGroupsClient instanceGroups;
  private static Http http;

  @BeforeAll
  static void start() {
    managers = JavaClients.instanceGroupManagers(EMULATOR.baseUrl());
    instanceGroups = JavaClients.instanceGroups(EMULATOR.baseUrl());
    http = EMULATOR.http();
  }

  @AfterAll
  static void stop() {
    managers.close();
    instanceGroups.close();
  }

  @AfterEach
  void defaultProgression() {
    assertEquals(200, http.method("PUT", "/_emulator/progression", "{\"mode\": \"default\"}").status());
  }

  /** A project with template {@code t} and group {@code web} of {@code size} members. */
  private static String withGroup(int size) throws Exception {
    String project = Http.newProject();
    assertEquals(200, http.post("/compute/v1/projects/" + project + "/global/instanceTemplates", new JsonObject().put("name", "t")
      .put("properties", new JsonObject().put("machineType", "e2-micro").put("disks", new JsonArray().add(new JsonObject()
        .put("boot", true).put("autoDelete", true).put("initializeParams", new JsonObject()
          .put("sourceImage", "projects/debian-cloud/global/images/family/debian-12")))))).status());
    managers.insertAsync(project, ZONE, InstanceGroupManager.newBuilder().setName("web").setBaseInstanceName("web")
      .setInstanceTemplate("projects/" + project + "/global/instanceTemplates/t").setTargetSize(size).build()).get();
    return project;
  }

  private static InstanceGroupManager stable(String project) throws InterruptedException {
    return until(project, group -> group.getStatus().getIsStable());
  }

  private static InstanceGroupManager until(String project, Predicate<InstanceGroupManager> done) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    InstanceGroupManager group = managers.get(project, ZONE, "web");
    while (!done.test(group)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("the group never got there: " + group);
      }
      Thread.sleep(20);
      group = managers.get(project, ZONE, "web");
    }
    return group;
  }

  private static List<ManagedInstance> members(String project) {
    return managers.listManagedInstances(project, ZONE, "web").getPage().getResponse().getManagedInstancesList();
  }

  @Test
  void aGroupMakesItsMembersAndIsStableAtItsTargetSize() throws Exception {
    String project = withGroup(3);
    InstanceGroupManager group = stable(project);
    assertEquals(3, group.getCurrentActions().getNone());
    assertTrue(group.getStatus().getVersionTarget().getIsReached());
    List<ManagedInstance> members = members(project);
    assertEquals(3, members.size());
    assertTrue(members.stream().allMatch(member -> member.getInstance().matches(".*/instances/web-[a-z0-9]{4}")
      && member.getInstanceStatus().equals("RUNNING") && member.getCurrentAction().equals("NONE")), members.toString());
    JsonObject member = http.get(Http.zonePath(project, ZONE) + "/instances/" + last(members.get(0).getInstance())).json();
    assertTrue(member.getJsonObject("metadata").encode().contains("/zones/" + ZONE + "/instanceGroupManagers/web"), member.encode());
    assertEquals(3, instanceGroups.get(project, ZONE, "web").getSize());
    JsonObject referrers = http.get(Http.zonePath(project, ZONE) + "/instances/" + last(members.get(0).getInstance()) + "/referrers").json();
    assertEquals("MEMBER_OF", referrers.getJsonArray("items").getJsonObject(0).getString("referenceType"));
    assertTrue(referrers.getJsonArray("items").getJsonObject(0).getString("referrer")
      .endsWith("/projects/" + project + "/zones/" + ZONE + "/instanceGroups/web"), referrers.encode());

    Operation resized = managers.resizeAsync(project, ZONE, "web", 5).get();
    assertEquals("compute.instanceGroupManagers.resize", resized.getOperationType());
    assertEquals(5, stable(project).getTargetSize());
    assertEquals(5, members(project).size());
    managers.resizeAsync(project, ZONE, "web", 1).get();
    stable(project);
    assertEquals(1, members(project).size());
    assertEquals(1, instanceGroups.get(project, ZONE, "web").getSize());
  }

  @Test
  void workInProgressShowsInCurrentActions() throws Exception {
    String project = withGroup(0);
    assertEquals(200, http.method("PUT", "/_emulator/progression",
      "{\"method\": \"compute.instances.insert\", \"mode\": \"manual\", \"reads\": 0}").status());
    managers.resizeAsync(project, ZONE, "web", 2).get();
    InstanceGroupManager creating = until(project, group -> members(project).size() == 2);
    assertEquals(2, creating.getCurrentActions().getCreating());
    assertFalse(creating.getStatus().getIsStable());
    assertTrue(members(project).stream().allMatch(member -> member.getCurrentAction().equals("CREATING")));
    assertEquals(200, http.method("PUT", "/_emulator/progression", "{\"mode\": \"default\"}").status());
    assertEquals(2, stable(project).getCurrentActions().getNone());
  }

  @Test
  void membersLostAreRepairedAndTheGroupsVerbsActOnTheNamedOnes() throws Exception {
    String project = withGroup(3);
    stable(project);
    String lost = last(members(project).get(0).getInstance());
    assertEquals(200, http.delete(Http.zonePath(project, ZONE) + "/instances/" + lost).status());
    until(project, group -> group.getStatus().getIsStable() && members(project).stream().noneMatch(m -> m.getInstance().endsWith(lost)));
    assertEquals(3, members(project).size(), "a member deleted by anyone but the group is made again");

    String stopped = last(members(project).get(0).getInstance());
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances/" + stopped + "/stop", "").status());
    until(project, group -> group.getStatus().getIsStable() && members(project).stream().noneMatch(m -> m.getInstance().endsWith(stopped)));
    assertEquals(3, members(project).size(), "a member stopped by anyone but the group is replaced");
    String rested = members(project).get(0).getInstance();
    managers.stopInstancesAsync(project, ZONE, "web", com.google.cloud.compute.v1.InstanceGroupManagersStopInstancesRequest.newBuilder()
      .addInstances(rested).build()).get();
    until(project, group -> members(project).stream().anyMatch(m -> m.getInstance().equals(rested)
      && m.getInstanceStatus().equals("TERMINATED")));
    Thread.sleep(1_500);
    assertTrue(members(project).stream().anyMatch(m -> m.getInstance().equals(rested) && m.getInstanceStatus().equals("TERMINATED")),
      "one the group stopped itself stays stopped");
    managers.startInstancesAsync(project, ZONE, "web", com.google.cloud.compute.v1.InstanceGroupManagersStartInstancesRequest.newBuilder()
      .addInstances(rested).build()).get();
    until(project, group -> members(project).stream().anyMatch(m -> m.getInstance().equals(rested) && m.getInstanceStatus().equals("RUNNING")));

    String recreated = members(project).get(0).getInstance();
    managers.recreateInstancesAsync(project, ZONE, "web", InstanceGroupManagersRecreateInstancesRequest.newBuilder()
      .addInstances(recreated).build()).get();
    until(project, group -> group.getStatus().getIsStable() && members(project).stream().noneMatch(m -> m.getInstance().equals(recreated)));
    assertEquals(3, members(project).size());

    String groupPath = Http.zonePath(project, ZONE) + "/instanceGroupManagers/web";
    Http.Response notMember = http.post(groupPath + "/deleteInstances", new JsonObject().put("instances",
      new JsonArray().add("zones/" + ZONE + "/instances/stranger")));
    assertEquals(400, notMember.status(), notMember.body());
    assertEquals("invalid", notMember.reason());
    assertTrue(notMember.message().contains("stranger"), notMember.message());
    assertEquals(200, http.post(groupPath + "/deleteInstances", new JsonObject().put("skipInstancesOnValidationError", true)
      .put("instances", new JsonArray().add("zones/" + ZONE + "/instances/stranger"))).status());
    assertEquals(3, managers.get(project, ZONE, "web").getTargetSize(), "an instance not of the group is not counted off its size");

    String deleted = members(project).get(0).getInstance();
    managers.deleteInstancesAsync(project, ZONE, "web", InstanceGroupManagersDeleteInstancesRequest.newBuilder()
      .addInstances(deleted).build()).get();
    assertEquals(2, until(project, group -> group.getStatus().getIsStable() && members(project).size() == 2).getTargetSize());
    assertEquals(404, http.get(Http.zonePath(project, ZONE) + "/instances/" + last(deleted)).status());

    String abandoned = members(project).get(0).getInstance();
    managers.abandonInstancesAsync(project, ZONE, "web", InstanceGroupManagersAbandonInstancesRequest.newBuilder()
      .addInstances(abandoned).build()).get();
    until(project, group -> group.getStatus().getIsStable() && members(project).size() == 1);
    JsonObject left = http.get(Http.zonePath(project, ZONE) + "/instances/" + last(abandoned)).json();
    assertEquals("RUNNING", left.getString("status"), "an abandoned member stays, no longer the group's");
    assertFalse(left.getJsonObject("metadata").encode().contains("instanceGroupManagers"));

    managers.createInstancesAsync(project, ZONE, "web", com.google.cloud.compute.v1.InstanceGroupManagersCreateInstancesRequest.newBuilder()
      .addInstances(com.google.cloud.compute.v1.PerInstanceConfig.newBuilder().setName("web-chosen")).build()).get();
    assertEquals(2, until(project, group -> group.getStatus().getIsStable() && members(project).size() == 2).getTargetSize());
    assertTrue(members(project).stream().anyMatch(member -> member.getInstance().endsWith("/instances/web-chosen")), "made under the name asked for");
    JsonObject shown = http.get(Http.zonePath(project, ZONE) + "/instanceGroupManagers/web").json();
    for (String bookkeeping : List.of("membersAtRest", "membersAbandoned", "membersNamed", "replaceBefore")) {
      assertFalse(shown.containsKey(bookkeeping), "GCE shows no " + bookkeeping + ": " + shown);
    }

    String templates = "/compute/v1/projects/" + project + "/global/instanceTemplates/t";
    Http.Response inUse = http.delete(templates);
    assertEquals("resourceInUseByAnotherResource", inUse.reason(), inUse.body());
    managers.deleteAsync(project, ZONE, "web").get();
    assertEquals(1, http.get(Http.zonePath(project, ZONE) + "/instances").json().getJsonArray("items", new JsonArray()).size(),
      "the group's members are gone when its delete is DONE");
    assertEquals(200, http.get(Http.zonePath(project, ZONE) + "/instances/" + last(abandoned)).status());
    assertEquals(404, http.get(Http.zonePath(project, ZONE) + "/instanceGroups/web").status());
    assertEquals(200, http.delete(templates).status(), "no group uses it now");
  }

  @Test
  void unmanagedGroupsHoldTheInstancesAddedToThem() throws Exception {
    String project = Http.newProject();
    for (String name : List.of("a", "b")) {
      assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", io.gceemu.support.Bodies.instance(name, ZONE)).status());
    }
    instanceGroups.insertAsync(project, ZONE, com.google.cloud.compute.v1.InstanceGroup.newBuilder().setName("pool").build()).get();
    String a = "projects/" + project + "/zones/" + ZONE + "/instances/a";
    String b = "projects/" + project + "/zones/" + ZONE + "/instances/b";
    instanceGroups.addInstancesAsync(project, ZONE, "pool", com.google.cloud.compute.v1.InstanceGroupsAddInstancesRequest.newBuilder()
      .addInstances(com.google.cloud.compute.v1.InstanceReference.newBuilder().setInstance(a))
      .addInstances(com.google.cloud.compute.v1.InstanceReference.newBuilder().setInstance(b)).build()).get();
    assertEquals(2, instanceGroups.get(project, ZONE, "pool").getSize());
    instanceGroups.setNamedPortsAsync(project, ZONE, "pool", com.google.cloud.compute.v1.InstanceGroupsSetNamedPortsRequest.newBuilder()
      .addNamedPorts(com.google.cloud.compute.v1.NamedPort.newBuilder().setName("http").setPort(80)).build()).get();
    assertEquals(80, instanceGroups.get(project, ZONE, "pool").getNamedPorts(0).getPort());
    instanceGroups.removeInstancesAsync(project, ZONE, "pool", com.google.cloud.compute.v1.InstanceGroupsRemoveInstancesRequest.newBuilder()
      .addInstances(com.google.cloud.compute.v1.InstanceReference.newBuilder().setInstance(a)).build()).get();
    JsonArray left = http.post(Http.zonePath(project, ZONE) + "/instanceGroups/pool/listInstances", "").json().getJsonArray("items");
    assertEquals(1, left.size());
    assertTrue(left.getJsonObject(0).getString("instance").endsWith("/instances/b"));
    assertEquals(404, http.post(Http.zonePath(project, ZONE) + "/instanceGroups/pool/addInstances", new JsonObject().put("instances",
      new JsonArray().add(new JsonObject().put("instance", "zones/" + ZONE + "/instances/nope")))).status());
    assertEquals(1, instanceGroups.get(project, ZONE, "pool").getSize(), "nothing changed");
    instanceGroups.deleteAsync(project, ZONE, "pool").get();
    assertEquals(404, http.get(Http.zonePath(project, ZONE) + "/instanceGroups/pool").status());
  }

  @Test
  void aBaseEndingInHashSignsNumbersTheMembers() throws Exception {
    String project = Http.newProject();
    assertEquals(200, http.post("/compute/v1/projects/" + project + "/global/instanceTemplates", new JsonObject().put("name", "t")
      .put("properties", new JsonObject().put("machineType", "e2-micro"))).status());
    managers.insertAsync(project, ZONE, InstanceGroupManager.newBuilder().setName("web").setBaseInstanceName("vm-###")
      .setInstanceTemplate("global/instanceTemplates/t").setTargetSize(3).build()).get();
    until(project, group -> group.getStatus().getIsStable() && members(project).size() == 3);
    assertEquals(List.of("vm-001", "vm-002", "vm-003"), members(project).stream().map(member -> last(member.getInstance())).sorted().toList());
    Http.Response bad = http.post(Http.zonePath(project, ZONE) + "/instanceGroupManagers", new JsonObject().put("name", "bad")
      .put("baseInstanceName", "vm#").put("instanceTemplate", "global/instanceTemplates/t").put("targetSize", 1));
    assertEquals(400, bad.status(), bad.body());
  }

  @Test
  void gcloudManagesAGroup() {
    Gcloud gcloud = Gcloud.installedOrSkip("ManagedInstanceGroupsTest", config, EMULATOR.baseUrl() + "/compute/v1/");
    String project = Http.newProject();
    String zone = "--zone=" + ZONE;
    gcloud.run(project, "compute", "instance-templates", "create", "t", "--machine-type=e2-micro").ok();
    gcloud.run(project, "compute", "instance-groups", "managed", "create", "g", zone, "--template=t", "--size=2").ok();
    gcloud.run(project, "compute", "instance-groups", "managed", "wait-until", "g", zone, "--stable").ok();
    assertEquals(2, gcloud.run(project, "compute", "instance-groups", "managed", "list-instances", "g", zone, "--format=value(instance)")
      .ok().out().trim().split("\n").length);
    gcloud.run(project, "compute", "instance-groups", "managed", "resize", "g", zone, "--size=3").ok();
    gcloud.run(project, "compute", "instance-groups", "managed", "wait-until", "g", zone, "--stable").ok();
    String described = gcloud.run(project, "compute", "instance-groups", "managed", "describe", "g", zone, "--format=json").ok().out();
    assertEquals(3, new JsonObject(described).getInteger("targetSize"));
    assertTrue(gcloud.run(project, "compute", "instance-groups", "list").ok().out().contains("g"));
    gcloud.run(project, "compute", "instance-templates", "create", "t2", "--machine-type=e2-small").ok();
    gcloud.run(project, "compute", "instance-groups", "managed", "rolling-action", "start-update", "g", zone, "--version=template=t2").ok();
    gcloud.run(project, "compute", "instance-groups", "managed", "wait-until", "g", zone, "--version-target-reached").ok();
    String rolled = gcloud.run(project, "compute", "instance-groups", "managed", "list-instances", "g", zone,
      "--format=value(version.instanceTemplate.basename())").ok().out().trim();
    assertEquals(List.of("t2", "t2", "t2"), List.of(rolled.split("\n")), "a PROACTIVE update replaced every member");
    List<String> before = List.of(gcloud.run(project, "compute", "instance-groups", "managed", "list-instances", "g", zone,
      "--format=value(name)").ok().out().trim().split("\n"));
    gcloud.run(project, "compute", "instance-groups", "managed", "rolling-action", "replace", "g", zone, "--max-unavailable=2").ok();
    gcloud.run(project, "compute", "instance-groups", "managed", "wait-until", "g", zone, "--stable").ok();
    List<String> after = List.of(gcloud.run(project, "compute", "instance-groups", "managed", "list-instances", "g", zone,
      "--format=value(name)").ok().out().trim().split("\n"));
    assertEquals(3, after.size());
    assertTrue(after.stream().noneMatch(before::contains), "replace makes every member anew: " + before + " then " + after);
    gcloud.run(project, "compute", "instance-groups", "managed", "delete", "g", zone).ok();
  }

  private static String last(String link) {
    return link.substring(link.lastIndexOf('/') + 1);
  }
}
