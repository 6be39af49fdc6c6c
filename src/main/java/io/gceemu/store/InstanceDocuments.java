package io.gceemu.store;

import io.gceemu.gce.Timestamps;
import io.gceemu.zone.Instance;
import io.gceemu.zone.InstanceStatus;
import io.gceemu.zone.SerialConsole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Instant;

/**
 * An instance as {@code compute_resources} holds it: its key columns, and a document of what the
 * zone keeps of it, by the names V13 gave them when instances moved there. Timestamps are ISO-8601
 * text; the migration wrote them with Postgres's offset ({@code +00:00}), the zone with {@code Z}.
 */
final class InstanceDocuments {

  private InstanceDocuments() {
  }

  /** The document, without the interfaces' addresses: Postgres gives those, and keeps them. */
  static JsonObject document(Instance instance) {
    JsonObject document = new JsonObject();
    if (instance.description() != null) {
      document.put("description", instance.description());
    }
    putTime(document, "lastStartTimestamp", instance.lastStart());
    putTime(document, "lastStopTimestamp", instance.lastStop());
    putTime(document, "lastSuspendedTimestamp", instance.lastSuspended());
    return document.put("machineType", instance.machineType()).put("status", instance.status().name())
      .put("metadata", instance.metadataItems()).put("labels", instance.labels()).put("tags", instance.tags())
      .put("networkInterfaces", instance.networkInterfaces()).put("disks", instance.disks()).put("attributes", instance.attributes())
      .put("console", instance.console().contents()).put("consoleDiscarded", instance.console().discarded())
      .put("generation", instance.generation());
  }

  /** @param row {@code id, project, name, created_at, document} of an instance in {@code zones/<zone>} */
  static Instance instance(Row row, String zone) {
    JsonObject document = (JsonObject) row.getValue("document");
    return new Instance(row.getLong("id"), row.getString("project"), zone, row.getString("name"), document.getString("description"),
      document.getString("machineType"), InstanceStatus.valueOf(document.getString("status")),
      row.getOffsetDateTime("created_at").toInstant(), time(document, "lastStartTimestamp"), time(document, "lastStopTimestamp"),
      time(document, "lastSuspendedTimestamp"), document.getJsonObject("labels", new JsonObject()),
      document.getJsonArray("tags", new JsonArray()), document.getJsonArray("metadata", new JsonArray()),
      document.getJsonArray("networkInterfaces", new JsonArray()), document.getJsonArray("disks", new JsonArray()),
      document.getJsonObject("attributes", new JsonObject()),
      new SerialConsole(document.getLong("consoleDiscarded", 0L), document.getString("console", "")), document.getLong("generation", 0L));
  }

  private static void putTime(JsonObject document, String field, Instant time) {
    if (time != null) {
      document.put(field, time.toString());
    }
  }

  private static Instant time(JsonObject document, String field) {
    String text = document.getString(field);
    return text == null ? null : Timestamps.parse(text);
  }
}
