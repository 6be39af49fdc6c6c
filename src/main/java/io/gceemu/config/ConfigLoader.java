package io.gceemu.config;

import io.gceemu.gce.Ipv4Range;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Builds the configuration in layers, each overriding the last: built-in defaults, the JSON file
 * ({@code --conf}, default {@code conf/config.json} when present), {@code GCE_EMU_*} environment
 * variables, then command-line flags.
 */
public final class ConfigLoader {

  /** A setting: its JSON key, its flag and its environment variable. */
  public record Option(String key, String flag, String env, String help, Kind kind) {
    String envName() {
      return "GCE_EMU_" + env;
    }
  }

  public enum Kind { STRING, INT, LONG, BOOLEAN, LIST, JSON }

  public static final List<Option> OPTIONS = List.of(
    new Option("host", "--host", "HOST", "address to listen on (default 127.0.0.1)", Kind.STRING),
    new Option("port", "--port", "PORT", "HTTP port (default 8080; 0 picks a free one)", Kind.INT),
    new Option("dataDir", "--data-dir", "DATA_DIR", "folder of the embedded Postgres data (default ./data)", Kind.STRING),
    new Option("dbUrl", "--db-url", "DB_URL", "postgresql://user:pass@host:port/db of an external Postgres; then none is embedded", Kind.STRING),
    new Option("linkBase", "--link-base", "LINK_BASE", "prefix of v1 resource links (default https://www.googleapis.com/compute/v1/); beta links put beta for its v1", Kind.STRING),
    new Option("strictProjects", "--strict-projects", "STRICT_PROJECTS", "only the configured projects exist; others are 404", Kind.BOOLEAN),
    new Option("projects", "--projects", "PROJECTS", "comma-separated projects known in strict mode", Kind.LIST),
    new Option("requestTimeoutMs", "--request-timeout-ms", "REQUEST_TIMEOUT_MS", "how long the router waits for a zone (default 30000)", Kind.LONG),
    new Option("timing", "--timing", "TIMING", "instant (default: operations are DONE at once) or realistic (GCE-like durations)", Kind.STRING),
    new Option("transitionMs", "--transition-ms", "TRANSITION_MS", "JSON of per-phase durations, e.g. '{\"compute.instances.insert.PROVISIONING\":3000}'", Kind.JSON),
    new Option("waitTimeoutMs", "--wait-timeout-ms", "WAIT_TIMEOUT_MS", "longest zoneOperations.wait (default 120000, as GCE)", Kind.LONG),
    new Option("cluster", "--cluster", "CLUSTER", "join the cluster of emulator nodes sharing one Postgres (needs --db-url)", Kind.BOOLEAN),
    new Option("clusterConfig", "--cluster-config", "CLUSTER_CONFIG", "Hazelcast XML of the cluster (default conf/cluster.xml)", Kind.STRING),
    new Option("clusterName", "--cluster-name", "CLUSTER_NAME", "overrides the cluster name of the Hazelcast XML", Kind.STRING),
    new Option("clusterHost", "--cluster-host", "CLUSTER_HOST", "address of this node's event bus (default 127.0.0.1)", Kind.STRING),
    new Option("leaseTtlMs", "--lease-ttl-ms", "LEASE_TTL_MS", "how long a silent node keeps its zones (default 10000)", Kind.LONG),
    new Option("authToken", "--auth-token", "AUTH_TOKEN", "require 'Authorization: Bearer <token>' on every API request (default: none required)", Kind.STRING),
    new Option("operationRetentionMs", "--operation-retention-ms", "OPERATION_RETENTION_MS", "how long finished operations are kept (default 86400000, a day)", Kind.LONG),
    new Option("operationLimit", "--operation-limit", "OPERATION_LIMIT", "the most operations a zone keeps (default 100000)", Kind.INT),
    new Option("zoneQueueLimit", "--zone-queue-limit", "ZONE_QUEUE_LIMIT", "requests a zone holds waiting before it answers 503 (default 10000)", Kind.INT),
    new Option("requestLog", "--request-log", "REQUEST_LOG", "plain (default: a line per request), json, or none", Kind.STRING),
    new Option("externalAddressRanges", "--external-address-ranges", "EXTERNAL_ADDRESS_RANGES", "comma-separated CIDR ranges reserved external addresses are given from, in turn (default 35.184.0.0/13)", Kind.LIST),
    new Option("seed", "--seed", "SEED", "state document (from GET /_emulator/export) to import at start when there are no instances", Kind.STRING),
    new Option("runtime", "--runtime", "RUNTIME", "none (default: the API alone) or sandbox (each RUNNING VM a sandboxed Linux system; needs root)", Kind.STRING),
    new Option("metadataPort", "--metadata-port", "METADATA_PORT", "serve GCE's metadata server on this port of --host, for GCE_METADATA_HOST (default: none; 0 picks one)", Kind.INT),
    new Option("runtimeDir", "--runtime-dir", "RUNTIME_DIR", "where the VM runtime keeps its base system and VMs (default <data-dir>/runtime)", Kind.STRING));

