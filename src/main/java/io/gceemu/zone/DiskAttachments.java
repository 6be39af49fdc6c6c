package io.gceemu.zone;

import io.gceemu.disks.DiskRules;
import io.gceemu.disks.Disks;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Ids;
import io.gceemu.gce.Links;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which disks an instance uses, decided in the zone that owns both, so that no disk is ever
 * attached twice or deleted while in use: an instance's {@code disks[]} and each disk's
 * {@code users} change together, in one step. An insert's {@code initializeParams} make new
 * disks; {@code source} attaches existing ones; a deleted instance takes its autoDelete disks
 * with it and lets go of the others.
 */
final class DiskAttachments {

  /** An instance's attached disks, and what happens to the disks themselves. */
  record Attached(JsonArray entries, List<Resource.Change> changes) {
  }

  /** The attached-disk fields copied from the disk itself. */
  private static final List<String> FROM_DISK = List.of("licenses", "guestOsFeatures", "architecture");

  private final String zone;
  private final ZoneState state;
  private final DiskRules rules;

  DiskAttachments(String zone, ZoneState state) {
    this.zone = zone;
    this.state = state;
    this.rules = new DiskRules(zone);
  }

  /** The global resources an insert's {@code initializeParams} name (the project's own images, snapshots), to read first. */
  static List<ResourceKey> references(String project, JsonArray requested) {
    List<ResourceKey> keys = new ArrayList<>();
    for (int i = 0; requested != null && i < requested.size(); i++) {
      JsonObject params = requested.getJsonObject(i).getJsonObject("initializeParams");
      if (params != null) {
        keys.addAll(DiskRules.references(project, params.getString("sourceImage"), params.getString("sourceSnapshot")));
      }
    }
    return keys;
  }

