package io.gceemu.networks;

import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reserved external addresses come from the configured ranges, range after range, until none is left. */
class ExternalAddressRangesTest {

  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension(new JsonObject()
    .put("externalAddressRanges", new JsonArray().add("203.0.113.0/30").add("198.51.100.8/30")));

  @Test
  void addressesAreGivenFromEachRangeInTurnThenRefused() {
    Http http = EMULATOR.http();
    String project = "/compute/v1/projects/" + Http.newProject();
    List<String> given = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String path = (i % 2 == 0 ? project + "/regions/us-east1" : project + "/global") + "/addresses";
      Http.Response made = http.post(path, new JsonObject().put("name", "a" + i));
      assertEquals(200, made.status(), made.body());
      given.add(http.get(path + "/a" + i).json().getString("address"));
    }
    // A /30 keeps its first and last address: two of each range, regional and global alike.
    assertEquals(List.of("203.0.113.1", "203.0.113.2", "198.51.100.9", "198.51.100.10"), given);
    Http.Response none = http.post(project + "/regions/us-east1/addresses", new JsonObject().put("name", "more"));
    assertEquals(400, none.status());
    assertEquals("ipSpaceExhausted", none.reason());
    http.delete(project + "/regions/us-east1/addresses/a2");
    assertEquals(200, http.post(project + "/regions/us-east1/addresses", new JsonObject().put("name", "again")).status());
    assertEquals("198.51.100.9", http.get(project + "/regions/us-east1/addresses/again").json().getString("address"),
      "a freed one is given again once the ranges' tops are reached");
  }
}
