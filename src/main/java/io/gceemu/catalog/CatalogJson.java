package io.gceemu.catalog;

import io.gceemu.gce.Fingerprints;
import io.gceemu.gce.Links;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.function.ToDoubleFunction;

/** Renders catalog entries as GCE serves them within a project. */
public final class CatalogJson {

  /** GCE reports catalog resources as created at the Unix epoch, shown in Pacific time. */
  private static final String EPOCH = "1969-12-31T16:00:00.000-08:00";

  private final Catalog catalog;
  private final Links links;

  public CatalogJson(Catalog catalog, Links links) {
    this.catalog = catalog;
    this.links = links;
  }

  public JsonObject zone(String project, Zone zone) {
    return new JsonObject()
      .put("kind", "compute#zone")
      .put("id", zone.id())
      .put("creationTimestamp", EPOCH)
      .put("name", zone.name())
      .put("description", zone.name())
      .put("status", "UP")
      .put("region", links.of(Links.region(project, zone.region())))
      .put("selfLink", links.of(Links.zone(project, zone.name())))
      .put("availableCpuPlatforms", catalog.cpuPlatforms())
      .put("supportsPzs", false);
  }

  /** @param usage how much of each regional quota the project uses there */
  public JsonObject region(String project, Region region, ToDoubleFunction<String> usage) {
    JsonArray zones = new JsonArray();
    region.zones().forEach(zone -> zones.add(links.of(Links.zone(project, zone))));
    return new JsonObject()
      .put("kind", "compute#region")
      .put("id", region.id())
      .put("creationTimestamp", EPOCH)
      .put("name", region.name())
      .put("description", region.description())
      .put("status", "UP")
      .put("zones", zones)
      .put("quotas", catalog.quotas(usage))
      .put("selfLink", links.of(Links.region(project, region.name())))
      .put("supportsPzs", false);
  }

  /** Note that a machine type's {@code zone} is the bare zone name, unlike every other resource. */
  public JsonObject machineType(String project, String zone, MachineType type) {
    JsonObject spec = type.spec();
    return new JsonObject()
      .put("kind", "compute#machineType")
      .put("id", spec.getString("id"))
      .put("creationTimestamp", EPOCH)
      .put("name", type.name())
      .put("description", spec.getString("description"))
      .put("guestCpus", spec.getInteger("guestCpus"))
      .put("memoryMb", spec.getInteger("memoryMb"))
      .put("imageSpaceGb", spec.getInteger("imageSpaceGb"))
      .put("maximumPersistentDisks", spec.getInteger("maximumPersistentDisks"))
      .put("maximumPersistentDisksSizeGb", spec.getString("maximumPersistentDisksSizeGb"))
      .put("zone", zone)
      .put("selfLink", links.of(Links.machineType(project, zone, type.name())))
      .put("isSharedCpu", spec.getBoolean("isSharedCpu"))
      .put("architecture", "X86_64");
  }

  /** A disk type of a zone; its zone is a link, unlike a machine type's. */
  public JsonObject diskType(String project, String zone, JsonObject type) {
    String name = type.getString("name");
    return new JsonObject()
      .put("kind", "compute#diskType")
      .put("id", type.getString("id"))
      .put("creationTimestamp", EPOCH)
      .put("name", name)
      .put("description", type.getString("description"))
      .put("validDiskSize", type.getString("validDiskSize"))
      .put("zone", links.of(Links.zone(project, zone)))
      .put("selfLink", links.of(Links.zone(project, zone) + "/diskTypes/" + name))
      .put("defaultDiskSizeGb", type.getString("defaultDiskSizeGb"));
  }

  /** A public image, in the order of the fields of real GCE's GET. */
  /** A public image as GCE shows it, with the links of the version read through. */
  public static JsonObject image(Links links, PublicImages.Image image) {
    JsonObject catalogued = image.catalogued();
    JsonObject labels = new JsonObject().put("public-image", "true");
    JsonObject json = new JsonObject()
      .put("kind", "compute#image")
      .put("id", catalogued.getString("id"))
      .put("creationTimestamp", image.creationTimestamp())
      .put("name", image.name())
      .put("description", catalogued.getString("description"))
      .put("sourceType", "RAW")
      .put("rawDisk", new JsonObject().put("source", "").put("containerType", "TAR"));
    if (image.deprecatedBy() != null) {
      json.put("deprecated", new JsonObject().put("state", "DEPRECATED")
        .put("replacement", links.of("projects/" + image.project() + "/global/images/" + image.deprecatedBy())));
    }
    return json
      .put("status", "READY")
      .put("archiveSizeBytes", catalogued.getString("archiveSizeBytes"))
      .put("diskSizeGb", image.diskSizeGb())
      .put("licenses", new JsonArray(image.licensePaths().stream().map(links::of).toList()))
      .put("family", image.family())
      .put("selfLink", links.of(image.path()))
      .put("labelFingerprint", Fingerprints.ofJson(labels))
      .put("guestOsFeatures", image.guestOsFeatures())
      .put("licenseCodes", catalogued.getJsonArray("licenseCodes").copy())
      .put("storageLocations", new JsonArray().add("eu").add("asia").add("us"))
      .put("architecture", image.architecture())
      .put("labels", labels)
      .put("enableConfidentialCompute", false);
  }
}
