package io.gceemu.runtime;

import com.google.cloud.compute.v1.AttachedDisk;
import com.google.cloud.compute.v1.AttachedDiskInitializeParams;
import com.google.cloud.compute.v1.Disk;
import com.google.cloud.compute.v1.DisksClient;
import com.google.cloud.compute.v1.Image;
import com.google.cloud.compute.v1.ImagesClient;
import com.google.cloud.compute.v1.InsertImageRequest;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.Metadata;
import com.google.cloud.compute.v1.Snapshot;
import io.gceemu.support.Http;
import io.gceemu.support.JavaClients;
import io.gceemu.support.RunningEmulator;
import org.junit.jupiter.api.Test;

import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Disks are file systems: the boot disk is the VM's root, an attached disk is
 * {@code /mnt/disks/<deviceName>}; a disk's files stay across stop and start, go with a detach
 * from a running VM, come with an attach (read-only when attached so); an image made of a boot
 * disk boots with its files, and a disk restored from a snapshot holds its disk's. All through
 * the official Java client.
 */
class SandboxDisksTest {

  private static final String ZONE = "us-central1-a";
  private static final String DEBIAN = "projects/debian-cloud/global/images/family/debian-12";
  /** Prints, as they change, whether the data disk is there and what it holds. */
  private static final String WATCH_DATA = "(seen=; while true; do now=$(cat /mnt/disks/data/note 2>/dev/null || echo none);"
    + " [ \"$now\" != \"$seen\" ] && echo \"data: $now\" && seen=$now; sleep 0.2; done) &";

  @Test
  void aDisksFilesStayAcrossStopAndStartAndMoveWithDetachAndAttachAndAnImageOfABootDiskBootsWithThem() throws Exception {
    Sandboxes.assumeHostCanRunThem("SandboxDisksTest");
    try (RunningEmulator emulator = Sandboxes.emulator();
         InstancesClient instances = JavaClients.instances(emulator.baseUrl());
         DisksClient disks = JavaClients.disks(emulator.baseUrl());
         ImagesClient images = JavaClients.images(emulator.baseUrl())) {
      String project = Http.newProject();
      disks.insertAsync(project, ZONE, Disk.newBuilder().setName("data").setSizeGb(10).build()).get();
      String writer = String.join("\n",
        "[ -e /root/booted-before ] && echo \"root kept: $(cat /root/booted-before)\"",
        "echo \"made on $(hostname)\" > /root/booted-before",
        "[ -e /mnt/disks/data/note ] || echo \"written by $(hostname)\" > /mnt/disks/data/note",
        WATCH_DATA);
      instances.insertAsync(project, ZONE, Instance.newBuilder().setName("writer").setMachineType(machineType())
        .addDisks(AttachedDisk.newBuilder().setBoot(true).setAutoDelete(true)
          .setInitializeParams(AttachedDiskInitializeParams.newBuilder().setSourceImage(DEBIAN)))
        .addDisks(AttachedDisk.newBuilder().setSource("zones/" + ZONE + "/disks/data").setDeviceName("data"))
        .setMetadata(startup(writer)).build()).get();
      console(instances, project, "writer", text -> text.contains("data: written by writer"));

      instances.stopAsync(project, ZONE, "writer").get();
      instances.startAsync(project, ZONE, "writer").get();
      String again = console(instances, project, "writer", text -> text.split("data: written by writer", -1).length == 3);
      assertTrue(again.contains("root kept: made on writer"), "the boot disk's files stay across stop and start: " + again);

      instances.detachDiskAsync(project, ZONE, "writer", "data").get();
      console(instances, project, "writer", text -> text.contains("data: none"));

      instances.insertAsync(project, ZONE, Instance.newBuilder().setName("reader").setMachineType(machineType())
        .addDisks(AttachedDisk.newBuilder().setBoot(true).setAutoDelete(true)
          .setInitializeParams(AttachedDiskInitializeParams.newBuilder().setSourceImage(DEBIAN)))
        .setMetadata(startup(WATCH_DATA + "\n(until [ -e /mnt/disks/data/note ]; do sleep 0.2; done;"
          + " echo x > /mnt/disks/data/other 2>/dev/null && echo 'data writable' || echo 'data read-only') &")).build()).get();
      console(instances, project, "reader", text -> text.contains("data: none"));
      instances.attachDiskAsync(project, ZONE, "reader", AttachedDisk.newBuilder().setSource("zones/" + ZONE + "/disks/data")
        .setDeviceName("data").setMode("READ_ONLY").build()).get();
      String reader = console(instances, project, "reader", text -> text.contains("data: written by writer")
        && text.contains("data read-only"));
      assertFalse(reader.contains("data writable"), reader);

      instances.stopAsync(project, ZONE, "writer").get();
      // The emulator asks for forceCreate while the disk has users, stopped or not (GCE only while one runs).
      images.insertAsync(InsertImageRequest.newBuilder().setProject(project).setForceCreate(true).setImageResource(Image.newBuilder()
        .setName("writer-image").setSourceDisk("zones/" + ZONE + "/disks/writer")).build()).get();
      instances.insertAsync(project, ZONE, Instance.newBuilder().setName("clone").setMachineType(machineType())
        .addDisks(AttachedDisk.newBuilder().setBoot(true).setAutoDelete(true)
          .setInitializeParams(AttachedDiskInitializeParams.newBuilder().setSourceImage("global/images/writer-image")))
        .setMetadata(startup("echo \"clone sees: $(cat /root/booted-before)\"\n(until [ -e /mnt/disks/restored/note ]; do sleep 0.2; done;"
          + " echo \"restored: $(cat /mnt/disks/restored/note)\") &")).build()).get();
      String clone = console(instances, project, "clone", text -> text.contains("clone sees: "));
      assertTrue(clone.contains("clone sees: made on writer"), "a VM booted from an image of a disk sees its files: " + clone);

      // A snapshot of the data disk, restored to a new disk attached to the clone.
      disks.createSnapshotAsync(project, ZONE, "data", Snapshot.newBuilder().setName("data-snapshot").build()).get();
      disks.insertAsync(project, ZONE, Disk.newBuilder().setName("restored").setSourceSnapshot("global/snapshots/data-snapshot").build()).get();
      instances.attachDiskAsync(project, ZONE, "clone", AttachedDisk.newBuilder().setSource("zones/" + ZONE + "/disks/restored")
        .setDeviceName("restored").build()).get();
      assertTrue(console(instances, project, "clone", text -> text.contains("restored: ")).contains("restored: written by writer"));
    }
  }

  private static String machineType() {
    return "zones/" + ZONE + "/machineTypes/e2-micro";
  }

  private static Metadata startup(String script) {
    return Metadata.newBuilder().addItems(Items.newBuilder().setKey("startup-script").setValue(script)).build();
  }

  private static String console(InstancesClient instances, String project, String vm, Predicate<String> awaited)
    throws InterruptedException {
    return Sandboxes.console(instances, project, ZONE, vm, awaited);
  }
}
