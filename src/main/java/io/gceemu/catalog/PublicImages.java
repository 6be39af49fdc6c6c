package io.gceemu.catalog;

import io.gceemu.gce.Links;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The public image families ({@code catalog/public-images.json}) and what a disk made from one carries. */
public final class PublicImages {

  /**
   * @param licenses        license names in the image's project
   * @param guestOsFeatures feature types, in GCE's order
   */
  public record Family(String project, String family, String image, List<String> licenses, List<String> guestOsFeatures,
                       String architecture) {

    public List<String> licensePaths() {
      return licenses.stream().map(license -> "projects/" + project + "/global/licenses/" + license).toList();
    }
  }

  private static final PublicImages CATALOGUED = new PublicImages(Catalog.resource("catalog/public-images.json"));

  private final List<Family> families;

  private PublicImages(JsonObject catalog) {
    families = catalog.getJsonArray("families").stream().map(JsonObject.class::cast).map(family -> new Family(
        family.getString("project"), family.getString("family"), family.getString("image"), strings(family.getJsonArray("licenses")),
        strings(family.getJsonArray("guestOsFeatures")), family.getString("architecture")))
      // Longest stem first, so that an image of debian-12-arm64 is not taken for one of debian-12.
      .sorted(Comparator.comparingInt((Family family) -> imageStem(family).length()).reversed())
      .toList();
  }

  public static PublicImages catalogued() {
    return CATALOGUED;
  }

  /**
   * The family a {@code sourceImage} reference is of: a family link names it, an image's name
   * holds it ({@code debian-12-bookworm-v20251111} is of {@code debian-12}).
   */
  public Optional<Family> familyOf(String sourceImage) {
    String project = Links.segmentAfter(sourceImage, "projects");
    String family = Links.segmentAfter(sourceImage, "family");
    String name = Links.lastSegment(sourceImage);
    return families.stream().filter(candidate -> candidate.project().equals(project))
      .filter(candidate -> family != null ? candidate.family().equals(family) : name.startsWith(imageStem(candidate)))
      .findFirst();
  }

  /**
   * What a family's image names start with, before their version (a date, or COS's build
   * numbers): {@code debian-12-bookworm-} for debian-12, {@code cos-stable-} for cos-stable.
   */
  private static String imageStem(Family family) {
    return family.image().replaceFirst("(-v\\d{8}|(-\\d+)+)$", "") + "-";
  }

  private static List<String> strings(JsonArray array) {
    return array.stream().map(String.class::cast).toList();
  }
}
