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
