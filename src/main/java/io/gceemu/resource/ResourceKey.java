package io.gceemu.resource;

import io.gceemu.gce.Ids;
import io.gceemu.gce.Links;
import io.gceemu.gce.ResourceNames;

import java.util.Optional;

/**
 * What names one resource anywhere: project, scope ({@code zones/z}, {@code regions/r},
 * {@code global}), collection and name (or numeric id), read from a reference in any form a
 * client sends: a full link, {@code projects/p/global/snapshots/s}, or {@code global/snapshots/s}
 * in the caller's project. A key may name a family instead ({@link #family}): the family's newest
 * resource that is not deprecated, as images are found by family.
 */
public record ResourceKey(String project, String scope, String collection, String name) {

  private static final String FAMILY = "family/";

  public static ResourceKey family(String project, String scope, String collection, String family) {
    return new ResourceKey(project, scope, collection, FAMILY + family);
  }

  /** The family this key names, or null when it names one resource. */
  public String family() {
    return name.startsWith(FAMILY) ? name.substring(FAMILY.length()) : null;
  }

  public String path() {
    return "projects/" + project + "/" + scope + "/" + collection + "/" + name;
  }

  /** The key a reference to a resource of {@code type} names, if it names one of that collection. */
  public static Optional<ResourceKey> parse(ResourceType type, String reference, String callersProject) {
    if (reference == null || reference.isBlank()) {
      return Optional.empty();
    }
    String name = Links.lastSegment(reference);
    String collection = Links.segmentAfter(reference, type.collection());
    if (collection == null && reference.contains("/")) {
      return Optional.empty();
    }
    String project = Links.segmentAfter(reference, "projects");
    String scope = switch (type.scope()) {
      case GLOBAL -> "global";
      case ZONE -> Optional.ofNullable(Links.segmentAfter(reference, "zones")).map(zone -> "zones/" + zone).orElse(null);
      case REGION -> Optional.ofNullable(Links.segmentAfter(reference, "regions")).map(region -> "regions/" + region).orElse(null);
    };
    return scope == null ? Optional.empty()
      : nameable(new ResourceKey(project == null ? callersProject : project, scope, type.collection(), name));
  }

  /**
   * The key, if each of its parts is one GCE could name (a project id, a zone's or region's name,
   * a resource's name or id, a family's name). A reference with other text in it names nothing
   * there is, and is answered as one that cannot be found, never asked of the store.
   */
  public static Optional<ResourceKey> nameable(ResourceKey key) {
    String scopeName = key.scope().substring(key.scope().indexOf('/') + 1);
    String named = key.family() != null ? key.family() : key.name();
    boolean nameable = ResourceNames.isProject(key.project()) && ResourceNames.isName(scopeName)
      && (ResourceNames.isName(named) || key.family() == null && Ids.isNumericId(named));
    return nameable ? Optional.of(key) : Optional.empty();
  }
}
