package io.gceemu.zone;

import io.gceemu.gce.Links;
import io.gceemu.groups.GroupStatus;
import io.gceemu.groups.InstanceGroupManagers;
import io.gceemu.resource.Resource;
import io.gceemu.templates.InstanceTemplates;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a managed group's control loop decides, on the zone's state: which instances are its
 * members (those whose {@code created-by} metadata names it), how many to make and which to
 * delete to reach its target size, and what its {@code currentActions} and {@code status} show
 * meanwhile. The zone verticle carries the decisions out as ordinary inserts and deletes.
 */
final class GroupControl {

  private static final String NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** A base naming its members by number: its prefix, its hash signs, and the number to start at. */
  private static final Pattern NUMBERED = Pattern.compile("(.*)-(#{1,10})(?:\\[([0-9]{1,10})])?");

  private final String zone;
  private final ZoneState state;

  GroupControl(String zone, ZoneState state) {
    this.zone = zone;
    this.state = state;
  }

  /** What a group's control loop should do now: make {@code make} members, delete {@code delete}, let {@code abandon} go. */
  record Plan(int make, List<Instance> delete, List<Instance> abandon, boolean gone) {
    static final Plan IDLE = new Plan(0, List.of(), List.of(), false);
    /** A group being deleted whose members are all gone: it goes too. */
    static final Plan GONE = new Plan(0, List.of(), List.of(), true);

    static Plan make(int count) {
      return new Plan(count, List.of(), List.of(), false);
    }

    static Plan delete(List<Instance> members) {
      return new Plan(0, members, List.of(), false);
    }

    boolean idle() {
      return make == 0 && delete.isEmpty() && abandon.isEmpty() && !gone;
    }
  }

  List<Resource> groups() {
    return state.resources().all(InstanceGroupManagers.COLLECTION);
  }

  /**
   * The group's members, as its created-by metadata names it (GCE writes the project's number
   * there), but for those it let go of.
   */
  List<Instance> members(Resource group) {
    return carrying(group).stream().filter(instance -> !InstanceGroupManagers.abandoned(group, instance.name())).toList();
  }

  /** The instances that still carry the group's metadata though it let them go. */
  private List<Instance> abandoning(Resource group) {
    return carrying(group).stream().filter(instance -> InstanceGroupManagers.abandoned(group, instance.name())).toList();
  }

  private List<Instance> carrying(Resource group) {
    String createdBy = InstanceGroupManagers.createdBy(group);
    return state.instances(group.project()).stream().filter(instance -> createdBy.equals(metadata(instance, InstanceGroupManagers.CREATED_BY)))
      .toList();
  }

  /**
   * Instances a group no longer there made (it was deleted): they go with it.
   *
   * @param regional the region's groups as last read, or null when they are not known yet (their members are then left alone)
   */
  List<Instance> orphans(List<Resource> regional) {
    Set<String> groups = new HashSet<>(groups().stream().map(InstanceGroupManagers::createdBy).toList());
    if (regional != null) {
      regional.forEach(group -> groups.add(InstanceGroupManagers.createdBy(group)));
    }
    List<Instance> orphans = new ArrayList<>();
    for (String project : state.projects()) {
      state.instances(project).stream().filter(instance -> {
        String createdBy = metadata(instance, InstanceGroupManagers.CREATED_BY);
        boolean ours = createdBy != null && (createdBy.contains("/zones/" + zone + "/instanceGroupManagers/")
          || regional != null && createdBy.contains("/regions/") && createdBy.contains("/instanceGroupManagers/"));
        return ours && !groups.contains(createdBy) && !deleting(instance);
      }).forEach(orphans::add);
    }
    return orphans;
  }

