package io.gceemu.catalog;

import io.gceemu.gce.Links;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The public images ({@code catalog/public-images.json}): every project reads them, none writes
 * them. A family's image is its newest one not deprecated, as {@code images.getFromFamily} answers.
 */
public final class PublicImages {

  /**
   * @param catalogued the image's catalogue entry: its GCE fields, licenses by name, guestOsFeatures by type
   * @param deprecatedBy the image that replaces it, or null while it is current
   */
  public record Image(String project, String name, String family, String creationTimestamp, String deprecatedBy,
                      JsonObject catalogued) {

    public String path() {
      return "projects/" + project + "/global/images/" + name;
    }

    public List<String> licensePaths() {
      return strings("licenses").stream().map(license -> "projects/" + project + "/global/licenses/" + license).toList();
    }

    public List<String> guestOsFeatures() {
      return strings("guestOsFeatures");
    }

    public String architecture() {
      return catalogued.getString("architecture");
    }

    private List<String> strings(String field) {
      return catalogued.getJsonArray(field, new JsonArray()).stream().map(String.class::cast).toList();
    }
  }

  private static final PublicImages CATALOGUED = new PublicImages(Catalog.resource("catalog/public-images.json"));

  private final List<Image> images;

  private PublicImages(JsonObject catalog) {
    images = catalog.getJsonArray("images").stream().map(JsonObject.class::cast)
      .map(image -> new Image(image.getString("project"), image.getString("name"), image.getString("family"),
        image.getString("creationTimestamp"), image.getString("deprecatedBy"), image))
      .sorted(Comparator.comparing(Image::name))
      .toList();
  }

  public static PublicImages catalogued() {
    return CATALOGUED;
  }

  /** Whether a project is one whose images are public: a public project has no other images. */
  public boolean isPublicProject(String project) {
    return images.stream().anyMatch(image -> image.project().equals(project));
  }

  /** A project's public images, by name. */
  public List<Image> of(String project) {
    return images.stream().filter(image -> image.project().equals(project)).toList();
  }

  public Optional<Image> image(String project, String name) {
    return images.stream().filter(image -> image.project().equals(project) && image.name().equals(name)).findFirst();
  }

  /** The newest image of a family that is not deprecated. */
  public Optional<Image> fromFamily(String project, String family) {
    return images.stream()
      .filter(image -> image.project().equals(project) && family.equals(image.family()) && image.deprecatedBy() == null)
      .max(Comparator.comparing(Image::creationTimestamp));
  }

  /**
   * The concrete image a {@code sourceImage} reference names: by its name, or by its family in
   * any of the forms clients send ({@code global/images/family/F}, gcloud's
   * {@code zones/-/imageFamilyViews/F}).
   */
  public Optional<Image> resolve(String sourceImage) {
    String project = Links.segmentAfter(sourceImage, "projects");
    if (project == null) {
      return Optional.empty();
    }
    String family = Links.segmentAfter(sourceImage, "family");
    if (family == null) {
      family = Links.segmentAfter(sourceImage, "imageFamilyViews");
    }
    return family != null ? fromFamily(project, family) : image(project, Links.lastSegment(sourceImage));
  }
}
