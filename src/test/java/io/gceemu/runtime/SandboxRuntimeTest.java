package io.gceemu.runtime;

import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.Metadata;
import com.sun.net.httpserver.HttpServer;
import io.gceemu.support.Http;
import io.gceemu.support.JavaClients;
import io.gceemu.support.RunningEmulator;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code --runtime sandbox}, a RUNNING instance is a sandboxed Linux system: its startup
 * script runs as root in it on every boot, its output is the serial console the official client
 * reads, its shutdown script runs when it stops, its files stay across stop and start, and it can
 * neither see the host's files nor reach the emulator's Postgres.
 */
class SandboxRuntimeTest {

  private static final String ZONE = "us-central1-a";

  @Test
  void aStartupScriptRunsInTheSandboxAndItsOutputIsTheSerialConsole(@TempDir Path host) throws Exception {
    Sandboxes.assumeHostCanRunThem("SandboxRuntimeTest");
    Path secret = Files.writeString(host.resolve("secret.txt"), "host-only");
    int postgres = io.gceemu.support.TestDatabase.options().getPort();
    String startup = String.join("\n",
      "echo \"hello from $(hostname) as uid $(id -u)\"",
      "[ -e /var/lib/marker ] && echo 'marker kept'",
      "echo yes > /var/lib/marker",
      "cat " + secret + " 2>/dev/null || echo 'host file not visible'",
      "echo x > " + host.resolve("written.txt") + " 2>/dev/null || echo 'host path not writable'",
      "curl -s -m 2 http://127.0.0.1:" + postgres + "/ >/dev/null 2>&1 && echo 'postgres reached' || echo 'postgres not reached'",
      "echo \"metadata name: $(curl -s -m 5 -H 'Metadata-Flavor: Google' http://metadata.google.internal/computeMetadata/v1/instance/name)\"",
      "echo \"without the header: $(curl -s -m 5 -o /dev/null -w '%{http_code}' http://169.254.169.254/computeMetadata/v1/instance/name)\"",
      "echo \"token: $(curl -s -m 5 -H 'Metadata-Flavor: Google' http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token"
        + " | head -c 17)\"");
    try (RunningEmulator emulator = Sandboxes.emulator();
         InstancesClient instances = JavaClients.instances(emulator.baseUrl())) {
      String project = Http.newProject();
      instances.insertAsync(project, ZONE, Instance.newBuilder().setName("vm1").setMachineType("zones/" + ZONE + "/machineTypes/e2-micro")
        .setMetadata(Metadata.newBuilder()
          .addItems(Items.newBuilder().setKey("startup-script").setValue(startup))
          .addItems(Items.newBuilder().setKey("shutdown-script").setValue("echo bye from $(hostname)")))
        .build()).get();
      String booted = console(instances, project, text -> text.contains("startup-script exit status"));
      assertTrue(booted.contains("startup-script: hello from vm1 as uid 0"), booted);
      assertTrue(booted.contains("startup-script: host file not visible"), booted);
      assertTrue(booted.contains("startup-script: host path not writable"), booted);
      assertTrue(booted.contains("startup-script: postgres not reached"), booted);
      assertTrue(booted.contains("startup-script: metadata name: vm1"), "the metadata server answers inside the VM: " + booted);
      assertTrue(booted.contains("startup-script: without the header: 403"), booted);
      assertTrue(booted.contains("startup-script: token: {\"access_token\""), booted);
      assertFalse(booted.contains("marker kept"), booted);
      assertFalse(Files.exists(host.resolve("written.txt")));

      instances.stopAsync(project, ZONE, "vm1").get();
      assertTrue(console(instances, project, text -> text.contains("reboot: Power down")).contains("shutdown-script: bye from vm1"));
      instances.startAsync(project, ZONE, "vm1").get();
      String again = console(instances, project, text -> text.split("startup-script exit status", -1).length == 3);
      assertTrue(again.contains("startup-script: marker kept"), "the VM's files stay across stop and start: " + again);

      long id = instances.get(project, ZONE, "vm1").getId();
      assertTrue(Files.isDirectory(Sandboxes.RUNTIME.resolve("vms").resolve(SandboxRuntime.PREFIX + id)));
      instances.deleteAsync(project, ZONE, "vm1").get();
      long deadline = System.currentTimeMillis() + 10_000;
      while (Files.exists(Sandboxes.RUNTIME.resolve("vms").resolve(SandboxRuntime.PREFIX + id))) {
        assertTrue(System.currentTimeMillis() < deadline, "a deleted instance's sandbox is removed");
        Thread.sleep(50);
      }
    }
  }

