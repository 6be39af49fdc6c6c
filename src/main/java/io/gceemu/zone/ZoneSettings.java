package io.gceemu.zone;

import io.vertx.core.json.JsonObject;

/**
 * What a zone verticle takes from the configuration.
 *
 * @param timing        {@code instant} or {@code realistic}
 * @param transitionMs  per-phase durations overriding the profile ({@code "insert.PROVISIONING": 3000})
 * @param waitTimeoutMs the longest {@code zoneOperations.wait}
 */
public record ZoneSettings(String timing, JsonObject transitionMs, long waitTimeoutMs) {
}
