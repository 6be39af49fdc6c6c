package io.gceemu.api;

import io.gceemu.catalog.Catalog;
import io.gceemu.catalog.Region;
import io.gceemu.catalog.Zone;
import io.gceemu.config.EmulatorConfig;
import io.gceemu.gce.ApiVersion;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
import io.gceemu.gce.ResourceNames;
import io.gceemu.schema.Schemas;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and checks what a route needs from an HTTP request: path parameters (project, zone,
 * instance), query parameters against their schema, and the JSON body against its method's schema.
 * Every check that fails throws the {@link GceError} GCE would answer with.
 */
final class GceRequest {

  static final String FAULT = "gce.fault";

  /** The discovery document's pattern for an instance in a path: a name or a numeric id. */
  private static final String RESOURCE_REGEX = ResourceNames.NAME_REGEX + "|[1-9][0-9]{0,19}";
  private static final Pattern RESOURCE = Pattern.compile(RESOURCE_REGEX);

  private final RoutingContext ctx;
  private final Catalog catalog;
  private final Schemas schemas;
  private final EmulatorConfig config;
  private final Links links;
  private JsonObject params;

  GceRequest(RoutingContext ctx, Catalog catalog, Schemas schemas, EmulatorConfig config, Links links) {
    this.ctx = ctx;
    this.links = links;
    this.catalog = catalog;
    this.schemas = schemas;
    this.config = config;
  }

  /**
   * The API version the request came through; the router lets in only those served. The emulator's
   * own routes ({@code /_emulator/...}) belong to no version and answer as v1 does.
   */
  ApiVersion version() {
    String path = ctx.pathParam("version");
    return path == null ? ApiVersion.V1 : ApiVersion.fromPath(path).orElseThrow();
  }

  /** Links as the request's version writes them. */
  Links links() {
    return links.in(version());
  }

  String project() {
    String project = ctx.pathParam("project");
    ResourceNames.requireProject(project);
    if (config.strictProjects() && !config.projects().contains(project)) {
      throw GceError.notFound("projects/" + project);
    }
    return project;
  }

  Zone zone() {
    String zone = ctx.pathParam("zone");
    return catalog.zone(zone).orElseThrow(() -> GceError.invalidValue("zone", zone, "Unknown zone."));
  }

  /** The region named in the path, as GCE checks it: one it does not have is an invalid value. */
  Region region() {
    String region = ctx.pathParam("region");
    return catalog.region(region).orElseThrow(() -> GceError.invalidValue("region", region, "Unknown region."));
  }

  /** A resource or operation named in the path, by name or numeric id. */
  String resource(String param) {
    String value = ctx.pathParam(param);
    if (!RESOURCE.matcher(value).matches()) {
      throw GceError.invalidValue(param, value, "Must be a match of regex '" + RESOURCE_REGEX + "'");
    }
    return value;
  }

  /** The body as it came (inflated), for the routes that take a document rather than a GCE resource. */
  Buffer rawBody() {
    return RequestBody.of(ctx);
  }

  /** An injected operation fault for this request (see {@code FaultRule}), or null. */
  /** For work that must leave the event loop (drawing a screenshot). */
  Vertx vertx() {
    return ctx.vertx();
  }

  JsonObject fault() {
    return ctx.get(FAULT);
  }

  String pathParam(String name) {
    return ctx.pathParam(name);
  }

  /** The query parameters this API knows, typed and checked once; unknown ones are ignored as on GCE. */
  JsonObject params() {
    if (params == null) {
      params = checkedParams();
    }
    return params;
  }

  private JsonObject checkedParams() {
    Map<String, String> query = new HashMap<>();
    try {
      ctx.queryParams().forEach(entry -> query.putIfAbsent(entry.getKey(), entry.getValue()));
      // java-discovery sends a GET whose URL would pass 2048 characters as POST +
      // X-HTTP-Method-Override: GET, with the query as a form-encoded body.
      RequestBody.form(ctx).forEach((key, values) -> query.putIfAbsent(key, values.get(0)));
    } catch (IllegalArgumentException e) {
      throw new GceError(400, "invalid", "Invalid query string: " + e.getMessage());
    }
    return schemas.validateParams(query);
  }

  /** The list options: filter, orderBy, maxResults, pageToken. */
  JsonObject listOptions() {
    JsonObject params = params();
    JsonObject options = new JsonObject();
    for (String key : new String[] {"filter", "orderBy", "maxResults", "pageToken"}) {
      if (params.getValue(key) != null) {
        options.put(key, params.getValue(key));
      }
    }
    return options;
  }

  String requestId() {
    return params().getString("requestId");
  }

  /**
   * The JSON body, checked against the schema of {@code method}. An empty body, or the JSON string
   * {@code ""} that the Node client sends for body-less calls, counts as no fields at all.
   */
  JsonObject body(String method) {
    Buffer buffer = RequestBody.of(ctx);
    String text = buffer.toString().trim();
    if (text.isEmpty() || text.equals("\"\"")) {
      if (method.endsWith(".insert") || method.equals(Schemas.UPDATE)) {
        throw GceError.required("resource");
      }
      return new JsonObject();
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(buffer);
    } catch (DecodeException e) {
      throw new GceError(400, "parseError", "Invalid JSON payload received. " + firstLine(e.getMessage()).replaceFirst("^Failed to decode:\\s*", ""));
    }
    if (!(parsed instanceof JsonObject body)) {
      throw new GceError(400, "parseError", "Invalid JSON payload received. Expected an object, got " + kind(parsed) + ".");
    }
    return schemas.validateBody(method, version(), body);
  }

  private static String kind(Object value) {
    if (value == null) {
      return "null";
    }
    return value instanceof JsonArray ? "an array" : "a " + value.getClass().getSimpleName().toLowerCase();
  }

  /** The parser's first line, without what names the parser itself (its classes and limits' settings). */
  private static String firstLine(String message) {
    String text = message == null ? "Unexpected token." : message;
    int cut = text.indexOf('\n');
    String line = (cut > 0 ? text.substring(0, cut) : text).replaceAll("\\s*\\([^()]*`[^`]*`[^()]*\\)", "")
      .replaceAll("`[^`]*`", "");
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
