package io.gceemu.bench;

import io.gceemu.store.DatabaseUrl;
import io.gceemu.store.EmbeddedDatabase;
import io.gceemu.support.EmulatorProcess;

import io.gceemu.support.Http;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the emulator against the ceilings of its own stack, in one run on one machine: a bare
 * Vert.x server answering pre-serialized bodies (reads), a batched-insert loop into the same
 * Postgres (writes), then the packaged emulator in its own JVM with its defaults (the request log
 * on), then its GET again with {@code --request-log none}, all driven by wrk with 64 connections.
 * Prints throughput, p50 and p99 with their ratios, the heap and RSS after loading 100k instances,
 * and the start-up time. Run it with the command in the README.
 */
public final class Benchmark {

  private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
  private static final int INSTANCES = Integer.getInteger("bench.instances", 100_000);
  /** {@code -Dbench.only=get}: only the GETs, of the bare server and of the emulator with its default request log and with none. */
  private static final boolean ONLY_GET = "get".equals(System.getProperty("bench.only", "all"));
  /** {@code -Dbench.only=groups}: only the managed groups' rows, on an emulator that holds nothing else. */
  private static final boolean ONLY_GROUPS = "groups".equals(System.getProperty("bench.only", "all"));
  /** {@code -Dbench.only=runtime}: only the sandbox runtime's rows (as root, with its packages; the base system kept in target/vm-runtime). */
  private static final boolean ONLY_RUNTIME = "runtime".equals(System.getProperty("bench.only", "all"));
  private static final String JAR = "target/gce-emulator.jar";
  private static final String ZONE = "us-central1-a";
  private static final String REGION_ZONES = "{\"us-central1-a\",\"us-central1-b\",\"us-central1-c\",\"us-central1-f\"}";
  private static final String ZONES = "{\"us-central1-a\",\"us-east1-b\",\"us-west1-a\",\"europe-west1-b\",\"europe-west4-a\",\"asia-east1-a\"}";

  private final List<String> rows = new ArrayList<>();

  private Benchmark() {
  }

