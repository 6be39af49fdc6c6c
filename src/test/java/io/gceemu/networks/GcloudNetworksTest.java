package io.gceemu.networks;

import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Gcloud;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code gcloud} building a custom network as its users do: a network, a subnetwork it
 * grows, firewall rules it creates and updates, an instance on the subnetwork, and the way back,
 * each checked through the emulator's HTTP API too. Skipped where gcloud is not installed.
 */
class GcloudNetworksTest {

  private static final String REGION = "us-central1";
  private static final String ZONE = "us-central1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  @TempDir
  static Path config;
  private static Gcloud gcloud;
  private static Http http;

  @BeforeAll
  static void findGcloud() {
    gcloud = Gcloud.installedOrSkip("GcloudNetworksTest", config, EMULATOR.baseUrl() + "/compute/v1/");
    http = EMULATOR.http();
  }

  @Test
  void aCustomNetworkFromCreateToDelete() {
    String project = Http.newProject();
    String global = "/compute/v1/projects/" + project + "/global/";
    String regional = "/compute/v1/projects/" + project + "/regions/" + REGION + "/";

    gcloud.run(project, "compute", "networks", "create", "vpc", "--subnet-mode=custom", "--bgp-routing-mode=global").ok();
    JsonObject vpc = http.get(global + "networks/vpc").json();
    assertEquals(false, vpc.getBoolean("autoCreateSubnetworks"));
    assertEquals("GLOBAL", vpc.getJsonObject("routingConfig").getString("routingMode"));
    List<String> listed = names(new JsonArray(gcloud.run(project, "compute", "networks", "list", "--format=json").ok().out()));
    assertEquals(List.of("default", "vpc"), listed);

    gcloud.run(project, "compute", "networks", "subnets", "create", "apps", "--network=vpc", "--region=" + REGION,
      "--range=10.20.0.0/24").ok();
    assertEquals("10.20.0.1", http.get(regional + "subnetworks/apps").json().getString("gatewayAddress"));
    gcloud.run(project, "compute", "networks", "subnets", "expand-ip-range", "apps", "--region=" + REGION, "--prefix-length=22").ok();
    assertEquals("10.20.0.0/22", http.get(regional + "subnetworks/apps").json().getString("ipCidrRange"));
    JsonArray subnets = new JsonArray(gcloud.run(project, "compute", "networks", "subnets", "list", "--network=vpc", "--format=json")
      .ok().out());
    assertEquals(List.of("apps"), names(subnets));
    Gcloud.Result overlap = gcloud.run(project, "compute", "networks", "subnets", "create", "clash", "--network=vpc",
      "--region=us-east1", "--range=10.20.1.0/24");
    assertEquals(1, overlap.exitCode(), overlap.err());
    assertTrue(overlap.err().contains("Invalid IPCidrRange: 10.20.1.0/24 conflicts with existing subnetwork 'apps' in region 'us-central1'."),
      overlap.err());

    gcloud.run(project, "compute", "firewall-rules", "create", "web", "--network=vpc", "--allow=tcp:80,tcp:8080-8090",
      "--target-tags=web").ok();
    JsonObject web = http.get(global + "firewalls/web").json();
    assertEquals(1000, web.getInteger("priority"));
    assertEquals(new JsonArray().add("0.0.0.0/0"), web.getJsonArray("sourceRanges"));
    gcloud.run(project, "compute", "firewall-rules", "update", "web", "--allow=tcp:443", "--source-ranges=10.0.0.0/8").ok();
    web = http.get(global + "firewalls/web").json();
    assertEquals(new JsonArray().add("443"), web.getJsonArray("allowed").getJsonObject(0).getJsonArray("ports"));
    assertEquals(new JsonArray().add("10.0.0.0/8"), web.getJsonArray("sourceRanges"));
    JsonArray rules = new JsonArray(gcloud.run(project, "compute", "firewall-rules", "list", "--filter=network~vpc", "--format=json")
      .ok().out());
    assertEquals(List.of("web"), names(rules));

    gcloud.run(project, "compute", "instances", "create", "app-1", "--zone=" + ZONE, "--machine-type=e2-micro", "--subnet=apps",
      "--private-network-ip=10.20.2.7").ok();
    JsonObject nic = http.get(Http.zonePath(project, ZONE) + "/instances/app-1").json().getJsonArray("networkInterfaces").getJsonObject(0);
    assertEquals("10.20.2.7", nic.getString("networkIP"), "inside the grown range");
    assertTrue(nic.getString("network").endsWith("/projects/" + project + "/global/networks/vpc"), nic.encode());
    JsonArray routes = new JsonArray(gcloud.run(project, "compute", "routes", "list", "--filter=network~vpc", "--format=json").ok().out());
    assertEquals(List.of("0.0.0.0/0", "10.20.0.0/22"), routes.stream().map(route -> ((JsonObject) route).getString("destRange")).sorted()
      .toList());

    Gcloud.Result inUse = gcloud.run(project, "compute", "networks", "subnets", "delete", "apps", "--region=" + REGION, "--quiet");
    assertEquals(1, inUse.exitCode(), inUse.err());
    assertTrue(inUse.err().contains("is already being used by 'projects/" + project + "/zones/" + ZONE + "/instances/app-1'"), inUse.err());
    gcloud.run(project, "compute", "instances", "delete", "app-1", "--zone=" + ZONE, "--quiet").ok();
    gcloud.run(project, "compute", "firewall-rules", "delete", "web", "--quiet").ok();
    gcloud.run(project, "compute", "networks", "subnets", "delete", "apps", "--region=" + REGION, "--quiet").ok();
    gcloud.run(project, "compute", "networks", "delete", "vpc", "--quiet").ok();
    assertEquals(404, http.get(global + "networks/vpc").status());
  }

  @Test
  void anInstanceOnTheDefaultNetworkIsDescribedWithItsSubnetwork() {
    String project = Http.newProject();
    JsonObject network = new JsonObject(gcloud.run(project, "compute", "networks", "describe", "default", "--format=json").ok().out());
    assertEquals(true, network.getBoolean("autoCreateSubnetworks"));
    gcloud.run(project, "compute", "instances", "create", "vm", "--zone=" + ZONE, "--machine-type=e2-micro", "--network=default").ok();
    JsonObject nic = new JsonObject(gcloud.run(project, "compute", "instances", "describe", "vm", "--zone=" + ZONE, "--format=json")
      .ok().out()).getJsonArray("networkInterfaces").getJsonObject(0);
    assertEquals("10.128.0.2", nic.getString("networkIP"));
    assertTrue(nic.getString("subnetwork").endsWith("/regions/" + REGION + "/subnetworks/default"), nic.encode());
    JsonArray rules = new JsonArray(gcloud.run(project, "compute", "firewall-rules", "list", "--format=json").ok().out());
    assertEquals(List.of("default-allow-icmp", "default-allow-internal", "default-allow-rdp", "default-allow-ssh"), names(rules));
  }

  private static List<String> names(JsonArray items) {
    return items.stream().map(item -> ((JsonObject) item).getString("name")).sorted().toList();
  }
}
