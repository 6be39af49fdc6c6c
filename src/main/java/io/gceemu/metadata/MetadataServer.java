package io.gceemu.metadata;

import io.gceemu.gce.GceError;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * GCE's metadata server, on the host ({@code --metadata-port}, for {@code GCE_METADATA_HOST}):
 * {@code computeMetadata/v1/} for an instance chosen by the header {@code X-Gce-Emu-Instance:
 * <project>/<zone>/<name>} or the path prefix {@code /instances/<project>/<zone>/<name>}, so that
 * code on the host can pretend to be that VM. Without one, it answers what needs no instance: the
 * default service account's token and identity, as a library's credentials ask for them.
 * {@code Metadata-Flavor: Google} is required and returned; {@code ?recursive=true},
 * {@code ?alt=json|text} and {@code ?wait_for_change=true&last_etag=} with ETags work as on GCE.
 * What it says of an instance is read through the emulator's own API.
 */
public final class MetadataServer extends VerticleBase {

  private static final String CHOSEN = "X-Gce-Emu-Instance";
  private static final String FLAVOR = "Metadata-Flavor";
  private static final String PREFIX = "/computeMetadata/v1";
  private static final long WAIT_POLL_MS = 250;
  private static final long WAIT_DEFAULT_SECONDS = 60;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String host;
  private final int port;
  private final int apiPort;
  private final String authToken;
  /** The VM of a network's namespace at an address, as the VM runtime knows it: how a VM's requests, relayed, are told apart. */
  private final BiFunction<String, String, Optional<String>> vms;
  private HttpClient api;
  private HttpServer server;

  /** @param apiPort the emulator's own API port on 127.0.0.1, which it reads instances from */
  public MetadataServer(String host, int port, int apiPort, String authToken, BiFunction<String, String, Optional<String>> vms) {
    this.vms = vms;
    this.host = host;
    this.port = port;
    this.apiPort = apiPort;
    this.authToken = authToken;
  }

  @Override
  public Future<?> start() {
    api = vertx.createHttpClient();
    return vertx.createHttpServer().requestHandler(this::handle).listen(port, host).onSuccess(listening -> server = listening);
  }

