package io.gceemu.client;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.longrunning.OperationFuture;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InsertInstanceRequest;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSetMachineTypeRequest;
import com.google.cloud.compute.v1.InstancesSettings;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.SetDeletionProtectionInstanceRequest;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import com.google.cloud.compute.v1.ZoneOperationsSettings;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official client against GCE-like asynchrony (realistic profile, phases shortened for the
 * test): its OperationFuture polls zoneOperations.get until DONE, while the VM is seen passing
 * through PROVISIONING, STAGING and STOPPING.
 */
class OfficialJavaClientRealisticTest {

  private static final String ZONE = "us-east1-d";

  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension(new JsonObject().put("timing", "realistic")
    .put("transitionMs", new JsonObject()
      .put("compute.instances.insert.PROVISIONING", 400).put("compute.instances.insert.STAGING", 400)
      .put("compute.instances.start.PROVISIONING", 400).put("compute.instances.start.STAGING", 400)
      .put("compute.instances.resume.PROVISIONING", 300).put("compute.instances.resume.STAGING", 300)
      .put("compute.instances.stop.STOPPING", 600).put("compute.instances.suspend.SUSPENDING", 300).put("compute.instances.delete.STOPPING", 300)));

  private static InstancesClient instances;
  private static ZoneOperationsClient operations;

  @BeforeAll
  static void clients() throws Exception {
    instances = InstancesClient.create(InstancesSettings.newBuilder().setEndpoint(EMULATOR.baseUrl())
      .setCredentialsProvider(NoCredentialsProvider.create()).build());
    operations = ZoneOperationsClient.create(ZoneOperationsSettings.newBuilder().setEndpoint(EMULATOR.baseUrl())
      .setCredentialsProvider(NoCredentialsProvider.create()).build());
  }

  @AfterAll
  static void close() {
    instances.close();
    operations.close();
  }

  /** Runs an operation through the client while another thread watches the instance's status. */
  private static Set<String> watch(String project, String name, OperationFuture<Operation, Operation> future) throws Exception {
    Set<String> seen = new ConcurrentSkipListSet<>();
    Thread watcher = new Thread(() -> {
      while (!future.isDone()) {
        try {
          seen.add(instances.get(project, ZONE, name).getStatus());
        } catch (NotFoundException notYetCreated) {
          // the insert request may not have reached the emulator yet
        }
        try {
          Thread.sleep(30);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    watcher.start();
    Operation done = future.get(60, TimeUnit.SECONDS);
    watcher.join();
    assertEquals(Operation.Status.DONE, done.getStatus());
    return seen;
  }

  @Test
  void insertGetStopStartObservesTheIntermediateStates() throws Exception {
    String project = Http.newProject();
    Instance vm = Instance.newBuilder().setName("real").setMachineType("zones/" + ZONE + "/machineTypes/e2-small").build();
    Set<String> booting = watch(project, "real", instances.insertAsync(project, ZONE, vm));
    assertTrue(booting.containsAll(Set.of("PROVISIONING", "STAGING")), booting.toString());
    assertEquals("RUNNING", instances.get(project, ZONE, "real").getStatus());

    Set<String> stopping = watch(project, "real", instances.stopAsync(project, ZONE, "real"));
    assertTrue(stopping.contains("STOPPING"), stopping.toString());
    assertEquals("TERMINATED", instances.get(project, ZONE, "real").getStatus());

    Set<String> starting = watch(project, "real", instances.startAsync(project, ZONE, "real"));
    assertTrue(starting.containsAll(Set.of("PROVISIONING", "STAGING")), starting.toString());
    assertEquals("RUNNING", instances.get(project, ZONE, "real").getStatus());
  }

  @Test
  void theRestOfTheInstanceApiThroughTheClient() throws Exception {
    String project = Http.newProject();
    String requestId = "3f6c2a1e-9b7d-4e2f-8a5c-1d2e3f4a5b6c";
    InsertInstanceRequest insert = InsertInstanceRequest.newBuilder().setProject(project).setZone(ZONE).setRequestId(requestId)
      .setInstanceResource(Instance.newBuilder().setName("more").setMachineType("zones/" + ZONE + "/machineTypes/e2-small")).build();
    Operation first = instances.insertAsync(insert).get(60, TimeUnit.SECONDS);
    Operation retried = instances.insertAsync(insert).get(60, TimeUnit.SECONDS);
    assertEquals(first.getId(), retried.getId(), "a retried requestId returns the first operation");
    assertEquals(requestId, first.getClientOperationId());

    instances.suspendAsync(project, ZONE, "more").get(60, TimeUnit.SECONDS);
    assertEquals("SUSPENDED", instances.get(project, ZONE, "more").getStatus());
    instances.resumeAsync(project, ZONE, "more").get(60, TimeUnit.SECONDS);
    instances.stopAsync(project, ZONE, "more").get(60, TimeUnit.SECONDS);
    instances.setMachineTypeAsync(project, ZONE, "more", InstancesSetMachineTypeRequest.newBuilder()
      .setMachineType("zones/" + ZONE + "/machineTypes/n1-standard-2").build()).get(60, TimeUnit.SECONDS);
    assertTrue(instances.get(project, ZONE, "more").getMachineType().endsWith("/n1-standard-2"));

    instances.setDeletionProtectionAsync(SetDeletionProtectionInstanceRequest.newBuilder()
      .setProject(project).setZone(ZONE).setResource("more").setDeletionProtection(true).build()).get(60, TimeUnit.SECONDS);
    Instance protectedVm = instances.get(project, ZONE, "more");
    assertTrue(protectedVm.getDeletionProtection());

    Operation update = instances.updateAsync(project, ZONE, "more", protectedVm.toBuilder().setDescription("via update")
      .setDeletionProtection(false).build()).get(60, TimeUnit.SECONDS);
    assertEquals("update", update.getOperationType());
    assertEquals("via update", instances.get(project, ZONE, "more").getDescription());

    Operation delete = instances.deleteAsync(project, ZONE, "more").get(60, TimeUnit.SECONDS);
    assertEquals(Operation.Status.DONE, operations.wait(project, ZONE, delete.getName()).getStatus());
  }
}
