package io.gceemu.zone;

import io.gceemu.gce.ApiVersion;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
import io.gceemu.gce.Timestamps;
import io.gceemu.groups.InstanceGroupManagers;
import io.gceemu.groups.InstanceGroups;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceLists;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A zone's instance groups as GCE shows them: the unmanaged ones it stores, and each managed
 * group seen as the instance group of its name, its members those of the group. Answered on the
 * zone's state once the commits before are settled.
 */
final class InstanceGroupReads {

  private final String zone;
  private final ZoneState state;
  private final GroupControl groups;
  private final VersionedJson json;
  /** An unmanaged group's body, rendered once per change. */
  private final BiFunction<Resource, ApiVersion, Buffer> body;
  private final BiFunction<Resource, ApiVersion, JsonObject> rendered;

  InstanceGroupReads(String zone, ZoneState state, GroupControl groups, VersionedJson json,
                     BiFunction<Resource, ApiVersion, Buffer> body, BiFunction<Resource, ApiVersion, JsonObject> rendered) {
    this.zone = zone;
    this.state = state;
    this.groups = groups;
    this.json = json;
    this.body = body;
    this.rendered = rendered;
  }

  /** An unmanaged group as rendered, as GCE shows it: how many instances it has, not which. */
  static JsonObject sized(JsonObject rendered) {
    JsonArray members = (JsonArray) rendered.remove(InstanceGroups.MEMBERS);
    return rendered.put("size", members == null ? 0 : members.size());
  }

  /**
   * The reads of instance groups: the unmanaged ones stored, and each managed group seen as the
   * instance group of its name; empty for the verbs that change an unmanaged group.
   */
  Optional<Supplier<Object>> read(String verb, String project, String reference, JsonObject request, ApiVersion version) {
    return Optional.ofNullable(switch (verb) {
      case "get" -> () -> unmanaged(project, reference).map(group -> (Object) body.apply(group, version))
        .orElseGet(() -> instanceGroup(managed(project, reference), version));
      case "list" -> () -> {
        List<Resource> all = new ArrayList<>(state.resources().list(InstanceGroups.COLLECTION, project));
        all.addAll(state.resources().list(InstanceGroupManagers.COLLECTION, project));
        String self = Links.zone(project, zone) + "/" + InstanceGroups.COLLECTION;
        return ResourceLists.answer(InstanceGroups.TYPE, request, all, group -> shownAsGroup(group, version).toBuffer(),
          group -> shownAsGroup(group, version), self, json.link(version, self));
      };
      case InstanceGroups.LIST_INSTANCES -> () -> {
        List<Instance> members = unmanaged(project, reference).map(group -> group.document()
            .getJsonArray(InstanceGroups.MEMBERS, new JsonArray()).stream()
            .map(path -> state.instances(project).stream().filter(instance -> instance.path().equals(path)).findFirst())
            .flatMap(Optional::stream).toList())
          .orElseGet(() -> groups.members(managed(project, reference)));
        JsonArray items = new JsonArray();
        members.forEach(member -> items.add(new JsonObject().put("instance", json.link(version, member.path()))
          .put("status", member.status().name())));
        String path = Links.zone(project, zone) + "/instanceGroups/" + reference;
        return new JsonObject().put("kind", "compute#instanceGroupsListInstances").put("id", path + "/listInstances").put("items", items)
          .put("selfLink", json.link(version, path + "/listInstances"));
      };
      default -> null;
    });
  }

  private Optional<Resource> unmanaged(String project, String name) {
    return state.resources().named(InstanceGroups.COLLECTION, project, name);
  }

  /** The managed group behind an instance group of that name, or GCE's 404 for the instance group. */
  private Resource managed(String project, String name) {
    return state.resources().named(InstanceGroupManagers.COLLECTION, project, name)
      .orElseThrow(() -> GceError.notFound("projects/" + project + "/zones/" + zone + "/instanceGroups/" + name));
  }

  private JsonObject shownAsGroup(Resource group, ApiVersion version) {
    return group.collection().equals(InstanceGroups.COLLECTION) ? rendered.apply(group, version) : instanceGroup(group, version);
  }

  /** A managed group seen as an instance group: its {@code size} is how many members it has now (Terraform watches it during a delete). */
  private JsonObject instanceGroup(Resource group, ApiVersion version) {
    String path = "projects/" + group.project() + "/zones/" + zone + "/instanceGroups/" + group.name();
    JsonObject instanceGroup = new JsonObject().put("kind", "compute#instanceGroup").put("id", Long.toString(group.id()))
      .put("creationTimestamp", Timestamps.format(group.created())).put("name", group.name())
      .put("description", "This instance group is controlled by Instance Group Manager '" + group.name() + "'. To modify instances in "
        + "this group, use the Instance Group Manager API: https://cloud.google.com/compute/docs/reference/latest/instanceGroupManagers")
      .put("fingerprint", "42WmSpB8rSM=").put("zone", json.link(version, "projects/" + group.project() + "/zones/" + zone))
      .put("size", groups.members(group).size()).put("selfLink", json.link(version, path));
    if (group.document().getJsonArray("namedPorts") != null) {
      instanceGroup.put("namedPorts", group.document().getJsonArray("namedPorts").copy());
    }
    return instanceGroup;
  }
}