  /** The port it listens on, once started. */
  public int port() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    request.response().putHeader(FLAVOR, "Google").putHeader("Server", "Metadata Server for VM");
    String path = request.path();
    if (path.equals("/")) {
      request.response().putHeader("Content-Type", "application/text").end("computeMetadata/\n");
      return;
    }
    String chosen = request.getHeader(CHOSEN);
    if (path.startsWith("/addresses/")) {
      // A VM's request, as the relay of its network sends it: the VM is the one at that address.
      String[] parts = path.split("/", 5);
      chosen = parts.length < 5 ? null : vms.apply(parts[2], parts[3]).orElse(null);
      if (chosen == null) {
        notFound(request);
        return;
      }
      path = "/" + parts[4];
    } else if (path.startsWith("/instances/")) {
      String[] parts = path.split("/", 6);
      if (parts.length < 6) {
        notFound(request);
        return;
      }
      chosen = parts[2] + "/" + parts[3] + "/" + parts[4];
      path = "/" + parts[5];
    }
    if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
      notFound(request);
      return;
    }
    if (!"Google".equals(request.getHeader(FLAVOR))) {
      // As GCE answers a request without the header (its 403 guards against proxied requests).
      request.response().setStatusCode(403).putHeader("Content-Type", "text/html; charset=UTF-8")
        .end("Missing required header \"Metadata-Flavor\": \"Google\"\n");
      return;
    }
    List<String> segments = new ArrayList<>(Arrays.stream(path.substring(PREFIX.length()).split("/")).filter(s -> !s.isEmpty()).toList());
    boolean directory = path.endsWith("/");
    String instance = chosen;
    tree(instance).onComplete(read -> {
      if (read.failed()) {
        notFound(request);
        return;
      }
      answer(request, instance, segments, directory, read.result(), false);
    });
  }

  /** @param waited whether this answers a wait_for_change that has waited: it then answers whatever the value is */
  private void answer(HttpServerRequest request, String instance, List<String> segments, boolean directory, JsonObject tree,
                      boolean waited) {
    if (segments.size() == 4 && segments.get(0).equals("instance") && segments.get(1).equals("service-accounts")
      && MetadataTree.at(tree, segments.subList(0, 3)) != null) {
      String email = String.valueOf(((JsonObject) MetadataTree.at(tree, segments.subList(0, 3))).getString("email"));
      switch (segments.get(3)) {
        case "token" -> {
          request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
            .put("access_token", "ya29.gce-emulator." + HexFormat.of().formatHex(bytes(24))).put("expires_in", 3599)
            .put("token_type", "Bearer").encode());
          return;
        }
        case "identity" -> {
          String audience = request.getParam("audience");
          if (audience == null || audience.isEmpty()) {
            request.response().setStatusCode(400).putHeader("Content-Type", "text/plain").end("non-empty audience parameter required\n");
            return;
          }
          request.response().putHeader("Content-Type", "text/html; charset=utf-8").end(identity(email, audience));
          return;
        }
        default -> {
        }
      }
    }
    Object node = MetadataTree.at(tree, segments);
    if (node == null) {
      notFound(request);
      return;
    }
    String etag = etag(node);
    if (!waited && "true".equals(request.getParam("wait_for_change")) && etag.equals(request.getParam("last_etag"))) {
      long timeoutSeconds = parse(request.getParam("timeout_sec"), WAIT_DEFAULT_SECONDS);
      long deadline = System.currentTimeMillis() + timeoutSeconds * 1000;
      waitForChange(request, instance, segments, directory, etag, deadline);
      return;
    }
    boolean json = "true".equals(request.getParam("recursive")) || "json".equals(request.getParam("alt"));
    boolean verbatim = segments.contains("attributes");
    String body;
    if (json) {
      request.response().putHeader("Content-Type", "application/json");
      body = Json.encode(camel(node, verbatim));
    } else {
      request.response().putHeader("Content-Type", "application/text");
      body = text(node);
    }
    request.response().putHeader("ETag", etag).end(body);
  }

  /** A wait_for_change: answered once the value is no longer the one the caller has, or at its timeout with it as it is. */
  private void waitForChange(HttpServerRequest request, String instance, List<String> segments, boolean directory, String etag,
                             long deadline) {
    vertx.setTimer(WAIT_POLL_MS, timer -> tree(instance).onComplete(read -> {
      Object node = read.succeeded() ? MetadataTree.at(read.result(), segments) : null;
      if (node != null && (!etag(node).equals(etag) || System.currentTimeMillis() >= deadline)) {
        answer(request, instance, segments, directory, read.result(), true);
      } else if (System.currentTimeMillis() >= deadline || request.response().closed()) {
        if (!request.response().closed()) {
          notFound(request);
        }
      } else {
        waitForChange(request, instance, segments, directory, etag, deadline);
      }
    }));
  }

  /** The tree of the chosen instance, read through the API; the anonymous one without a choice. */
  private Future<JsonObject> tree(String chosen) {
    if (chosen == null) {
      return Future.succeededFuture(MetadataTree.anonymous());
    }
    String[] parts = chosen.split("/");
    if (parts.length != 3) {
      return Future.failedFuture(GceError.notFound(chosen));
    }
    return read("/compute/v1/projects/" + parts[0] + "/zones/" + parts[1] + "/instances/" + parts[2])
      .compose(instance -> read("/compute/v1/projects/" + parts[0]).map(project -> MetadataTree.of(instance, project)));
  }

  private Future<JsonObject> read(String path) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(apiPort).setURI(path);
    if (authToken != null && !authToken.isEmpty()) {
      options.putHeader("Authorization", "Bearer " + authToken);
    }
    return api.request(options).compose(sent -> sent.send().compose(response -> response.body().compose(body -> response.statusCode() == 200
      ? Future.succeededFuture(body.toJsonObject()) : Future.failedFuture(GceError.notFound(path)))));
  }

  /** A directory as GCE lists it: a line per key, those of directories ending in a slash. */
  private static String text(Object node) {
    if (node instanceof JsonObject object) {
      StringBuilder listing = new StringBuilder();
      object.forEach(entry -> listing.append(entry.getKey())
        .append(entry.getValue() instanceof JsonObject || directoryList(entry.getValue()) ? "/" : "").append('\n'));
      return listing.toString();
    }
    if (directoryList(node)) {
      StringBuilder listing = new StringBuilder();
      for (int i = 0; i < ((JsonArray) node).size(); i++) {
        listing.append(i).append("/\n");
      }
      return listing.toString();
    }
    if (node instanceof JsonArray array) {
      return array.encode();
    }
    return String.valueOf(node);
  }

  /** A list of objects (network interfaces, access configs) is a directory; a list of texts (tags) is a value. */
  private static boolean directoryList(Object node) {
    return node instanceof JsonArray array && !array.isEmpty() && array.getValue(0) instanceof JsonObject;
  }

  /** The recursive JSON of a directory: GCE writes its keys in camel case, but for the attributes' own keys. */
  private static Object camel(Object node, boolean verbatim) {
    if (node instanceof JsonObject object) {
      JsonObject shown = new JsonObject();
      object.forEach(entry -> shown.put(verbatim ? entry.getKey() : camel(entry.getKey()),
        camel(entry.getValue(), entry.getKey().equals("attributes"))));
      return shown;
    }
    if (node instanceof JsonArray array) {
      JsonArray shown = new JsonArray();
      array.forEach(element -> shown.add(camel(element, false)));
      return shown;
    }
    return node;
  }

  private static String camel(String key) {
    StringBuilder camel = new StringBuilder();
    boolean upper = false;
    for (char c : key.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        camel.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return camel.toString();
  }

  private static String etag(Object node) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(node).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An identity token: a JWT naming the account and the audience; its signature is not one Google would check. */
  private static String identity(String email, String audience) {
    long now = System.currentTimeMillis() / 1000;
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String header = url.encodeToString(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", "gce-emulator").encode()
      .getBytes(StandardCharsets.UTF_8));
    String payload = url.encodeToString(new JsonObject().put("iss", "https://accounts.google.com").put("aud", audience)
      .put("azp", email).put("sub", email).put("email", email).put("email_verified", true).put("iat", now).put("exp", now + 3600)
      .encode().getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + "." + url.encodeToString(bytes(32));
  }

  private static void notFound(HttpServerRequest request) {
    request.response().setStatusCode(404).putHeader("Content-Type", "text/html; charset=UTF-8").end("Not Found\n");
  }

  private static long parse(String value, long otherwise) {
    try {
      return value == null ? otherwise : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  private static byte[] bytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
