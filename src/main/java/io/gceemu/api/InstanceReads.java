package io.gceemu.api;

import io.gceemu.bus.Actions;
import io.gceemu.bus.ComputeClient;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
import io.gceemu.groups.InstanceGroupManagers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The instance methods that answer from what the instance is, read from its zone: its effective
 * firewall rules, guest attributes, a screenshot, its Shielded VM identity, what refers to it, and
 * the diagnostic interrupt (which GCE answers with an empty body, not an operation).
 */
final class InstanceReads {

  private final String base;
  private final ComputeClient compute;

  InstanceReads(String base, ComputeClient compute) {
    this.base = base;
    this.compute = compute;
  }

  void mount(Router router, RouteSupport support) {
    router.get(base + "/:instance/getEffectiveFirewalls").handler(support.handler(this::effectiveFirewalls));
    router.get(base + "/:instance/getGuestAttributes").handler(support.handler(this::guestAttributes));
    router.get(base + "/:instance/screenshot").handler(support.handler(this::screenshot));
    router.get(base + "/:instance/getShieldedInstanceIdentity").handler(support.handler(this::shieldedIdentity));
    router.get(base + "/:instance/referrers").handler(support.handler(this::referrers));
    router.post(base + "/:instance/sendDiagnosticInterrupt").handler(support.handler(this::diagnosticInterrupt));
  }

  private Future<JsonObject> instance(GceRequest request) {
    return compute.in(request.version()).getInstance(request.project(), request.zone().name(), request.resource("instance"));
  }

  /** The firewall rules of the network of an interface ({@code ?networkInterface=nic0}, as GCE requires). */
  private Future<JsonObject> effectiveFirewalls(GceRequest request) {
    String nicName = request.params().getString("networkInterface");
    if (nicName == null) {
      throw GceError.required("networkInterface");
    }
    return instance(request).compose(instance -> {
      JsonObject nic = instance.getJsonArray("networkInterfaces", new JsonArray()).stream().map(JsonObject.class::cast)
        .filter(each -> nicName.equals(each.getString("name"))).findFirst()
        .orElseThrow(() -> GceError.invalidValue("networkInterface", nicName, "The network interface does not exist."));
      return NetworkReads.firewalls(compute.in(request.version()), request.project(), nic.getString("network"));
    });
  }

  /**
   * Guest attributes are written by a VM's guest agent, which an emulated VM does not run: an
   * instance has none, so a {@code queryPath} finds an empty list and a {@code variableKey} is not
   * found, as on a VM that has written none.
   */
  private Future<JsonObject> guestAttributes(GceRequest request) {
    String variableKey = request.params().getString("variableKey");
    String queryPath = request.params().getString("queryPath");
    return instance(request).map(instance -> {
      String self = Links.relative(instance.getString("selfLink")) + "/guestAttributes";
      if (variableKey != null) {
        throw GceError.notFound(self + "/" + variableKey);
      }
      JsonObject answer = new JsonObject().put("kind", "compute#guestAttributes");
      if (queryPath != null) {
        answer.put("queryPath", queryPath);
      }
      return answer.put("selfLink", request.links().of(self)).put("queryValue", new JsonObject().put("items", new JsonArray()));
    });
  }

  /** A PNG of the end of the serial console, drawn off the event loop. */
  private Future<JsonObject> screenshot(GceRequest request) {
    JsonObject target = new JsonObject().put("project", request.project()).put("instance", request.resource("instance"))
      .put("port", 1).put("start", 0L);
    return compute.in(request.version()).send(request.zone().name(), Actions.SERIAL_PORT, target)
      .compose(output -> request.vertx().executeBlocking(() -> ConsoleScreenshot.png(output.getString("contents", ""))))
      .map(png -> new JsonObject().put("kind", "compute#screenshot").put("contents", png));
  }

  private Future<JsonObject> shieldedIdentity(GceRequest request) {
    return instance(request).map(instance -> ShieldedIdentity.of(Long.parseLong(instance.getString("id"))));
  }

  /**
   * What uses the instance: the instance group of the managed group it is a member of (GCE's
   * MEMBER_OF), named by its created-by metadata. Unmanaged groups' members and target pools
   * are not listed.
   */
  private Future<JsonObject> referrers(GceRequest request) {
    return instance(request).map(instance -> {
      String self = Links.relative(instance.getString("selfLink")) + "/referrers";
      JsonArray items = new JsonArray();
      String createdBy = InstanceGroupManagers.metadata(instance.getJsonObject("metadata", new JsonObject())
        .getJsonArray("items", new JsonArray()), InstanceGroupManagers.CREATED_BY);
      String manager = "/instanceGroupManagers/";
      if (createdBy != null && createdBy.contains(manager)) {
        // projects/<number>/<scope>/instanceGroupManagers/<group>: its instance group is the project's, of the same name.
        String scope = createdBy.substring(createdBy.indexOf('/', "projects/".length()) + 1, createdBy.indexOf(manager));
        String group = "projects/" + request.project() + "/" + scope + "/instanceGroups/" + Links.lastSegment(createdBy);
        items.add(new JsonObject().put("kind", "compute#reference").put("referenceType", "MEMBER_OF")
          .put("referrer", request.links().of(group)).put("target", instance.getString("selfLink")));
      }
      return new JsonObject().put("kind", "compute#instanceListReferrers").put("id", self).put("items", items)
        .put("selfLink", request.links().of(self));
    });
  }

  /** GCE sends the NMI only to a RUNNING VM; the emulated guest ignores it. */
  private Future<JsonObject> diagnosticInterrupt(GceRequest request) {
    return instance(request).map(instance -> {
      if (!"RUNNING".equals(instance.getString("status"))) {
        throw GceError.notReady(Links.relative(instance.getString("selfLink")));
      }
      return new JsonObject();
    });
  }
}
