package io.gceemu.resource;

import io.gceemu.gce.ApiVersion;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Ids;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One scope's resources of every declared collection, by name and by numeric id (GCE accepts
 * either wherever a resource is named in a path). Touched only by the scope owner's event loop.
 * Changes staged for a group commit are remembered between {@link #begin()} and {@link #commit()},
 * so that a failed write can {@link #rollback()} to what Postgres holds.
 */
public final class ResourceIndex {

  private final String scope;
  /** By collection and project, each in name order, the order lists are served in. */
  private final Map<String, NavigableMap<String, Resource>> byName = new HashMap<>();
  private final Map<Long, Resource> byId = new HashMap<>();
  /** Each version's rendered resources, kept until the resource changes: reads are served as bytes. */
  private final Map<ApiVersion, Map<Long, Buffer>> bodies = new EnumMap<>(ApiVersion.class);
  private Map<Long, Optional<Resource>> before;

  /** @param scope the scope's path, {@code zones/us-central1-a} */
  public ResourceIndex(String scope) {
    this.scope = scope;
    for (ApiVersion version : ApiVersion.values()) {
      bodies.put(version, new HashMap<>());
    }
  }

  public String scope() {
    return scope;
  }

  public void begin() {
    before = new HashMap<>();
  }

  public void commit() {
    before = null;
  }

  /** Puts back every resource the staged batch touched. */
  public void rollback() {
    before.forEach((id, was) -> {
      Resource now = byId.get(id);
      if (now != null) {
        unindex(now);
      }
      was.ifPresent(this::index);
    });
    commit();
  }

  /** Applies a change to a resource of this scope; one of another scope (a disk's new snapshot) is not kept here. */
  public void apply(Resource.Change change) {
    Resource resource = change.resource();
    if (!resource.scope().equals(scope)) {
      return;
    }
    if (before != null) {
      before.computeIfAbsent(resource.id(), id -> Optional.ofNullable(byId.get(id)));
    }
    Resource current = byId.get(resource.id());
    if (current != null) {
      unindex(current);
    }
    if (!change.deleted()) {
      index(resource);
    }
  }

  private void index(Resource resource) {
    byName.computeIfAbsent(key(resource.collection(), resource.project()), key -> new TreeMap<>()).put(resource.name(), resource);
    byId.put(resource.id(), resource);
    forgetBodies(resource);
  }

  private void unindex(Resource resource) {
    NavigableMap<String, Resource> named = byName.get(key(resource.collection(), resource.project()));
    if (named != null) {
      named.remove(resource.name());
    }
    byId.remove(resource.id());
    forgetBodies(resource);
  }

  private void forgetBodies(Resource resource) {
    bodies.values().forEach(rendered -> rendered.remove(resource.id()));
  }

  /** The resource's JSON as {@code version} shows it, rendered once per change. */
  public Buffer body(Resource resource, ApiVersion version, Supplier<Buffer> render) {
    return bodies.get(version).computeIfAbsent(resource.id(), id -> render.get());
  }

  public Optional<Resource> named(String collection, String project, String name) {
    NavigableMap<String, Resource> named = byName.get(key(collection, project));
    return Optional.ofNullable(named == null ? null : named.get(name));
  }

  /** The resource a path segment names, by name or by id, or GCE's 404 for it. */
  public Resource get(String collection, String project, String reference) {
    Optional<Resource> found = named(collection, project, reference);
    if (found.isEmpty() && Ids.isNumericId(reference)) {
      Resource resource = byId.get(Ids.parseId(reference));
      found = Optional.ofNullable(resource).filter(r -> r.project().equals(project) && r.collection().equals(collection));
    }
    return found.orElseThrow(() -> GceError.notFound("projects/" + project + "/" + scope + "/" + collection + "/" + reference));
  }

  public Resource byId(long id) {
    return byId.get(id);
  }

  /** Every project's resources of one collection. */
  public List<Resource> all(String collection) {
    List<Resource> all = new ArrayList<>();
    byName.forEach((key, named) -> {
      if (key.startsWith(collection + '/')) {
        all.addAll(named.values());
      }
    });
    return all;
  }

  /** A project's resources of one collection, in name order. */
  public List<Resource> list(String collection, String project) {
    NavigableMap<String, Resource> named = byName.get(key(collection, project));
    return named == null ? List.of() : new ArrayList<>(named.values());
  }

  /** Forgets a project's resources, or everything when {@code project} is null. */
  public void clear(String project) {
    List.copyOf(byId.values()).stream().filter(resource -> project == null || resource.project().equals(project))
      .forEach(resource -> apply(Resource.Change.delete(resource)));
  }

  private static String key(String collection, String project) {
    return collection + '/' + project;
  }
}
