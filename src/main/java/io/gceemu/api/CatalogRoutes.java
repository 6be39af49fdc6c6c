package io.gceemu.api;

import io.gceemu.catalog.CatalogJson;
import io.gceemu.catalog.MachineType;
import io.gceemu.catalog.Region;
import io.gceemu.catalog.Zone;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
import io.gceemu.gce.VersionFields;
import io.gceemu.list.AggregatedList;
import io.gceemu.list.ListRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Read-only catalog resources: zones, regions and machine types. They are the same for every
 * project and never change, so the router answers them itself without asking a zone.
 */
final class CatalogRoutes {

  private static final String PROJECT = RouteSupport.API + "/projects/:project";

  private final RouteSupport support;
  private final VersionFields fields = VersionFields.load();

  CatalogRoutes(RouteSupport support) {
    this.support = support;
  }

  void mount(Router router) {
    router.get(PROJECT + "/zones").handler(support.handler(this::listZones));
    router.get(PROJECT + "/zones/:zone").handler(support.handler(this::getZone));
    router.get(PROJECT + "/regions").handler(support.handler(this::listRegions));
    router.get(PROJECT + "/regions/:region").handler(support.handler(this::getRegion));
    router.get(PROJECT + "/zones/:zone/machineTypes").handler(support.handler(this::listMachineTypes));
    router.get(PROJECT + "/zones/:zone/machineTypes/:machineType").handler(support.handler(this::getMachineType));
    router.get(PROJECT + "/aggregated/machineTypes").handler(support.handler(this::aggregatedMachineTypes));
  }

  private Future<Buffer> listZones(GceRequest request) {
    String project = request.project();
    return page(request, support.catalog().zones(), zone -> json(request).zone(project, zone), Zone::name,
      envelope(request, "compute#zoneList", "projects/" + project + "/zones"));
  }

  private Future<JsonObject> getZone(GceRequest request) {
    String project = request.project();
    String name = request.pathParam("zone");
    Zone zone = support.catalog().zone(name).orElseThrow(() -> GceError.notFound("projects/" + project + "/zones/" + name));
    return Future.succeededFuture(json(request).zone(project, zone));
  }

  private Future<Buffer> listRegions(GceRequest request) {
    String project = request.project();
    return page(request, support.catalog().regions(), region -> json(request).region(project, region), Region::name,
      envelope(request, "compute#regionList", "projects/" + project + "/regions"));
  }

  private Future<JsonObject> getRegion(GceRequest request) {
    String project = request.project();
    String name = request.pathParam("region");
    Region region = support.catalog().region(name).orElseThrow(() -> GceError.notFound("projects/" + project + "/regions/" + name));
    return Future.succeededFuture(json(request).region(project, region));
  }

  private Future<Buffer> listMachineTypes(GceRequest request) {
    String project = request.project();
    String zone = request.zone().name();
    return page(request, support.catalog().machineTypes(), type -> machineType(request, project, zone, type), MachineType::name,
      envelope(request, "compute#machineTypeList", Links.zone(project, zone) + "/machineTypes"));
  }

  private Future<JsonObject> getMachineType(GceRequest request) {
    String project = request.project();
    String zone = request.zone().name();
    String name = request.pathParam("machineType");
    MachineType type = support.catalog().machineType(name)
      .orElseThrow(() -> GceError.notFound(Links.machineType(project, zone, name)));
    return Future.succeededFuture(machineType(request, project, zone, type));
  }

  private Future<JsonObject> aggregatedMachineTypes(GceRequest request) {
    String project = request.project();
    ListRequest list = ListRequest.from(request.listOptions());
    Map<String, List<JsonObject>> byScope = new LinkedHashMap<>();
    for (Zone zone : support.catalog().zones()) {
      byScope.put("zones/" + zone.name(), list.matching(support.catalog().machineTypes(),
        type -> machineType(request, project, zone.name(), type), MachineType::name, Comparator.comparing(MachineType::name)));
    }
    return Future.succeededFuture(AggregatedList.build(
      envelope(request, "compute#machineTypeAggregatedList", "projects/" + project + "/aggregated/machineTypes"), "machineTypes", byScope, list));
  }

  /** Catalog entries all date from the epoch, so both orders GCE offers come down to names. */
  private static <T> Future<Buffer> page(GceRequest request, List<T> entries, Function<T, JsonObject> render,
                                             Function<T, String> name, JsonObject envelope) {
    ListRequest list = ListRequest.from(request.listOptions());
    return Future.succeededFuture(list.page(entries, render.andThen(JsonObject::toBuffer), render, name, Comparator.comparing(name))
      .toBuffer(envelope.getString("kind"), envelope.getString("id"), envelope.getString("selfLink")));
  }

  private static JsonObject envelope(GceRequest request, String kind, String path) {
    return new JsonObject().put("kind", kind).put("id", path).put("selfLink", request.links().of(path));
  }

  /** The catalog with the links of the request's API version. */
  private CatalogJson json(GceRequest request) {
    return new CatalogJson(support.catalog(), request.links());
  }

  /** A machine type as the request's version shows it: v1 still has imageSpaceGb, beta no longer. */
  private JsonObject machineType(GceRequest request, String project, String zone, MachineType type) {
    return fields.show(request.version(), json(request).machineType(project, zone, type));
  }
}