  public static void main(String[] args) {
    int status = 0;
    try {
      new Benchmark().run();
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    // Vert.x and the embedded Postgres keep threads alive; the run is over either way.
    System.exit(status);
  }

  private void run() throws Exception {
    Path work = Files.createTempDirectory("gce-bench");
    try (EmbeddedDatabase database = EmbeddedDatabase.start(work.resolve("shared"))) {
      Sample sample = sampleInstance(work);
      String instance = sample.instance();
      String dbUrl = "postgresql://postgres@localhost:" + database.port() + "/postgres";
      if (ONLY_GROUPS) {
        groupsOnly(dbUrl);
        print();
        return;
      }
      if (ONLY_RUNTIME) {
        Path runtimeDir = Path.of("target", "vm-runtime").toAbsolutePath();
        EmulatorProcess emulator = EmulatorProcess.start(JAR, List.of("-Xmx1g"), List.of("--port", "0", "--db-url", dbUrl,
          "--runtime", "sandbox", "--runtime-dir", runtimeDir.toString(), "--request-log", "none"));
        try {
          rows.addAll(RuntimeRows.measure(emulator.baseUrl(), runtimeDir));
        } finally {
          stop(emulator);
        }
        print();
        return;
      }
      Wrk.Result bareGet;
      Wrk.Result bareList = null;
      try (BareServer bare = new BareServer(instance)) {
        bareGet = Wrk.run(bare.url("/instance"), null, SECONDS);
        if (!ONLY_GET) {
          bareList = Wrk.run(bare.url("/list"), null, SECONDS);
        }
      }
      row("bare server: GET one body (" + instance.length() + " bytes)", bareGet, null);
      Wrk.Result get;
      if (ONLY_GET) {
        get = defaultGet(dbUrl, bareGet);
      } else {
        row("bare server: list page of 100 pre-serialized bodies", bareList, null);
        PgConnectOptions server = DatabaseUrl.embedded(database.port());
        Ceilings ceilings = new Ceilings(SameRowsCeiling.measure(server, "ceiling", instance, null, SECONDS),
          SameRowsCeiling.measure(server, "ceiling", instance, sample.disk(), SECONDS));
        rows.add(String.format(Locale.ROOT, "| same-rows ceiling: a create's rows (instance, operation, address) into the emulator's schema,"
          + " 100 creates per transaction, one statement per table, 4 writers | %,.0f creates/s | | | | |", ceilings.plain()));
        rows.add(String.format(Locale.ROOT, "| same-rows ceiling with a boot disk (instance, disk, operation, address) | %,.0f creates/s"
          + " | | | | |", ceilings.withDisk()));
        get = emulatorRuns(dbUrl, bareGet, bareList, ceilings);
      }
      getWithoutRequestLog(dbUrl, bareGet, get);
      if (!ONLY_GET) {
        startupRows(work.resolve("embedded"));
      }
    }
    print();
  }

  /**
   * The emulator as the README's first command starts it (defaults: a plain request line per
   * request, written to the pipe this JVM reads), against the shared Postgres; answers its GET.
   */
  private Wrk.Result emulatorRuns(String dbUrl, Wrk.Result bareGet, Wrk.Result bareList, Ceilings ceilings) throws Exception {
    EmulatorProcess emulator = EmulatorProcess.start(JAR, List.of("-Xmx1g"), List.of("--port", "0", "--db-url", dbUrl));
    try {
      String base = emulator.baseUrl();
      // Not measured: the JIT compiles the request path first, so that the figures are the steady state.
      Wrk.Result warmUp = Wrk.run(base, createScript(ZONES).replace("(#zones == 1 and \"one\" or \"m\")", "\"warm\""), 5);
      Wrk.Result createOne = Wrk.run(base, createScript("{\"" + ZONE + "\"}"), SECONDS);
      row("emulator: create, one zone", createOne, ceilings.of(createOne, false));
      Wrk.Result createMany = Wrk.run(base, createScript(ZONES), SECONDS);
      row("emulator: create, six zones", createMany, ceilings.of(createMany, false));
      // The zones of one region take their addresses where they meet: on the default network's subnetwork, then on four of a custom network.
      Wrk.Result oneRegion = Wrk.run(base, createScript(REGION_ZONES).replace("(#zones == 1 and \"one\" or \"m\")", "\"region\""), SECONDS);
      row("emulator: create, four zones of one region, default network", oneRegion, ceilings.of(oneRegion, false));
      Wrk.Result subnets = Wrk.run(base, subnetScript(base), SECONDS);
      row("emulator: create over four custom subnets of one region, four zones", subnets, ceilings.of(subnets, false));
      Wrk.Result get = get(base);
      row("emulator: GET one instance", get, ratio(get, bareGet, "bare GET"));
      Wrk.Result list = Wrk.run(base + "/compute/v1/projects/one0-0/zones/" + ZONE + "/instances?maxResults=100", null, SECONDS);
      row("emulator: list, maxResults=100", list, ratio(list, bareList, "bare list"));
      Wrk.Result withDisk = Wrk.run(base, bootDiskScript(), SECONDS);
      row("emulator: create with a boot disk, one zone", withDisk, ceilings.of(withDisk, true));
      String disks = base + "/compute/v1/projects/boot0-0/zones/" + ZONE + "/disks";
      Wrk.run(disks + "/vm-100", null, 5);
      Wrk.Result diskGet = Wrk.run(disks + "/vm-100", null, SECONDS);
      row("emulator: GET one disk", diskGet, ratio(diskGet, get, "GET one instance"));
      Wrk.Result diskList = Wrk.run(disks + "?maxResults=100", null, SECONDS);
      row("emulator: list disks, maxResults=100", diskList, ratio(diskList, list, "instance list"));
      globalRows(base, get, list);
      Wrk.Result aggregated = Wrk.run(base + "/compute/v1/projects/boot0-0/aggregated/disks?maxResults=100", null, SECONDS);
      row("emulator: aggregated list of disks, maxResults=100", aggregated, ratio(aggregated, bareList, "bare list"));
      Wrk.Result stopStartOne = Wrk.run(base, stopStartScript("{\"" + ZONE + "\"}"), SECONDS);
      row("emulator: stop/start, one zone", stopStartOne, ratio(stopStartOne, createOne, "create, one zone"));
      Wrk.Result stopStartMany = Wrk.run(base, stopStartScript(ZONES), SECONDS);
      row("emulator: stop/start, six zones", stopStartMany, ratio(stopStartMany, createMany, "create, six zones"));
      groupRows(base);
      createWhileAGroupWorks(base);

      long created = warmUp.requests() - warmUp.errors() + createOne.requests() - createOne.errors()
        + createMany.requests() - createMany.errors() + withDisk.requests() - withDisk.errors() + subnets.requests() - subnets.errors()
        + oneRegion.requests() - oneRegion.errors();
      long diskCount = withDisk.requests() - withDisk.errors();
      // The rest with a boot disk each, over six zones: as many disks as instances, near enough.
      int round = 0;
      while (created < INSTANCES) {
        Wrk.Result more = Wrk.run(base, fillScript(round++), 15);
        created += more.requests() - more.errors();
        diskCount += more.requests() - more.errors();
      }
      long resources = created + diskCount;
      long pid = emulator.process().pid();
      run("jcmd", Long.toString(pid), "GC.run");
      long heapKb = heapUsedKb(run("jcmd", Long.toString(pid), "GC.heap_info"));
      long rssKb = rssKb(pid);
      rows.add(String.format(Locale.ROOT, "| after loading %,d instances and %,d disks (and the operations of all runs) | heap used %,d MB"
        + " (%.2f KB per stored resource) | RSS %,d MB | | | |", created, diskCount, heapKb / 1024, (double) heapKb / resources, rssKb / 1024));
      rows.add(String.format(Locale.ROOT, "| blocked event-loop warnings during all emulator runs | %d | | | | |",
        emulator.blockedThreadWarnings().get()));
      stop(emulator);
      long began = System.nanoTime();
      emulator = EmulatorProcess.start(JAR, List.of("-Xmx1g"), List.of("--port", "0", "--db-url", dbUrl, "--request-log", "none"));
      long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
      pid = emulator.process().pid();
      run("jcmd", Long.toString(pid), "GC.run");
      long loadedKb = heapUsedKb(run("jcmd", Long.toString(pid), "GC.heap_info"));
      rows.add(String.format(Locale.ROOT, "| restart with those %,d resources stored | %,d ms to listening (JVM included); %,d ms reported"
        + " | heap used %,d MB (%.2f KB per stored resource) | | | |", resources, wall, emulator.startMillis(), loadedKb / 1024,
        (double) loadedKb / resources));
      return get;
    } finally {
      stop(emulator);
    }
  }

  private void groupsOnly(String dbUrl) throws Exception {
    EmulatorProcess emulator = EmulatorProcess.start(JAR, List.of("-Xmx1g"), List.of("--port", "0", "--db-url", dbUrl));
    try {
      String base = emulator.baseUrl();
      Wrk.run(base, createScript(ZONES).replace("(#zones == 1 and \"one\" or \"m\")", "\"warm\""), 5);
      groupRows(base);
      createWhileAGroupWorks(base);
      rows.add(String.format(Locale.ROOT, "| blocked event-loop warnings during the run | %d | | | | |", emulator.blockedThreadWarnings().get()));
    } finally {
      stop(emulator);
    }
  }

  /**
   * A zonal managed group resized 0 → 1,000 and back with instant timing: the time from the
   * resize until its GET shows {@code status.isStable} (polled every 10 ms).
   */
  private void groupRows(String base) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String project = base + "/compute/v1/projects/group0";
    send(http, "POST", project + "/global/instanceTemplates", "{\"name\":\"t\",\"properties\":{\"machineType\":\"e2-micro\"}}");
    String group = project + "/zones/" + ZONE + "/instanceGroupManagers";
    send(http, "POST", group, "{\"name\":\"big\",\"instanceTemplate\":\"global/instanceTemplates/t\",\"targetSize\":0}");
    for (int size : new int[] {1_000, 0}) {
      long began = System.nanoTime();
      send(http, "POST", group + "/big/resize?size=" + size, "");
      while (!send(http, "GET", group + "/big", null).contains("\"isStable\":true")) {
        Thread.sleep(10);
      }
      rows.add(String.format(Locale.ROOT, "| emulator: zonal managed group resized to %,d members, instant timing | stable after %,d ms | | | | |",
        size, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began)));
    }
    // A regional group of 1,000 over the region's zones: how soon it is stable, and how evenly its members are spread.
    String regional = project + "/regions/us-central1/instanceGroupManagers";
    long began = System.nanoTime();
    send(http, "POST", regional, "{\"name\":\"wide\",\"instanceTemplate\":\"global/instanceTemplates/t\",\"targetSize\":1000}");
    while (!send(http, "GET", regional + "/wide", null).contains("\"isStable\":true")) {
      Thread.sleep(10);
    }
    long stableMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    Map<String, Integer> byZone = new TreeMap<>();
    new JsonObject(send(http, "POST", regional + "/wide/listManagedInstances", "")).getJsonArray("managedInstances").forEach(member ->
      byZone.merge(((JsonObject) member).getString("instance").split("/zones/")[1].split("/")[0], 1, Integer::sum));
    rows.add(String.format(Locale.ROOT, "| emulator: regional managed group of 1,000, instant timing | stable after %,d ms | members per zone %s | | | |",
      stableMs, byZone.values()));
    send(http, "DELETE", regional + "/wide", null);
    // Its members gone before the next rows measure the zone.
    for (String zone : List.of("us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f")) {
      while (new JsonObject(send(http, "GET", project + "/zones/" + zone + "/instances?maxResults=1", null)).containsKey("items")) {
        Thread.sleep(50);
      }
    }
  }

  /**
   * What a group's control loop costs other clients of its zone: creates in one zone, first alone,
   * then beside a stable group of 1,000 members (the loop's own cost), then while the group is
   * resized between 1,000 and 0 members over and over (the members' writes too).
   */
  private void createWhileAGroupWorks(String base) throws Exception {
    String oneZone = createScript("{\"" + ZONE + "\"}");
    Wrk.Result alone = Wrk.run(base, oneZone.replace("(#zones == 1 and \"one\" or \"m\")", "\"calm\""), SECONDS);
    row("emulator: create, one zone (again, the next row's reference)", alone, null);
    HttpClient http = HttpClient.newHttpClient();
    String project = base + "/compute/v1/projects/churn";
    send(http, "POST", project + "/global/instanceTemplates", "{\"name\":\"t\",\"properties\":{\"machineType\":\"e2-micro\"}}");
    String group = project + "/zones/" + ZONE + "/instanceGroupManagers";
    send(http, "POST", group, "{\"name\":\"churn\",\"instanceTemplate\":\"global/instanceTemplates/t\",\"targetSize\":0}");
    send(http, "POST", group + "/churn/resize?size=1000", "");
    while (!send(http, "GET", group + "/churn", null).contains("\"isStable\":true")) {
      Thread.sleep(10);
    }
    Wrk.Result beside = Wrk.run(base, oneZone.replace("(#zones == 1 and \"one\" or \"m\")", "\"beside\""), SECONDS);
    row("emulator: create, one zone, beside a stable group of 1,000 members in the zone", beside, ratio(beside, alone, "create alone"));
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger resizes = new AtomicInteger();
    Thread churn = new Thread(() -> {
      try {
        for (int size = 0; running.get(); size = 1_000 - size) {
          send(http, "POST", group + "/churn/resize?size=" + size, "");
          while (running.get() && !send(http, "GET", group + "/churn", null).contains("\"isStable\":true")) {
            Thread.sleep(10);
          }
          resizes.incrementAndGet();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    churn.start();
    Wrk.Result busy = Wrk.run(base, oneZone.replace("(#zones == 1 and \"one\" or \"m\")", "\"busy\""), SECONDS);
    running.set(false);
    churn.join();
    row("emulator: create, one zone, while a group of the zone is resized 1,000 ↔ 0 over and over (" + resizes.get()
      + " resizes done: its members' own writes share the zone)", busy, ratio(busy, alone, "create alone"));
    send(http, "POST", group + "/churn/resize?size=0", "");
  }

  private static String send(HttpClient http, String method, String url, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /**
   * The global collections a Terraform plan reads most, each at the instance GET's and list's
   * reference: 100 firewall rules of the default network and 100 templates made first, then a GET
   * of one and a list page of each, and a GET of the default network.
   */
  private void globalRows(String base, Wrk.Result instanceGet, Wrk.Result instanceList) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String global = base + "/compute/v1/projects/reads0/global";
    for (int i = 0; i < 100; i++) {
      send(http, "POST", global + "/firewalls", "{\"name\":\"fw-" + i + "\",\"network\":\"global/networks/default\","
        + "\"sourceRanges\":[\"10.0.0.0/8\"],\"allowed\":[{\"IPProtocol\":\"tcp\",\"ports\":[\"" + (1000 + i) + "\"]}]}");
      send(http, "POST", global + "/instanceTemplates", "{\"name\":\"t-" + i + "\",\"properties\":{\"machineType\":\"e2-micro\","
        + "\"disks\":[{\"boot\":true,\"initializeParams\":{\"sourceImage\":\"projects/debian-cloud/global/images/family/debian-12\"}}],"
        + "\"networkInterfaces\":[{\"network\":\"global/networks/default\"}]}}");
    }
    for (String collection : List.of("networks", "firewalls", "instanceTemplates")) {
      String one = global + "/" + collection + "/" + switch (collection) {
        case "networks" -> "default";
        case "firewalls" -> "fw-50";
        default -> "t-50";
      };
      Wrk.run(one, null, 5);
      Wrk.Result get = Wrk.run(one, null, SECONDS);
      row("emulator: GET one of " + collection, get, ratio(get, instanceGet, "GET one instance"));
      Wrk.Result list = Wrk.run(global + "/" + collection + "?maxResults=100", null, SECONDS);
      row("emulator: list " + collection + ", maxResults=100", list, ratio(list, instanceList, "instance list"));
    }
  }

  /** {@code -Dbench.only=get}: the emulator with defaults, given just the instances its GET reads. */
  private Wrk.Result defaultGet(String dbUrl, Wrk.Result bareGet) throws Exception {
    EmulatorProcess emulator = EmulatorProcess.start(JAR, List.of("-Xmx1g"), List.of("--port", "0", "--db-url", dbUrl));
    try {
      Wrk.run(emulator.baseUrl(), createScript("{\"" + ZONE + "\"}"), 5);
      Wrk.Result get = get(emulator.baseUrl());
      row("emulator: GET one instance", get, ratio(get, bareGet, "bare GET"));
      return get;
    } finally {
      stop(emulator);
    }
  }

  /** The same GET on the same data with {@code --request-log none}: what the default request log costs. */
  private void getWithoutRequestLog(String dbUrl, Wrk.Result bareGet, Wrk.Result withLog) throws Exception {
    EmulatorProcess emulator = EmulatorProcess.start(JAR, List.of("-Xmx1g"), List.of("--port", "0", "--db-url", dbUrl, "--request-log", "none"));
    try {
      Wrk.Result get = get(emulator.baseUrl());
      row("emulator: GET one instance, --request-log none", get, ratio(get, bareGet, "bare GET") + String.format(Locale.ROOT,
        "; the default log costs %.1f%%", 100 * (1 - withLog.requestsPerSecond() / get.requestsPerSecond())));
    } finally {
      stop(emulator);
    }
  }

  /** A GET of one instance a create run made, after 5 s of the same to compile it. */
  private static Wrk.Result get(String base) throws Exception {
    // wrk builds one request per thread before the run, so the first counters are never sent.
    String url = base + "/compute/v1/projects/one0-0/zones/" + ZONE + "/instances/vm-100";
    Wrk.run(url, null, 5);
    return Wrk.run(url, null, SECONDS);
  }

  /** SIGTERM, as a service manager stops it: the zones' leases are handed back for the next process. */
  private static void stop(EmulatorProcess emulator) throws InterruptedException {
    emulator.process().destroy();
    emulator.process().waitFor(30, TimeUnit.SECONDS);
  }

  /** Start-up with its own embedded Postgres: first on an empty folder (initdb), then on the same folder. */
  private void startupRows(Path dataDir) throws Exception {
    for (String when : List.of("first start (initdb)", "restart on the same data")) {
      long began = System.nanoTime();
      EmulatorProcess emulator = EmulatorProcess.start(JAR, List.of(), List.of("--port", "0", "--data-dir", dataDir.toString()));
      long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
      rows.add(String.format(Locale.ROOT, "| start-up with embedded Postgres, %s | %,d ms to listening (JVM included); %,d ms reported | | | | |",
        when, wall, emulator.startMillis()));
      stop(emulator);
    }
  }

  /** An instance with everything in it and its boot disk, as the emulator renders them. */
  private record Sample(String instance, String disk) {
  }

  /** The same-rows ceilings of a create, without and with a boot disk, in creates per second. */
  private record Ceilings(double plain, double withDisk) {

    String of(Wrk.Result create, boolean disk) {
      return String.format(Locale.ROOT, "%.2f× the same-rows ceiling%s", create.requestsPerSecond() / (disk ? withDisk : plain),
        disk ? " with a boot disk" : "");
    }
  }

  /** Creates one instance with everything in it through a throwaway emulator, for the bare server's body and the ceilings' rows. */
  private static Sample sampleInstance(Path work) throws Exception {
    EmulatorProcess emulator = EmulatorProcess.start(JAR, List.of(), List.of("--port", "0", "--data-dir", work.resolve("sample").toString()));
    try {
      HttpClient http = HttpClient.newHttpClient();
      String path = emulator.baseUrl() + "/compute/v1/projects/sample/zones/" + ZONE + "/instances";
      String body = "{\"name\":\"vm-1\",\"machineType\":\"zones/" + ZONE + "/machineTypes/e2-medium\",\"labels\":{\"env\":\"bench\"},"
        + "\"metadata\":{\"items\":[{\"key\":\"startup-script\",\"value\":\"echo hello\"}]},\"tags\":{\"items\":[\"http-server\"]},"
        + "\"disks\":[{\"boot\":true,\"autoDelete\":true,\"initializeParams\":{\"sourceImage\":\"projects/debian-cloud/global/images/family/debian-12\"}}],"
        + "\"networkInterfaces\":[{\"network\":\"global/networks/default\",\"accessConfigs\":[{\"name\":\"External NAT\"}]}]}";
      http.send(HttpRequest.newBuilder(URI.create(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      String disk = emulator.baseUrl() + "/compute/v1/projects/sample/zones/" + ZONE + "/disks/vm-1";
      return new Sample(http.send(HttpRequest.newBuilder(URI.create(path + "/vm-1")).build(), HttpResponse.BodyHandlers.ofString()).body(),
        http.send(HttpRequest.newBuilder(URI.create(disk)).build(), HttpResponse.BodyHandlers.ofString()).body());
    } finally {
      stop(emulator);
    }
  }

  /**
   * Each wrk thread creates instances named after a counter, in the zones given in turn, in
   * projects of at most 1000 per zone (a region's default subnet holds about 4000 addresses).
   */
  private static String createScript(String zones) {
    return """
      local counter = 0
      local thread_id = 0
      local zones = %s
      setup = function(thread) thread:set("tid", thread_id); thread_id = thread_id + 1 end
      request = function()
        counter = counter + 1
        local zone = zones[counter %% #zones + 1]
        local project = (#zones == 1 and "one" or "m") .. tid .. "-" .. math.floor(counter / (1000 * #zones))
        local body = '{"name":"vm-' .. counter .. '","machineType":"zones/' .. zone .. '/machineTypes/e2-micro"}'
        return wrk.format("POST", "/compute/v1/projects/" .. project .. "/zones/" .. zone .. "/instances",
          {["Content-Type"] = "application/json"}, body)
      end
      """.formatted(zones);
  }

  /**
   * Creates in the four zones of us-central1, in turn on four subnetworks of one custom network
   * there: the regional allocation path, where each subnetwork's addresses are taken under its
   * own lock by whichever zone commits.
   */
  private static String subnetScript(String base) {
    Http http = new Http(base);
    String project = "/compute/v1/projects/subnets";
    http.post(project + "/global/networks", new JsonObject().put("name", "vpc").put("autoCreateSubnetworks", false));
    for (int i = 1; i <= 4; i++) {
      http.post(project + "/regions/us-central1/subnetworks", new JsonObject().put("name", "s" + i)
        .put("network", "global/networks/vpc").put("ipCidrRange", "10." + i + ".0.0/16"));
    }
    return createScript(REGION_ZONES)
      .replace("(#zones == 1 and \"one\" or \"m\") .. tid .. \"-\" .. math.floor(counter / (1000 * #zones))", "\"subnets\"")
      .replace("'{\"name\":\"vm-' .. counter", "'{\"name\":\"vm-' .. tid .. '-' .. counter")
      .replace("machineTypes/e2-micro\"}'", "machineTypes/e2-micro\",\"networkInterfaces\":[{\"subnetwork\":"
        + "\"regions/us-central1/subnetworks/s' .. (math.floor(counter / 4) % 4 + 1) .. '\"}]}'");
  }

  /** As a create in one zone, each instance with a boot disk from an image family: an instance, a disk, an operation and an address each. */
  /** Creates with a boot disk in six zones, in projects of their own round. */
  private static String fillScript(int round) {
    return createScript(ZONES).replace("(#zones == 1 and \"one\" or \"m\")", "\"fill" + round + "-\"")
      .replace("machineTypes/e2-micro\"}'", "machineTypes/e2-micro\",\"disks\":[{\"boot\":true,\"autoDelete\":true,"
        + "\"initializeParams\":{\"sourceImage\":\"projects/debian-cloud/global/images/family/debian-12\"}}]}'");
  }

  private static String bootDiskScript() {
    return createScript("{\"" + ZONE + "\"}").replace("(#zones == 1 and \"one\" or \"m\")", "\"boot\"")
      .replace("machineTypes/e2-micro\"}'", "machineTypes/e2-micro\",\"disks\":[{\"boot\":true,\"autoDelete\":true,"
        + "\"initializeParams\":{\"sourceImage\":\"projects/debian-cloud/global/images/family/debian-12\"}}]}'");
  }

  /**
   * Stops and starts, in turn, instances the create run made (counters that fell to each zone),
   * skipping the first counters, which wrk never sent.
   */
  private static String stopStartScript(String zones) {
    return """
      local counter = 0
      local thread_id = 0
      local zones = %s
      setup = function(thread) thread:set("tid", thread_id); thread_id = thread_id + 1 end
      request = function()
        counter = counter + 1
        local z = counter %% #zones
        local n = z + #zones * (math.floor(counter / (2 * #zones)) %% 300 + 20)
        local project = (#zones == 1 and "one" or "m") .. tid .. "-0"
        local verb = (math.floor(counter / #zones) %% 2 == 0) and "stop" or "start"
        return wrk.format("POST", "/compute/v1/projects/" .. project .. "/zones/" .. zones[z + 1] .. "/instances/vm-" .. n .. "/" .. verb,
          {["Content-Length"] = "0"}, "")
      end
      """.formatted(zones);
  }

  private void row(String what, Wrk.Result result, String ratio) {
    rows.add(String.format(Locale.ROOT, "| %s | %,.0f req/s | p50 %.2f ms | p99 %.2f ms | %s | %s |", what, result.requestsPerSecond(),
      result.p50Ms(), result.p99Ms(), result.errors() == 0 ? "no errors" : result.errors() + " non-2xx", ratio == null ? "" : ratio));
  }

  private static String ratio(Wrk.Result measured, Wrk.Result reference, String name) {
    return String.format(Locale.ROOT, "%.2f× %s", measured.requestsPerSecond() / reference.requestsPerSecond(), name);
  }

  private void print() {
    System.out.println();
    System.out.println("| what | throughput | p50 | p99 | errors | ratio |");
    System.out.println("|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.println();
    System.out.println("wrk -t2 -c" + Wrk.CONNECTIONS + ", " + SECONDS + " s per run; load generator, servers and Postgres share "
      + Runtime.getRuntime().availableProcessors() + " cores; Postgres with synchronous_commit=on and fsync=on.");
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return output;
  }

  private static long heapUsedKb(String heapInfo) {
    Matcher matcher = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K").matcher(heapInfo);
    if (!matcher.find()) {
      throw new IllegalStateException("no heap summary in:\n" + heapInfo);
    }
    return Long.parseLong(matcher.group(1));
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }
}
