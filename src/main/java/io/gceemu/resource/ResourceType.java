package io.gceemu.resource;


import io.gceemu.gce.GceError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A collection, declared: everything the shared verbs, routes, storage and rendering need to
 * serve it. Its standard verbs (insert, get by name or id, list, aggregatedList, delete,
 * setLabels) are implemented once for all; a collection brings its JSON Schemas
 * ({@code <collection>.insert}, {@code <collection>.setLabels}, one per custom verb with a body),
 * its rules and its custom verbs.
 *
 * @param methods    the collection as GCE's discovery document names it, its methods' prefix:
 *                   {@code globalAddresses} serves {@code compute.globalAddresses.*}
 * @param collection the path segment its resources are found and stored by: {@code addresses}
 * @param kind       {@code compute#disk}; lists are {@code compute#diskList} and {@code compute#diskAggregatedList}
 * @param links      the document's fields that hold references (a path, or an array of them),
 *                   shown as links of the API version read through
 * @param labelled   whether it has labels, a labelFingerprint and setLabels
 * @param fingerprinted whether it shows a {@code fingerprint} of its fields, which a patch must quote (a subnetwork)
 * @param verbs      the custom verbs, each {@code POST .../<collection>/<name>/<verb>}; {@code patch}
 *                   and {@code update} are GCE's {@code PATCH} and {@code PUT} of the resource itself
 * @param making     the statuses a new resource shows, in order, while its insert's operation runs
 *                   (a disk CREATING); {@code READY} once it is DONE. None: the insert is DONE at once
 * @param rules      a scope's rules for the collection, given the scope's name (a zone's, a region's)
 */
public record ResourceType(String methods, String collection, String kind, Scope scope, Set<String> links, boolean labelled,
                           boolean fingerprinted, List<Verb> verbs, List<Making> making,
                           Function<String, ResourceRules> rules) {

  /** A collection whose methods are named as its path segment ({@code disks}, as most are). */
  public ResourceType(String collection, String kind, Scope scope, Set<String> links, boolean labelled, boolean fingerprinted,
                      List<Verb> verbs, List<Making> making, Function<String, ResourceRules> rules) {
    this(collection, collection, kind, scope, links, labelled, fingerprinted, verbs, making, rules);
  }

  /** A status of a resource being made, and about how long real GCE shows it: the realistic timing profile's duration. */
  public record Making(String status, long realisticMs) {
  }

  /** What a made resource shows once its insert is DONE. */
  public static final String READY = "READY";

  /**
   * A custom verb and the operationType GCE reports for it ({@code resize} reports
   * {@code resizeDisk}); with a body, it is checked against the schema {@code <collection>.<verb>}.
   *
   * @param http the HTTP method it is sent with: {@code POST}, or GCE's {@code PATCH} (a patch, a
   *             disk's update, a network's updatePeering) or {@code PUT} (a firewall's update)
   */
  public record Verb(String name, String operationType, boolean body, String http) {

    /** Sent as GCE sends most: patch as PATCH, update as PUT, any other verb as POST. */
    public Verb(String name, String operationType, boolean body) {
      this(name, operationType, body, switch (name) {
        case PATCH -> "PATCH";
        case UPDATE -> "PUT";
        default -> "POST";
      });
    }

    /** Whether it is sent to the resource itself ({@code PATCH .../disks/d}) rather than to {@code .../disks/d/<verb>}. */
    public boolean onTheResource() {
      return name.equals(PATCH) || name.equals(UPDATE);
    }
  }

  /** The standard verbs' operation types: GCE's older collections report the bare verb. */
  public static final String INSERT = "insert";
  public static final String DELETE = "delete";
  public static final String SET_LABELS = "setLabels";
  /** The custom verbs that are GCE's {@code PATCH} and {@code PUT} of a resource rather than a {@code POST} to it. */
  public static final String PATCH = "patch";
  public static final String UPDATE = "update";

  /** {@code updateKmsKey}, of a disk or a snapshot: rotates the customer-managed key it is encrypted with. */
  public static final Verb UPDATE_KMS_KEY = new Verb("updateKmsKey", "updateKmsKey", true);

  /** The collections whose patch and update GCE sends to the collection, naming the resource in the query. */
  private static final Map<String, String> NAMED_IN_QUERY = Map.of("autoscalers", "autoscaler", "regionAutoscalers", "autoscaler");

  /** The query parameter that names the resource a patch or update changes, for those sent to the collection. */
  public Optional<String> namedInQuery() {
    return Optional.ofNullable(NAMED_IN_QUERY.get(methods));
  }

  /** The global collections GCE also lists aggregated, with the regional ones of their kind under {@code regions/<r>}. */
  private static final Set<String> AGGREGATED_GLOBALLY = Set.of("instanceTemplates");

  /** Whether GCE serves {@code aggregated/<collection>}: every zonal and regional collection, and a few global ones. */
  public boolean aggregated() {
    return scope != Scope.GLOBAL || AGGREGATED_GLOBALLY.contains(methods);
  }

  /** The verbs that read (a family's newest resource is one); every other verb changes something. */
  public static final Set<String> READS = Set.of("get", "list", "getFromFamily", "listManagedInstances", "listErrors",
    "listPerInstanceConfigs", "listInstances");

  public Optional<Verb> verb(String name) {
    return verbs.stream().filter(verb -> verb.name().equals(name)).findFirst();
  }

  /** The operationType of a changing verb: a standard verb's own name, a custom verb's declared type. */
  public String operationType(String verb) {
    Optional<Verb> declared = verb(verb);
    if (declared.isPresent()) {
      return declared.get().operationType();
    }
    if (standard(verb)) {
      return verb;
    }
    throw new GceError(400, "invalid", "Unknown action '" + action(verb) + "'.");
  }

  /** The verb whose operations report {@code operationType}: {@code resizeDisk} is {@code resize}'s. */
  public Optional<String> verbReporting(String operationType) {
    Optional<String> declared = verbs.stream().filter(verb -> verb.operationType().equals(operationType)).map(Verb::name).findFirst();
    return declared.isPresent() || !standard(operationType) ? declared : Optional.of(operationType);
  }

  /**
   * Whether a verb is a standard one (insert, delete, setLabels): newer collections declare
   * them among their verbs only to name their operations as GCE does ({@code
   * compute.instanceGroupManagers.insert}); they have no route of their own.
   */
  public static boolean standard(String verb) {
    return verb.equals(INSERT) || verb.equals(DELETE) || verb.equals(SET_LABELS);
  }

  /** Whether a bus action ({@code disks.get}) is a read of this collection. */
  public boolean reads(String action) {
    return action.startsWith(methods + ".") && READS.contains(action.substring(methods.length() + 1));
  }

  /** The verb of one of the collection's bus actions: {@code disks.resize} is {@code resize}. */
  public String verbOf(String action) {
    return action.substring(methods.length() + 1);
  }

  /** The bus action of one of the collection's methods: {@code disks.insert}, named as the GCE method. */
  public String action(String verb) {
    return methods + "." + verb;
  }

  /** The GCE method of one of the collection's verbs: {@code compute.disks.insert}. */
  public String method(String verb) {
    return "compute." + action(verb);
  }

  public String schema(String verb) {
    return methods + "." + verb;
  }

  /** The schemas the collection's bodies are checked against. */
  public List<String> schemas() {
    List<String> bodies = new ArrayList<>(List.of(schema(INSERT)));
    if (labelled) {
      bodies.add(schema(SET_LABELS));
    }
    verbs.stream().filter(Verb::body).forEach(verb -> bodies.add(schema(verb.name())));
    return bodies;
  }

  /** {@code compute#disk} → {@code compute#diskList}. */
  public String listKind() {
    return kind + "List";
  }

  public String aggregatedListKind() {
    return kind + "AggregatedList";
  }
}
