package io.gceemu.zone;

import io.gceemu.gce.GceError;
import io.gceemu.gce.Ids;
import io.gceemu.groups.InstanceGroupManagers;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceRules;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.ResourceTypes;
import io.gceemu.resource.Scope;
import io.gceemu.resource.StandardVerbs;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The zone's methods of its declared collections (disks): each decides on the zone's state and
 * returns a step, not yet written, whose operation is DONE at once (real disk operations finish
 * within a second or two; clients poll them as any other).
 */
final class ResourceCommands {

  private final String zone;
  private final ZoneState state;
  private final Map<String, ResourceRules> rules;
  private final Progressions progressions;

  ResourceCommands(String zone, ZoneState state, Progressions progressions) {
    this.zone = zone;
    this.state = state;
    this.progressions = progressions;
    this.rules = ResourceTypes.rulesIn(Scope.ZONE, zone);
  }

  ResourceRules rules(ResourceType type) {
    return rules.get(type.collection());
  }

  /** @param referenced what the insert names in other scopes, read beforehand */
  Step insert(ResourceType type, String project, JsonObject body, JsonObject params, Map<String, Resource> referenced,
              String requestId, Instant now) {
    Resource created = StandardVerbs.insert(type, rules(type), state.resources().scope(), project, body, params, referenced, now);
    if (state.resources().named(type.collection(), project, created.name()).isPresent()) {
      throw GceError.alreadyExists(created.path());
    }
    // A disk is CREATING while its insert runs, as long as the timing profile or a test says.
    return ResourceTransitions.begin(created,
      operation(created, type.operationType(ResourceType.INSERT), progressions.forMethod(type.method(ResourceType.INSERT)), requestId, now),
      now);
  }

  Step delete(ResourceType type, String project, String reference, String requestId, Instant now) {
    Resource gone = StandardVerbs.delete(rules(type), ready(type, project, reference));
    if (type == InstanceGroupManagers.TYPE && InstanceGroupManagers.deleting(gone)) {
      throw GceError.notReady(gone.path());
    }
    if (type == InstanceGroupManagers.TYPE) {
      return deletingGroup(gone, requestId, now);
    }
    return done(gone, type.operationType(ResourceType.DELETE), requestId, now, Resource.Change.delete(gone));
  }

  /**
   * A managed group's delete, as GCE runs it: its operation stays RUNNING while the group deletes
   * its members (they show as deleting, its instance group's size shrinks), and the control loop
   * ends it once none is left ({@link #groupDeleted}). It waits on no timer, so no progression
   * moves it on.
   */
  private Step deletingGroup(Resource group, String requestId, Instant now) {
    Operation operation = operation(group, InstanceGroupManagers.TYPE.operationType(ResourceType.DELETE), Progression.time(List.of()),
      requestId, now);
    Resource marked = group.with(group.document().copy().put(InstanceGroupManagers.DELETING, Long.toString(operation.id())));
    return new Step(null, operation, Step.Write.NONE, List.of(Resource.Change.put(marked)));
  }

  /** The end of a managed group's delete, its members gone: the group goes and its operation is DONE. */
  Step groupDeleted(Resource group, Instant now) {
    Operation operation = state.operationById(Long.parseLong(group.document().getString(InstanceGroupManagers.DELETING)));
    if (operation == null) {
      // Its operation was ended by other means (the admin API) and forgotten since.
      return done(group, InstanceGroupManagers.TYPE.operationType(ResourceType.DELETE), null, now, Resource.Change.delete(group));
    }
    return new Step(null, operation.done() ? operation : operation.finished(now), Step.Write.NONE, List.of(Resource.Change.delete(group)));
  }

  Step setLabels(ResourceType type, String project, String reference, JsonObject body, String requestId, Instant now) {
    Resource changed = StandardVerbs.setLabels(ready(type, project, reference), body);
    return done(changed, ResourceType.SET_LABELS, requestId, now, Resource.Change.put(changed));
  }

  /** A collection's own verb ({@code disks.resize}), as its rules decide it. */
  Step custom(ResourceType type, String verb, String project, String reference, JsonObject body, JsonObject params,
              String requestId, Instant now) {
    String operationType = type.operationType(verb);
    Resource current = ready(type, project, reference);
    List<Resource.Change> changes = rules(type).apply(verb, current, body, params, now);
    return done(current, operationType, requestId, now, changes.toArray(Resource.Change[]::new));
  }

  /**
   * An injected fault: the request is accepted and its operation ends at once in {@code error},
   * changing nothing, as GCE reports a shortage (a disk's {@code ZONE_RESOURCE_POOL_EXHAUSTED}).
   */
  Step failed(ResourceType type, String verb, String project, String reference, JsonObject body, JsonObject error,
              String requestId, Instant now) {
    String operationType = type.operationType(verb);
    Resource target = verb.equals(ResourceType.INSERT)
      ? new Resource(Ids.newResourceId(), project, state.resources().scope(), type.collection(), body.getString("name", ""), now, body)
      : state.resources().get(type.collection(), project, reference);
    return new Step(null, operation(target, operationType, Progression.IMMEDIATE, requestId, now).failed(now, error), Step.Write.NONE);
  }

  /** The resource, provided no operation is still making it: GCE refuses to change a disk that is CREATING. */
  private Resource ready(ResourceType type, String project, String reference) {
    Resource current = state.resources().get(type.collection(), project, reference);
    if (state.busy(current.id())) {
      throw GceError.notReady(current.path());
    }
    return current;
  }

  /** The finished operation of a change to {@code target}; its targetId is the resource's id, as on GCE. */
  Step done(Resource target, String operationType, String requestId, Instant now, Resource.Change... changes) {
    Operation operation = operation(target, operationType, Progression.IMMEDIATE, requestId, now);
    return new Step(null, operation.finished(now), Step.Write.NONE, List.of(changes));
  }

  private Operation operation(Resource target, String operationType, Progression progression, String requestId, Instant now) {
    return Operation.begin(target.project(), zone, null, operationType, target.path(), target.id(), progression, requestId, now);
  }
}
