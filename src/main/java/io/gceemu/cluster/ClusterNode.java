package io.gceemu.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Vert.x instance joined to the emulator's Hazelcast cluster: an emulator node, or a client-only
 * node that just uses {@link io.gceemu.bus.ComputeClient}.
 *
 * <pre>{@code
 * ClusterNode node = ClusterNode.join(Path.of("conf/cluster.xml"), null, "127.0.0.1")
 *     .toCompletionStage().toCompletableFuture().get();   // on a main thread, never an event loop
 * ComputeClient compute = new ComputeClient(node.vertx());
 * }</pre>
 *
 * @param membership the members as this node sees them
 */
public record ClusterNode(Vertx vertx, Membership membership) {

  /**
   * @param hazelcastXml the Hazelcast configuration ({@code conf/cluster.xml} ships a loopback one)
   * @param clusterName  replaces the file's cluster name when set (tests use one per run)
   * @param host         the address this node's event bus listens on and tells the others
   */
  public static Future<ClusterNode> join(Path hazelcastXml, String clusterName, String host) {
    Config config;
    try (InputStream xml = Files.newInputStream(hazelcastXml)) {
      config = new XmlConfigBuilder(xml).build();
    } catch (IOException e) {
      return Future.failedFuture(new UncheckedIOException("cannot read the cluster configuration " + hazelcastXml, e));
    }
    if (clusterName != null && !clusterName.isBlank()) {
      config.setClusterName(clusterName);
    }
    HazelcastClusterManager manager = new MergeAwareClusterManager(config);
    VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions()
      .setHost(host).setPort(0).setClusterPublicHost(host));
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
      .map(vertx -> new ClusterNode(vertx, new ClusterMembership(manager)));
  }
}
