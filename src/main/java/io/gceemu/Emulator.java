package io.gceemu;

import io.gceemu.api.HttpVerticle;
import io.gceemu.catalog.Catalog;
import io.gceemu.cluster.Membership;
import io.gceemu.cluster.StartupRetry;
import io.gceemu.cluster.StandaloneMembership;
import io.gceemu.cluster.ScopeOwnership;
import io.gceemu.config.EmulatorConfig;
import io.gceemu.faults.FaultRules;
import io.gceemu.metadata.MetadataServer;
import io.gceemu.metrics.EmulatorMetrics;
import io.gceemu.runtime.VmRuntime;
import io.gceemu.runtime.VmRuntimes;
import io.gceemu.gce.GceError;
import io.gceemu.store.StateStore;
import io.vertx.core.json.JsonObject;
import io.gceemu.gce.Links;
import io.gceemu.store.DefaultNetworks;
import io.gceemu.store.LeaseStore;
import io.gceemu.store.Migrations;
import io.gceemu.store.ScopeStore;
import io.gceemu.scope.ScopeVerticle;
import io.gceemu.bus.Addresses;
import io.gceemu.store.ProjectStore;
import io.gceemu.store.ZoneStore;
import io.gceemu.zone.ZoneSettings;
import io.gceemu.zone.ZoneVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One running emulator inside a Vert.x instance, deployed in dependency order: migrations, then
 * the zones this node owns (each verticle loads its state after its lease is taken), then the HTTP
 * router. Used by {@link Main} and by tests alike.
 */
public final class Emulator {

  private static final Logger LOG = LoggerFactory.getLogger(Emulator.class);

  private static final int POOL_SIZE = 8;
  private static final int ROUTERS = Runtime.getRuntime().availableProcessors();

  private final Vertx vertx;
  private final Pool pool;
  private final List<String> deployments;
  private final int port;
  private final VmRuntime runtime;
  private final MetadataServer metadata;

  private Emulator(Vertx vertx, Pool pool, List<String> deployments, int port, VmRuntime runtime, MetadataServer metadata) {
    this.vertx = vertx;
    this.pool = pool;
    this.deployments = deployments;
    this.port = port;
    this.runtime = runtime;
    this.metadata = metadata;
  }

  /** A node on its own, which serves every zone. */
  public static Future<Emulator> start(Vertx vertx, EmulatorConfig config, PgConnectOptions database) {
    return start(vertx, config, database, new StandaloneMembership());
  }

