package io.gceemu.api;

import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.RunningEmulator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated requests over every route — odd paths, parameters and bodies, valid or not — never get
 * a 5xx: each is answered with a success or with GCE's error envelope, and what is stored elsewhere
 * does not change.
 */
class HostileInputTest {

  private static final String ZONE = "us-central1-a";
  private static final int MAX_HEADERS = 32 * 1024;
  private static final List<String> EMULATOR_PATHS = List.of("/{n}", "/_emulator/faults/{n}", "/_emulator/export", "/_emulator/import",
    "/_emulator/projects", "/_emulator/progression", "/batch/compute/v1", "/metrics", "/health/ready", "/console/{n}",
    "/_emulator/projects/fuzz/zones/us-central1-a/operations/{n}/advance");
  private static final java.util.regex.Pattern INTERNALS = java.util.regex.Pattern.compile(
    "Exception|io\\.gceemu|io\\.vertx|io\\.netty|org\\.postgresql|java\\.lang|SQLSTATE|StreamReadConstraints|\\bat [a-z]+\\.[a-z]+\\.");
  private static RunningEmulator emulator;
  private static Http http;
  private static String sentinelPath;
  private static JsonObject sentinel;

  @BeforeContainer
  static void start() {
    emulator = RunningEmulator.start();
    http = new Http(emulator.baseUrl());
    sentinelPath = Http.zonePath("untouched", ZONE) + "/instances/sentinel";
    http.post(Http.zonePath("untouched", ZONE) + "/instances", Bodies.instanceWithEverything("sentinel", ZONE));
    sentinel = http.get(sentinelPath).json();
  }

  @AfterContainer
  static void stop() throws Exception {
    assertEquals(sentinel, http.get(sentinelPath).json(), "nothing stored elsewhere changed");
    emulator.close();
  }

