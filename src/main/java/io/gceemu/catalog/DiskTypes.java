package io.gceemu.catalog;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;

/** The disk types every zone offers ({@code catalog/disk-types.json}), each as its GCE fields without zone and links. */
public final class DiskTypes {

  private static final DiskTypes CATALOGUED = new DiskTypes(Catalog.resource("catalog/disk-types.json"));

  private final List<JsonObject> types;

  private DiskTypes(JsonObject catalog) {
    types = catalog.getJsonArray("diskTypes").stream().map(JsonObject.class::cast).toList();
  }

  public static DiskTypes catalogued() {
    return CATALOGUED;
  }

  public List<JsonObject> all() {
    return types;
  }

  public Optional<JsonObject> named(String name) {
    return types.stream().filter(type -> type.getString("name").equals(name)).findFirst();
  }
}
