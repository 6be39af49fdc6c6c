package io.gceemu.zone;

import io.gceemu.bus.Actions;
import io.gceemu.gce.GceError;
import io.gceemu.gce.ResourcePolicies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The instance methods that set one of its fields from their body, declared: each names its GCE
 * method, its HTTP verb, the field it sets, whether GCE takes it only from a stopped instance,
 * and how the body and the field as it is make the new value. One command and one route serve
 * them all ({@link InstanceCommands#set}, {@code api/InstanceRoutes}).
 *
 * @param action  the bus action, named as the GCE method ({@code instances.setScheduling}), also its body's schema
 * @param patch   sent as {@code PATCH} (updateShieldedInstanceConfig), else {@code POST}
 * @param stopped GCE changes it only while the instance is TERMINATED
 */
public record InstanceSetters(String action, boolean patch, String field, boolean stopped,
                              BiFunction<JsonObject, JsonObject, Object> value) {

  public static final List<InstanceSetters> ALL = List.of(
    // The whole Scheduling, with GCE's defaults for what it leaves out, as at insert.
    new InstanceSetters(Actions.SET_SCHEDULING, false, "scheduling", false,
      (current, body) -> InstanceFactory.attributes(new JsonObject().put("scheduling", body)).getJsonObject("scheduling")),
    new InstanceSetters(Actions.SET_SERVICE_ACCOUNT, false, "serviceAccounts", true, (current, body) -> body.getString("email") == null
      ? new JsonArray() : new JsonArray().add(new JsonObject().put("email", body.getString("email"))
        .put("scopes", body.getJsonArray("scopes", new JsonArray()).copy()))),
    new InstanceSetters(Actions.SET_MIN_CPU_PLATFORM, false, "minCpuPlatform", true, (current, body) -> body.getString("minCpuPlatform")),
    // The settings sent, over those the instance has.
    new InstanceSetters(Actions.UPDATE_SHIELDED_INSTANCE_CONFIG, true, "shieldedInstanceConfig", true,
      (current, body) -> current.getJsonObject("shieldedInstanceConfig", new JsonObject()).copy().mergeIn(body)),
    new InstanceSetters(Actions.SET_SHIELDED_INSTANCE_INTEGRITY_POLICY, true, "shieldedInstanceIntegrityPolicy", false,
      (current, body) -> current.getJsonObject("shieldedInstanceIntegrityPolicy", new JsonObject()).copy().mergeIn(body)),
    new InstanceSetters(Actions.SET_MACHINE_RESOURCES, false, "guestAccelerators", true,
      (current, body) -> body.getJsonArray("guestAccelerators", new JsonArray()).copy()),
    new InstanceSetters(Actions.UPDATE_DISPLAY_DEVICE, true, "displayDevice", true, (current, body) -> body.copy()),
    new InstanceSetters(Actions.ADD_RESOURCE_POLICIES, false, "resourcePolicies", false, (current, body) ->
      ResourcePolicies.added(current.getJsonArray("resourcePolicies"), body.getJsonArray("resourcePolicies"))),
    new InstanceSetters(Actions.REMOVE_RESOURCE_POLICIES, false, "resourcePolicies", false, (current, body) ->
      ResourcePolicies.removed(current.getJsonArray("resourcePolicies"), body.getJsonArray("resourcePolicies"))));

  public static Optional<InstanceSetters> of(String action) {
    return ALL.stream().filter(setter -> setter.action().equals(action)).findFirst();
  }

  /** The method's name, its operation's operationType: {@code setScheduling}. */
  public String method() {
    return Actions.operationType(action);
  }

  /** The attributes with the field set, or GCE's refusal while the instance runs. */
  JsonObject apply(Instance current, JsonObject body) {
    if (stopped && current.status() != InstanceStatus.TERMINATED) {
      throw GceError.notReady(current.path());
    }
    JsonObject attributes = current.attributes().copy();
    Object set = value.apply(attributes, body);
    if (set == null || set instanceof JsonArray list && list.isEmpty()) {
      attributes.remove(field);
    } else {
      attributes.put(field, set);
    }
    return attributes;
  }
}
