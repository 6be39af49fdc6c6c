package io.gceemu.catalog;

import io.gceemu.gce.Ipv4Range;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToDoubleFunction;

/** The fixed world the emulator serves: regions, zones and machine types, read from resources. */
public final class Catalog {

  private final Map<String, Region> regions = new LinkedHashMap<>();
  private final Map<String, Zone> zones = new LinkedHashMap<>();
  private final Map<String, MachineType> machineTypes = new LinkedHashMap<>();
  private final JsonArray cpuPlatforms;
  private final JsonArray quotas;
  private final JsonArray projectQuotas;

  private Catalog(JsonObject regionsJson, JsonObject machineTypesJson) {
    for (Object r : regionsJson.getJsonArray("regions")) {
      JsonObject region = (JsonObject) r;
      List<String> zoneNames = new ArrayList<>();
      for (Object z : region.getJsonArray("zones")) {
        JsonObject zone = (JsonObject) z;
        zones.put(zone.getString("name"), new Zone(zone.getString("name"), zone.getString("id"), region.getString("name")));
        zoneNames.add(zone.getString("name"));
      }
      regions.put(region.getString("name"), new Region(region.getString("name"), region.getString("id"),
        region.getString("description"), List.copyOf(zoneNames), Ipv4Range.parse(region.getString("subnetRange")).orElseThrow()));
    }
    for (Object m : machineTypesJson.getJsonArray("machineTypes")) {
      JsonObject spec = (JsonObject) m;
      machineTypes.put(spec.getString("name"), new MachineType(spec.getString("name"), spec));
    }
    cpuPlatforms = regionsJson.getJsonArray("cpuPlatforms");
    quotas = regionsJson.getJsonArray("quotas");
    projectQuotas = regionsJson.getJsonArray("projectQuotas");
  }

  public static Catalog load() {
    return new Catalog(resource("catalog/regions.json"), resource("catalog/machine-types.json"));
  }

  public Optional<Zone> zone(String name) {
    return Optional.ofNullable(zones.get(name));
  }

  public Optional<Region> region(String name) {
    return Optional.ofNullable(regions.get(name));
  }

  public Optional<MachineType> machineType(String name) {
    return Optional.ofNullable(machineTypes.get(name));
  }

  public Region regionOf(Zone zone) {
    return regions.get(zone.region());
  }

  public List<Zone> zones() {
    return List.copyOf(zones.values());
  }

  public List<Region> regions() {
    return List.copyOf(regions.values());
  }

  public List<MachineType> machineTypes() {
    return List.copyOf(machineTypes.values());
  }

  public JsonArray cpuPlatforms() {
    return cpuPlatforms.copy();
  }

  /** A region's quotas (the emulator enforces none) with what {@code usage} gives for each metric. */
  public JsonArray quotas(ToDoubleFunction<String> usage) {
    return withUsage(quotas, usage);
  }

  /** The project-wide quotas ({@code projects.get}), with their usage. */
  public JsonArray projectQuotas(ToDoubleFunction<String> usage) {
    return withUsage(projectQuotas, usage);
  }

  private static JsonArray withUsage(JsonArray limits, ToDoubleFunction<String> usage) {
    JsonArray result = new JsonArray();
    limits.forEach(quota -> result.add(((JsonObject) quota).copy().put("usage", usage.applyAsDouble(((JsonObject) quota).getString("metric")))));
    return result;
  }

  public static String ipv4(long address) {
    return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
  }

  /** A dotted IPv4 address as a 32-bit number, if it is one (four decimal parts of 0 to 255). */
  public static OptionalLong parseIpv4(String dotted) {
    String[] parts = dotted.split("\\.", -1);
    if (parts.length != 4) {
      return OptionalLong.empty();
    }
    long value = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit) || Integer.parseInt(part) > 255) {
        return OptionalLong.empty();
      }
      value = (value << 8) | Integer.parseInt(part);
    }
    return OptionalLong.of(value);
  }

  static JsonObject resource(String path) {
    try (InputStream in = Catalog.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing catalog resource " + path);
      }
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
