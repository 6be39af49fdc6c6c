package io.gceemu.zone;

import io.gceemu.cluster.ZoneLease;
import io.gceemu.gce.GceError;
import io.gceemu.groups.InstanceGroupManagers;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.store.ZoneStore;
import io.gceemu.templates.InstanceTemplates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The managed groups' control loop of one zone, on its event loop: rounds that carry out what
 * {@link GroupControl} decides (members made from the template, extra ones deleted, a deleted
 * group's members removed) through the zone's ordinary commands, the region's groups read every
 * second for this zone's share of them, and what a group's verbs do to the members they name.
 */
final class GroupLoop {

  private static final Logger LOG = LoggerFactory.getLogger(GroupLoop.class);
  /** How many member inserts or deletes a group has in the zone's queue at once. */
  private static final int AT_ONCE = 16;

  private final Vertx vertx;
  private final ZoneLease lease;
  private final ZoneStore store;
  private final String region;
  private final ZoneState state;
  private final GroupControl groups;
  private final InstanceCommands commands;
  private final ResourceCommands resources;
  private final InstanceFactory factory;
  /** Runs a command as the zone runs any: in the next group commit, every immediate phase at once. */
  private final Function<ZoneVerticle.Command, Future<Step>> run;
  /** Reads what a command names in other scopes (a template, the networks of its members). */
  private final BiFunction<String, List<ResourceKey>, Future<Map<String, Resource>>> referenced;
  /** The groups being acted for: a round leaves them alone until that is done. */
  private final Set<Long> reconciling = new HashSet<>();
  private boolean reconcileQueued;
  private boolean orphansToDelete = true;
  /** The region's managed groups, as last read from Postgres (their owner is the region's); null until read. */
  private List<Resource> regionalGroups;
  /** When the read of {@link #regionalGroups} began. */
  private Instant regionalSeen;

  GroupLoop(Vertx vertx, ZoneLease lease, ZoneStore store, String region, ZoneState state, GroupControl groups,
            InstanceCommands commands, ResourceCommands resources, InstanceFactory factory, Function<ZoneVerticle.Command, Future<Step>> run,
            BiFunction<String, List<ResourceKey>, Future<Map<String, Resource>>> referenced) {
    this.vertx = vertx;
    this.lease = lease;
    this.store = store;
    this.region = region;
    this.state = state;
    this.groups = groups;
    this.commands = commands;
    this.resources = resources;
    this.factory = factory;
    this.run = run;
    this.referenced = referenced;
  }

  /** After the zone (re)loads its state: a resize or a group's delete in progress then carries on. */
  void loaded() {
    orphansToDelete = true;
    reconcileSoon();
  }

  /**
   * After a commit: a round when it touched a group or a member (a group made, changed or
   * deleted, a member made, changed or gone), so that unrelated writes cost the loop nothing.
   */
  void committed(Step step) {
    boolean groupChanged = step.resources().stream()
      .anyMatch(change -> change.resource().collection().equals(InstanceGroupManagers.COLLECTION));
    if (step.resources().stream().anyMatch(change -> change.deleted()
      && change.resource().collection().equals(InstanceGroupManagers.COLLECTION))) {
      orphansToDelete = true;
    }
    Instance instance = step.instance();
    boolean member = instance != null && InstanceGroupManagers.metadata(instance.metadataItems(), InstanceGroupManagers.CREATED_BY) != null;
    if (groupChanged || member || orphansToDelete) {
      reconcileSoon();
    }
  }

  /**
   * The region's groups, read every round: this zone makes and deletes its share of their
   * members. A group gone since the last read leaves members to delete.
   */
  void readRegionalGroups() {
    Instant began = Instant.now();
    store.regionalGroups(region).onComplete(read -> {
      if (read.succeeded()) {
        regionalSeen = began;
        Set<Long> now = new HashSet<>(read.result().stream().map(Resource::id).toList());
        if (regionalGroups != null && regionalGroups.stream().anyMatch(group -> !now.contains(group.id()))) {
          orphansToDelete = true;
        }
        regionalGroups = read.result();
      }
      reconcileSoon();
    });
  }

  /** A round of the groups' control loop, soon, once for however many changes asked for one. */
  void reconcileSoon() {
    if (reconcileQueued) {
      return;
    }
    reconcileQueued = true;
    vertx.runOnContext(v -> {
      reconcileQueued = false;
      if (lease.serving()) {
        reconcileGroups();
      }
    });
  }

  /**
   * Each group not already being acted for gets what its plan says: members made from its
   * template or deleted, as ordinary inserts and deletes. A round that did something asks for
   * another, until every group is at its target; one that failed (its template gone, Postgres
   * away) is tried again on the next periodic round.
   */
  private void reconcileGroups() {
    if (orphansToDelete) {
      orphansToDelete = false;
      groups.orphans(regionalGroups).forEach(orphan -> run.apply(now -> commands.delete(orphan.project(), orphan.name(), null, now))
        .onFailure(failure -> orphansToDelete = true));
    }
    groups.groups().forEach(group -> reconcile(group, null));
    if (regionalGroups != null) {
      regionalGroups.forEach(group -> reconcile(group, regionalSeen));
    }
  }

  private void reconcile(Resource group, Instant seen) {
    if (reconciling.contains(group.id()) || state.busy(group.id()) && !InstanceGroupManagers.deleting(group)) {
      return;
    }
    GroupControl.Plan plan = groups.plan(group, seen);
    if (plan.idle()) {
      return;
    }
    reconciling.add(group.id());
    carryOut(group, plan).onComplete(done -> {
      reconciling.remove(group.id());
      if (done.succeeded()) {
        reconcileSoon();
      } else {
        LOG.debug("group {} not reconciled this time: {}", group.path(), done.cause().getMessage());
      }
    });
  }

  /**
   * At most {@link #AT_ONCE} of the plan's inserts and deletes are sent in one round, the next
   * round sending more once they are done: the zone's other clients then wait behind that many
   * member commands at most, not behind a whole resize.
   */
  private Future<?> carryOut(Resource group, GroupControl.Plan plan) {
    if (plan.gone()) {
      return run.apply(now -> resources.groupDeleted(group, now));
    }
    List<Future<?>> work = new ArrayList<>();
    plan.delete().stream().limit(AT_ONCE)
      .forEach(member -> work.add(run.apply(now -> commands.delete(member.project(), member.name(), null, now))));
    plan.abandon().forEach(member -> work.add(run.apply(now -> commands.abandon(member.project(), member.name(), now))));
    if (plan.make() > 0) {
      work.add(makeMembers(group, Math.min(AT_ONCE, plan.make())));
    }
    return Future.all(work);
  }

  /** New members made from the group's template, each as by its own insert. */
  private Future<?> makeMembers(Resource group, int count) {
    String project = group.project();
    ResourceKey key = InstanceTemplates.key(InstanceGroupManagers.template(group), project).orElseThrow();
    return referenced.apply(project, List.of(key)).compose(found -> {
      Resource template = found.get(key.path());
      if (template == null) {
        return Future.failedFuture(GceError.notFound(key.path()));
      }
      List<JsonObject> bodies = groups.newNames(group, count).stream().map(name -> groups.memberBody(group, template, name)).toList();
      return referenced.apply(project, factory.references(project, bodies.get(0))).compose(named -> Future.all(bodies.stream()
        .map(body -> run.apply(now -> commands.insert(project, body, named, null, now))).toList()));
    });
  }

  /**
   * What a group's verbs do to the members they name, once the group's change is stored:
   * deleteInstances, recreateInstances and applyUpdatesToInstances delete them (and the loop
   * makes replacements up to the target); start, stop, suspend and resume them as their
   * instance methods would.
   */
  Future<Buffer> actOnMembers(Resource group, String verb, JsonObject body, Future<Buffer> changed) {
    return changed.onSuccess(stored -> {
      List<String> named = InstanceGroupManagers.named(body);
      for (Instance member : groups.members(group)) {
        if (body.getBoolean("allInstances", false) || named.contains(member.name())) {
          String project = member.project();
          String name = member.name();
          run.apply(now -> switch (verb) {
            case "startInstances" -> commands.start(project, name, "start", null, now);
            case "stopInstances" -> commands.stop(project, name, null, now);
            case "suspendInstances" -> commands.suspend(project, name, null, now);
            case "resumeInstances" -> commands.resume(project, name, null, now);
            default -> commands.delete(project, name, null, now);
          }).onFailure(failure -> LOG.debug("{} of {} not done: {}", verb, name, failure.getMessage()));
        }
      }
    });
  }
}