  /** A node of a cluster, which serves its share of the zones and routes to the others. */
  public static Future<Emulator> start(Vertx vertx, EmulatorConfig config, PgConnectOptions database, Membership membership) {
    // Connecting and waiting for a connection are bounded, so that requests fail fast while Postgres is away.
    PoolOptions poolOptions = new PoolOptions().setMaxSize(POOL_SIZE).setConnectionTimeout(2).setConnectionTimeoutUnit(TimeUnit.SECONDS);
    Pool pool = PgBuilder.pool().with(poolOptions).with(new NetClientOptions().setConnectTimeout(2_000))
      .connectingTo(database).using(vertx).build();
    Catalog catalog = Catalog.load();
    Links links = new Links(config.linkBase());
    VmRuntime runtime = VmRuntimes.start(vertx, config.runtime(), Path.of(config.runtimeDir()));
    ZoneSettings settings = new ZoneSettings(config.timing(), config.transitionMs(), config.waitTimeoutMs(),
      config.operationRetentionMs(), config.operationLimit(), config.zoneQueueLimit(), runtime);
    ProjectStore projects = new ProjectStore(pool);
    // Several routers on one port spread HTTP parsing, validation and rendering over the event
    // loops; a negative port is how Vert.x lets them share one free port picked for them.
    int port = config.port() == 0 ? -1 : config.port();
    List<HttpVerticle> routers = new CopyOnWriteArrayList<>();
    FaultRules faults = new FaultRules();
    EmulatorMetrics metrics = new EmulatorMetrics();
    StateStore state = new StateStore(pool);
    List<String> ids = new ArrayList<>();
    LeaseStore leases = new LeaseStore(pool);
    // Each zone's owner keeps its state in memory; a region's and the global scope's answer from Postgres.
    ScopeOwnership ownership = new ScopeOwnership(Addresses.everyScope(catalog), membership, leases,
      lease -> catalog.zone(lease.zone()).isEmpty() ? new ScopeVerticle(new ScopeStore(pool, lease::fence,
        Addresses.regionOf(lease.zone())), lease, links, settings)
        : new ZoneVerticle(catalog.zone(lease.zone()).orElseThrow(), catalog, new ZoneStore(pool, lease::fence), links, settings,
          lease, leases, metrics),
      config.leaseTtlMs());
    return StartupRetry.untilStarted(vertx, "applying the migrations", () -> Migrations.apply(pool)
        .compose(v -> DefaultNetworks.prepare(pool, catalog, config.externalAddressRanges())))
      .compose(v -> seed(vertx, config.seed(), state))
      .compose(v -> vertx.deployVerticle(ownership))
      .compose(ownershipId -> {
        ids.add(ownershipId);
        return vertx.deployVerticle(() -> {
          HttpVerticle router = new HttpVerticle(config, catalog, projects, state, port, membership.self(), faults, metrics);
          routers.add(router);
          return router;
        }, new DeploymentOptions().setInstances(ROUTERS));
      })
      .compose(routersId -> {
        ids.add(routersId);
        int apiPort = routers.get(0).actualPort();
        // The VMs of the runtime need the metadata server too: on loopback, where their relays reach it.
        boolean forVms = !runtime.name().equals("none");
        if (config.metadataPort() == null && !forVms) {
          return Future.succeededFuture(new Emulator(vertx, pool, List.copyOf(ids), apiPort, runtime, null));
        }
        MetadataServer metadata = config.metadataPort() == null
          ? new MetadataServer("127.0.0.1", 0, apiPort, config.authToken(), runtime::instanceAt)
          : new MetadataServer(config.host(), config.metadataPort(), apiPort, config.authToken(), runtime::instanceAt);
        return vertx.deployVerticle(metadata).map(metadataId -> {
          ids.add(metadataId);
          runtime.serveMetadataFrom(metadata.port());
          return new Emulator(vertx, pool, List.copyOf(ids), apiPort, runtime, metadata);
        });
      })
      .onFailure(failure -> {
        runtime.close();
        pool.close();
      });
  }

  /**
   * {@code --seed FILE}: a state document imported before the zones load, when the emulator holds
   * no instances yet; on later starts (state kept) it is skipped. Either way one line says so.
   */
  private static Future<Void> seed(Vertx vertx, String file, StateStore state) {
    if (file == null || file.isBlank()) {
      return Future.succeededFuture();
    }
    return vertx.fileSystem().readFile(file)
      .compose(bytes -> state.importState(new JsonObject(bytes)))
      .<Void>map(imported -> {
        LOG.info("seeded from {}: {} projects, {} instances, {} operations", file, imported.projects(), imported.instances(),
          imported.operations());
        return null;
      })
      .recover(failure -> {
        if (failure instanceof GceError error && error.status() == 409) {
          LOG.info("not seeded from {}: the emulator already holds instances (a seed only fills an empty one; "
            + "POST /_emulator/reset or a new --data-dir empties it)", file);
          return Future.succeededFuture();
        }
        return Future.failedFuture(new IllegalStateException("cannot seed from " + file + ": " + failure.getMessage(), failure));
      });
  }

  public int port() {
    return port;
  }

  /** The metadata server's port on the host, or -1 when it is not served. */
  public int metadataPort() {
    return metadata == null ? -1 : metadata.port();
  }

  /** Undeploys the router first, then hands the zones over, then ends the VMs' sandboxes and closes the pool. */
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      chain = chain.compose(v -> vertx.undeploy(id));
    }
    return chain.compose(v -> vertx.executeBlocking(() -> {
      runtime.close();
      return null;
    })).compose(v -> pool.close());
  }
}