  /**
   * @param seen when the group was read as it is given: a regional group's is read from Postgres
   *             now and then, so a member that went down after that may have been stopped by the
   *             group itself, which this read does not show yet; null for a zonal group, always current
   */
  Plan plan(Resource group, Instant seen) {
    if (InstanceGroupManagers.deleting(group)) {
      // Every member goes, those it let go of too, and then the group.
      List<Instance> left = carrying(group);
      return left.isEmpty() ? Plan.GONE : Plan.delete(left.stream().filter(member -> !deleting(member)).toList());
    }
    List<Instance> letGo = abandoning(group).stream().filter(member -> !state.busy(member)).toList();
    if (!letGo.isEmpty()) {
      return new Plan(0, List.of(), letGo, false);
    }
    List<Instance> members = members(group);
    List<Instance> staying = members.stream().filter(member -> !deleting(member)).toList();
    int target = InstanceGroupManagers.targetIn(group, zone);
    if (staying.size() < target) {
      return Plan.make(target - staying.size());
    }
    List<Instance> down = staying.stream().filter(member -> !state.busy(member)
      && InstanceGroupManagers.needsRepair(group, member.name(), member.status().name())
      && (seen == null || downSince(member).isBefore(seen))).toList();
    if (!down.isEmpty()) {
      // Repair: a member stopped or suspended by anyone but the group is replaced; the next round makes the new one.
      return Plan.delete(down);
    }
    List<Instance> outdated = outdated(group, staying);
    boolean busy = members.stream().anyMatch(member -> creating(member) || deleting(member));
    if (staying.size() == target && !outdated.isEmpty()) {
      // A rollout, one step at a time while the group is otherwise at rest: with maxSurge, new members first (the old ones go
      // once they run); without it, maxUnavailable old members go and the next rounds make their replacements.
      int surge = Math.min(InstanceGroupManagers.maxSurge(group), outdated.size());
      if (busy) {
        return Plan.IDLE;
      }
      return surge > 0 ? Plan.make(surge) : Plan.delete(outdated.stream().limit(InstanceGroupManagers.maxUnavailable(group)).toList());
    }
    if (staying.size() == target || !outdated.isEmpty() && busy) {
      return Plan.IDLE;
    }
    // The ones to go: old members of a rollout first, then those not running, then the newest, as a resize down leaves the oldest.
    List<Instance> extra = staying.stream().sorted(Comparator.comparing((Instance member) -> !outdated.contains(member))
      .thenComparing(member -> member.status() == InstanceStatus.RUNNING)
      .thenComparing(Instance::created, Comparator.reverseOrder())).limit(staying.size() - target).toList();
    return Plan.delete(extra);
  }

  /** When a member went down: its last stop or suspension. */
  private static Instant downSince(Instance member) {
    Instant stopped = member.lastStop() == null ? member.created() : member.lastStop();
    return member.lastSuspended() != null && member.lastSuspended().isAfter(stopped) ? member.lastSuspended() : stopped;
  }

  /**
   * The names of {@code count} new members: first those createInstances asked this zone for and
   * not made yet, then the base and 4 random characters each.
   */
  List<String> newNames(Resource group, int count) {
    Set<String> chosen = new HashSet<>();
    List<String> names = new ArrayList<>();
    InstanceGroupManagers.namedIn(group, zone).stream().filter(name -> !state.exists(group.project(), name)).limit(count)
      .forEach(name -> {
        chosen.add(name);
        names.add(name);
      });
    while (names.size() < count) {
      names.add(memberName(group, chosen));
    }
    return names;
  }

