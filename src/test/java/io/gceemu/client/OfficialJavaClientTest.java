package io.gceemu.client;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.AbortedException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.compute.v1.AccessConfig;
import com.google.cloud.compute.v1.AggregatedListInstancesRequest;
import com.google.cloud.compute.v1.AttachedDisk;
import com.google.cloud.compute.v1.AttachedDiskInitializeParams;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesScopedList;
import com.google.cloud.compute.v1.InstancesSetLabelsRequest;
import com.google.cloud.compute.v1.InstancesSettings;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.ListInstancesRequest;
import com.google.cloud.compute.v1.MachineType;
import com.google.cloud.compute.v1.MachineTypesClient;
import com.google.cloud.compute.v1.MachineTypesSettings;
import com.google.cloud.compute.v1.Metadata;
import com.google.cloud.compute.v1.NetworkInterface;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.SerialPortOutput;
import com.google.cloud.compute.v1.SetLabelsInstanceRequest;
import com.google.cloud.compute.v1.Tags;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import com.google.cloud.compute.v1.ZoneOperationsSettings;
import io.gceemu.support.Http;
import io.gceemu.support.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole instance scenario driven by the official {@code google-cloud-compute} client, pointed
 * at the emulator exactly as its users would: endpoint plus no credentials, nothing else changed.
 */
class OfficialJavaClientTest {

  private static final String ZONE = "us-central1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static InstancesClient instances;
  private static MachineTypesClient machineTypes;
  private static ZoneOperationsClient operations;
  private String project;

  @BeforeAll
  static void start() throws Exception {
    String endpoint = EMULATOR.baseUrl();
    instances = InstancesClient.create(InstancesSettings.newBuilder()
      .setEndpoint(endpoint).setCredentialsProvider(NoCredentialsProvider.create()).build());
    machineTypes = MachineTypesClient.create(MachineTypesSettings.newBuilder()
      .setEndpoint(endpoint).setCredentialsProvider(NoCredentialsProvider.create()).build());
    operations = ZoneOperationsClient.create(ZoneOperationsSettings.newBuilder()
      .setEndpoint(endpoint).setCredentialsProvider(NoCredentialsProvider.create()).build());
  }

  @AfterAll
  static void stop() throws Exception {
    instances.close();
    machineTypes.close();
    operations.close();
  }

  @BeforeEach
  void newProject() {
    project = Http.newProject();
  }

  private static Instance instance(String name) {
    return Instance.newBuilder()
      .setName(name)
      .setMachineType("zones/" + ZONE + "/machineTypes/e2-medium")
      .putLabels("env", "acc")
      .putLabels("suite", "java-cloud")
      .setMetadata(Metadata.newBuilder()
        .addItems(Items.newBuilder().setKey("acc-key").setValue("acc-value"))
        .addItems(Items.newBuilder().setKey("second-key").setValue("hello")))
      .setTags(Tags.newBuilder().addItems("acc-tag").addItems("http-server"))
      .addDisks(AttachedDisk.newBuilder().setBoot(true).setAutoDelete(true).setType("PERSISTENT")
        .setInitializeParams(AttachedDiskInitializeParams.newBuilder()
          .setSourceImage("projects/debian-cloud/global/images/family/debian-12").setDiskSizeGb(10)))
      .addNetworkInterfaces(NetworkInterface.newBuilder().setNetwork("global/networks/default")
        .addAccessConfigs(AccessConfig.newBuilder().setName("External NAT").setType("ONE_TO_ONE_NAT")))
      .build();
  }

  private Operation await(com.google.api.gax.longrunning.OperationFuture<Operation, Operation> future) throws Exception {
    return future.get(60, TimeUnit.SECONDS);
  }

