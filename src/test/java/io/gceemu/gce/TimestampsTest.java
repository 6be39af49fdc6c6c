package io.gceemu.gce;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** GCE's timestamps read back as the instants they were written from, fast path or not. */
class TimestampsTest {

  @Test
  void whatFormatWritesParseReadsBack() {
    for (Instant instant : List.of(Instant.parse("2024-01-29T23:40:10.812Z"), Instant.parse("2026-07-01T00:00:00.001Z"),
      Instant.parse("1999-12-31T23:59:59.999Z"), Instant.ofEpochMilli(System.currentTimeMillis()))) {
      assertEquals(instant, Timestamps.parse(Timestamps.format(instant)));
    }
  }

  @Test
  void otherOffsetsAndFormsAreReadAsOffsetDateTimeReadsThem() {
    for (String text : List.of("2024-01-29T23:40:10.812+05:30", "2024-01-29T23:40:10.812-00:00", "2024-01-29T23:40:10Z",
      "2024-01-29T23:40:10.812345-08:00")) {
      assertEquals(OffsetDateTime.parse(text).toInstant(), Timestamps.parse(text), text);
    }
  }

  @Test
  void aBrokenTimestampIsRefused() {
    assertThrows(java.time.format.DateTimeParseException.class, () -> Timestamps.parse("2024-01-29T2x:40:10.812-08:00"));
  }
}
