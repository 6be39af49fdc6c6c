package io.gceemu.runtime;

import io.gceemu.bus.Actions;
import io.gceemu.bus.Addresses;
import io.gceemu.bus.ComputeClient;
import io.gceemu.gce.Links;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Each RUNNING VM a sandboxed Linux system ({@link VmSandbox}): its root its boot disk's files
 * over its image's layers ({@link DiskFiles}), its other disks under {@code /mnt/disks}, in
 * bubblewrap with every capability dropped, its own PID, UTS, IPC and user namespaces and the
 * VM's name as its hostname, held to its machine type ({@link VmCgroups}), in its own network
 * namespace on its VPC network ({@link VpcNetworks}) behind its network's firewall
 * ({@link FirewallRuleset}), with its external address forwarded from the host
 * ({@link PortForwards}) and the metadata server at 169.254.169.254 ({@link MetadataRelays}). Its
 * output is the serial console. bwrap dies with the emulator ({@code --die-with-parent}), and so
 * does the VM. This class follows the zones' calls: each VM's changes in turn, off the event loops.
 */
public final class SandboxRuntime implements VmRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxRuntime.class);
  /** Every file and kernel object the runtime makes is named with this prefix. */
  static final String PREFIX = "gce-emu-";
  private static final long SHUTDOWN_GRACE_MS = 2_000;
  /** The init's exit status when the guest ran {@code reboot}. */
  private static final int REBOOT = 11;

  private final Vertx vertx;
  private final Path vms;
  private final Future<Path> base;
  private final Map<Long, Process> running = new ConcurrentHashMap<>();
  /** The VMs booted and not halted since, with their addresses, tags and disks as mounted. */
  private final Map<Long, Vm> booted = new ConcurrentHashMap<>();
  /**
   * The VMs asked to boot and not to halt since, as last asked: a boot waits for the base system,
   * the rules and its disks, and a halt or another boot that came meanwhile wins.
   */
  private final Map<Long, Vm> asked = new ConcurrentHashMap<>();
  /**
   * What each VM is doing, the last of its changes: one VM's changes are made in turn, those of
   * different VMs at once.
   */
  private final Map<Long, Future<Void>> turns = new ConcurrentHashMap<>();
  private final DiskFiles files;
  private final MetadataScripts scripts;
  private final PortForwards forwards;
  private final Rulesets rulesets = new Rulesets();
  private final VpcNetworks networks;
  private final ComputeClient compute;
  private final MetadataRelays relays;
  /** The metadata server's port on loopback, known once the emulator has started it (after the zones, which boot their VMs). */
  private final Promise<Integer> metadata = Promise.promise();
  private final VmCgroups cgroups;

  private SandboxRuntime(Vertx vertx, Path dir, Future<Path> base, VpcNetworks networks, VmCgroups cgroups) {
    this.vertx = vertx;
    this.networks = networks;
    this.cgroups = cgroups;
    this.compute = new ComputeClient(vertx);
    this.vms = dir.resolve("vms");
    this.base = base;
    this.files = new DiskFiles(vertx, dir, base);
    this.scripts = new MetadataScripts(vertx);
    this.forwards = new PortForwards(dir);
    this.relays = new MetadataRelays(dir);
  }

  /** The runtime, its base system built in the background when it is not there yet. */
  static SandboxRuntime start(Vertx vertx, Path dir) {
    Promise<Path> base = Promise.promise();
    VpcNetworks networks = new VpcNetworks();
    VmCgroups cgroups;
    try {
      cgroups = VmCgroups.onThisHost();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread builder = new Thread(() -> {
      try {
        // A frozen VM of a killed run dies once thawed, before its network goes.
        cgroups.removeLeftovers();
        networks.removeLeftovers();
        base.complete(BaseSystem.ensure(dir));
      } catch (Exception e) {
        LOG.warn("VM runtime: no base system, VMs will not boot: {}", e.getMessage());
        base.fail(e);
      }
    }, "vm-base-system");
    builder.setDaemon(true);
    builder.start();
    SandboxRuntime runtime = new SandboxRuntime(vertx, dir, base.future(), networks, cgroups);
    // This node's forwards, for its routers (GET /_emulator/forwards).
    vertx.eventBus().<JsonObject>localConsumer(Addresses.RUNTIME_FORWARDS, request ->
      request.reply(new JsonObject().put("items", runtime.forwards.shown(runtime.booted))));
    // A firewall rule made, changed or deleted is enforced at once in every VM of its project; an
    // image or snapshot made by the global owner keeps its disk's files as they are now.
    vertx.eventBus().<JsonObject>consumer(Addresses.INSTANCE_EVENTS, event -> {
      String resource = event.body().getString("resource", "");
      if (resource.contains("/global/firewalls/")) {
        runtime.enforceFirewalls(event.body().getString("project"), null);
      } else if ((resource.contains("/global/images/") || resource.contains("/global/snapshots/"))
        && "insert".equals(event.body().getString("operation"))) {
        runtime.imageMadeAt(resource);
      }
    });
    return runtime;
  }

  @Override
  public String name() {
    return "sandbox";
  }

  @Override
  public void boot(Vm vm) {
    asked.put(vm.id(), vm);
    Future<Map<Long, List<Path>>> layers = layersOf(vm.disks());
    inTurn(vm.id(), () -> base.compose(root -> metadata.future().compose(port -> scripts.of(vm, port))
      .compose(found -> firewalls(vm.project()).compose(rules -> layers.compose(disks -> blocking(() -> {
        stopNow(vm.id());
        if (!asked.containsKey(vm.id())) {
          return null;
        }
        start(vm, root, disks, rules, found);
        return null;
      })))))).onSuccess(started -> enforceFirewalls(vm.project(), vm.network()))
      .onFailure(failure -> LOG.warn("VM {} did not boot: {}", vm.hostname(), failure.getMessage()));
  }

  /** Each disk's layers, by the disk's id. */
  private Future<Map<Long, List<Path>>> layersOf(List<VmDisk> disks) {
    Map<Long, List<Path>> layers = new ConcurrentHashMap<>();
    return Future.all(disks.stream().map(disk -> files.layers(disk).onSuccess(found -> layers.put(disk.id(), found))).toList())
      .map(all -> layers);
  }

  /**
   * The VM's root mounted (its boot disk's files over its layers, or the VM's own over the base
   * system when it has no boot disk) and its other disks, its network, firewall and forwards
   * ready, and its sandbox started. Blocking.
   */
  private void start(Vm vm, Path root, Map<Long, List<Path>> layers, List<JsonObject> rules, Map<String, String> found)
    throws IOException, InterruptedException {
    VmSandbox sandbox = new VmSandbox(vms, vm.id());
    sandbox.prepare(found, vm.disks());
    String newNetwork = networks.attach(vm);
    if (newNetwork != null) {
      relays.start(newNetwork, root, metadata.future().result());
    }
    booted.put(vm.id(), vm);
    // The firewall holds before anything in the VM runs.
    if (vm.network() != null) {
      rulesets.load(vm, FirewallRuleset.of(vm, rules, vm.network(), ofNetwork(vm.network())));
      forwards.forward(vm, FirewallRuleset.openToOutside(vm, rules, vm.network()), root);
    }
    writeHosts(vm);
    VmDisk boot = vm.bootDisk();
    List<String> mounts = new ArrayList<>(List.of(boot == null ? DiskMounts.overlay(List.of(root), sandbox.dir(), false, sandbox.root())
      : DiskMounts.overlay(layers.get(boot.id()), files.files(boot.id()), false, sandbox.root())));
    for (VmDisk disk : vm.disks()) {
      if (!disk.boot()) {
        mounts.add(DiskMounts.overlay(layers.get(disk.id()), files.files(disk.id()), disk.readOnly(), sandbox.attachedAt(disk.deviceName())));
      }
    }
    Process process = sandbox.start(vm, mounts, cgroups.make(vm.id(), vm.cpus(), vm.memoryMb()));
    running.put(vm.id(), process);
    process.onExit().thenAccept(ended -> vertx.runOnContext(nothing -> ended(vm, ended)));
  }

  /** Rebooted when the guest asked so; else, unless the emulator ended it, the zone hears that it shut itself down. */
  private void ended(Vm vm, Process process) {
    if (!running.remove(vm.id(), process)) {
      return;
    }
    Vm now = asked.get(vm.id());
    if (process.exitValue() == REBOOT && now != null) {
      boot(now);
      return;
    }
    compute.send(vm.zone(), Actions.GUEST_TERMINATE, new JsonObject().put("project", vm.project()).put("instance", Long.toString(vm.id())))
      .onFailure(failure -> LOG.debug("VM {} ended, its instance not: {}", vm.hostname(), failure.getMessage()));
  }

  @Override
  public void update(Vm vm) {
    Vm before = asked.get(vm.id());
    if (before == null || before.equals(vm)) {
      return;
    }
    asked.put(vm.id(), vm);
    long id = vm.id();
    Future<Map<Long, List<Path>>> layers = layersOf(vm.disks());
    inTurn(id, () -> layers.compose(found -> blocking(() -> {
      Vm mounted = booted.get(id);
      Process process = running.get(id);
      if (mounted == null || process == null) {
        return null;
      }
      VmSandbox sandbox = new VmSandbox(vms, id);
      for (VmDisk gone : mounted.disks()) {
        if (!gone.boot() && !vm.disks().contains(gone)) {
          sandbox.unmount(process, gone.deviceName());
        }
      }
      for (VmDisk added : vm.disks()) {
        if (!added.boot() && !mounted.disks().contains(added)) {
          sandbox.mount(process, added.deviceName(), DiskMounts.overlay(found.get(added.id()), files.files(added.id()), added.readOnly(),
            sandbox.attachedAt(added.deviceName())));
        }
      }
      booted.put(id, vm);
      return mounted;
    }))).onSuccess(mounted -> {
      // Its tags may be named by rules, its external address is forwarded by them.
      if (mounted != null && vm.network() != null && (!mounted.tags().equals(vm.tags()) || !Objects.equals(mounted.natIP(), vm.natIP()))) {
        enforceFirewalls(vm.project(), vm.network());
      }
    }).onFailure(failure -> LOG.warn("VM {} not changed: {}", vm.hostname(), failure.getMessage()));
  }

  @Override
  public void diskDeleted(long diskId) {
    // After whatever the VMs are doing now: the one that ran on the disk has stopped by then.
    Future.join(new ArrayList<>(turns.values())).eventually(() -> blocking(() -> {
      files.delete(diskId);
      return null;
    })).onFailure(failure -> LOG.warn("files of disk {} left behind: {}", diskId, failure.getMessage()));
  }

  private void imageMadeAt(String path) {
    String collection = path.contains("/global/images/") ? "images" : "snapshots";
    compute.getResource(collection, Links.segmentAfter(path, "projects"), Addresses.GLOBAL, Links.lastSegment(path))
      .onSuccess(document -> imageMade(Long.parseLong(document.getString("id")), document));
  }

  @Override
  public void imageMade(long id, JsonObject document) {
    files.made(id, document).onFailure(failure -> LOG.warn("files of image {} not kept: {}", id, failure.getMessage()));
  }

  /**
   * The rules of the project loaded again in each of its running VMs (of one network, when
   * named), and their hosts files written again: after a rule changed, or a VM came or went
   * (whose tags a rule's sources may name, whose name the others resolve).
   */
  private void enforceFirewalls(String project, String network) {
    firewalls(project).onSuccess(rules -> {
      for (Vm vm : booted.values()) {
        if (vm.project().equals(project) && vm.network() != null && (network == null || network.equals(vm.network()))) {
          // In the VM's turn: not while it boots or stops.
          inTurn(vm.id(), () -> blocking(() -> {
            Vm now = booted.get(vm.id());
            if (now != null) {
              rulesets.load(now, FirewallRuleset.of(now, rules, now.network(), ofNetwork(now.network())));
              forwards.forward(now, FirewallRuleset.openToOutside(now, rules, now.network()), base.result());
              writeHosts(now);
            }
            return null;
          })).onFailure(failure -> LOG.warn("firewall rules of {} not enforced: {}", vm.hostname(), failure.getMessage()));
        }
      }
    }).onFailure(failure -> LOG.warn("firewall rules of {} not enforced: {}", project, failure.getMessage()));
  }

  private Future<List<JsonObject>> firewalls(String project) {
    return compute.listResources("firewalls", project, Addresses.GLOBAL, new JsonObject().put("maxResults", 500))
      .map(list -> list.getJsonArray("items", new JsonArray()).stream().map(JsonObject.class::cast).toList());
  }

  private List<Vm> ofNetwork(String network) {
    return booted.values().stream().filter(vm -> network.equals(vm.network())).toList();
  }

  /**
   * The VM's /etc/hosts: the metadata server's name, its own name (GCE's zonal DNS name and the
   * short one) and those of the running VMs of its network and project, as GCE's internal DNS
   * resolves them. Written in place, so that the VM's bind of it sees each change. Blocking.
   */
  private void writeHosts(Vm vm) throws IOException {
    StringBuilder hosts = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
      .append("169.254.169.254\tmetadata.google.internal metadata\n");
    List<Vm> neighbours = vm.network() == null ? List.of(vm) : ofNetwork(vm.network());
    for (Vm other : neighbours) {
      if (other.ip() != null && other.project().equals(vm.project())) {
        hosts.append(other.ip()).append('\t').append(other.hostname()).append('.').append(other.zone()).append(".c.")
          .append(other.project()).append(".internal ").append(other.hostname()).append('\n');
      }
    }
    if (vm.ip() == null) {
      hosts.append("127.0.1.1\t").append(vm.hostname()).append('\n');
    }
    new VmSandbox(vms, vm.id()).writeHosts(hosts.toString());
  }

  @Override
  public void halt(long id) {
    end(id, false);
  }

  @Override
  public void suspend(long id) {
    frozen(id, true);
  }

  @Override
  public void resume(long id) {
    frozen(id, false);
  }

  /** Suspend and resume freeze and thaw the VM's processes where they are, its memory kept, as GCE keeps a suspended VM's. */
  private void frozen(long id, boolean frozen) {
    inTurn(id, () -> blocking(() -> {
      if (running.containsKey(id)) {
        cgroups.freeze(id, frozen);
      }
      return null;
    })).onFailure(failure -> LOG.warn("VM {} not {}: {}", id, frozen ? "frozen" : "thawed", failure.getMessage()));
  }

  @Override
  public void remove(long id) {
    end(id, true);
  }

  /** Ends the VM (its disks' files stay), and with {@code removed} everything else it had. */
  private void end(long id, boolean removed) {
    asked.remove(id);
    inTurn(id, () -> {
      Vm vm = booted.get(id);
      return blocking(() -> {
        stopNow(id);
        if (removed) {
          new VmSandbox(vms, id).delete();
        }
        return null;
      }).onSuccess(done -> {
        if (removed) {
          turns.remove(id);
        }
        afterwards(vm);
      });
    });
  }

  /** The change made after the VM's changes before it, whether they succeeded or not. */
  private <T> Future<T> inTurn(long id, Supplier<Future<T>> change) {
    Promise<T> done = Promise.promise();
    turns.compute(id, (key, last) -> (last == null ? Future.<Void>succeededFuture() : last)
      .transform(before -> change.get().onComplete(done).<Void>mapEmpty().otherwiseEmpty()));
    return done.future();
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  /** Once a VM is gone, the rules whose source tags named it let it in no more. */
  private void afterwards(Vm gone) {
    if (gone != null && gone.network() != null) {
      enforceFirewalls(gone.project(), gone.network());
    }
  }

  @Override
  public Future<Optional<Buffer>> console(long id) {
    String file = new VmSandbox(vms, id).console().toString();
    // Until the VM has booted once, its console is empty, as a real one's is.
    return vertx.fileSystem().exists(file).compose(exists -> exists
      ? vertx.fileSystem().readFile(file).map(Optional::of) : Future.succeededFuture(Optional.of(Buffer.buffer())));
  }

  @Override
  public void serveMetadataFrom(int port) {
    metadata.tryComplete(port);
  }

  @Override
  public Optional<String> instanceAt(String network, String ip) {
    return booted.values().stream().filter(vm -> vm.network() != null && VpcNetworks.networkNamespace(vm.network()).equals(network)
      && ip.equals(vm.ip())).findFirst().map(vm -> vm.project() + "/" + vm.zone() + "/" + vm.hostname());
  }

  @Override
  public void close() {
    running.keySet().forEach(this::stopNow);
    forwards.close();
    relays.close();
    try {
      networks.removeNetworks();
    } catch (IOException e) {
      LOG.warn("VM runtime: networks left behind, removed at the next start: {}", e.getMessage());
    }
  }

  /** Ends the VM if it runs, and removes its network namespace and cgroups. Blocking. */
  private void stopNow(long id) {
    booted.remove(id);
    rulesets.forget(id);
    forwards.remove(id);
    Process process = running.remove(id);
    try {
      if (process != null) {
        halt(id, process);
      }
      // Also of a VM that ended by itself.
      networks.detach(id);
      cgroups.remove(id);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asks the VM's init to stop (its shutdown script runs), then kills what is left. Blocking. */
  private void halt(long id, Process process) throws IOException {
    try {
      // A suspended VM is thawed: frozen, it could not run its shutdown script, nor die.
      cgroups.freeze(id, false);
      new VmSandbox(vms, id).askToHalt();
      if (!process.waitFor(SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
      throw e;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
