package io.gceemu.api;

import io.gceemu.resource.ResourceType;
import io.gceemu.resource.ResourceTypes;
import io.gceemu.resource.Scope;
import io.vertx.core.http.HttpMethod;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Compute Engine method a route serves, named as Google names it ({@code compute.instances.stop},
 * {@code compute.zoneOperations.wait}), read from the route's path template and HTTP method; for
 * logs, metrics and fault rules. A method has the same name in every API version, as in Google's
 * discovery documents.
 */
final class GceMethods {

  /** The path segments that name collections, not custom verbs: the built-in ones and every declared one. */
  private static final Set<String> COLLECTIONS = Stream.concat(Stream.of("instances", "operations", "machineTypes", "zones",
      "regions", "projects", "diskTypes", "imageFamilyViews"), ResourceTypes.ALL.stream().map(ResourceType::collection))
    .collect(Collectors.toUnmodifiableSet());

  private static final Map<String, String> NAMES = new ConcurrentHashMap<>();

  private GceMethods() {
  }

  static String of(HttpMethod method, String template) {
    // A catch-all (the API version check that turns alpha away) serves no method.
    if (template == null || template.endsWith("/*")) {
      return "unknown";
    }
    // Routes are few and every request asks: each name is worked out once.
    return NAMES.computeIfAbsent(method.name() + " " + template, key -> name(method, template));
  }

  private static String name(HttpMethod method, String template) {
    if (!template.startsWith(RouteSupport.API + "/")) {
      return template.startsWith("/_emulator") ? "emulator" + template.substring("/_emulator".length()).replaceAll("/:?", ".")
        : template.replaceAll("^/|/$", "").replace('/', '.');
    }
    String[] segments = template.split("/");
    String last = segments[segments.length - 1];
    String previous = segments[segments.length - 2];
    if (last.startsWith(":")) {
      String verb = switch (method.name()) {
        case "DELETE" -> "delete";
        case "PUT" -> "update";
        case "PATCH" -> "patch";
        default -> "get";
      };
      return "compute." + collection(previous, segments) + "." + verb;
    }
    if (previous.startsWith(":") && !COLLECTIONS.contains(last)) {
      String verb = last.equals("serialPort") ? "getSerialPortOutput" : last;
      return "compute." + collection(segments[segments.length - 3], segments) + "." + verb;
    }
    if (previous.equals("aggregated")) {
      return "compute." + collection(last, segments) + ".aggregatedList";
    }
    return "compute." + collection(last, segments) + "." + (method == HttpMethod.POST ? "insert" : "list");
  }

  /**
   * Operations under a zone are zoneOperations, under a region regionOperations, as in the
   * discovery document; the others are globalOperations, whose aggregatedList spans every scope.
   */
  private static String collection(String segment, String[] segments) {
    String path = String.join("/", segments);
    Scope scope = path.contains("/zones/") ? Scope.ZONE : path.contains("/regions/") ? Scope.REGION : Scope.GLOBAL;
    if (segment.equals("operations")) {
      return scope == Scope.ZONE ? "zoneOperations" : scope == Scope.REGION ? "regionOperations" : "globalOperations";
    }
    // A declared collection is named as its scope's discovery document names it: addresses under global are globalAddresses.
    return ResourceTypes.at(segment, path.contains("/aggregated/") ? Scope.REGION : scope).map(ResourceType::methods).orElse(segment);
  }
}
