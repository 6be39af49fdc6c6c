package io.gceemu.gce;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

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

  /**
   * The instant of a timestamp as {@link #format} writes it, read without a formatter: a zone's
   * load reads four of them per stored instance, and {@code OffsetDateTime.parse} was a sixth of
   * its time. Any other RFC 3339 form is parsed the usual way.
   */
  public static Instant parse(String text) {
    if (text.length() != 29 || text.charAt(10) != 'T' || text.charAt(19) != '.' || (text.charAt(23) != '+' && text.charAt(23) != '-')) {
      return OffsetDateTime.parse(text).toInstant();
    }
    long day = LocalDate.of(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2)).toEpochDay();
    long offsetSeconds = (digits(text, 24, 2) * 3600L + digits(text, 27, 2) * 60L) * (text.charAt(23) == '-' ? -1 : 1);
    long seconds = day * 86_400 + digits(text, 11, 2) * 3600L + digits(text, 14, 2) * 60L + digits(text, 17, 2) - offsetSeconds;
    return Instant.ofEpochSecond(seconds, digits(text, 20, 3) * 1_000_000L);
  }

  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new DateTimeParseException("not a timestamp", text, i);
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Postgres keeps microseconds; GCE shows milliseconds, so values are cut to them before storing. */
  public static Instant now() {
    return Instant.ofEpochMilli(System.currentTimeMillis());
  }
}
