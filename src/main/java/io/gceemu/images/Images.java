package io.gceemu.images;

import io.gceemu.gce.Links;
import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Images, declared: a project's own images, made from a disk, a snapshot or another image, and
 * the public images every project reads ({@link ImageRules} publishes the catalog). Besides the
 * shared verbs, {@code deprecate}; getFromFamily is a read of the family's newest image.
 */
public final class Images {

  public static final String COLLECTION = "images";

  public static final ResourceType TYPE = new ResourceType(COLLECTION, "compute#image", Scope.GLOBAL,
    Set.of("sourceDisk", "sourceSnapshot", "sourceImage", "licenses", "deprecated.replacement"), true, false,
    List.of(new ResourceType.Verb("deprecate", "deprecate", true), new ResourceType.Verb(ResourceType.PATCH, "patch", true)), List.of(new ResourceType.Making("PENDING", 20_000)),
    scope -> new ImageRules());

  /** What a disk keeps of the image it is made from, and an image of the disk or image it is made from. */
  public static final List<String> FACTS = List.of("licenses", "licenseCodes", "guestOsFeatures", "architecture");

  private Images() {
  }

  /**
   * The image a reference names: by name, or by a family of the project's own images in the forms
   * clients send ({@code global/images/family/F}, gcloud's {@code zones/-/imageFamilyViews/F}),
   * which is read as the family's newest image that is not deprecated.
   */
  public static Optional<ResourceKey> key(String reference, String callersProject) {
    if (reference == null) {
      return Optional.empty();
    }
    String family = Links.segmentAfter(reference, "family");
    if (family == null) {
      family = Links.segmentAfter(reference, "imageFamilyViews");
    }
    if (family == null) {
      return ResourceKey.parse(TYPE, reference, callersProject);
    }
    String project = Links.segmentAfter(reference, "projects");
    return ResourceKey.nameable(ResourceKey.family(project == null ? callersProject : project, "global", COLLECTION, family));
  }
}
