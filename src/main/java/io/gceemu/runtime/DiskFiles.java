package io.gceemu.runtime;

import io.gceemu.bus.Addresses;
import io.gceemu.bus.ComputeClient;
import io.gceemu.catalog.PublicImages;
import io.gceemu.disks.Disks;
import io.gceemu.gce.Links;
import io.gceemu.images.Images;
import io.gceemu.snapshots.Snapshots;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Persistent disks as file systems: each disk a directory of its own files (an overlay's upper
 * layer, so they survive stop and start and move with attach and detach), over the read-only
 * layers of what it was made from. A public image's layer is the base system; a custom image's
 * or snapshot's is a copy of its disk's files taken when it was made, over that disk's own layers,
 * so a VM booted from an image of another VM's disk sees that VM's files. A disk's layers are
 * fixed at its first mount (its {@code lower} file), an image's at its making; an image's files
 * stay when it is deleted, since disks made from it still use them. A disk's size is not
 * enforced: its files take what they take of the host's.
 */
final class DiskFiles {

  private final Vertx vertx;
  private final ComputeClient compute;
  private final Path disks;
  private final Path images;
  /** The layer under a blank disk's files: overlay wants one. */
  private final Path empty;
  private final Future<Path> base;
  /** The layers of each image and snapshot, by id, made once. */
  private final Map<Long, Future<List<Path>>> made = new ConcurrentHashMap<>();

  DiskFiles(Vertx vertx, Path runtimeDir, Future<Path> base) {
    this.vertx = vertx;
    this.compute = new ComputeClient(vertx);
    this.disks = runtimeDir.resolve("disks");
    this.images = runtimeDir.resolve("images");
    this.empty = runtimeDir.resolve("empty");
    this.base = base;
  }

  /** The disk's own files: {@code upper} and overlay's {@code work} beside it. */
  Path files(long diskId) {
    return disks.resolve(Long.toString(diskId));
  }

  /** The read-only layers under the disk's files, the top one first, as overlay's {@code lowerdir} lists them. */
  Future<List<Path>> layers(VmDisk disk) {
    Path lower = files(disk.id()).resolve("lower");
    return known(lower).compose(known -> known != null ? Future.succeededFuture(known)
      : sources(disk.sourceImage(), disk.sourceSnapshot()).compose(layers -> blocking(() -> {
        Files.createDirectories(lower.getParent());
        write(lower, layers);
        return layers;
      })));
  }

  /** Removes a deleted disk's files. Blocking. */
  void delete(long diskId) throws IOException {
    BaseSystem.delete(files(diskId));
  }

  /**
   * The layers of an image or snapshot, made once: when the news of its making comes, or at the
   * first mount of a disk made from it, whichever is first.
   */
  Future<List<Path>> made(long id, JsonObject document) {
    Future<List<Path>> existing = made.get(id);
    if (existing != null) {
      return existing;
    }
    Promise<List<Path>> making = Promise.promise();
    existing = made.putIfAbsent(id, making.future());
    if (existing != null) {
      return existing;
    }
    make(id, document).onComplete(making);
    return making.future();
  }

  private Future<List<Path>> make(long id, JsonObject document) {
    Path dir = images.resolve(Long.toString(id));
    Path lower = dir.resolve("lower");
    String sourceDiskId = document.getString("sourceDiskId");
    return known(lower).compose(known -> {
      if (known != null) {
        return Future.succeededFuture(known);
      }
      Future<List<Path>> under = sourceDiskId != null ? diskLayers(Long.parseLong(sourceDiskId), document.getString("sourceDisk"))
        : sources(document.getString("sourceImage"), document.getString("sourceSnapshot"));
      return under.compose(layers -> blocking(() -> {
        List<Path> all = new ArrayList<>(layers);
        if (sourceDiskId != null) {
          Path copy = dir.resolve("files");
          BaseSystem.delete(copy);
          Files.createDirectories(dir);
          Path upper = files(Long.parseLong(sourceDiskId)).resolve("upper");
          if (Files.exists(upper)) {
            // Overlay's whiteouts and opaque directories are device files and xattrs, which -a keeps.
            BaseSystem.run("cp", "-a", upper.toString(), copy.toString());
          } else {
            Files.createDirectories(copy);
          }
          all.add(0, copy);
        }
        Files.createDirectories(dir);
        write(lower, all);
        return all;
      }));
    });
  }

  /** The layers of an image's or snapshot's disk: as fixed at its first mount, else those of its own sources. */
  private Future<List<Path>> diskLayers(long diskId, String link) {
    return known(files(diskId).resolve("lower")).compose(known -> known != null ? Future.succeededFuture(known)
      : compute.getResource(Disks.COLLECTION, Links.segmentAfter(link, "projects"), Links.segmentAfter(link, "zones"),
          Links.lastSegment(link))
        .compose(disk -> sources(disk.getString("sourceImage"), disk.getString("sourceSnapshot")))
        .recover(gone -> blank()));
  }

  private Future<List<Path>> sources(String image, String snapshot) {
    if (image != null) {
      return PublicImages.catalogued().resolve(image).isPresent() ? base.map(List::of) : fetched(Images.COLLECTION, image);
    }
    return snapshot != null ? fetched(Snapshots.COLLECTION, snapshot) : blank();
  }

  /** An image or snapshot deleted before anything was made from it here: there is nothing of it to see. */
  private Future<List<Path>> fetched(String collection, String link) {
    return compute.getResource(collection, Links.segmentAfter(link, "projects"), Addresses.GLOBAL, Links.lastSegment(link))
      .compose(document -> made(Long.parseLong(document.getString("id")), document))
      .recover(gone -> blank());
  }

  private Future<List<Path>> blank() {
    return blocking(() -> {
      Files.createDirectories(empty);
      return List.of(empty);
    });
  }

  private Future<List<Path>> known(Path lower) {
    return blocking(() -> Files.exists(lower) ? Files.readAllLines(lower).stream().map(Path::of).toList() : null);
  }

  /** Written whole or not at all: a file cut short would fix a disk's layers wrong for good. */
  private static void write(Path lower, List<Path> layers) throws IOException {
    Path partial = lower.resolveSibling("lower.partial");
    Files.write(partial, layers.stream().map(Path::toString).toList());
    Files.move(partial, lower, StandardCopyOption.ATOMIC_MOVE);
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
