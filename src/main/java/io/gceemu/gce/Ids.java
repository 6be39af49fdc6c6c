package io.gceemu.gce;

import java.util.concurrent.ThreadLocalRandom;
import java.util.HexFormat;

/** Server-assigned identifiers in the forms real Compute Engine uses. */
public final class Ids {

  private static final HexFormat HEX = HexFormat.of();

  private Ids() {
  }

  /**
   * A resource id: GCE ids are random unsigned 64-bit numbers sent as decimal strings, usually 18 or
   * 19 digits. Kept below 2^63 so it fits Postgres {@code bigint}.
   */
  public static long newResourceId() {
    // Random, not secret: ids only need to be unique, and this runs for every operation.
    return 1_000_000_000_000_000_00L + ThreadLocalRandom.current().nextLong(8_000_000_000_000_000_000L);
  }

  /** {@code operation-<epoch ms>-<13 hex>-<8 hex>-<8 hex>}, the shape of real operation names. */
  public static String newOperationName(long epochMillis) {
    byte[] bytes = new byte[15];
    ThreadLocalRandom.current().nextBytes(bytes);
    String hex = HEX.formatHex(bytes);
    return "operation-" + epochMillis + "-" + hex.substring(0, 13) + "-" + hex.substring(13, 21) + "-" + hex.substring(21, 29);
  }

  /** Whether a path segment names a resource by its numeric id rather than by its name. */
  public static boolean isNumericId(String segment) {
    return !segment.isEmpty() && segment.length() <= 20 && segment.chars().allMatch(Character::isDigit) && segment.charAt(0) != '0';
  }

  /** A path segment as a numeric id, or -1 when it is not one that fits a {@code long}. */
  public static long parseId(String segment) {
    if (!isNumericId(segment)) {
      return -1;
    }
    try {
      return Long.parseLong(segment);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
