package io.gceemu.api;

import io.gceemu.catalog.CatalogJson;
import io.gceemu.catalog.MachineType;
import io.gceemu.catalog.Region;
import io.gceemu.catalog.Zone;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
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

  private static final String PROJECT = "/compute/v1/projects/:project";

  private final RouteSupport support;
  private final CatalogJson json;
  private final Links links;

  CatalogRoutes(RouteSupport support, Links links) {
    this.support = support;
    this.links = links;
    this.json = new CatalogJson(support.catalog(), links);
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
    return page(request, support.catalog().zones(), zone -> json.zone(project, zone), Zone::name,
      envelope("compute#zoneList", "projects/" + project + "/zones"));
  }

  private Future<JsonObject> getZone(GceRequest request) {
    String project = request.project();
    String name = request.pathParam("zone");
    Zone zone = support.catalog().zone(name).orElseThrow(() -> GceError.notFound("projects/" + project + "/zones/" + name));
    return Future.succeededFuture(json.zone(project, zone));
  }

  private Future<Buffer> listRegions(GceRequest request) {
    String project = request.project();
    return page(request, support.catalog().regions(), region -> json.region(project, region), Region::name,
      envelope("compute#regionList", "projects/" + project + "/regions"));
  }

  private Future<JsonObject> getRegion(GceRequest request) {
    String project = request.project();
    String name = request.pathParam("region");
    Region region = support.catalog().region(name).orElseThrow(() -> GceError.notFound("projects/" + project + "/regions/" + name));
    return Future.succeededFuture(json.region(project, region));
  }

  private Future<Buffer> listMachineTypes(GceRequest request) {
    String project = request.project();
    String zone = request.zone().name();
    return page(request, support.catalog().machineTypes(), type -> json.machineType(project, zone, type), MachineType::name,
      envelope("compute#machineTypeList", Links.zone(project, zone) + "/machineTypes"));
  }

  private Future<JsonObject> getMachineType(GceRequest request) {
    String project = request.project();
    String zone = request.zone().name();
    String name = request.pathParam("machineType");
    MachineType type = support.catalog().machineType(name)
      .orElseThrow(() -> GceError.notFound(Links.machineType(project, zone, name)));
    return Future.succeededFuture(json.machineType(project, zone, type));
  }

  private Future<JsonObject> aggregatedMachineTypes(GceRequest request) {
    String project = request.project();
    ListRequest list = ListRequest.from(request.listOptions());
    Map<String, List<JsonObject>> byScope = new LinkedHashMap<>();
    for (Zone zone : support.catalog().zones()) {
      byScope.put("zones/" + zone.name(), list.matching(support.catalog().machineTypes(),
        type -> json.machineType(project, zone.name(), type), MachineType::name, Comparator.comparing(MachineType::name)));
    }
    return Future.succeededFuture(AggregatedList.build(
      envelope("compute#machineTypeAggregatedList", "projects/" + project + "/aggregated/machineTypes"), "machineTypes", byScope, list));
  }

  /** Catalog entries all date from the epoch, so both orders GCE offers come down to names. */
  private static <T> Future<Buffer> page(GceRequest request, List<T> entries, Function<T, JsonObject> render,
                                             Function<T, String> name, JsonObject envelope) {
    ListRequest list = ListRequest.from(request.listOptions());
    return Future.succeededFuture(list.page(entries, render.andThen(JsonObject::toBuffer), render, name, Comparator.comparing(name))
      .toBuffer(envelope.getString("kind"), envelope.getString("id"), envelope.getString("selfLink")));
  }

  private JsonObject envelope(String kind, String path) {
    return new JsonObject().put("kind", kind).put("id", path).put("selfLink", links.of(path));
  }
}
