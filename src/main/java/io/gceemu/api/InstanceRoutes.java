package io.gceemu.api;

import io.gceemu.bus.Actions;
import io.gceemu.bus.ComputeClient;
import io.gceemu.catalog.Zone;
import io.gceemu.gce.GceError;
import io.gceemu.schema.Schemas;
import io.gceemu.zone.InstanceSetters;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code instances.*}: each route checks the request, then asks the zone's verticle. */
final class InstanceRoutes {

  private static final String BASE = RouteSupport.API + "/projects/:project/zones/:zone/instances";

  private final RouteSupport support;
  private final ComputeClient compute;

  InstanceRoutes(RouteSupport support, ComputeClient compute) {
    this.support = support;
    this.compute = compute;
  }

  void mount(Router router) {
    router.post(BASE).handler(support.handler(this::insert));
    router.get(BASE).handler(support.handler(this::list));
    router.get(BASE + "/:instance").handler(support.handler(this::get));
    router.delete(BASE + "/:instance").handler(support.handler(request -> mutation(request, Actions.DELETE)));
    router.post(BASE + "/:instance/start").handler(support.handler(request -> mutation(request, Actions.START)));
    router.post(BASE + "/:instance/stop").handler(support.handler(request -> mutation(request, Actions.STOP)));
    router.post(BASE + "/:instance/reset").handler(support.handler(request -> mutation(request, Actions.RESET)));
    router.post(BASE + "/:instance/setLabels").handler(support.handler(request -> setter(request, Actions.SET_LABELS, Schemas.SET_LABELS)));
    router.post(BASE + "/:instance/setMetadata").handler(support.handler(request -> setter(request, Actions.SET_METADATA, Schemas.SET_METADATA)));
    router.post(BASE + "/:instance/setTags").handler(support.handler(request -> setter(request, Actions.SET_TAGS, Schemas.SET_TAGS)));
    router.post(BASE + "/:instance/suspend").handler(support.handler(request -> mutation(request, Actions.SUSPEND)));
    router.post(BASE + "/:instance/resume").handler(support.handler(request -> mutation(request, Actions.RESUME)));
    router.post(BASE + "/:instance/setMachineType").handler(support.handler(request -> setter(request, Actions.SET_MACHINE_TYPE, Schemas.SET_MACHINE_TYPE)));
    router.post(BASE + "/:instance/setDeletionProtection").handler(support.handler(this::setDeletionProtection));
    router.post(BASE + "/:instance/attachDisk").handler(support.handler(this::attachDisk));
    router.post(BASE + "/:instance/detachDisk").handler(support.handler(request -> byDevice(request, Actions.DETACH_DISK)));
    router.post(BASE + "/:instance/setDiskAutoDelete").handler(support.handler(request -> byDevice(request, Actions.SET_DISK_AUTO_DELETE)));
    router.put(BASE + "/:instance").handler(support.handler(request -> setter(request, Actions.UPDATE, Schemas.UPDATE)));
    router.post(BASE + "/:instance/addAccessConfig").handler(support.handler(request ->
      onInterface(request, Actions.ADD_ACCESS_CONFIG, Schemas.ADD_ACCESS_CONFIG)));
    router.post(BASE + "/:instance/deleteAccessConfig").handler(support.handler(request ->
      onInterface(request, Actions.DELETE_ACCESS_CONFIG, null)));
    router.patch(BASE + "/:instance/updateNetworkInterface").handler(support.handler(request ->
      onInterface(request, Actions.UPDATE_NETWORK_INTERFACE, Schemas.UPDATE_NETWORK_INTERFACE)));
    router.post(BASE + "/:instance/updateAccessConfig").handler(support.handler(request ->
      onInterface(request, Actions.UPDATE_ACCESS_CONFIG, Schemas.UPDATE_ACCESS_CONFIG)));
    router.post(BASE + "/:instance/addNetworkInterface").handler(support.handler(request ->
      setter(request, Actions.ADD_NETWORK_INTERFACE, Schemas.UPDATE_NETWORK_INTERFACE)));
    router.post(BASE + "/:instance/deleteNetworkInterface").handler(support.handler(this::deleteNetworkInterface));
    router.post(BASE + "/:instance/setName").handler(support.handler(request -> setter(request, Actions.SET_NAME, Schemas.SET_NAME)));
    router.post(BASE + "/:instance/setSecurityPolicy").handler(support.handler(request ->
      setter(request, Actions.SET_SECURITY_POLICY, Schemas.SET_SECURITY_POLICY)));
    router.post(BASE + "/:instance/startWithEncryptionKey").handler(support.handler(request ->
      setter(request, Actions.START_WITH_ENCRYPTION_KEY, Schemas.START_WITH_ENCRYPTION_KEY)));
    router.post(BASE + "/:instance/performMaintenance").handler(support.handler(request -> mutation(request, Actions.PERFORM_MAINTENANCE)));
    router.post(BASE + "/:instance/simulateMaintenanceEvent").handler(support.handler(request ->
      mutation(request, Actions.SIMULATE_MAINTENANCE_EVENT)));
    router.post(BASE + "/:instance/reportHostAsFaulty").handler(support.handler(request ->
      setter(request, Actions.REPORT_HOST_AS_FAULTY, Schemas.REPORT_HOST_AS_FAULTY)));
    router.post(BASE + "/bulkInsert").handler(support.handler(this::bulkInsert));
    for (InstanceSetters setter : InstanceSetters.ALL) {
      String path = BASE + "/:instance/" + setter.method();
      (setter.patch() ? router.patch(path) : router.post(path)).handler(support.handler(request ->
        setter(request, setter.action(), setter.action())));
    }
    new InstanceReads(BASE, compute).mount(router, support);
    router.get(BASE + "/:instance/serialPort").handler(support.handler(this::serialPort));
    router.get(RouteSupport.API + "/projects/:project/aggregated/instances").handler(support.handler(this::aggregatedList));
  }

