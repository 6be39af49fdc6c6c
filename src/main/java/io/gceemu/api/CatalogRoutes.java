package io.gceemu.api;

import io.gceemu.bus.Addresses;
import io.gceemu.bus.ComputeClient;
import io.gceemu.catalog.CatalogJson;
import io.gceemu.catalog.DiskTypes;
import io.gceemu.catalog.MachineType;
import io.gceemu.catalog.PublicImages;
import io.gceemu.catalog.Region;
import io.gceemu.catalog.Zone;
import io.gceemu.gce.GceError;
import io.gceemu.images.Images;
import io.gceemu.gce.Links;
import io.gceemu.gce.VersionFields;
import io.gceemu.list.AggregatedList;
import io.gceemu.list.ListRequest;
import io.gceemu.projects.ProjectQuotas;
import io.gceemu.store.ProjectStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Read-only catalog resources: zones, regions, machine types, disk types and the public images.
 * They are the same for every project and never change, so the router answers them itself
 * without asking a zone.
 */
final class CatalogRoutes {

  private static final String PROJECT = RouteSupport.API + "/projects/:project";

  private final RouteSupport support;
  private final ComputeClient compute;
  private final ProjectStore projects;
  private final VersionFields fields = VersionFields.load();

  /** @param compute asks the global owner for a family of a project's own images */
  /** @param projects where a region's quotas' usage is counted, from what the project holds */
  CatalogRoutes(RouteSupport support, ComputeClient compute, ProjectStore projects) {
    this.support = support;
    this.compute = compute;
    this.projects = projects;
  }

  void mount(Router router) {
    router.get(PROJECT + "/zones").handler(support.handler(this::listZones));
    router.get(PROJECT + "/zones/:zone").handler(support.handler(this::getZone));
    router.get(PROJECT + "/regions").handler(support.handler(this::listRegions));
    router.get(PROJECT + "/regions/:region").handler(support.handler(this::getRegion));
    router.get(PROJECT + "/zones/:zone/machineTypes").handler(support.handler(this::listMachineTypes));
    router.get(PROJECT + "/zones/:zone/machineTypes/:machineType").handler(support.handler(this::getMachineType));
    router.get(PROJECT + "/aggregated/machineTypes").handler(support.handler(this::aggregatedMachineTypes));
    router.get(PROJECT + "/zones/:zone/diskTypes").handler(support.handler(this::listDiskTypes));
    router.get(PROJECT + "/zones/:zone/diskTypes/:diskType").handler(support.handler(this::getDiskType));
    router.get(PROJECT + "/aggregated/diskTypes").handler(support.handler(this::aggregatedDiskTypes));
    // Before the images routes of the declared collection: a family is not an image's name.
    router.get(PROJECT + "/global/images/family/:family").handler(support.handler(this::getImageFromFamily));
    router.get(PROJECT + "/zones/:zone/imageFamilyViews/:family").handler(support.handler(this::getImageFamilyView));
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
    return projects.usage(project).compose(held -> page(request, support.catalog().regions(),
      region -> json(request).region(project, region, ProjectQuotas.inRegion(support.catalog(), held, region)), Region::name,
      envelope(request, "compute#regionList", "projects/" + project + "/regions")));
  }

  private Future<JsonObject> getRegion(GceRequest request) {
    String project = request.project();
    String name = request.pathParam("region");
    Region region = support.catalog().region(name).orElseThrow(() -> GceError.notFound("projects/" + project + "/regions/" + name));
    return projects.usage(project).map(held -> json(request).region(project, region,
      ProjectQuotas.inRegion(support.catalog(), held, region)));
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
    return perZone(request, support.catalog().machineTypes(), (zone, type) -> machineType(request, request.project(), zone, type),
      MachineType::name, "compute#machineTypeAggregatedList", "machineTypes");
  }

  private Future<Buffer> listDiskTypes(GceRequest request) {
    String project = request.project();
    String zone = request.zone().name();
    return page(request, DiskTypes.catalogued().all(), type -> json(request).diskType(project, zone, type), type -> type.getString("name"),
      envelope(request, "compute#diskTypeList", Links.zone(project, zone) + "/diskTypes"));
  }

  private Future<JsonObject> getDiskType(GceRequest request) {
    String project = request.project();
    String zone = request.zone().name();
    String name = request.pathParam("diskType");
    JsonObject type = DiskTypes.catalogued().named(name)
      .orElseThrow(() -> GceError.notFound(Links.zone(project, zone) + "/diskTypes/" + name));
    return Future.succeededFuture(json(request).diskType(project, zone, type));
  }

  private Future<JsonObject> aggregatedDiskTypes(GceRequest request) {
    return perZone(request, DiskTypes.catalogued().all(), (zone, type) -> json(request).diskType(request.project(), zone, type),
      type -> type.getString("name"), "compute#diskTypeAggregatedList", "diskTypes");
  }

  /** An aggregatedList of a catalog every zone offers whole: each zone's scope lists the entries that match. */
  private <T> Future<JsonObject> perZone(GceRequest request, List<T> entries, BiFunction<String, T, JsonObject> render,
                                         Function<T, String> name, String kind, String collection) {
    ListRequest list = ListRequest.from(request.listOptions());
    Map<String, AggregatedList.Matches> byScope = new LinkedHashMap<>();
    for (Zone zone : support.catalog().zones()) {
      byScope.put("zones/" + zone.name(), AggregatedList.Matches.all(list.matching(entries, entry -> render.apply(zone.name(), entry), name,
        Comparator.comparing(name))));
    }
    return Future.succeededFuture(AggregatedList.build(
      envelope(request, kind, "projects/" + request.project() + "/aggregated/" + collection), collection, byScope, list));
  }

  /** A public family is the catalog's; any other project's families are of its own images, which the global owner has. */
  private Future<JsonObject> getImageFromFamily(GceRequest request) {
    String family = request.resource("family");
    return fromFamily(request, request.project(), family, "projects/" + request.project() + "/global/images/family/" + family);
  }

  /** gcloud's way to a family's image, for any zone or none ({@code zones/-}). */
  private Future<JsonObject> getImageFamilyView(GceRequest request) {
    String project = request.project();
    String zone = request.pathParam("zone");
    if (!zone.equals("-")) {
      request.zone();
    }
    String family = request.resource("family");
    return fromFamily(request, project, family, Links.zone(project, zone) + "/imageFamilyViews/" + family)
      .map(image -> new JsonObject().put("image", image));
  }

  /** The family's newest image that is not deprecated, or GCE's 404 for {@code path}. */
  private Future<JsonObject> fromFamily(GceRequest request, String project, String family, String path) {
    if (!PublicImages.catalogued().of(project).isEmpty()) {
      return Future.succeededFuture(CatalogJson.image(request.links(), PublicImages.catalogued().fromFamily(project, family)
        .orElseThrow(() -> GceError.notFound(path))));
    }
    return compute.in(request.version()).send(Addresses.GLOBAL, Images.TYPE.action("getFromFamily"),
      new JsonObject().put("project", project).put("family", family).put("path", path));
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
