package io.gceemu.lifecycle;

import io.gceemu.support.Http;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.Set;

/** Watches a resource until a condition holds, collecting the statuses it went through. */
final class Polling {

  private Polling() {
  }

  /** Polls {@code path} every 20 ms until its {@code status} is {@code last}; returns every status seen. */
  static Set<String> statusesUntil(Http http, String path, String last, long timeoutMs) throws InterruptedException {
    Set<String> seen = new LinkedHashSet<>();
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      Http.Response response = http.get(path);
      String status = response.status() == 200 ? response.json().getString("status") : "HTTP " + response.status();
      seen.add(status);
      if (status.equals(last)) {
        return seen;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(path + " never reached " + last + "; saw " + seen);
  }

  static JsonObject operation(Http http, String zonePath, JsonObject operation) {
    return http.get(zonePath + "/operations/" + operation.getString("name")).json();
  }
}
