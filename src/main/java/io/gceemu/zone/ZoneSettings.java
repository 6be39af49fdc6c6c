package io.gceemu.zone;

import io.gceemu.runtime.VmRuntime;
import io.vertx.core.json.JsonObject;

/**
 * What a zone verticle takes from the configuration.
 *
 * @param timing        {@code instant} or {@code realistic}
 * @param transitionMs  per-phase durations overriding the profile ({@code "compute.instances.insert.PROVISIONING": 3000})
 * @param waitTimeoutMs the longest {@code zoneOperations.wait}
 * @param operationRetentionMs how long a finished operation is kept
 * @param operationLimit the most operations the zone keeps
 * @param queueLimit    requests the zone holds waiting before it sheds more with a 503
 * @param runtime       what runs behind the zone's RUNNING instances (nothing, by default)
 */
public record ZoneSettings(String timing, JsonObject transitionMs, long waitTimeoutMs, long operationRetentionMs,
                           int operationLimit, int queueLimit, VmRuntime runtime) {
}
