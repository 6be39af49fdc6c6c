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
 * @param machineType      the machine type's name
 * @param metadataItems    {@code [{"key", "value"}]} in the caller's order
 * @param networkInterfaces stored form: name, network, subnetwork, networkIP, accessConfigs
 * @param disks            stored form: the attached disks without kinds and links
 * @param attributes       the remaining GCE fields echoed as given (canIpForward, scheduling, ...)
 * @param generation       counts changes; the whole-instance fingerprint is derived from it
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
  JsonObject labels,
  JsonArray tags,
  JsonArray metadataItems,
  JsonArray networkInterfaces,
  JsonArray disks,
  JsonObject attributes,
  long generation) {

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

  public Instance withStatus(InstanceStatus newStatus, Instant newLastStart, Instant newLastStop) {
    return new Instance(id, project, zone, name, description, machineType, newStatus, created, newLastStart, newLastStop,
      labels, tags, metadataItems, networkInterfaces, disks, attributes, generation + 1);
  }

  public Instance withLabels(JsonObject newLabels) {
    return new Instance(id, project, zone, name, description, machineType, status, created, lastStart, lastStop,
      newLabels, tags, metadataItems, networkInterfaces, disks, attributes, generation + 1);
  }

  public Instance withTags(JsonArray newTags) {
    return new Instance(id, project, zone, name, description, machineType, status, created, lastStart, lastStop,
      labels, newTags, metadataItems, networkInterfaces, disks, attributes, generation + 1);
  }

  public Instance withMetadata(JsonArray newItems) {
    return new Instance(id, project, zone, name, description, machineType, status, created, lastStart, lastStop,
      labels, tags, newItems, networkInterfaces, disks, attributes, generation + 1);
  }

  public Instance withNetworkInterfaces(JsonArray newInterfaces) {
    return new Instance(id, project, zone, name, description, machineType, status, created, lastStart, lastStop,
      labels, tags, metadataItems, newInterfaces, disks, attributes, generation);
  }
}