  private static final String DEFAULT_CONF = "conf/config.json";

  private ConfigLoader() {
  }

  /** Thrown for an unknown flag, a missing value or a value of the wrong type. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
      super(message);
    }
  }

  public static EmulatorConfig load(String[] args, Map<String, String> env) {
    JsonObject json = new JsonObject();
    String confFile = confFile(args, env);
    if (confFile != null) {
      json.mergeIn(readFile(Path.of(confFile)));
    } else if (Files.exists(Path.of(DEFAULT_CONF))) {
      json.mergeIn(readFile(Path.of(DEFAULT_CONF)));
    }
    for (Option option : OPTIONS) {
      String value = env.get(option.envName());
      if (value != null) {
        json.put(option.key(), parse(option, value));
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--conf")) {
        i++;
        continue;
      }
      String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      Option option = OPTIONS.stream().filter(o -> o.flag().equals(flag)).findFirst()
        .orElseThrow(() -> new ConfigException("unknown option " + arg + " (see --help)"));
      String value;
      if (arg.contains("=")) {
        value = arg.substring(arg.indexOf('=') + 1);
      } else if (option.kind() == Kind.BOOLEAN && (i + 1 >= args.length || args[i + 1].startsWith("--"))) {
        value = "true";
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new ConfigException("option " + flag + " needs a value");
      }
      json.put(option.key(), parse(option, value));
    }
    EmulatorConfig config = EmulatorConfig.fromJson(json);
    if (!List.of("instant", "realistic").contains(config.timing())) {
      throw new ConfigException("option --timing takes instant or realistic, got '" + config.timing() + "'");
    }
    if (!List.of("none", "sandbox").contains(config.runtime())) {
      throw new ConfigException("option --runtime takes none or sandbox, got '" + config.runtime() + "'");
    }
    if (!List.of("plain", "json", "none").contains(config.requestLog())) {
      throw new ConfigException("option --request-log takes plain, json or none, got '" + config.requestLog() + "'");
    }
    if (config.cluster() && config.embeddedDatabase()) {
      // An embedded Postgres belongs to one process; the nodes of a cluster must share their state.
      throw new ConfigException("option --cluster needs --db-url: the nodes of a cluster share one Postgres");
    }
    for (String range : config.externalAddressRanges()) {
      if (Ipv4Range.parse(range).isEmpty()) {
        throw new ConfigException("option --external-address-ranges takes CIDR ranges such as 35.184.0.0/13, got '" + range + "'");
      }
    }
    if (config.leaseTtlMs() < 1000) {
      throw new ConfigException("option --lease-ttl-ms must be at least 1000, got " + config.leaseTtlMs());
    }
    return config;
  }

  public static String help() {
    StringBuilder text = new StringBuilder("Usage: java -jar target/gce-emulator.jar [options]\n\nOptions (each also GCE_EMU_<NAME> and a key of conf/config.json):\n");
    text.append(String.format("  %-24s %s%n", "--conf FILE", "JSON configuration file (default conf/config.json when present); env GCE_EMU_CONF"));
    for (Option option : OPTIONS) {
      text.append(String.format("  %-24s %s; env %s%n", option.flag(), option.help(), option.envName()));
    }
    text.append(String.format("  %-24s %s%n", "--help", "print this text"));
    return text.toString();
  }

  private static String confFile(String[] args, Map<String, String> env) {
    int index = Arrays.asList(args).indexOf("--conf");
    if (index >= 0) {
      if (index + 1 >= args.length) {
        throw new ConfigException("option --conf needs a value");
      }
      return args[index + 1];
    }
    return env.get("GCE_EMU_CONF");
  }

  private static JsonObject readFile(Path path) {
    try {
      return new JsonObject(Files.readString(path));
    } catch (IOException | DecodeException e) {
      throw new ConfigException("cannot read configuration " + path + ": " + e.getMessage());
    }
  }

  private static Object parse(Option option, String value) {
    try {
      return switch (option.kind()) {
        case STRING -> value;
        case INT -> Integer.parseInt(value.trim());
        case LONG -> Long.parseLong(value.trim());
        case BOOLEAN -> Boolean.parseBoolean(value.trim());
        case LIST -> new JsonArray(Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        case JSON -> new JsonObject(value);
      };
    } catch (NumberFormatException e) {
      throw new ConfigException("option " + option.flag() + " needs a number, got '" + value + "'");
    } catch (DecodeException e) {
      throw new ConfigException("option " + option.flag() + " needs a JSON object, got '" + value + "'");
    }
  }
}
