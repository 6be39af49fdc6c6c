package io.gceemu.gce;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * RFC 3339 with milliseconds and a numeric offset in US Pacific time, e.g.
 * {@code 2024-01-29T23:40:10.812-08:00}, which is how real GCE writes every timestamp.
 */
public final class Timestamps {

  private static final DateTimeFormatter FORMAT =
    DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneId.of("America/Los_Angeles"));

  private Timestamps() {
  }

  /** The last time formatted: an operation and its instance show the same millisecond many times over. */
  private record Formatted(long epochMillis, String text) {
  }

  private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

  public static String format(Instant instant) {
    long millis = instant.toEpochMilli();
    Formatted cached = last;
    if (cached.epochMillis() == millis) {
      return cached.text();
    }
    String text = FORMAT.format(instant);
    last = new Formatted(millis, text);
    return text;
  }

  /** Postgres keeps microseconds; GCE shows milliseconds, so values are cut to them before storing. */
  public static Instant now() {
    return Instant.ofEpochMilli(System.currentTimeMillis());
  }
}
