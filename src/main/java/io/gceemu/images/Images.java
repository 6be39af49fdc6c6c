package io.gceemu.images;

import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;

import java.util.List;
import java.util.Set;

/**
 * Images, declared: a project's own images, made from a disk, a snapshot or another image, and
 * the public images every project reads ({@link ImageRules} publishes the catalog). Besides the
 * shared verbs, {@code deprecate}; getFromFamily is a read of the family's newest image.
 */
public final class Images {

  public static final String COLLECTION = "images";

  public static final ResourceType TYPE = new ResourceType(COLLECTION, "compute#image", Scope.GLOBAL,
    Set.of("sourceDisk", "sourceSnapshot", "sourceImage", "licenses", "deprecated.replacement"), true,
    List.of(new ResourceType.Verb("deprecate", "deprecate", true)), scope -> new ImageRules());

  private Images() {
  }
}
