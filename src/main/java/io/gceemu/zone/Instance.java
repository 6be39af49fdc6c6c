package io.gceemu.zone;

import io.gceemu.gce.Fingerprints;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One VM as the zone verticle holds and stores it. Immutable: every change makes a new record.
 * References are kept relative ({@code projects/p/global/networks/default}) and become full links
 * only when rendered, so changing the link base never rewrites stored data.
 *
 * @param machineType       the machine type's name
 * @param metadataItems     {@code [{"key", "value"}]} in the caller's order
 * @param networkInterfaces stored form: name, network, subnetwork, networkIP, accessConfigs
 * @param disks             stored form: the attached disks without kinds and links
 * @param attributes        the remaining GCE fields, as given (canIpForward, scheduling, ...)
 * @param console           the first serial port's output
 * @param generation        counts changes; the whole-instance fingerprint is derived from it
 */
public record Instance(
  long id,
  String project,
  String zone,
  String name,
  String description,
  String machineType,
  InstanceStatus status,
  Instant created,
  Instant lastStart,
  Instant lastStop,
  Instant lastSuspended,
  JsonObject labels,
  JsonArray tags,
  JsonArray metadataItems,
  JsonArray networkInterfaces,
  JsonArray disks,
  JsonObject attributes,
  SerialConsole console,
  long generation) {

  /** Values most instances share are kept once (see {@link SharedJson}). */
  public Instance {
    labels = SharedJson.object(labels);
    tags = SharedJson.array(tags);
    metadataItems = SharedJson.array(metadataItems);
    disks = SharedJson.array(disks);
    attributes = SharedJson.object(attributes);
  }

  public String path() {
    return "projects/" + project + "/zones/" + zone + "/instances/" + name;
  }

  public String labelFingerprint() {
    return Fingerprints.ofJson(labels);
  }

  public String tagsFingerprint() {
    return Fingerprints.ofJson(tags);
  }

  public String metadataFingerprint() {
    return Fingerprints.ofJson(metadataItems);
  }

  public String fingerprint() {
    return Fingerprints.of(id + "/" + generation);
  }

  public boolean deletionProtection() {
    return attributes.getBoolean("deletionProtection", false);
  }

  public Instance withStatus(InstanceStatus newStatus) {
    return new Instance(id, project, zone, name, description, machineType, newStatus, created, lastStart, lastStop, lastSuspended,
      labels, tags, metadataItems, networkInterfaces, disks, attributes, console, generation + 1);
  }

  /** The times GCE reports for the last start, stop and suspend. */
  /** instances.setName. */
  public Instance withName(String newName) {
    return new Instance(id, project, zone, newName, description, machineType, status, created, lastStart, lastStop, lastSuspended,
      labels, tags, metadataItems, networkInterfaces, disks, attributes, console, generation + 1);
  }

  public Instance withTimes(Instant newLastStart, Instant newLastStop, Instant newLastSuspended) {
    return new Instance(id, project, zone, name, description, machineType, status, created, newLastStart, newLastStop,
      newLastSuspended, labels, tags, metadataItems, networkInterfaces, disks, attributes, console, generation);
  }

  public Instance withLabels(JsonObject newLabels) {
    return new Instance(id, project, zone, name, description, machineType, status, created, lastStart, lastStop, lastSuspended,
      newLabels, tags, metadataItems, networkInterfaces, disks, attributes, console, generation + 1);
  }

  public Instance withTags(JsonArray newTags) {
    return new Instance(id, project, zone, name, description, machineType, status, created, lastStart, lastStop, lastSuspended,
      labels, newTags, metadataItems, networkInterfaces, disks, attributes, console, generation + 1);
  }

  public Instance withMetadata(JsonArray newItems) {
    return new Instance(id, project, zone, name, description, machineType, status, created, lastStart, lastStop, lastSuspended,
      labels, tags, newItems, networkInterfaces, disks, attributes, console, generation + 1);
  }

  public Instance withMachineType(String newMachineType) {
    return new Instance(id, project, zone, name, description, newMachineType, status, created, lastStart, lastStop, lastSuspended,
      labels, tags, metadataItems, networkInterfaces, disks, attributes, console, generation + 1);
  }

  public Instance withDescriptionAndAttributes(String newDescription, JsonObject newAttributes) {
    return new Instance(id, project, zone, name, newDescription, machineType, status, created, lastStart, lastStop, lastSuspended,
      labels, tags, metadataItems, networkInterfaces, disks, newAttributes, console, generation + 1);
  }

  public Instance withNetworkInterfaces(JsonArray newInterfaces) {
    return new Instance(id, project, zone, name, description, machineType, status, created, lastStart, lastStop, lastSuspended,
      labels, tags, metadataItems, newInterfaces, disks, attributes, console, generation);
  }

  public Instance withDisks(JsonArray newDisks) {
    return new Instance(id, project, zone, name, description, machineType, status, created, lastStart, lastStop, lastSuspended,
      labels, tags, metadataItems, networkInterfaces, newDisks, attributes, console, generation + 1);
  }

  public Instance withConsole(SerialConsole newConsole) {
    return new Instance(id, project, zone, name, description, machineType, status, created, lastStart, lastStop, lastSuspended,
      labels, tags, metadataItems, networkInterfaces, disks, attributes, newConsole, generation);
  }

  public Instance log(String text) {
    return withConsole(console.append(text));
  }
}
