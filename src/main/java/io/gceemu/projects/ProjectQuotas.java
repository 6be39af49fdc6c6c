package io.gceemu.projects;

import io.gceemu.catalog.Catalog;
import io.gceemu.catalog.MachineType;
import io.gceemu.catalog.Region;
import io.vertx.core.json.JsonArray;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A project's quotas with their usage counted from what it holds, as {@code projects.get} (across
 * every region) and {@code regions.get} (in the region) show them: the limits are the catalog's
 * (a new project's defaults; the emulator enforces none).
 */
public final class ProjectQuotas {

  /** {@code custom-4-8192}, {@code n2-custom-8-16384}: the CPUs are in the name. */
  private static final Pattern CUSTOM = Pattern.compile("(?:^|-)custom-(\\d+)-");
  /** The disk types GCE counts against SSD_TOTAL_GB rather than DISKS_TOTAL_GB. */
  private static final Pattern SSD = Pattern.compile("pd-(?:ssd|balanced|extreme)$");

  /** One group of what a project holds: of a scope ({@code zones/us-central1-a}), a collection and a kind. */
  public record Held(String scope, String collection, String kind, long count, long gb, long externalIps) {
  }

  private ProjectQuotas() {
  }

  public static JsonArray of(Catalog catalog, List<Held> held, int serviceProjects) {
    Map<String, Predicate<Held>> global = Map.of(
      "SNAPSHOTS", in("global", "snapshots"),
      "NETWORKS", in("global", "networks"),
      "FIREWALLS", in("global", "firewalls"),
      "IMAGES", in("global", "images"),
      "ROUTES", in("global", "routes"),
      "STATIC_ADDRESSES", in("global", "addresses").and(group -> !"INTERNAL".equals(group.kind())),
      "GLOBAL_INTERNAL_ADDRESSES", in("global", "addresses").and(group -> "INTERNAL".equals(group.kind())),
      "INSTANCE_TEMPLATES", in("global", "instanceTemplates"),
      "SUBNETWORKS", group -> group.collection().equals("subnetworks"));
    return catalog.projectQuotas(metric -> switch (metric) {
      case "CPUS_ALL_REGIONS" -> held.stream().filter(group -> group.collection().equals("instances"))
        .mapToLong(group -> group.count() * cpus(catalog, group.kind())).sum();
      case "XPN_SERVICE_PROJECTS" -> serviceProjects;
      default -> held.stream().filter(global.getOrDefault(metric, group -> false)).mapToLong(Held::count).sum();
    });
  }

  /**
   * A region's quotas' usage: the instances, CPUs, disk GB (SSD apart) and external IPs of its
   * zones, and its static external addresses.
   */
  public static ToDoubleFunction<String> inRegion(Catalog catalog, List<Held> held, Region region) {
    Predicate<Held> zonal = group -> group.scope().startsWith("zones/") && region.zones().contains(group.scope().substring(6));
    Predicate<Held> instances = zonal.and(group -> group.collection().equals("instances"));
    Predicate<Held> disks = zonal.and(group -> group.collection().equals("disks"));
    Predicate<Held> ssd = disks.and(group -> SSD.matcher(group.kind()).find());
    return metric -> switch (metric) {
      case "INSTANCES" -> held.stream().filter(instances).mapToLong(Held::count).sum();
      case "CPUS" -> held.stream().filter(instances).mapToLong(group -> group.count() * cpus(catalog, group.kind())).sum();
      case "IN_USE_ADDRESSES" -> held.stream().filter(instances).mapToLong(Held::externalIps).sum();
      case "DISKS_TOTAL_GB" -> held.stream().filter(disks.and(ssd.negate())).mapToLong(Held::gb).sum();
      case "SSD_TOTAL_GB" -> held.stream().filter(ssd).mapToLong(Held::gb).sum();
      case "STATIC_ADDRESSES" -> held.stream().filter(in("regions/" + region.name(), "addresses")
        .and(group -> !"INTERNAL".equals(group.kind()))).mapToLong(Held::count).sum();
      default -> 0;
    };
  }

  private static Predicate<Held> in(String scope, String collection) {
    return group -> group.scope().equals(scope) && group.collection().equals(collection);
  }

  private static long cpus(Catalog catalog, String machineType) {
    Matcher custom = CUSTOM.matcher(machineType);
    if (custom.find()) {
      return Long.parseLong(custom.group(1));
    }
    return catalog.machineType(machineType).map(MachineType::spec).map(spec -> spec.getLong("guestCpus", 1L)).orElse(1L);
  }
}
