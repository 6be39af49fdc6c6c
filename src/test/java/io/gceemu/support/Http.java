package io.gceemu.support;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** A plain HTTP client for black-box tests: real requests to the emulator's real port. */
public final class Http {

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public Http(String baseUrl) {
    this.base = baseUrl;
  }

  /** A project of its own for each test, so tests never see each other's instances. */
  public static String newProject() {
    return "p-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static String zonePath(String project, String zone) {
    return "/compute/v1/projects/" + project + "/zones/" + zone;
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public Response delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  public Response post(String path, String body) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Response post(String path, JsonObject body) {
    return post(path, body.encode());
  }

  public Response method(String method, String path, String body) {
    return send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  public Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response.headers().firstValue("content-type").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public URI uri(String path) {
    return URI.create(base + path);
  }

  /** A response; {@link #json()} parses its body. */
  public record Response(int status, String body, String contentType) {

    public JsonObject json() {
      return new JsonObject(body);
    }

    /** The {@code reason} of a GCE error envelope. */
    public String reason() {
      return json().getJsonObject("error").getJsonArray("errors").getJsonObject(0).getString("reason");
    }

    public String message() {
      return json().getJsonObject("error").getString("message");
    }
  }
}
