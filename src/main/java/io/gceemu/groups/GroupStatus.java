package io.gceemu.groups;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What GCE shows of a group's work in progress, from what its members are doing: the 13
 * {@code currentActions} counters (members still to make count as creating, members beyond the
 * target as deleting, members let go of as abandoning, members of an old version in a PROACTIVE rollout as recreating) and {@code
 * status}, stable only when every counter but {@code none} is 0.
 */
public final class GroupStatus {

  /** GCE's action counters, in the order it shows them. */
  private static final List<String> ACTIONS = List.of("none", "creating", "creatingWithoutRetries", "verifying", "recreating",
    "deleting", "abandoning", "restarting", "refreshing", "suspending", "resuming", "stopping", "starting");

  /** One member, as the group sees it. */
  public record Member(boolean creating, boolean deleting, boolean abandoning, boolean outdated, boolean ofCurrentTemplate) {
  }

  private GroupStatus() {
  }

  /** {@code currentActions} and {@code status} of a group of {@code target} members. */
  public static JsonObject of(int target, List<Member> members) {
    long creating = members.stream().filter(Member::creating).count();
    long deleting = members.stream().filter(Member::deleting).count();
    long abandoning = members.stream().filter(Member::abandoning).count();
    long staying = members.stream().filter(member -> !member.deleting() && !member.abandoning()).count();
    long recreating = members.stream().filter(member -> !member.deleting() && !member.abandoning() && member.outdated()).count();
    JsonObject actions = new JsonObject();
    ACTIONS.forEach(action -> actions.put(action, 0));
    actions.put("none", members.stream().filter(member -> !member.creating() && !member.deleting() && !member.abandoning()
        && !member.outdated()).count())
      .put("creating", creating + Math.max(0, target - staying))
      .put("deleting", deleting + Math.max(0, staying - target))
      .put("abandoning", abandoning)
      .put("recreating", recreating);
    boolean stable = ACTIONS.stream().skip(1).allMatch(action -> actions.getLong(action) == 0);
    boolean reached = stable && members.stream().allMatch(Member::ofCurrentTemplate);
    JsonObject status = new JsonObject().put("isStable", stable).put("allInstancesConfig", new JsonObject().put("effective", true))
      .put("versionTarget", new JsonObject().put("isReached", reached))
      .put("stateful", new JsonObject().put("hasStatefulConfig", false).put("isStateful", false)
        .put("perInstanceConfigs", new JsonObject().put("allEffective", true)));
    return new JsonObject().put("currentActions", actions).put("status", status);
  }
}
