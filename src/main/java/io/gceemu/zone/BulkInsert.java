package io.gceemu.zone;

import io.gceemu.gce.GceError;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code instances.bulkInsert}, planned: how many instances, named how, made of which properties.
 * The names of {@code perInstanceProperties} come first; the rest come from {@code namePattern},
 * whose run of {@code #} becomes the lowest free numbers, zero-padded to its length
 * ({@code web-####} gives web-0001, web-0002, ...), as GCE numbers them.
 */
record BulkInsert(long count, long minCount, String namePattern, JsonObject properties, List<String> givenNames) {

  private static final String FIELD = "bulkInsertInstanceResource";
  private static final Pattern HASHES = Pattern.compile("#+");
  /** The most instances one bulkInsert makes, as GCE's reference limits it. */
  private static final long MAX_COUNT = 1000;

  /** @param properties the instances' properties: the body's, or its template's with the body's over them */
  static BulkInsert of(JsonObject body, JsonObject properties) {
    Object count = body.getValue("count");
    if (count == null) {
      throw GceError.required(FIELD + ".count");
    }
    long asked = Long.parseLong(count.toString());
    long least = body.getValue("minCount") == null ? asked : Long.parseLong(body.getValue("minCount").toString());
    if (asked < 1 || least > asked || asked > MAX_COUNT) {
      throw GceError.invalidValue(FIELD + ".count", count, "The count must be between 1 and " + MAX_COUNT
        + " and not less than minCount.");
    }
    if (properties == null) {
      throw GceError.required(FIELD + ".instanceProperties");
    }
    List<String> names = new ArrayList<>(body.getJsonObject("perInstanceProperties", new JsonObject()).fieldNames());
    String pattern = body.getString("namePattern");
    if (names.size() < asked && (pattern == null || !HASHES.matcher(pattern).find())) {
      throw GceError.invalidValue(FIELD + ".namePattern", String.valueOf(pattern),
        "A name pattern with a run of '#' is required when perInstanceProperties does not name every instance.");
    }
    if (names.size() > asked) {
      throw GceError.invalidValue(FIELD + ".perInstanceProperties", names.size(),
        "perInstanceProperties names more instances than count.");
    }
    return new BulkInsert(asked, least, pattern, properties, names);
  }

  /**
   * The names of the instances to make, none of them {@code taken}.
   *
   * @param instances the path of the zone's instances, {@code projects/p/zones/z/instances}
   */
  List<String> names(String instances, Predicate<String> taken) {
    List<String> names = new ArrayList<>();
    for (String given : givenNames) {
      if (taken.test(given)) {
        throw GceError.alreadyExists(instances + "/" + given);
      }
      names.add(given);
    }
    Matcher hashes = namePattern == null ? null : HASHES.matcher(namePattern);
    if (hashes != null && hashes.find()) {
      String format = "%0" + hashes.group().length() + "d";
      for (long number = 1; names.size() < count && String.format(format, number).length() == hashes.group().length(); number++) {
        String name = namePattern.substring(0, hashes.start()) + String.format(format, number) + namePattern.substring(hashes.end());
        if (!taken.test(name) && !names.contains(name)) {
          names.add(name);
        }
      }
    }
    if (names.size() < minCount) {
      throw GceError.invalidValue(FIELD + ".namePattern", namePattern, "The name pattern has too few free names left for minCount.");
    }
    return names;
  }

  /** An insert's body: the shared properties, under one of the names. */
  JsonObject body(String name) {
    return properties.copy().put("name", name);
  }
}