  /** A generated request: method, path, query, a header and a body (bytes: not always UTF-8), all possibly wrong. */
  record Request(String method, String path, String query, String header, String headerValue, byte[] body) {
    @Override
    public String toString() {
      String shown = body == null ? "no body" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8) + " (" + body.length + " bytes)";
      return method + " " + path + query + " [" + header + ": " + headerValue.substring(0, Math.min(headerValue.length(), 40)) + "] " + shown;
    }
  }

  @Property(tries = 10_000)
  void everyRequestGetsASuccessOrTheGceErrorEnvelope(@ForAll("requests") Request request) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(http.uri(request.path() + request.query()))
      .header("Content-Type", "application/json")
      .header(request.header(), request.headerValue())
      .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    Http.Response response = http.send(builder);
    assertTrue(response.status() < 500, () -> request + " -> " + response.status() + " " + response.body());
    if (response.status() >= 400) {
      JsonObject error = response.json().getJsonObject("error");
      assertEquals(response.status(), error.getInteger("code"), response.body());
      assertFalse(error.getString("message").isEmpty());
      assertFalse(error.getJsonArray("errors").getJsonObject(0).getString("reason").isEmpty());
      // Nothing of the inside shows: no stack trace, class name or SQL.
      assertFalse(INTERNALS.matcher(response.body()).find(), response.body());
      assertTrue(response.contentType().startsWith("application/json"), response.contentType());
    }
  }

  @Provide
  Arbitrary<Request> requests() {
    Arbitrary<String> method = Arbitraries.of("GET", "GET", "POST", "POST", "POST", "DELETE", "PUT", "PATCH");
    Arbitrary<String> header = Arbitraries.of("X-Fuzz", "X-HTTP-Method-Override", "Content-Encoding", "Authorization", "Accept");
    Arbitrary<String> headerValue = Arbitraries.frequencyOf(
      Tuple.of(20, Arbitraries.of("GET", "POST", "PATCH", "DELETE", "FOO", "gzip", "Bearer x", "*/*", "")),
      Tuple.of(5, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60)),
      // Larger than the 32 KiB the server takes: a 431 in GCE's envelope.
      Tuple.of(1, Arbitraries.just("h".repeat(40_000))));
    // Headers over the limit are answered with 431 before the body is read, and the connection is
    // closed; a client still sending a body may then see the connection reset instead of the 431
    // (README: limits). So those requests carry no body here.
    return Combinators.combine(method, paths(), queries(), header, headerValue, bodies())
      .as((m, p, q, h, v, b) -> new Request(m, p, q, h, v, v.length() > MAX_HEADERS ? null : b));
  }

  private static Arbitrary<String> paths() {
    Arbitrary<String> project = Arbitraries.oneOf(Arbitraries.of("fuzz", "fuzz-2", "Bad_Project", "a", "x".repeat(120)),
      Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_', '.', ':').ofMinLength(1).ofMaxLength(12));
    Arbitrary<String> zone = Arbitraries.of(ZONE, "us-east1-b", "us-central1-z", "nowhere", "US-CENTRAL1-A");
    Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of("vm", "vm-2", "Bad_Name", "1234567890", "0", "a--b", "%2F..", "%00"),
      Arbitraries.strings().alpha().numeric().withChars('-', '_').ofMinLength(1).ofMaxLength(70));
    Arbitrary<String> suffix = Arbitraries.of("", "/start", "/stop", "/reset", "/suspend", "/resume", "/setLabels", "/setMetadata",
      "/setTags", "/setMachineType", "/setDeletionProtection", "/serialPort", "/attachDisk", "/detachDisk", "/setDiskAutoDelete",
      "/resize", "/createSnapshot", "/expandIpCidrRange", "/setPrivateIpGoogleAccess", "/switchToCustomMode", "/nothing");
    Arbitrary<String> region = Arbitraries.of("us-central1", "us-east1", "nowhere", "US-CENTRAL1", "-");
    return Combinators.combine(project, zone, name, suffix, region, Arbitraries.integers().between(0, 19)).as((p, z, n, s, r, kind) -> {
      String base = "/compute/v1/projects/" + p;
      return switch (kind) {
        case 0, 1, 2, 3 -> base + "/zones/" + z + "/instances/" + n + s;
        case 4 -> base + "/zones/" + z + "/instances";
        case 5 -> base + "/zones/" + z + "/operations/" + n + (s.isEmpty() ? "" : "/wait");
        case 6 -> base + "/aggregated/" + (s.isEmpty() ? "instances" : "machineTypes");
        case 7 -> base + "/zones/" + z + "/machineTypes/" + n;
        case 8 -> base + (s.isEmpty() ? "" : "/regions/" + n);
        case 9 -> base + "/global/images" + (s.isEmpty() ? "" : s.equals("/start") ? "/family/" + n : "/" + n);
        case 10 -> base + "/zones/" + (s.isEmpty() ? "-" : z) + (s.equals("/stop") ? "/imageFamilyViews/" : "/diskTypes/") + n;
        case 11 -> base + "/zones/" + z + "/disks" + (s.isEmpty() ? "" : "/" + n + s);
        case 12 -> base + (s.isEmpty() ? "/aggregated/disks" : "/global/snapshots" + (s.equals("/start") ? "" : "/" + n + s));
        case 13 -> base + "/global/images" + (s.isEmpty() ? "" : "/" + n + (s.equals("/stop") ? "/deprecate" : s));
        case 14 -> base + "/global/networks" + (s.isEmpty() ? "" : "/" + n + (s.equals("/stop") ? "" : s));
        case 15 -> base + "/regions/" + r + "/subnetworks" + (s.isEmpty() ? "" : "/" + n + (s.equals("/stop") ? "" : s));
        case 16 -> base + (s.isEmpty() ? "/aggregated/subnetworks" : "/global/firewalls" + (s.equals("/start") ? "" : "/" + n));
        case 17 -> base + "/global/routes" + (s.isEmpty() ? "" : "/" + n);
        case 18 -> base + (s.isEmpty() ? "/aggregated/addresses" : "/regions/" + r + "/addresses" + (s.equals("/start") ? "" : "/" + n + s));
        // The emulator's own routes too, but none that empties everything, adds fault rules or streams forever.
        default -> EMULATOR_PATHS.get(Math.floorMod(n.hashCode(), EMULATOR_PATHS.size())).replace("{n}", n) + s;
      };
    });
  }

  private static Arbitrary<String> queries() {
    Arbitrary<String> key = Arbitraries.of("maxResults", "pageToken", "filter", "orderBy", "requestId", "port", "start",
      "deletionProtection", "returnPartialSuccess", "alt", "toEnd", "sourceImage", "deviceName", "autoDelete", "forceAttach", "forceCreate");
    Arbitrary<String> value = Arbitraries.oneOf(
      Arbitraries.of("-1", "0", "1", "500", "501", "99999999999999999999", "abc", "true", "name", "creationTimestamp desc",
        "status = RUNNING", "labels.env:*", "(name eq vm.*)", "name =", "((", "8d1b5a5c-6c1e-4c55-9f36-1f2b9b8e2a11",
        "00000000-0000-0000-0000-000000000000", "Z2NlLWVtdS1vZmZzZXQ6MQ"),
      Arbitraries.strings().ofMaxLength(40));
    Arbitrary<String> pair = Combinators.combine(key, value).as((k, v) -> k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
    return pair.list().ofMaxSize(3).map(pairs -> pairs.isEmpty() ? "" : "?" + String.join("&", pairs));
  }

  private static Arbitrary<byte[]> bodies() {
    Arbitrary<String> valid = Arbitraries.of(Bodies.instanceWithEverything("vm", ZONE).encode(), Bodies.instance("vm-2", ZONE).encode(),
      "{\"labels\":{\"a\":\"b\"},\"labelFingerprint\":\"42WmSpB8rSM=\"}", "{\"fingerprint\":\"42WmSpB8rSM=\",\"items\":[\"web\"]}",
      "{\"machineType\":\"zones/us-central1-a/machineTypes/e2-small\"}", "\"\"", "",
      "{\"name\":\"d\",\"sizeGb\":20,\"sourceImage\":\"projects/debian-cloud/global/images/family/debian-12\"}",
      "{\"sizeGb\":\"30\"}", "{\"source\":\"zones/us-central1-a/disks/vm\"}", "{\"state\":\"DEPRECATED\",\"replacement\":\"x\"}",
      "{\"name\":\"i\",\"sourceDisk\":\"zones/us-central1-a/disks/vm\",\"family\":\"f\"}", "{\"name\":\"d\",\"sizeGb\":\"9223372036854775807\"}",
      "{\"name\":\"n\",\"autoCreateSubnetworks\":false}", "{\"name\":\"n\",\"autoCreateSubnetworks\":true,\"mtu\":1}",
      "{\"name\":\"s\",\"network\":\"global/networks/default\",\"ipCidrRange\":\"10.0.0.0/24\"}", "{\"ipCidrRange\":\"10.0.0.0/8\"}",
      "{\"name\":\"f\",\"allowed\":[{\"IPProtocol\":\"tcp\",\"ports\":[\"22\",\"1-99999\"]}],\"sourceRanges\":[\"1.2.3.4/33\"]}",
      "{\"name\":\"r\",\"network\":\"global/networks/default\",\"destRange\":\"0.0.0.0/0\",\"nextHopIp\":\"10.0.0.9\"}",
      "{\"name\":\"a\",\"addressType\":\"INTERNAL\",\"address\":\"10.128.0.9\"}", "{\"privateIpGoogleAccess\":true}");
    Arbitrary<String> mutated = Combinators.combine(Arbitraries.of(Bodies.instanceWithEverything("vm", ZONE)),
      Arbitraries.of("name", "machineType", "labels", "tags", "metadata", "disks", "networkInterfaces", "scheduling", "description",
        "canIpForward", "fingerprint", "items"), json(3)).as((body, field, value) -> body.copy().put(field, value).encode());
    Arbitrary<String> garbage = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200), Arbitraries.of("{", "[1,2", "{\"a\":}",
      "null", "12", "[]", "{\"name\":\"" + "x".repeat(5000) + "\"}", "[".repeat(2000)));
    Arbitrary<String> extreme = Arbitraries.of(
      "{\"name\":\"vm\",\"labels\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_001),
      "{\"name\":\"" + "y".repeat(200_000) + "\"}",
      "{\"name\":\"vm-n\",\"machineType\":\"zones/us-central1-a/machineTypes/e2-micro\",\"disks\":[{\"boot\":true,"
        + "\"initializeParams\":{\"diskSizeGb\":\"99999999999999999999999\"}}]}",
      "{\"name\":\"vm-n\",\"machineType\":\"zones/us-central1-a/machineTypes/e2-micro\",\"disks\":[{\"boot\":true,"
        + "\"initializeParams\":{\"diskSizeGb\":1e400}}]}",
      "{\"name\":-1e-400,\"canIpForward\":12345678901234567890123}",
      "{\"labels\":{\"\\ud800\":\"\\udfff\"},\"labelFingerprint\":\"42WmSpB8rSM=\"}");
    // Not UTF-8 at all, or broken in the middle of a valid body.
    Arbitrary<byte[]> invalidUtf8 = Arbitraries.oneOf(
      Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
      Arbitraries.of(Bodies.instance("vm-3", ZONE).encode()).map(body -> {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length / 2] = (byte) 0xC3;
        bytes[bytes.length / 2 + 1] = (byte) 0x28;
        return bytes;
      }));
    // Past the 1 MiB the server takes: a 413 in GCE's envelope.
    Arbitrary<byte[]> oversize = Arbitraries.just(("{\"name\":\"" + "z".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8));
    return Arbitraries.frequencyOf(
      Tuple.of(20, Arbitraries.just((String) null)),
      Tuple.of(30, valid),
      Tuple.of(40, mutated),
      Tuple.of(30, json(4).map(value -> value instanceof JsonObject o ? o.encode() : String.valueOf(value))),
      Tuple.of(20, garbage),
      Tuple.of(6, extreme)).map(body -> body == null ? null : body.getBytes(StandardCharsets.UTF_8))
      .injectNull(0)
      .flatMap(body -> Arbitraries.frequencyOf(Tuple.of(140, Arbitraries.just(body)), Tuple.of(8, invalidUtf8), Tuple.of(1, oversize)));
  }

  /** Any JSON value, nested up to {@code depth}, with GCE's field names among the keys. */
  private static Arbitrary<Object> json(int depth) {
    Arbitrary<Object> leaf = Arbitraries.oneOf(
      Arbitraries.strings().ofMaxLength(30).map(Object.class::cast),
      Arbitraries.longs().map(Object.class::cast),
      Arbitraries.doubles().map(Object.class::cast),
      Arbitraries.of(true, false).map(Object.class::cast),
      Arbitraries.of("e2-micro", "RUNNING", "PERSISTENT", "42WmSpB8rSM=", "global/networks/default").map(Object.class::cast));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of("name", "machineType", "labels", "items", "key", "value", "fingerprint",
      "disks", "initializeParams", "diskSizeGb", "networkInterfaces", "accessConfigs", "boot", "network"), Arbitraries.strings().ofMaxLength(8));
    Arbitrary<Object> object = Combinators.combine(key, json(depth - 1)).as(List::of).list().ofMaxSize(4).map(entries -> {
      JsonObject fields = new JsonObject();
      entries.forEach(entry -> fields.put((String) entry.get(0), entry.get(1)));
      return fields;
    });
    Arbitrary<Object> array = json(depth - 1).list().ofMaxSize(4).map(items -> new JsonArray(items));
    return Arbitraries.oneOf(leaf, object, array);
  }
}
