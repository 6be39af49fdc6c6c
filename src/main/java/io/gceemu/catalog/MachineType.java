package io.gceemu.catalog;

import io.vertx.core.json.JsonObject;

/** A machine type as catalogued; {@code spec} holds its GCE fields without zone and links. */
public record MachineType(String name, JsonObject spec) {
}
