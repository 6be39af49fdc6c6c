package io.gceemu.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;

/**
 * The emulator's settings, read once at start-up (see {@link ConfigLoader}) and never changed.
 *
 * @param linkBase         prefix of every v1 resource link; real GCE always answers with
 *                         {@code https://www.googleapis.com/compute/v1/}, which Terraform relies on.
 *                         Beta's links replace its last {@code v1} segment with {@code beta} (see {@code Links})
 * @param strictProjects   when true, only {@code projects} exist and any other project is a 404;
 *                         otherwise any well-formed project id is created on first use
 * @param timing           {@code instant} (operations are DONE in the reply) or {@code realistic}
 *                         (instances pass through their intermediate states for about as long as on GCE)
 * @param transitionMs     per-phase overrides of the timing, e.g. {@code {"compute.instances.insert.PROVISIONING": 3000}}
 * @param waitTimeoutMs    how long {@code zoneOperations.wait} holds a request open (real GCE: about 2 minutes)
 * @param cluster          join a Hazelcast cluster of emulator nodes that share one Postgres
 * @param clusterConfig    the Hazelcast XML configuration of the cluster
 * @param clusterName      replaces the cluster name of {@code clusterConfig} when set
 * @param clusterHost      the address this node's event bus listens on and is reached at
 * @param leaseTtlMs       how long a zone stays with a node that stopped renewing its lease
 * @param authToken        when set, every API request must carry {@code Authorization: Bearer <authToken>}
 * @param operationRetentionMs how long a finished operation is kept
 * @param operationLimit   the most operations a zone keeps; the oldest finished ones go first
 * @param zoneQueueLimit   requests a zone holds waiting before it answers 503 to more
 * @param requestLog       {@code plain} (a line per request), {@code json} (a JSON object per request) or {@code none}
 * @param runtime          what runs behind each VM: {@code none} (the default: the API alone) or {@code sandbox}
 * @param runtimeDir       where the VM runtime keeps its base systems and its VMs' files (default: {@code <dataDir>/runtime})
 * @param metadataPort     the port of the metadata server on the host ({@code GCE_METADATA_HOST}); null for none
 * @param seed             a state document ({@code GET /_emulator/export}) to import at start into an empty emulator
 * @param externalAddressRanges the ranges reserved external addresses are given from, lowest free first, in turn
 */
public record EmulatorConfig(
  String host,
  int port,
  String dataDir,
  String dbUrl,
  String linkBase,
  boolean strictProjects,
  List<String> projects,
  long requestTimeoutMs,
  String timing,
  JsonObject transitionMs,
  long waitTimeoutMs,
  boolean cluster,
  String clusterConfig,
  String clusterName,
  String clusterHost,
  long leaseTtlMs,
  String authToken,
  long operationRetentionMs,
  int operationLimit,
  int zoneQueueLimit,
  String requestLog,
  String seed,
  List<String> externalAddressRanges,
  String runtime,
  String runtimeDir,
  Integer metadataPort) {

  public static EmulatorConfig fromJson(JsonObject json) {
    String base = json.getString("linkBase", "https://www.googleapis.com/compute/v1/");
    return new EmulatorConfig(
      json.getString("host", "127.0.0.1"),
      json.getInteger("port", 8080),
      json.getString("dataDir", "./data"),
      json.getString("dbUrl"),
      base.endsWith("/") ? base : base + "/",
      json.getBoolean("strictProjects", false),
      json.getJsonArray("projects", new JsonArray()).stream().map(String::valueOf).toList(),
      json.getLong("requestTimeoutMs", 30_000L),
      json.getString("timing", "instant"),
      json.getJsonObject("transitionMs", new JsonObject()),
      json.getLong("waitTimeoutMs", 120_000L),
      json.getBoolean("cluster", false),
      json.getString("clusterConfig", "conf/cluster.xml"),
      json.getString("clusterName"),
      json.getString("clusterHost", "127.0.0.1"),
      json.getLong("leaseTtlMs", 10_000L),
      json.getString("authToken"),
      json.getLong("operationRetentionMs", 86_400_000L),
      json.getInteger("operationLimit", 100_000),
      json.getInteger("zoneQueueLimit", 10_000),
      json.getString("requestLog", "plain"),
      json.getString("seed"),
      json.getJsonArray("externalAddressRanges", new JsonArray().add("35.184.0.0/13")).stream().map(String::valueOf).toList(),
      json.getString("runtime", "none"),
      json.getString("runtimeDir", Path.of(json.getString("dataDir", "./data"), "runtime").toString()),
      json.getInteger("metadataPort"));
  }

  /** Listening on an address other machines can reach. */
  public boolean exposed() {
    return !List.of("127.0.0.1", "localhost", "::1").contains(host);
  }

  public boolean embeddedDatabase() {
    return dbUrl == null || dbUrl.isBlank();
  }
}