  @Test
  void theWholeInstanceScenario() throws Exception {
    Operation insert = await(instances.insertAsync(project, ZONE, instance("acc-vm")));
    assertEquals(Operation.Status.DONE, insert.getStatus());
    assertEquals("insert", insert.getOperationType());
    assertTrue(insert.getTargetLink().endsWith("/zones/" + ZONE + "/instances/acc-vm"));
    assertTrue(insert.getZone().endsWith("/zones/" + ZONE));

    Instance vm = instances.get(project, ZONE, "acc-vm");
    assertEquals("RUNNING", vm.getStatus());
    assertTrue(vm.getMachineType().endsWith("/e2-medium"));
    assertEquals(Map.of("env", "acc", "suite", "java-cloud"), vm.getLabelsMap());
    assertEquals(List.of("acc-tag", "http-server"), vm.getTags().getItemsList());
    assertEquals("acc-value", vm.getMetadata().getItems(0).getValue());
    assertEquals(vm.getId(), insert.getTargetId(), "the operation names the instance it created by id");
    assertTrue(vm.getDisks(0).getBoot());
    assertTrue(vm.getSelfLink().endsWith("/projects/" + project + "/zones/" + ZONE + "/instances/acc-vm"));
    OffsetDateTime.parse(vm.getCreationTimestamp());

    for (int i = 0; i < 3; i++) {
      await(instances.insertAsync(project, ZONE, instance("acc-extra-" + i).toBuilder().clearLabels().putLabels("env", "other").build()));
    }
    List<String> filtered = new ArrayList<>();
    instances.list(ListInstancesRequest.newBuilder().setProject(project).setZone(ZONE).setFilter("labels.env = other").setMaxResults(2).build())
      .iterateAll().forEach(item -> filtered.add(item.getName()));
    assertEquals(List.of("acc-extra-0", "acc-extra-1", "acc-extra-2"), filtered);

    int aggregatedCount = 0;
    for (Map.Entry<String, InstancesScopedList> scope : instances.aggregatedList(
        AggregatedListInstancesRequest.newBuilder().setProject(project).setReturnPartialSuccess(true).build()).iterateAll()) {
      aggregatedCount += scope.getValue().getInstancesCount();
    }
    assertEquals(4, aggregatedCount);

    Operation relabel = await(instances.setLabelsAsync(SetLabelsInstanceRequest.newBuilder()
      .setProject(project).setZone(ZONE).setInstance("acc-vm")
      .setInstancesSetLabelsRequestResource(InstancesSetLabelsRequest.newBuilder()
        .putLabels("env", "acc").putLabels("phase", "relabelled").setLabelFingerprint(vm.getLabelFingerprint()))
      .build()));
    assertEquals("compute.instance.setLabels", relabel.getOperationType());
    Instance relabelled = instances.get(project, ZONE, "acc-vm");
    assertEquals("relabelled", relabelled.getLabelsMap().get("phase"));
    assertNotEquals(vm.getLabelFingerprint(), relabelled.getLabelFingerprint());

    await(instances.stopAsync(project, ZONE, "acc-vm"));
    assertEquals("TERMINATED", instances.get(project, ZONE, "acc-vm").getStatus());
    await(instances.startAsync(project, ZONE, "acc-vm"));
    assertEquals("RUNNING", instances.get(project, ZONE, "acc-vm").getStatus());
    await(instances.resetAsync(project, ZONE, "acc-vm"));

    SerialPortOutput serial = instances.getSerialPortOutput(project, ZONE, "acc-vm");
    assertTrue(serial.getContents().contains("acc-vm login:"));
    assertEquals(serial.getContents().length(), serial.getNext());

    Operation fetched = operations.get(project, ZONE, insert.getName());
    assertEquals(insert.getId(), fetched.getId());

    Operation delete = await(instances.deleteAsync(project, ZONE, "acc-vm"));
    assertEquals("delete", delete.getOperationType());
    assertThrows(NotFoundException.class, () -> instances.get(project, ZONE, "acc-vm"));
  }

  @Test
  void errorsMapToTheClientsExceptions() throws Exception {
    await(instances.insertAsync(project, ZONE, instance("dup")));
    ExecutionException duplicate = assertThrows(ExecutionException.class, () -> await(instances.insertAsync(project, ZONE, instance("dup"))));
    assertInstanceOf(AbortedException.class, duplicate.getCause(), "GCE's 409 is ABORTED in this client");

    ExecutionException badName = assertThrows(ExecutionException.class, () -> await(instances.insertAsync(project, ZONE, instance("Bad_Name"))));
    assertInstanceOf(InvalidArgumentException.class, badName.getCause());

    assertThrows(NotFoundException.class, () -> instances.get(project, ZONE, "missing"));

    ExecutionException stale = assertThrows(ExecutionException.class, () -> await(instances.setLabelsAsync(SetLabelsInstanceRequest.newBuilder()
      .setProject(project).setZone(ZONE).setInstance("dup")
      .setInstancesSetLabelsRequestResource(InstancesSetLabelsRequest.newBuilder().putLabels("a", "b").setLabelFingerprint("AAAAAAAAAAA="))
      .build())));
    assertEquals(StatusCode.Code.FAILED_PRECONDITION, ((ApiException) stale.getCause()).getStatusCode().getCode());
  }

  @Test
  void machineTypesParse() {
    MachineType micro = machineTypes.get(project, ZONE, "e2-micro");
    assertEquals(2, micro.getGuestCpus());
    assertEquals(1024, micro.getMemoryMb());
    assertTrue(micro.getIsSharedCpu());
    assertEquals(3072, micro.getMaximumPersistentDisksSizeGb());
    List<String> names = new ArrayList<>();
    machineTypes.list(project, ZONE).iterateAll().forEach(type -> names.add(type.getName()));
    assertEquals(13, names.size());
  }
}
