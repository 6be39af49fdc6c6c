package io.gceemu.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scripts a VM runs at boot and at shutdown, found as GCE's guest agent finds them in the
 * metadata server: each of {@code startup-script-url} and {@code startup-script} (and their
 * shutdown twins) from the instance's attributes, else from the project's. A script URL is
 * fetched by the emulator, on the host, since the VM has no route out: {@code file://} paths and
 * {@code http(s)://} URLs (the emulator's own among them); {@code gs://} is not emulated, and a
 * URL that cannot be fetched leaves a line in the console instead of its script, as the agent
 * logs one.
 */
final class MetadataScripts {

  /** In the order the agent runs them. */
  static final List<String> KEYS = List.of("startup-script-url", "startup-script", "shutdown-script-url", "shutdown-script");

  private final Vertx vertx;
  private final HttpClient http;

  MetadataScripts(Vertx vertx) {
    this.vertx = vertx;
    this.http = vertx.createHttpClient();
  }

  /** The VM's scripts by key; a key without a script is absent. */
  Future<Map<String, String>> of(Vm vm, int metadataPort) {
    String tree = "/instances/" + vm.project() + "/" + vm.zone() + "/" + vm.hostname() + "/computeMetadata/v1/?recursive=true";
    return fetch(new RequestOptions().setHost("127.0.0.1").setPort(metadataPort).setURI(tree).putHeader("Metadata-Flavor", "Google"))
      .compose(body -> {
        JsonObject metadata = new JsonObject(body);
        JsonObject instance = metadata.getJsonObject("instance", new JsonObject()).getJsonObject("attributes", new JsonObject());
        JsonObject project = metadata.getJsonObject("project", new JsonObject()).getJsonObject("attributes", new JsonObject());
        Map<String, Future<String>> scripts = new LinkedHashMap<>();
        for (String key : KEYS) {
          String value = instance.getString(key, project.getString(key));
          if (value != null) {
            scripts.put(key, key.endsWith("-url") ? fetched(key, value.trim()) : Future.succeededFuture(value));
          }
        }
        return Future.all(List.copyOf(scripts.values())).map(all -> {
          Map<String, String> found = new LinkedHashMap<>();
          scripts.forEach((key, script) -> found.put(key, script.result()));
          return found;
        });
      });
  }

  private Future<String> fetched(String key, String url) {
    Future<String> script;
    if (url.startsWith("file://")) {
      script = vertx.fileSystem().readFile(URI.create(url).getPath()).map(Buffer::toString);
    } else if (url.startsWith("http://") || url.startsWith("https://")) {
      script = fetch(new RequestOptions().setAbsoluteURI(url));
    } else {
      script = Future.failedFuture("only file://, http:// and https:// URLs are fetched by the emulator");
    }
    return script.recover(failure -> Future.succeededFuture("echo " + quoted("error fetching " + key + " " + url + ": "
      + failure.getMessage()) + " >&2\nexit 1\n"));
  }

  private Future<String> fetch(RequestOptions options) {
    return http.request(options.setMethod(HttpMethod.GET))
      .compose(request -> request.send())
      .compose(response -> response.statusCode() == 200 ? response.body().map(Buffer::toString) : failed(response));
  }

  private static Future<String> failed(HttpClientResponse response) {
    return Future.failedFuture("HTTP " + response.statusCode());
  }

  private static String quoted(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
