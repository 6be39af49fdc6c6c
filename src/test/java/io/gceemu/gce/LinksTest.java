package io.gceemu.gce;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How each API version's link base comes from the configured one, v1's. */
class LinksTest {

  @Test
  void betaReplacesTheLastV1Segment() {
    Links v1 = new Links("https://www.googleapis.com/compute/v1/");
    assertEquals("https://www.googleapis.com/compute/v1/projects/p", v1.of("projects/p"));
    assertEquals("https://www.googleapis.com/compute/beta/projects/p", v1.in(ApiVersion.BETA).of("projects/p"));
    assertEquals("http://127.0.0.1:8080/v1/compute/beta/", Links.base("http://127.0.0.1:8080/v1/compute/v1/", ApiVersion.BETA));
    assertEquals("https://www.googleapis.com/compute/v1/projects/p", v1.in(ApiVersion.BETA).in(ApiVersion.V1).of("projects/p"));
  }

  @Test
  void aBaseWithoutAVersionServesEveryVersionAsItIs() {
    assertEquals("http://emulator/", Links.base("http://emulator/", ApiVersion.BETA));
  }
}
