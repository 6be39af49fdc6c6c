package io.gceemu.client;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.compute.v1.AggregatedListMachineTypesRequest;
import com.google.cloud.compute.v1.GetSerialPortOutputInstanceRequest;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSettings;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.MachineTypesClient;
import com.google.cloud.compute.v1.MachineTypesScopedList;
import com.google.cloud.compute.v1.MachineTypesSettings;
import com.google.cloud.compute.v1.Metadata;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.Project;
import com.google.cloud.compute.v1.ProjectsClient;
import com.google.cloud.compute.v1.ProjectsSettings;
import com.google.cloud.compute.v1.Region;
import com.google.cloud.compute.v1.RegionsClient;
import com.google.cloud.compute.v1.RegionsSettings;
import com.google.cloud.compute.v1.SerialPortOutput;
import com.google.cloud.compute.v1.Tags;
import com.google.cloud.compute.v1.Zone;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import com.google.cloud.compute.v1.ZoneOperationsSettings;
import com.google.cloud.compute.v1.ZonesClient;
import com.google.cloud.compute.v1.ZonesSettings;
import io.gceemu.support.Http;
import io.gceemu.support.EmulatorExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rest of what the official Java client reaches: catalogs, projects, operations, setters. */
class OfficialJavaClientCatalogTest {

  private static final String ZONE = "europe-west1-d";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static String endpoint;

  @BeforeAll
  static void start() {
    endpoint = EMULATOR.baseUrl();
  }

  @Test
  void zonesRegionsProjectsAndAggregatedMachineTypes() throws Exception {
    String project = Http.newProject();
    try (ZonesClient zones = ZonesClient.create(ZonesSettings.newBuilder().setEndpoint(endpoint)
           .setCredentialsProvider(NoCredentialsProvider.create()).build());
         RegionsClient regions = RegionsClient.create(RegionsSettings.newBuilder().setEndpoint(endpoint)
           .setCredentialsProvider(NoCredentialsProvider.create()).build());
         ProjectsClient projects = ProjectsClient.create(ProjectsSettings.newBuilder().setEndpoint(endpoint)
           .setCredentialsProvider(NoCredentialsProvider.create()).build());
         MachineTypesClient machineTypes = MachineTypesClient.create(MachineTypesSettings.newBuilder().setEndpoint(endpoint)
           .setCredentialsProvider(NoCredentialsProvider.create()).build())) {
      Zone zone = zones.get(project, ZONE);
      assertEquals("UP", zone.getStatus());
      assertTrue(zone.getRegion().endsWith("/regions/europe-west1"));
      List<String> zoneNames = new ArrayList<>();
      zones.list(project).iterateAll().forEach(z -> zoneNames.add(z.getName()));
      assertEquals(19, zoneNames.size());

      Region region = regions.get(project, "europe-west1");
      assertEquals(3, region.getZonesCount());
      assertThrows(NotFoundException.class, () -> regions.get(project, "mars-north1"));

      Project info = projects.get(project);
      assertEquals(project, info.getName());
      assertTrue(info.getId() > 0);

      int scopes = 0;
      int types = 0;
      for (Map.Entry<String, MachineTypesScopedList> scope : machineTypes.aggregatedList(
          AggregatedListMachineTypesRequest.newBuilder().setProject(project).setFilter("name = n2-standard-8").build()).iterateAll()) {
        scopes++;
        types += scope.getValue().getMachineTypesCount();
      }
      assertEquals(19, scopes);
      assertEquals(19, types);
    }
  }

  @Test
  void settersOperationsAndSerialOutput() throws Exception {
    String project = Http.newProject();
    try (InstancesClient instances = InstancesClient.create(InstancesSettings.newBuilder().setEndpoint(endpoint)
           .setCredentialsProvider(NoCredentialsProvider.create()).build());
         ZoneOperationsClient operations = ZoneOperationsClient.create(ZoneOperationsSettings.newBuilder().setEndpoint(endpoint)
           .setCredentialsProvider(NoCredentialsProvider.create()).build())) {
      Operation insert = instances.insertAsync(project, ZONE, Instance.newBuilder().setName("setter")
        .setMachineType("projects/" + project + "/zones/" + ZONE + "/machineTypes/n1-standard-1").build()).get(60, TimeUnit.SECONDS);
      assertEquals(Operation.Status.DONE, operations.wait(project, ZONE, insert.getName()).getStatus());

      Instance vm = instances.get(project, ZONE, "setter");
      assertEquals("10.132.0.2", vm.getNetworkInterfaces(0).getNetworkIP(), "a body without interfaces gets nic0 on default");
      instances.setMetadataAsync(project, ZONE, "setter", Metadata.newBuilder().setFingerprint(vm.getMetadata().getFingerprint())
        .addItems(Items.newBuilder().setKey("enable-oslogin").setValue("TRUE")).build()).get(60, TimeUnit.SECONDS);
      instances.setTagsAsync(project, ZONE, "setter", Tags.newBuilder().setFingerprint(vm.getTags().getFingerprint())
        .addItems("ssh").build()).get(60, TimeUnit.SECONDS);
      Instance updated = instances.get(project, ZONE, "setter");
      assertEquals("TRUE", updated.getMetadata().getItems(0).getValue());
      assertEquals(List.of("ssh"), updated.getTags().getItemsList());

      List<String> types = new ArrayList<>();
      operations.list(project, ZONE).iterateAll().forEach(op -> types.add(op.getOperationType()));
      assertEquals(List.of("insert", "setMetadata", "setTags"), types.stream().sorted().toList());

      SerialPortOutput tail = instances.getSerialPortOutput(GetSerialPortOutputInstanceRequest.newBuilder()
        .setProject(project).setZone(ZONE).setInstance("setter").setPort(1).setStart(5).build());
      assertEquals(5, tail.getStart());
      assertTrue(tail.getNext() > 5);

      operations.delete(project, ZONE, insert.getName());
      assertThrows(NotFoundException.class, () -> operations.get(project, ZONE, insert.getName()));
    }
  }
}