  /**
   * As GCE's guest agent finds them: each script key from the instance's metadata, else the
   * project's; a startup-script-url's script fetched from a file or over HTTP and run before
   * startup-script; a URL the emulator cannot fetch leaves its error in the console.
   */
  @Test
  void scriptsComeFromTheProjectsMetadataAndFromUrls(@TempDir Path host) throws Exception {
    Sandboxes.assumeHostCanRunThem("SandboxRuntimeTest");
    Path file = Files.writeString(host.resolve("from-file.sh"), "echo \"from a file on $(hostname)\"");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/script.sh", exchange -> {
      byte[] script = "echo 'from http'".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, script.length);
      exchange.getResponseBody().write(script);
      exchange.close();
    });
    server.start();
    try (RunningEmulator emulator = Sandboxes.emulator();
         InstancesClient instances = JavaClients.instances(emulator.baseUrl())) {
      String project = Http.newProject();
      Http http = new Http(emulator.baseUrl());
      String fingerprint = http.get("/compute/v1/projects/" + project).json().getJsonObject("commonInstanceMetadata")
        .getString("fingerprint");
      assertEquals(200, http.post("/compute/v1/projects/" + project + "/setCommonInstanceMetadata", new JsonObject()
        .put("fingerprint", fingerprint).put("items", new io.vertx.core.json.JsonArray().add(new JsonObject().put("key", "startup-script")
          .put("value", "echo \"project script on $(hostname)\"")))).status());
      instances.insertAsync(project, ZONE, Instance.newBuilder().setName("plain").setMachineType("zones/" + ZONE + "/machineTypes/e2-micro")
        .build()).get();
      instances.insertAsync(project, ZONE, Instance.newBuilder().setName("fetched").setMachineType("zones/" + ZONE + "/machineTypes/e2-micro")
        .setMetadata(Metadata.newBuilder()
          .addItems(Items.newBuilder().setKey("startup-script-url").setValue(file.toUri().toString()))
          .addItems(Items.newBuilder().setKey("startup-script").setValue("echo own")))
        .build()).get();
      instances.insertAsync(project, ZONE, Instance.newBuilder().setName("served").setMachineType("zones/" + ZONE + "/machineTypes/e2-micro")
        .setMetadata(Metadata.newBuilder().addItems(Items.newBuilder().setKey("startup-script-url")
          .setValue("http://127.0.0.1:" + server.getAddress().getPort() + "/script.sh")))
        .build()).get();
      instances.insertAsync(project, ZONE, Instance.newBuilder().setName("bucket").setMachineType("zones/" + ZONE + "/machineTypes/e2-micro")
        .setMetadata(Metadata.newBuilder().addItems(Items.newBuilder().setKey("startup-script-url").setValue("gs://bucket/startup.sh")))
        .build()).get();
      assertTrue(console(instances, project, "plain", text -> text.contains("startup-script exit status"))
        .contains("startup-script: project script on plain"));
      String fetched = console(instances, project, "fetched", text -> text.contains("startup-script exit status"));
      assertTrue(fetched.indexOf("startup-script-url: from a file on fetched") < fetched.indexOf("startup-script: own"), fetched);
      assertFalse(fetched.contains("project script"), "the instance's own startup-script is run instead of the project's: " + fetched);
      assertTrue(console(instances, project, "served", text -> text.contains("startup-script exit status"))
        .contains("startup-script-url: from http"));
      String bucket = console(instances, project, "bucket", text -> text.contains("startup-script-url exit status 1"));
      assertTrue(bucket.contains("startup-script-url: error fetching startup-script-url gs://bucket/startup.sh"), bucket);
    } finally {
      server.stop(0);
    }
  }

  /** Also: two networks of the same range each hold a VM of the same address. */
  @Test
  void vmsOfOneNetworkReachEachOtherByNameAndInternalIpAndThoseOfAnotherDoNot() throws Exception {
    Sandboxes.assumeHostCanRunThem("SandboxRuntimeTest");
    try (RunningEmulator emulator = Sandboxes.emulator();
         InstancesClient instances = JavaClients.instances(emulator.baseUrl())) {
      String project = Http.newProject();
      Http http = new Http(emulator.baseUrl());
      Sandboxes.network(http, project, "other", "10.200.0.0/20");
      insert(instances, project, "web", null, "cd /tmp && echo \"served by $(hostname)\" > index.html && exec python3 -m http.server 80");
      String ip = instances.get(project, ZONE, "web").getNetworkInterfaces(0).getNetworkIP();
      String fetch = "for i in $(seq 1 100); do out=$(curl -s -m 1 http://web/index.html) && { echo \"fetched: $out\"; exit 0; };"
        + " sleep 0.2; done; echo unreachable; getent hosts metadata.google.internal";
      insert(instances, project, "client", null, fetch);
      insert(instances, project, "outsider", "other", fetch.replace("seq 1 100", "seq 1 10").replace("http://web/", "http://" + ip + "/"));
      String client = console(instances, project, "client", text -> text.contains("startup-script exit status"));
      assertTrue(client.contains("startup-script: fetched: served by web"), client + instances.getSerialPortOutput(project, ZONE, "web").getContents());
      String outsider = console(instances, project, "outsider", text -> text.contains("startup-script exit status"));
      assertTrue(outsider.contains("startup-script: unreachable"), "a VM of another network cannot reach web by its address: "
        + outsider);
      assertTrue(outsider.contains("startup-script: 169.254.169.254 metadata.google.internal"), outsider);
      assertTrue(instances.get(project, ZONE, "outsider").getNetworkInterfaces(0).getNetworkIP().startsWith("10.200."));

      // Another network of the same range: its VM has the outsider's address, and is answered for itself.
      Sandboxes.network(http, project, "twin", "10.200.0.0/20");
      insert(instances, project, "twin", "twin", "echo \"metadata name: $(curl -s -m 5 -H 'Metadata-Flavor: Google'"
        + " http://metadata.google.internal/computeMetadata/v1/instance/name) at $(ip -4 -o addr show eth0 | awk '{print $4}')\"");
      String outsiderIp = instances.get(project, ZONE, "outsider").getNetworkInterfaces(0).getNetworkIP();
      assertEquals(outsiderIp, instances.get(project, ZONE, "twin").getNetworkInterfaces(0).getNetworkIP());
      assertTrue(console(instances, project, "twin", text -> text.contains("startup-script exit status"))
        .contains("startup-script: metadata name: twin at " + outsiderIp + "/32"));
    }
  }

  /**
   * A network with no rule lets nothing in (GCE's implied deny); an allow rule for the server's
   * tag and port opens it; the rule disabled, it is closed again, while the client keeps trying;
   * enabled again, it is open until an egress rule of the client's denies the server's address,
   * and open again once that rule is deleted.
   */
  @Test
  void firewallRulesOfTheNetworkAreEnforcedInEachVmAndReappliedOnEveryChange() throws Exception {
    Sandboxes.assumeHostCanRunThem("SandboxRuntimeTest");
    try (RunningEmulator emulator = Sandboxes.emulator();
         InstancesClient instances = JavaClients.instances(emulator.baseUrl())) {
      String project = Http.newProject();
      Http http = new Http(emulator.baseUrl());
      String global = "/compute/v1/projects/" + project + "/global";
      Sandboxes.network(http, project, "fw", "10.50.0.0/20");
      insert(instances, project, "web", "fw", "web", "cd /tmp && echo ok > index.html && exec python3 -m http.server 80");
      String ip = instances.get(project, ZONE, "web").getNetworkInterfaces(0).getNetworkIP();
      insert(instances, project, "client", "fw", null, "state=none; for i in $(seq 1 900); do"
        + " if curl -s -m 1 http://" + ip + "/index.html >/dev/null; then now=up; else now=down; fi;"
        + " [ \"$now\" != \"$state\" ] && echo \"port 80 $now\" && state=$now; sleep 0.2; done");
      assertTrue(console(instances, project, "client", text -> text.contains("port 80 down")).contains("port 80 down"));
      assertEquals(200, http.post(global + "/firewalls", new JsonObject().put("name", "allow-web").put("network", "global/networks/fw")
        .put("sourceRanges", new io.vertx.core.json.JsonArray().add("10.50.0.0/20"))
        .put("targetTags", new io.vertx.core.json.JsonArray().add("web"))
        .put("allowed", new io.vertx.core.json.JsonArray().add(new JsonObject().put("IPProtocol", "tcp")
          .put("ports", new io.vertx.core.json.JsonArray().add("80"))))).status());
      console(instances, project, "client", text -> text.contains("port 80 up"));
      assertEquals(200, http.method("PATCH", global + "/firewalls/allow-web", new JsonObject().put("disabled", true).encode()).status());
      String closed = console(instances, project, "client", text -> text.indexOf("port 80 down") != text.lastIndexOf("port 80 down"));
      assertTrue(closed.indexOf("port 80 up") < closed.lastIndexOf("port 80 down"), closed);

      // Open again, then closed on the client's side by an egress rule, and open once it is deleted.
      assertEquals(200, http.method("PATCH", global + "/firewalls/allow-web", new JsonObject().put("disabled", false).encode()).status());
      console(instances, project, "client", text -> count(text, "port 80 up") == 2);
      assertEquals(200, http.post(global + "/firewalls", new JsonObject().put("name", "no-web-out").put("network", "global/networks/fw")
        .put("direction", "EGRESS").put("priority", 900).put("destinationRanges", new io.vertx.core.json.JsonArray().add(ip + "/32"))
        .put("denied", new io.vertx.core.json.JsonArray().add(new JsonObject().put("IPProtocol", "tcp")))).status());
      console(instances, project, "client", text -> count(text, "port 80 down") == 3);
      assertEquals(200, http.delete(global + "/firewalls/no-web-out").status());
      console(instances, project, "client", text -> count(text, "port 80 up") == 3);
    }
  }

  /**
   * An access config's external address is served on the host's loopback, each port the firewall
   * opens to 0.0.0.0/0 forwarded to the VM, as GET /_emulator/forwards shows; a VM without an
   * access config has none, and a port the firewall closes again is no longer forwarded.
   */
  @Test
  void aVmsExternalAddressIsServedOnTheHostsLoopbackForThePortsTheFirewallOpens() throws Exception {
    Sandboxes.assumeHostCanRunThem("SandboxRuntimeTest");
    try (RunningEmulator emulator = Sandboxes.emulator();
         InstancesClient instances = JavaClients.instances(emulator.baseUrl())) {
      String project = Http.newProject();
      Http http = new Http(emulator.baseUrl());
      Sandboxes.network(http, project, "pub", "10.60.0.0/20");
      assertEquals(200, http.post("/compute/v1/projects/" + project + "/global/firewalls", new JsonObject().put("name", "web-in")
        .put("network", "global/networks/pub").put("sourceRanges", new io.vertx.core.json.JsonArray().add("0.0.0.0/0"))
        .put("allowed", new io.vertx.core.json.JsonArray().add(new JsonObject().put("IPProtocol", "tcp")
          .put("ports", new io.vertx.core.json.JsonArray().add("8080"))))).status());
      String serve = "cd /tmp && echo \"served by $(hostname)\" > index.html && exec python3 -m http.server 8080";
      instances.insertAsync(project, ZONE, Instance.newBuilder().setName("public").setMachineType("zones/" + ZONE + "/machineTypes/e2-micro")
        .addNetworkInterfaces(com.google.cloud.compute.v1.NetworkInterface.newBuilder().setNetwork("global/networks/pub")
          .setSubnetwork("regions/us-central1/subnetworks/pub")
          .addAccessConfigs(com.google.cloud.compute.v1.AccessConfig.newBuilder().setType("ONE_TO_ONE_NAT").setName("external-nat")))
        .setMetadata(Metadata.newBuilder().addItems(Items.newBuilder().setKey("startup-script").setValue(serve))).build()).get();
      insert(instances, project, "private", "pub", serve);
      String natIP = instances.get(project, ZONE, "public").getNetworkInterfaces(0).getAccessConfigs(0).getNatIP();
      JsonObject forward = forwards(http, project, items -> !items.isEmpty()).getJsonObject(0);
      assertEquals(new JsonObject().put("instance", "projects/" + project + "/zones/" + ZONE + "/instances/public").put("natIP", natIP)
        .put("port", 8080).put("hostAddress", forward.getString("hostAddress")), forward);
      String page = null;
      long deadline = System.currentTimeMillis() + 30_000;
      while (page == null) {
        try {
          page = new Http("http://" + forward.getString("hostAddress")).get("/index.html").body();
        } catch (RuntimeException notYet) {
          assertTrue(System.currentTimeMillis() < deadline, "the VM's server is reached from the host: " + notYet);
          Thread.sleep(200);
        }
      }
      assertEquals("served by public\n", page);
      assertEquals(1, forwards(http, project, items -> true).size(), "a VM without an access config has nothing forwarded");
      assertEquals(200, http.delete("/compute/v1/projects/" + project + "/global/firewalls/web-in").status());
      forwards(http, project, io.vertx.core.json.JsonArray::isEmpty);
    }
  }

  /** The forwards of the project's VMs once they are as awaited. */
  private static io.vertx.core.json.JsonArray forwards(Http http, String project, Predicate<io.vertx.core.json.JsonArray> awaited)
    throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      io.vertx.core.json.JsonArray items = new io.vertx.core.json.JsonArray(http.get("/_emulator/forwards").json().getJsonArray("items")
        .stream().filter(item -> ((JsonObject) item).getString("instance").startsWith("projects/" + project + "/")).toList());
      if (awaited.test(items)) {
        return items;
      }
      assertTrue(System.currentTimeMillis() < deadline, "the forwards never were as awaited: " + items);
      Thread.sleep(100);
    }
  }

  private static int count(String text, String line) {
    return text.split(line, -1).length - 1;
  }

  private static void insert(InstancesClient instances, String project, String name, String network, String startup) throws Exception {
    insert(instances, project, name, network, null, startup);
  }

  private static void insert(InstancesClient instances, String project, String name, String network, String tag, String startup)
    throws Exception {
    Instance.Builder instance = Instance.newBuilder().setName(name).setMachineType("zones/" + ZONE + "/machineTypes/e2-micro")
      .setMetadata(Metadata.newBuilder().addItems(Items.newBuilder().setKey("startup-script").setValue(startup)));
    if (tag != null) {
      instance.setTags(com.google.cloud.compute.v1.Tags.newBuilder().addItems(tag));
    }
    if (network != null) {
      instance.addNetworkInterfaces(com.google.cloud.compute.v1.NetworkInterface.newBuilder().setNetwork("global/networks/" + network)
        .setSubnetwork("regions/us-central1/subnetworks/" + network));
    }
    instances.insertAsync(project, ZONE, instance.build()).get();
  }

  private static String console(InstancesClient instances, String project, Predicate<String> awaited) throws InterruptedException {
    return console(instances, project, "vm1", awaited);
  }

  private static String console(InstancesClient instances, String project, String vm, Predicate<String> awaited)
    throws InterruptedException {
    return Sandboxes.console(instances, project, ZONE, vm, awaited);
  }
}
