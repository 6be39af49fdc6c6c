package io.gceemu.disks;

import io.gceemu.catalog.DiskTypes;
import io.gceemu.catalog.PublicImages;
import io.gceemu.gce.GceError;
import io.gceemu.gce.ResourcePolicies;
import io.gceemu.gce.Labels;
import io.gceemu.gce.Links;
import io.gceemu.gce.Ids;
import io.gceemu.gce.ResourceNames;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceRules;
import io.gceemu.resource.ResourceType;
import io.gceemu.images.Images;
import io.gceemu.snapshots.Snapshots;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
   * @param referenced  the project's own images and snapshots the spec names, read beforehand
   * @param blankSizeGb the size of a blank disk that names none; null for its type's default
   */
  public record Spec(String description, Object sizeGb, String sourceImage, String sourceSnapshot, String type,
                     JsonObject labels, Map<String, Resource> referenced, String field, String sizeField, String typeField,
                     String blankSizeGb) {
  }

  /** What a disk is made from, and what it keeps of it: size, licenses, guest OS features, architecture. */
  private record Source(String field, String path, String id, String diskSizeGb, JsonObject facts) {

    static Source of(String field, Resource resource, String diskSizeGb) {
      ResourceRules.ready(resource);
      return new Source(field, resource.path(), Long.toString(resource.id()), diskSizeGb, Resource.pick(resource.document(), Images.FACTS));
    }
  }

  @Override
  public List<ResourceKey> references(String project, JsonObject body, JsonObject params) {
    return references(project, body.getString("sourceImage", params.getString("sourceImage")), body.getString("sourceSnapshot"));
  }

  /** A disk made from a snapshot, or from an image that is not a public one, needs it read first: it is global. */
  public static List<ResourceKey> references(String project, String sourceImage, String sourceSnapshot) {
    List<ResourceKey> keys = new ArrayList<>();
    ResourceKey.parse(Snapshots.TYPE, sourceSnapshot, project).ifPresent(keys::add);
    if (sourceImage != null && PublicImages.catalogued().resolve(sourceImage).isEmpty()) {
      Images.key(sourceImage, project).ifPresent(keys::add);
    }
    return keys;
  }

  @Override
  public JsonObject create(String project, JsonObject body, JsonObject params, Map<String, Resource> referenced, Instant now) {
    return document(project, new Spec(body.getString("description"), body.getValue("sizeGb"),
      body.getString("sourceImage", params.getString("sourceImage")), body.getString("sourceSnapshot"), body.getString("type"),
      body.getJsonObject("labels"), referenced, "resource", "resource.sizeGb", "resource.type", null));
  }

  public JsonObject document(String project, Spec spec) {
    String typeName = spec.type() == null ? DEFAULT_TYPE : Links.lastSegment(spec.type());
    JsonObject type = DiskTypes.catalogued().named(typeName)
      .orElseThrow(() -> GceError.invalidValue(spec.typeField(), spec.type(), "The referenced diskType resource cannot be found."));
    Source source = spec.sourceImage() != null ? image(project, spec) : spec.sourceSnapshot() != null ? snapshot(project, spec) : null;
    if (spec.sizeGb() != null) {
      requireTypeMinimum(spec, typeName, type);
    }
    String size = spec.sizeGb() != null ? Long.toString(Long.parseLong(spec.sizeGb().toString()))
      : source != null ? source.diskSizeGb()
      : spec.blankSizeGb() != null ? spec.blankSizeGb() : type.getString("defaultDiskSizeGb");
    JsonObject document = new JsonObject();
    if (spec.description() != null) {
      document.put("description", spec.description());
    }
    document.put("sizeGb", size).put("status", "READY").put("zone", Links.zone(project, zone))
      .put("type", Links.zone(project, zone) + "/diskTypes/" + typeName);
    if (source != null) {
      // A disk names the concrete image (or snapshot) it was made from, and carries its licenses and guest OS features.
      document.put(source.field(), source.path()).put(source.field() + "Id", source.id()).mergeIn(source.facts().copy());
    }
    JsonObject labels = Labels.checked(spec.field() + ".", spec.labels());
    if (!labels.isEmpty()) {
      document.put("labels", labels);
    }
    return document.put("physicalBlockSizeBytes", "4096").put("locked", false).put("multiWriter", false)
      .put("enableConfidentialCompute", false).put("satisfiesPzi", true);
  }

  /** A public image by name or family, or one of the project's own; the disk may not be smaller. */
  private static Source image(String project, Spec spec) {
    Optional<PublicImages.Image> published = PublicImages.catalogued().resolve(spec.sourceImage());
    Source source = published.map(image -> new Source("sourceImage", image.path(), image.id(), image.diskSizeGb(), new JsonObject()
        .put("licenses", new JsonArray(image.licensePaths())).put("licenseCodes", image.licenseCodes())
        .put("guestOsFeatures", image.guestOsFeatures()).put("architecture", image.architecture())))
      .or(() -> Images.key(spec.sourceImage(), project).map(key -> spec.referenced().get(key.path()))
        .map(image -> Source.of("sourceImage", image, image.document().getString("diskSizeGb"))))
      .orElseThrow(() -> GceError.invalidValue(spec.field() + ".sourceImage", spec.sourceImage(),
        "The referenced image resource cannot be found."));
    long imageSize = Long.parseLong(source.diskSizeGb());
    if (spec.sizeGb() != null && Long.parseLong(spec.sizeGb().toString()) < imageSize) {
      throw GceError.invalidValue(spec.sizeField(), spec.sizeGb(),
        "Requested disk size cannot be smaller than the image size (" + imageSize + " GB)");
    }
    return source;
  }

  /**
   * A size asked for must be at least the disk type's smallest ({@code validDiskSize}
   * {@code 10GB-65536GB}), in GCE's words for a hyperdisk-balanced of 4 GB; the largest is not
   * checked, its wording unknown.
   */
  private static void requireTypeMinimum(Spec spec, String typeName, JsonObject type) {
    String valid = type.getString("validDiskSize", "");
    long minimum = valid.contains("GB-") ? Long.parseLong(valid.substring(0, valid.indexOf("GB-"))) : 0;
    if (Long.parseLong(spec.sizeGb().toString()) < minimum) {
      throw GceError.invalidValue(spec.sizeField(), spec.sizeGb(),
        "Disk size cannot be smaller than " + minimum + " GB for disk type " + typeName + ".");
    }
  }

  private static Source snapshot(String project, Spec spec) {
    ResourceKey key = ResourceKey.parse(Snapshots.TYPE, spec.sourceSnapshot(), project).orElseThrow(() -> GceError.invalidValue(
      spec.field() + ".sourceSnapshot", spec.sourceSnapshot(), "The referenced snapshot resource cannot be found."));
    Resource snapshot = ResourceRules.referenced(spec.referenced(), key);
    return Source.of("sourceSnapshot", snapshot, snapshot.document().getString("diskSizeGb"));
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
      case "addResourcePolicies" -> List.of(Resource.Change.put(disk.with(withPolicies(disk,
        ResourcePolicies.added(disk.document().getJsonArray("resourcePolicies"), body.getJsonArray("resourcePolicies"))))));
      case "removeResourcePolicies" -> List.of(Resource.Change.put(disk.with(withPolicies(disk,
        ResourcePolicies.removed(disk.document().getJsonArray("resourcePolicies"), body.getJsonArray("resourcePolicies"))))));
      case ResourceType.UPDATE -> List.of(Resource.Change.put(disk.with(updated(disk, body, params))));
      // Asynchronous replication needs a secondary disk in another region, which the emulator does not keep in sync.
      case "startAsyncReplication" -> throw new GceError(400, "invalid", "Invalid value for field 'asyncSecondaryDisk': "
        + "asynchronous replication of disks is not emulated.");
      case "stopAsyncReplication" -> throw new GceError(400, "invalid", "Invalid resource usage: 'Disk "
        + disk.name() + " is not replicating.'.");
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

  /** The fields disks.update may change, of those an updateMask ({@code ?paths=} in the client's words) names. */
  private static final Set<String> UPDATABLE = Set.of("provisionedIops", "provisionedThroughput", "accessMode", "architecture",
    "userLicenses", "licenses", "labels");

  /**
   * {@code disks.update}: the fields its {@code updateMask} (or {@code paths}) names, from the body;
   * without one, every updatable field the body has.
   */
  private static JsonObject updated(Resource disk, JsonObject body, JsonObject params) {
    String mask = params.getString("updateMask", params.getString("paths"));
    Set<String> named = mask == null ? UPDATABLE : Set.of(mask.split(","));
    JsonObject document = disk.document().copy();
    for (String field : named) {
      if (!UPDATABLE.contains(field)) {
        throw GceError.invalidValue("updateMask", mask, "Field '" + field + "' cannot be updated.");
      }
      if (body.containsKey(field)) {
        document.put(field, body.getValue(field));
      }
    }
    return document;
  }

  private static JsonObject withPolicies(Resource disk, JsonArray policies) {
    JsonObject document = disk.document().copy();
    if (policies.isEmpty()) {
      document.remove("resourcePolicies");
    } else {
      document.put("resourcePolicies", policies);
    }
    return document;
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
