package io.gceemu.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The emulator's settings, read once at start-up (see {@link ConfigLoader}) and never changed.
 *
 * @param linkBase         prefix of every resource link; real GCE always answers with
 *                         {@code https://www.googleapis.com/compute/v1/}, which Terraform relies on
 * @param strictProjects   when true, only {@code projects} exist and any other project is a 404;
 *                         otherwise any well-formed project id is created on first use
 */
public record EmulatorConfig(
  String host,
  int port,
  String dataDir,
  String dbUrl,
  String linkBase,
  boolean strictProjects,
  List<String> projects,
  long requestTimeoutMs) {

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
      json.getLong("requestTimeoutMs", 30_000L));
  }

  public boolean embeddedDatabase() {
    return dbUrl == null || dbUrl.isBlank();
  }

  public EmulatorConfig withPort(int newPort) {
    return new EmulatorConfig(host, newPort, dataDir, dbUrl, linkBase, strictProjects, projects, requestTimeoutMs);
  }

  public EmulatorConfig withDbUrl(String url) {
    return new EmulatorConfig(host, port, dataDir, url, linkBase, strictProjects, projects, requestTimeoutMs);
  }
}