  /**
   * The disks of an {@code instances.insert}: made from {@code initializeParams}, or attached by {@code source}.
   *
   * @param referenced what {@link #references} named, read beforehand
   */
  Attached forInsert(Instance instance, JsonArray requested, Map<String, Resource> referenced, Instant now) {
    JsonArray entries = new JsonArray();
    List<Resource.Change> changes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; requested != null && i < requested.size(); i++) {
      JsonObject disk = requested.getJsonObject(i);
      JsonObject params = disk.getJsonObject("initializeParams");
      Resource used = params != null ? created(instance, i, disk.getBoolean("boot", false), params, referenced, names, now)
        : existing(instance.project(), "resource.disks[" + i + "]", disk.getString("source"), false);
      Resource attached = Disks.attached(used, instance.path(), now);
      changes.add(Resource.Change.put(attached));
      entries.add(entry(disk, i, attached));
    }
    return new Attached(entries, changes);
  }

  /** {@code instances.attachDisk}: the disk goes after the instance's others. */
  Attached attach(Instance instance, JsonObject body, boolean force, Instant now) {
    Resource disk = existing(instance.project(), "resource", body.getString("source"), force);
    JsonArray entries = instance.disks().copy();
    String deviceName = body.getString("deviceName", disk.name());
    if (device(instance, deviceName).isPresent()) {
      throw GceError.invalidValue("resource.deviceName", deviceName, "Device name '" + deviceName + "' is already in use.");
    }
    Resource attached = Disks.attached(disk, instance.path(), now);
    entries.add(entry(body.copy().put("deviceName", deviceName), entries.size(), attached));
    return new Attached(entries, List.of(Resource.Change.put(attached)));
  }

  /** {@code instances.detachDisk}, by the device name the disk has on the instance. */
  Attached detach(Instance instance, String deviceName, Instant now) {
    JsonObject entry = device(instance, deviceName).orElseThrow(() -> noDevice(deviceName));
    JsonArray entries = new JsonArray();
    instance.disks().stream().map(JsonObject.class::cast).filter(disk -> !deviceName.equals(disk.getString("deviceName")))
      .forEach(disk -> entries.add(disk.copy().put("index", entries.size())));
    List<Resource.Change> changes = disk(entry).map(disk -> List.of(Resource.Change.put(Disks.detached(disk, instance.path(), now))))
      .orElse(List.of());
    return new Attached(entries, changes);
  }

  /** {@code instances.setDiskAutoDelete}. */
  JsonArray autoDelete(Instance instance, String deviceName, boolean autoDelete) {
    device(instance, deviceName).orElseThrow(() -> noDevice(deviceName));
    JsonArray entries = new JsonArray();
    instance.disks().stream().map(JsonObject.class::cast).forEach(disk ->
      entries.add(deviceName.equals(disk.getString("deviceName")) ? disk.copy().put("autoDelete", autoDelete) : disk));
    return entries;
  }

  /** After setName: the instance's disks show it among their users by its new name. */
  List<Resource.Change> renamed(Instance before, Instance after, Instant now) {
    List<Resource.Change> changes = new ArrayList<>();
    for (Object item : before.disks()) {
      disk((JsonObject) item).ifPresent(disk ->
        changes.add(Resource.Change.put(Disks.attached(Disks.detached(disk, before.path(), now), after.path(), now))));
    }
    return changes;
  }

  /**
   * A step that deletes an instance also deletes its autoDelete disks, and leaves the others in
   * place with the instance no longer among their users.
   */
  Step follow(Step step, Instant now) {
    if (step.write() != Step.Write.DELETE) {
      return step;
    }
    Instance deleted = step.instance();
    List<Resource.Change> changes = new ArrayList<>();
    for (Object item : deleted.disks()) {
      JsonObject entry = (JsonObject) item;
      disk(entry).ifPresent(disk -> changes.add(entry.getBoolean("autoDelete", false) && Disks.users(disk).size() <= 1
        ? Resource.Change.delete(disk) : Resource.Change.put(Disks.detached(disk, deleted.path(), now))));
    }
    return step.with(changes);
  }

  private Resource created(Instance instance, int index, boolean boot, JsonObject params, Map<String, Resource> referenced,
                           Set<String> names, Instant now) {
    // initializeParams is input-only: GCE makes a disk named after the instance (a boot disk) and
    // shows only the attached disk that refers to it.
    String name = params.getString("diskName", boot ? instance.name() : instance.name() + "-" + index);
    String field = "resource.disks[" + index + "].initializeParams";
    JsonObject document = rules.document(instance.project(), new DiskRules.Spec(params.getString("description"),
      params.getValue("diskSizeGb"), params.getString("sourceImage"), params.getString("sourceSnapshot"), params.getString("diskType"),
      params.getJsonObject("labels"), referenced, field, field + ".diskSizeGb", field + ".diskType", "10"));
    Resource disk = new Resource(Ids.newResourceId(), instance.project(), "zones/" + zone, Disks.COLLECTION, name, now, document);
    if (state.resources().named(Disks.COLLECTION, instance.project(), name).isPresent() || !names.add(name)) {
      throw GceError.alreadyExists(disk.path());
    }
    return disk;
  }

  /** A disk of this zone a {@code source} names, free to attach unless forced. */
  private Resource existing(String project, String field, String source, boolean force) {
    if (source == null) {
      throw GceError.invalidValue(field, "", "Either 'source' or 'initializeParams' must be specified.");
    }
    String diskZone = Links.segmentAfter(source, "zones");
    if (diskZone != null && !diskZone.equals(zone)) {
      throw GceError.invalidValue(field + ".source", source, "Disk must be in the same zone as the instance.");
    }
    Resource disk = state.resources().get(Disks.COLLECTION, project, Links.lastSegment(source));
    if (state.busy(disk.id())) {
      // Still CREATING: its insert has not finished.
      throw GceError.notReady(disk.path());
    }
    if (!force && !Disks.users(disk).isEmpty()) {
      throw Disks.inUse(disk);
    }
    return disk;
  }

  private Optional<Resource> disk(JsonObject entry) {
    String source = entry.getString("source");
    return state.resources().named(Disks.COLLECTION, Links.segmentAfter(source, "projects"), Links.lastSegment(source));
  }

  /** Not confirmed: GCE's wording for a device name the instance does not have. */
  private static GceError noDevice(String deviceName) {
    return GceError.invalidValue("deviceName", deviceName, "No attached disk found with device name '" + deviceName + "'");
  }

  private static Optional<JsonObject> device(Instance instance, String deviceName) {
    return instance.disks().stream().map(JsonObject.class::cast).filter(disk -> deviceName.equals(disk.getString("deviceName")))
      .findFirst();
  }

  /** The attached disk as the instance shows it: what was asked for, with GCE's defaults, and the disk's size and image facts. */
  private static JsonObject entry(JsonObject requested, int index, Resource disk) {
    JsonObject entry = new JsonObject()
      .put("type", requested.getString("type", "PERSISTENT"))
      .put("mode", requested.getString("mode", "READ_WRITE"))
      .put("source", disk.path())
      .put("deviceName", requested.getString("deviceName", "persistent-disk-" + index))
      .put("index", index)
      .put("boot", requested.getBoolean("boot", false))
      .put("autoDelete", requested.getBoolean("autoDelete", false))
      .put("interface", requested.getString("interface", "SCSI"))
      .put("diskSizeGb", disk.document().getString("sizeGb"));
    FROM_DISK.stream().filter(field -> disk.document().containsKey(field))
      .forEach(field -> entry.put(field, disk.document().getValue(field)));
    return entry;
  }
}