  /**
   * A new member's name, not taken in the project: the base and 4 random characters, as GCE names
   * them; or, for a base ending in a hyphen and hash signs ({@code vm-###}, optionally
   * {@code vm-###[10]} to start at 10), the lowest free number of that many digits, as GCE's
   * reference describes ({@code vm-001}).
   */
  private String memberName(Resource group, Set<String> chosen) {
    String base = group.document().getString("baseInstanceName", group.name());
    Matcher numbered = NUMBERED.matcher(base);
    if (numbered.matches()) {
      int digits = numbered.group(2).length();
      for (long number = numbered.group(3) == null ? 1 : Long.parseLong(numbered.group(3)); ; number++) {
        String candidate = numbered.group(1) + "-" + String.format(Locale.ROOT, "%0" + digits + "d", number);
        if (!state.exists(group.project(), candidate) && chosen.add(candidate)) {
          return candidate;
        }
      }
    }
    while (true) {
      StringBuilder name = new StringBuilder(base).append('-');
      for (int i = 0; i < 4; i++) {
        name.append(NAME_CHARACTERS.charAt(RANDOM.nextInt(NAME_CHARACTERS.length())));
      }
      String candidate = name.toString();
      if (!state.exists(group.project(), candidate) && chosen.add(candidate)) {
        return candidate;
      }
    }
  }

  /** A member's insert: its template's properties, its name, and the metadata that makes it the group's. */
  JsonObject memberBody(Resource group, Resource template, String name) {
    JsonObject body = InstanceTemplates.instanceBody(template, new JsonObject().put("name", name));
    JsonObject metadata = body.getJsonObject("metadata", new JsonObject()).copy();
    JsonArray items = new JsonArray(new ArrayList<>(metadata.getJsonArray("items", new JsonArray()).getList()));
    items.add(new JsonObject().put("key", InstanceGroupManagers.INSTANCE_TEMPLATE).put("value", templateOf(group.project(), template.name())))
      .add(new JsonObject().put("key", InstanceGroupManagers.CREATED_BY).put("value", InstanceGroupManagers.createdBy(group)));
    return body.put("metadata", new JsonObject().put("items", items));
  }

  /** What GCE shows of the work in progress: currentActions and status. */
  JsonObject live(Resource group) {
    String template = templateOf(group.project(), Links.lastSegment(InstanceGroupManagers.template(group)));
    Instant before = InstanceGroupManagers.replaceBefore(group);
    return GroupStatus.of(InstanceGroupManagers.targetIn(group, zone), carrying(group).stream().map(member -> new GroupStatus.Member(
      creating(member), deleting(member), InstanceGroupManagers.abandoned(group, member.name()), before != null && member.created().isBefore(before),
      template.equals(metadata(member, InstanceGroupManagers.INSTANCE_TEMPLATE)))).toList());
  }

  /** listManagedInstances: each member, its status and what the group is doing to it. */
  JsonObject managedInstances(Resource group, Function<String, String> link) {
    JsonArray managed = new JsonArray();
    for (Instance member : carrying(group)) {
      String action = InstanceGroupManagers.abandoned(group, member.name()) ? "ABANDONING" : creating(member) ? "CREATING"
        : deleting(member) ? "DELETING" : "NONE";
      String template = metadata(member, InstanceGroupManagers.INSTANCE_TEMPLATE);
      managed.add(InstanceGroupManagers.managedInstance(link.apply(member.path()), member.id(), member.status().name(), action,
        template == null ? null : link.apply("projects/" + group.project() + "/global/instanceTemplates/" + Links.lastSegment(template))));
    }
    return new JsonObject().put("managedInstances", managed);
  }

  /** The members a PROACTIVE rollout still has to replace: made before it began. */
  private static List<Instance> outdated(Resource group, List<Instance> members) {
    Instant before = InstanceGroupManagers.replaceBefore(group);
    return before == null ? List.of() : members.stream().filter(member -> member.created().isBefore(before)).toList();
  }

  private boolean creating(Instance member) {
    return state.driverType(member.id()).filter("insert"::equals).isPresent();
  }

  private boolean deleting(Instance member) {
    return state.driverType(member.id()).filter("delete"::equals).isPresent();
  }

  private static String templateOf(String project, String template) {
    return InstanceGroupManagers.templateOf(project, template);
  }

  private static String metadata(Instance instance, String key) {
    return InstanceGroupManagers.metadata(instance.metadataItems(), key);
  }
}
