package io.gceemu.bus;

import io.gceemu.gce.GceError;
import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.EmulatorExtension;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The public event-bus API, used from Java in the emulator's own JVM, without HTTP. */
@ExtendWith(VertxExtension.class)
class ComputeClientTest {

  private static final String ZONE = "europe-west1-c";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();

  @Test
  void managesAnInstanceOverTheEventBus(VertxTestContext test) {
    ComputeClient compute = new ComputeClient(EMULATOR.vertx());
    String project = Http.newProject();
    compute.insertInstance(project, ZONE, Bodies.instance("bus-vm", ZONE))
      .compose(op -> compute.getOperation(project, ZONE, op.getString("id")))
      .compose(op -> compute.stopInstance(project, ZONE, "bus-vm"))
      .compose(op -> compute.getInstance(project, ZONE, op.getString("targetId")))
      .compose(vm -> {
        test.verify(() -> assertEquals("TERMINATED", vm.getString("status")));
        return compute.listInstances(project, ZONE, new JsonObject().put("filter", "status = TERMINATED"));
      })
      .compose(list -> {
        test.verify(() -> assertEquals(1, list.getJsonArray("items").size()));
        return compute.deleteInstance(project, ZONE, "bus-vm");
      })
      .compose(op -> compute.getInstance(project, ZONE, "bus-vm"))
      .onComplete(test.failing(failure -> test.verify(() -> {
        GceError error = assertInstanceOf(GceError.class, failure);
        assertEquals(404, error.status());
        assertEquals("notFound", error.reason());
        assertEquals("The resource 'projects/" + project + "/zones/" + ZONE + "/instances/bus-vm' was not found", error.getMessage());
        test.completeNow();
      })));
  }

  @Test
  void managesDisksAndSnapshotsOverTheEventBus(VertxTestContext test) {
    ComputeClient compute = new ComputeClient(EMULATOR.vertx());
    String project = Http.newProject();
    compute.insertResource("disks", project, ZONE, new JsonObject().put("name", "bus-disk"),
        new JsonObject().put("sourceImage", "projects/debian-cloud/global/images/family/debian-12"))
      .compose(op -> compute.getResource("disks", project, ZONE, op.getString("targetId")))
      .compose(disk -> {
        test.verify(() -> assertEquals("10", disk.getString("sizeGb")));
        return compute.insertResource("snapshots", project, "global",
          new JsonObject().put("name", "bus-snap").put("sourceDisk", "zones/" + ZONE + "/disks/bus-disk"), null);
      })
      .compose(op -> compute.listResources("snapshots", project, "global", new JsonObject()))
      .compose(list -> {
        test.verify(() -> assertEquals("bus-snap", list.getJsonArray("items").getJsonObject(0).getString("name")));
        return compute.deleteResource("disks", project, ZONE, "bus-disk");
      })
      .compose(op -> compute.getResource("disks", project, ZONE, "bus-disk"))
      .onComplete(test.failing(failure -> test.verify(() -> {
        assertEquals(404, assertInstanceOf(GceError.class, failure).status());
        test.completeNow();
      })));
  }

  @Test
  void testControlsWorkOverTheBusToo(VertxTestContext test) {
    ComputeClient compute = new ComputeClient(EMULATOR.vertx());
    String project = Http.newProject();
    compute.setProgression("stop", new JsonObject().put("mode", "manual").put("reads", 0))
      .compose(settings -> compute.insertInstance(project, ZONE, Bodies.instance("ctl", ZONE)))
      .compose(op -> compute.stopInstance(project, ZONE, "ctl"))
      .compose(stop -> compute.getInstance(project, ZONE, "ctl").compose(vm -> {
        test.verify(() -> assertEquals("STOPPING", vm.getString("status")));
        return compute.advanceOperation(project, ZONE, stop.getString("name"), true);
      }))
      .compose(done -> {
        test.verify(() -> assertEquals("DONE", done.getString("status")));
        return compute.getInstance(project, ZONE, "ctl");
      })
      .compose(vm -> {
        test.verify(() -> assertEquals("TERMINATED", vm.getString("status")));
        return compute.setProgression(null, new JsonObject().put("mode", "default"));
      })
      .compose(settings -> compute.reset(project))
      .compose(v -> compute.listInstances(project, ZONE, new JsonObject()))
      .onComplete(test.succeeding(list -> test.verify(() -> {
        assertEquals(false, list.containsKey("items"));
        test.completeNow();
      })));
  }

  @Test
  void theZoneGuardsItsOwnRulesWhateverTheCaller(VertxTestContext test) {
    ComputeClient compute = new ComputeClient(EMULATOR.vertx());
    compute.insertInstance(Http.newProject(), ZONE, Bodies.instance("Not_Valid", ZONE))
      .onComplete(test.failing(failure -> test.verify(() -> {
        GceError error = assertInstanceOf(GceError.class, failure);
        assertEquals(400, error.status());
        assertEquals("invalid", error.reason());
        test.completeNow();
      })));
  }
}