  private Future<Buffer> insert(GceRequest request) {
    String project = request.project();
    String zone = request.zone().name();
    String requestId = request.requestId();
    JsonObject payload = new JsonObject().put("project", project).put("body", request.body(Schemas.INSERT)).put("requestId", requestId)
      .put("fault", request.fault()).put("params", request.params());
    return compute(request).sendForBytes(zone, Actions.INSERT, payload);
  }

  /** One operation for all of them; the zone makes each as by insert. */
  private Future<Buffer> bulkInsert(GceRequest request) {
    JsonObject payload = new JsonObject().put("project", request.project()).put("body", request.body(Schemas.BULK_INSERT))
      .put("requestId", request.requestId()).put("fault", request.fault());
    return compute(request).sendForBytes(request.zone().name(), Actions.BULK_INSERT, payload);
  }

  /** The interface to delete is named in the query, {@code ?networkInterfaceName=nic1}. */
  private Future<Buffer> deleteNetworkInterface(GceRequest request) {
    String nic = request.params().getString("networkInterfaceName");
    if (nic == null) {
      throw GceError.required("networkInterfaceName");
    }
    JsonObject target = target(request).put("requestId", request.requestId()).put("networkInterface", nic);
    return compute(request).sendForBytes(request.zone().name(), Actions.DELETE_NETWORK_INTERFACE, target);
  }

  private Future<Buffer> list(GceRequest request) {
    String project = request.project();
    String zone = request.zone().name();
    return compute(request).sendForBytes(zone, Actions.LIST, new JsonObject().put("project", project).put("list", request.listOptions()));
  }

  private Future<JsonObject> aggregatedList(GceRequest request) {
    return Aggregation.list(request, compute(request), support.catalog().zones().stream().map(Zone::name).toList(),
      zone -> Actions.LIST, "instances", "compute#instanceAggregatedList");
  }

  private Future<Buffer> get(GceRequest request) {
    return compute(request).sendForBytes(request.zone().name(), Actions.GET, target(request));
  }

  private Future<Buffer> mutation(GceRequest request, String action) {
    JsonObject target = target(request);
    return compute(request).sendForBytes(request.zone().name(), action, target.put("requestId", request.requestId()).put("fault", request.fault()));
  }

  private Future<Buffer> setter(GceRequest request, String action, String schema) {
    JsonObject target = target(request).put("requestId", request.requestId()).put("fault", request.fault());
    return compute(request).sendForBytes(request.zone().name(), action, target.put("body", request.body(schema)));
  }

  /** The new value travels in the query, {@code ?deletionProtection=false}; it defaults to true. */
  private Future<Buffer> setDeletionProtection(GceRequest request) {
    JsonObject params = request.params();
    JsonObject target = target(request).put("requestId", params.getString("requestId"))
      .put("deletionProtection", params.getBoolean("deletionProtection", true)).put("fault", request.fault());
    return compute(request).sendForBytes(request.zone().name(), Actions.SET_DELETION_PROTECTION, target);
  }

  private Future<Buffer> attachDisk(GceRequest request) {
    JsonObject target = target(request).put("requestId", request.requestId()).put("fault", request.fault())
      .put("forceAttach", request.params().getBoolean("forceAttach", false));
    return compute(request).sendForBytes(request.zone().name(), Actions.ATTACH_DISK, target.put("body", request.body(Schemas.ATTACH_DISK)));
  }

  /** detachDisk and setDiskAutoDelete name the disk by its device name, in the query, as GCE takes them. */
  private Future<Buffer> byDevice(GceRequest request, String action) {
    JsonObject params = request.params();
    String deviceName = params.getString("deviceName");
    if (deviceName == null) {
      throw GceError.required("deviceName");
    }
    JsonObject target = target(request).put("requestId", params.getString("requestId")).put("deviceName", deviceName)
      .put("autoDelete", params.getBoolean("autoDelete", false)).put("fault", request.fault());
    return compute(request).sendForBytes(request.zone().name(), action, target);
  }

  /**
   * addAccessConfig (the config in the body), deleteAccessConfig (its name in the query) and
   * updateNetworkInterface (the interface in the body) name the interface in the query, as GCE
   * takes them.
   */
  private Future<Buffer> onInterface(GceRequest request, String action, String schema) {
    JsonObject params = request.params();
    String nic = params.getString("networkInterface");
    if (nic == null) {
      throw GceError.required("networkInterface");
    }
    JsonObject target = target(request).put("requestId", params.getString("requestId")).put("networkInterface", nic)
      .put("fault", request.fault());
    if (schema != null) {
      target.put("body", request.body(schema));
    } else if (params.getString("accessConfig") == null) {
      throw GceError.required("accessConfig");
    } else {
      target.put("accessConfig", params.getString("accessConfig"));
    }
    return compute(request).sendForBytes(request.zone().name(), action, target);
  }

  private Future<JsonObject> serialPort(GceRequest request) {
    JsonObject params = request.params();
    JsonObject target = target(request).put("port", params.getLong("port", 1L).intValue()).put("start", params.getLong("start", 0L));
    return compute(request).send(request.zone().name(), Actions.SERIAL_PORT, target);
  }

  /** The zones answer as the request's API version shows resources. */
  private ComputeClient compute(GceRequest request) {
    return compute.in(request.version());
  }

  private static JsonObject target(GceRequest request) {
    return new JsonObject().put("project", request.project()).put("instance", request.resource("instance"));
  }
}
