package io.gceemu.disks;

import io.gceemu.catalog.DiskTypes;
import io.gceemu.catalog.PublicImages;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Labels;
import io.gceemu.gce.Links;
import io.gceemu.gce.Ids;
import io.gceemu.gce.ResourceNames;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceRules;
import io.gceemu.snapshots.Snapshots;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A zone's disk rules, as GCE checks them: a disk is blank, or made from an image (named, or by
 * its family, resolved now to the family's current image); its size defaults to the image's, or
 * to its type's, and may not be below the image's; it can only grow; one in use cannot go.
 */
public final class DiskRules implements ResourceRules {

  /** The disk type a disk gets when it names none, on the API as in Terraform. */
  public static final String DEFAULT_TYPE = "pd-standard";

  private final String zone;

  public DiskRules(String zone) {
    this.zone = zone;
  }

  /**
   * What a new disk is made of, from a disks.insert body or an instance's initializeParams, with
   * the names GCE gives the fields in its errors.
   *
   * @param blankSizeGb the size of a blank disk that names none; null for its type's default
   */
  public record Spec(String description, Object sizeGb, String sourceImage, Resource snapshot, String type,
                     JsonObject labels, String field, String sizeField, String typeField, String blankSizeGb) {
  }

  /** A disk restored from a snapshot needs the snapshot, a global resource. */
  @Override
  public List<ResourceKey> references(String project, JsonObject body, JsonObject params) {
    return sourceSnapshot(project, body).stream().toList();
  }

  @Override
  public JsonObject create(String project, JsonObject body, JsonObject params, Map<String, Resource> referenced, Instant now) {
    Resource snapshot = null;
    if (body.getString("sourceSnapshot") != null) {
      ResourceKey key = sourceSnapshot(project, body).orElseThrow(() -> GceError.invalidValue("resource.sourceSnapshot",
        body.getString("sourceSnapshot"), "The referenced snapshot resource cannot be found."));
      snapshot = ResourceRules.referenced(referenced, key);
    }
    return document(project, new Spec(body.getString("description"), body.getValue("sizeGb"),
      body.getString("sourceImage", params.getString("sourceImage")), snapshot, body.getString("type"),
      body.getJsonObject("labels"), "resource", "resource.sizeGb", "resource.type", null));
  }

  private static Optional<ResourceKey> sourceSnapshot(String project, JsonObject body) {
    return ResourceKey.parse(Snapshots.TYPE, body.getString("sourceSnapshot"), project);
  }

  public JsonObject document(String project, Spec spec) {
    String typeName = spec.type() == null ? DEFAULT_TYPE : Links.lastSegment(spec.type());
    JsonObject type = DiskTypes.catalogued().named(typeName)
      .orElseThrow(() -> GceError.invalidValue(spec.typeField(), spec.type(), "The referenced diskType resource cannot be found."));
    PublicImages.Image image = spec.sourceImage() == null ? null : image(spec);
    Resource snapshot = spec.snapshot();
    String size = spec.sizeGb() != null ? Long.toString(Long.parseLong(spec.sizeGb().toString()))
      : image != null ? image.diskSizeGb()
      : snapshot != null ? snapshot.document().getString("diskSizeGb")
      : spec.blankSizeGb() != null ? spec.blankSizeGb() : type.getString("defaultDiskSizeGb");
    JsonObject document = new JsonObject();
    if (spec.description() != null) {
      document.put("description", spec.description());
    }
    document.put("sizeGb", size).put("status", "READY").put("zone", Links.zone(project, zone))
      .put("type", Links.zone(project, zone) + "/diskTypes/" + typeName);
    if (image != null) {
      // A disk made from an image names the concrete image, and carries its licenses and guest OS features.
      document.put("sourceImage", image.path()).put("sourceImageId", image.id())
        .put("licenses", new JsonArray(image.licensePaths())).put("licenseCodes", image.licenseCodes())
        .put("guestOsFeatures", image.guestOsFeatures()).put("architecture", image.architecture());
    } else if (snapshot != null) {
      // A restored disk names its snapshot and carries what the snapshot kept of its disk.
      document.put("sourceSnapshot", snapshot.path()).put("sourceSnapshotId", Long.toString(snapshot.id()));
      for (String copied : List.of("licenses", "licenseCodes", "architecture")) {
        if (snapshot.document().containsKey(copied)) {
          document.put(copied, snapshot.document().getValue(copied));
        }
      }
    }
    JsonObject labels = Labels.checked(spec.field() + ".", spec.labels());
    if (!labels.isEmpty()) {
      document.put("labels", labels);
    }
    return document.put("physicalBlockSizeBytes", "4096").put("locked", false).put("multiWriter", false)
      .put("enableConfidentialCompute", false).put("satisfiesPzi", true);
  }

  private static PublicImages.Image image(Spec spec) {
    PublicImages.Image image = PublicImages.catalogued().resolve(spec.sourceImage())
      .orElseThrow(() -> GceError.invalidValue(spec.field() + ".sourceImage", spec.sourceImage(),
        "The referenced image resource cannot be found."));
    long imageSize = Long.parseLong(image.diskSizeGb());
    if (spec.sizeGb() != null && Long.parseLong(spec.sizeGb().toString()) < imageSize) {
      throw GceError.invalidValue(spec.sizeField(), spec.sizeGb(),
        "Requested disk size cannot be smaller than the image size (" + imageSize + " GB)");
    }
    return image;
  }

  @Override
  public void checkDelete(Resource disk) {
    if (!Disks.users(disk).isEmpty()) {
      throw Disks.inUse(disk);
    }
  }

  @Override
  public List<Resource.Change> apply(String verb, Resource disk, JsonObject body, JsonObject params, Instant now) {
    return switch (verb) {
      case "resize" -> List.of(Resource.Change.put(disk.with(resized(disk, body))));
      case "createSnapshot" -> List.of(Resource.Change.put(snapshot(disk, body, now)));
      default -> ResourceRules.super.apply(verb, disk, body, params, now);
    };
  }

  /**
   * {@code createSnapshot}: a global snapshot, made by the disk's zone in the write of its own
   * operation; a name another snapshot has is refused by Postgres, where the scopes meet.
   */
  private static Resource snapshot(Resource disk, JsonObject body, Instant now) {
    String name = body.getString("name");
    if (name == null) {
      throw GceError.required("resource.name");
    }
    ResourceNames.requireName("resource.name", name);
    return new Resource(Ids.newResourceId(), disk.project(), "global", Snapshots.COLLECTION, name, now,
      Snapshots.fromDisk(disk, body, "resource"));
  }

  /** {@code resize}: grow only, as GCE words a refusal. */
  private static JsonObject resized(Resource disk, JsonObject body) {
    Object requested = body.getValue("sizeGb");
    long size = Long.parseLong(requested.toString());
    long current = Disks.sizeGb(disk);
    if (size <= current) {
      throw GceError.invalidValue("sizeGb", requested,
        "New disk size '" + size + "' GiB must be larger than existing size '" + current + "' GiB.");
    }
    return disk.document().copy().put("sizeGb", Long.toString(size));
  }
}
