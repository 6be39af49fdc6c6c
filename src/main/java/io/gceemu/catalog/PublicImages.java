package io.gceemu.catalog;

import io.gceemu.gce.Links;
import io.gceemu.gce.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The public images ({@code catalog/public-images.json}): every project reads them, none writes
 * them. A family's image is its newest one not deprecated, as {@code images.getFromFamily} answers.
 */
public final class PublicImages {

  /**
   * A public image, as its catalogue entry holds it: its GCE fields, {@code project}, licenses by
   * name, guestOsFeatures by type, and {@code deprecatedBy}, the image that replaces it, while
   * it is not current.
   */
  public record Image(JsonObject catalogued) {

    public String project() {
      return catalogued.getString("project");
    }

    public String name() {
      return catalogued.getString("name");
    }

    public String family() {
      return catalogued.getString("family");
    }

    public String creationTimestamp() {
      return catalogued.getString("creationTimestamp");
    }

    /** The name of the image that replaces this one, or null while it is current. */
    public String deprecatedBy() {
      return catalogued.getString("deprecatedBy");
    }

    public String path() {
      return "projects/" + project() + "/global/images/" + name();
    }

    /** The image's id, an int64 as the string GCE writes. */
    public String id() {
      return catalogued.getString("id");
    }

    public JsonArray licenseCodes() {
      return catalogued.getJsonArray("licenseCodes", new JsonArray()).copy();
    }

    public List<String> licensePaths() {
      return strings("licenses").stream().map(license -> "projects/" + project() + "/global/licenses/" + license).toList();
    }

    /** As GCE writes them on an image and on a disk made from it: {@code [{"type": "UEFI_COMPATIBLE"}, ...]}. */
    public JsonArray guestOsFeatures() {
      return new JsonArray(strings("guestOsFeatures").stream().map(type -> new JsonObject().put("type", type)).toList());
    }

    /** GB, as the int64 string GCE writes. */
    public String diskSizeGb() {
      return catalogued.getString("diskSizeGb");
    }

    public String architecture() {
      return catalogued.getString("architecture");
    }

    private List<String> strings(String field) {
      return catalogued.getJsonArray(field, new JsonArray()).stream().map(String.class::cast).toList();
    }
  }

  /** A version: a date ({@code v20261118}), or COS's build numbers ({@code 121-18867-199-28}). */
  private static final Pattern VERSION = Pattern.compile("(v\\d{8}|\\d+(-\\d+)+)");
  private static final PublicImages CATALOGUED = new PublicImages(Catalog.resource("catalog/public-images.json"));

  private final List<Image> images;

  private PublicImages(JsonObject catalog) {
    images = catalog.getJsonArray("images").stream().map(JsonObject.class::cast)
      .map(Image::new)
      .sorted(Comparator.comparing(Image::name))
      .toList();
  }

  public static PublicImages catalogued() {
    return CATALOGUED;
  }

  /** A project's public images, by name. */
  public List<Image> of(String project) {
    return images.stream().filter(image -> image.project().equals(project)).toList();
  }

  /**
   * A public image by name: one catalogued, or another dated version of a catalogued family
   * ({@code debian-11-bullseye-v20260609}). GCE keeps a family's older images long after newer
   * ones replace them, and recorded requests name them, so every version exists here, made from
   * the family's current image: older ones deprecated in its favour.
   */
  public Optional<Image> image(String project, String name) {
    Optional<Image> catalogued = images.stream().filter(image -> image.project().equals(project) && image.name().equals(name)).findFirst();
    return catalogued.isPresent() ? catalogued : images.stream()
      .filter(image -> image.project().equals(project) && image.deprecatedBy() == null)
      .filter(image -> versionOf(image, name) != null)
      .max(Comparator.comparing((Image image) -> stem(image).length()))
      .map(current -> otherVersion(current, name));
  }

  /** What a family's image names start with: {@code debian-12-bookworm-} for debian-12, {@code cos-stable-} for cos-stable. */
  private static String stem(Image image) {
    return image.name().replaceFirst(VERSION.pattern() + "$", "");
  }

  /** The version {@code name} is of {@code current}'s family, or null when it is no image of that family. */
  private static String versionOf(Image current, String name) {
    String stem = stem(current);
    if (!name.startsWith(stem)) {
      return null;
    }
    String version = name.substring(stem.length());
    return VERSION.matcher(version).matches() ? version : null;
  }

  private static Image otherVersion(Image current, String name) {
    String version = versionOf(current, name);
    String created = current.creationTimestamp();
    if (version.matches("v\\d{8}")) {
      LocalDate day = LocalDate.parse(version.substring(1), DateTimeFormatter.BASIC_ISO_DATE);
      created = Timestamps.format(day.atTime(12, 0).toInstant(ZoneOffset.UTC));
    }
    boolean older = OffsetDateTime.parse(created).isBefore(OffsetDateTime.parse(current.creationTimestamp()));
    JsonObject fields = current.catalogued().copy()
      .put("name", name)
      .put("id", Long.toString(Math.floorMod((long) name.hashCode() * 2_654_435_761L, 9_000_000_000_000_000_000L) + 1_000_000_000_000_000_000L))
      .put("description", current.catalogued().getString("description").replace(versionOf(current, current.name()).replace("v", ""),
        version.replace("v", "")))
      .put("creationTimestamp", created)
      .put("deprecatedBy", older ? current.name() : null);
    return new Image(fields);
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
