package io.gceemu.images;

import io.gceemu.catalog.CatalogJson;
import io.gceemu.catalog.PublicImages;
import io.gceemu.disks.Disks;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Labels;
import io.gceemu.gce.Links;
import io.gceemu.resource.Published;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceRules;
import io.gceemu.resource.ResourceType;
import io.gceemu.snapshots.Snapshots;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project's own images, as GCE makes them: from exactly one of a disk ({@code forceCreate}
 * needed while an instance uses it), a snapshot or an image (public, or the project's), whose
 * size, licenses and guest OS features they keep. The public catalog is published to every project.
 */
final class ImageRules implements ResourceRules, Published {

  @Override
  public boolean publishes(String project) {
    return !PublicImages.catalogued().of(project).isEmpty();
  }

  @Override
  public Optional<JsonObject> get(String project, String name, Links links) {
    return PublicImages.catalogued().image(project, name).map(image -> CatalogJson.image(links, image));
  }

  @Override
  public List<JsonObject> list(String project, Links links) {
    return PublicImages.catalogued().of(project).stream().map(image -> CatalogJson.image(links, image)).toList();
  }

  @Override
  public List<ResourceKey> references(String project, JsonObject body, JsonObject params) {
    List<ResourceKey> keys = new ArrayList<>();
    ResourceKey.parse(Disks.TYPE, body.getString("sourceDisk"), project).ifPresent(keys::add);
    ResourceKey.parse(Snapshots.TYPE, body.getString("sourceSnapshot"), project).ifPresent(keys::add);
    Images.key(body.getString("sourceImage"), project).ifPresent(keys::add);
    return keys;
  }

  @Override
  public JsonObject create(String project, JsonObject body, JsonObject params, Map<String, Resource> referenced, Instant now) {
    List<String> sources = List.of("sourceDisk", "sourceSnapshot", "sourceImage").stream().filter(body::containsKey).toList();
    if (sources.size() != 1) {
      // Not confirmed: GCE's wording for an image with no source, or more than one.
      throw GceError.invalidValue("resource", "", "Exactly one of sourceDisk, sourceSnapshot or sourceImage must be specified.");
    }
    String field = sources.get(0);
    JsonObject document = new JsonObject();
    if (body.getString("description") != null) {
      document.put("description", body.getString("description"));
    }
    document.put("sourceType", "RAW").put("status", "READY");
    JsonObject from = switch (field) {
      case "sourceDisk" -> fromDisk(project, body, params, referenced, document);
      case "sourceSnapshot" -> fromResource(Snapshots.TYPE, ResourceKey.parse(Snapshots.TYPE, body.getString(field), project),
        body.getString(field), referenced, document, field);
      default -> fromImage(project, body.getString(field), referenced, document);
    };
    document.put("diskSizeGb", from.getString("diskSizeGb", from.getString("sizeGb")));
    document.mergeIn(Resource.pick(from, Images.FACTS));
    if (body.getString("family") != null) {
      document.put("family", body.getString("family"));
    }
    JsonObject labels = Labels.checked("resource.", body.getJsonObject("labels"));
    if (!labels.isEmpty()) {
      document.put("labels", labels);
    }
    JsonArray locations = body.getJsonArray("storageLocations");
    return document.put("storageLocations", locations != null && !locations.isEmpty() ? locations.copy() : new JsonArray().add("us"))
      .put("enableConfidentialCompute", false);
  }

  /** An image of a disk an instance uses needs {@code forceCreate}, as on GCE. */
  private static JsonObject fromDisk(String project, JsonObject body, JsonObject params, Map<String, Resource> referenced,
                                     JsonObject document) {
    Resource disk = resolve(Disks.TYPE.collection(), ResourceKey.parse(Disks.TYPE, body.getString("sourceDisk"), project),
      body.getString("sourceDisk"), referenced, "sourceDisk");
    if (!Disks.users(disk).isEmpty() && !body.getBoolean("forceCreate", params.getBoolean("forceCreate", false))) {
      throw Disks.inUse(disk);
    }
    document.put("sourceDisk", disk.path()).put("sourceDiskId", Long.toString(disk.id()));
    return disk.document();
  }

  private static JsonObject fromResource(ResourceType type, Optional<ResourceKey> key, String reference,
                                         Map<String, Resource> referenced, JsonObject document, String field) {
    Resource source = resolve(type.collection(), key, reference, referenced, field);
    document.put(field, source.path()).put(field + "Id", Long.toString(source.id()));
    return source.document();
  }

  /** A public image is the catalog's; any other is the project's own. */
  private static JsonObject fromImage(String project, String reference, Map<String, Resource> referenced, JsonObject document) {
    Optional<PublicImages.Image> published = PublicImages.catalogued().resolve(reference);
    if (published.isPresent()) {
      PublicImages.Image image = published.get();
      document.put("sourceImage", image.path()).put("sourceImageId", image.id());
      return image.catalogued().copy().put("licenses", new JsonArray(image.licensePaths())).put("guestOsFeatures", image.guestOsFeatures());
    }
    return fromResource(Images.TYPE, Images.key(reference, project), reference, referenced, document, "sourceImage");
  }

  private static Resource resolve(String collection, Optional<ResourceKey> key, String reference, Map<String, Resource> referenced,
                                  String field) {
    return ResourceRules.referenced(referenced, key.orElseThrow(() -> GceError.invalidValue("resource." + field, reference,
      "The referenced " + collection.substring(0, collection.length() - 1) + " resource cannot be found.")));
  }

  /**
   * {@code images.patch}: GCE's reference lets a patch change only the family, the description and
   * the deprecation status; a patch of another field is refused.
   */
  private static JsonObject patched(Resource image, JsonObject body) {
    JsonObject document = image.document().copy();
    for (String field : body.fieldNames()) {
      if (!PATCHABLE.contains(field) && !field.equals("name") && !field.equals("kind") && !field.equals("fingerprint")) {
        throw GceError.invalidValue("resource." + field, "", "Only the family, the description and the deprecation status of an "
          + "image can be patched.");
      }
    }
    for (String field : PATCHABLE) {
      if (body.containsKey(field)) {
        if (body.getValue(field) == null) {
          document.remove(field);
        } else {
          document.put(field, body.getValue(field));
        }
      }
    }
    return document;
  }

  private static final List<String> PATCHABLE = List.of("family", "description", "deprecated");

  /**
   * {@code deprecate}: the image's DeprecationStatus becomes the body's; ACTIVE clears it. A
   * replacement is kept as a reference, shown as a link.
   */
  @Override
  public List<Resource.Change> apply(String verb, Resource image, JsonObject body, JsonObject params, Instant now) {
    if (verb.equals(ResourceType.PATCH)) {
      return List.of(Resource.Change.put(image.with(patched(image, body))));
    }
    if (!verb.equals("deprecate")) {
      return ResourceRules.super.apply(verb, image, body, params, now);
    }
    JsonObject document = image.document().copy();
    String state = body.getString("state", "ACTIVE");
    if (state.equals("ACTIVE")) {
      document.remove("deprecated");
    } else {
      JsonObject deprecated = body.copy().put("state", state);
      if (body.getString("replacement") != null) {
        deprecated.put("replacement", Links.relative(body.getString("replacement")));
      }
      document.put("deprecated", deprecated);
    }
    return List.of(Resource.Change.put(image.with(document)));
  }
}
