package io.gceemu.client;

import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Gcloud;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gcloud's commands for the instance and project methods beyond the lifecycle: bulk create (which
 * counts the inserts of the bulk's operation group), host maintenance, IAM, guest attributes,
 * screenshots, renaming, interfaces, resource policies, the project's network tier and shared VPC.
 */
class GcloudInstanceApiTest {

  private static final String ZONE = "us-central1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  @TempDir
  static Path config;
  @TempDir
  static Path downloads;

  @Test
  void instanceCommands() throws Exception {
    Gcloud gcloud = Gcloud.installedOrSkip("GcloudInstanceApiTest", config, EMULATOR.baseUrl() + "/compute/v1/");
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String zone = "--zone=" + ZONE;
    Gcloud.Result bulk = gcloud.run(project, "compute", "instances", "bulk", "create", "--name-pattern=web-#", "--count=2", zone,
      "--machine-type=e2-micro").ok();
    assertTrue((bulk.out() + bulk.err()).contains("VM instances created: 2, failed: 0."), bulk.out() + bulk.err());
    gcloud.run(project, "compute", "instances", "simulate-maintenance-event", "web-1", zone).ok();
    assertEquals("RUNNING", instance(http, project, "web-1").getString("status"));

    gcloud.run(project, "compute", "instances", "add-iam-policy-binding", "web-1", zone, "--member=user:ana@example.com",
      "--role=roles/compute.instanceAdmin.v1").ok();
    String policy = gcloud.run(project, "compute", "instances", "get-iam-policy", "web-1", zone, "--format=json").ok().out();
    assertEquals("user:ana@example.com", new JsonObject(policy).getJsonArray("bindings").getJsonObject(0).getJsonArray("members")
      .getString(0));
    gcloud.run(project, "compute", "instances", "get-guest-attributes", "web-1", zone, "--query-path=guestInventory/").ok();
    Path shot = downloads.resolve("web-1.png");
    gcloud.run(project, "compute", "instances", "get-screenshot", "web-1", zone, "--destination=" + shot).ok();
    assertTrue(Files.size(shot) > 100);

    gcloud.run(project, "compute", "instances", "network-interfaces", "update", "web-1", zone, "--aliases=10.128.1.0/28").ok();
    assertEquals("10.128.1.0/28", instance(http, project, "web-1").getJsonArray("networkInterfaces").getJsonObject(0)
      .getJsonArray("aliasIpRanges").getJsonObject(0).getString("ipCidrRange"));
    gcloud.run(project, "compute", "instances", "add-resource-policies", "web-1", zone, "--resource-policies=nightly").ok();
    assertTrue(instance(http, project, "web-1").getJsonArray("resourcePolicies").getString(0).endsWith("/resourcePolicies/nightly"));

    gcloud.run(project, "compute", "instances", "stop", "web-2", zone).ok();
    gcloud.run(project, "compute", "instances", "update", "web-2", zone, "--shielded-secure-boot").ok();
    assertTrue(instance(http, project, "web-2").getJsonObject("shieldedInstanceConfig").getBoolean("enableSecureBoot"));
    gcloud.run(project, "compute", "instances", "set-name", "web-2", zone, "--new-name=db-1").ok();
    assertEquals("TERMINATED", instance(http, project, "db-1").getString("status"));
    assertEquals(404, http.get(Http.zonePath(project, ZONE) + "/instances/web-2").status());
  }

  @Test
  void projectCommands() {
    Gcloud gcloud = Gcloud.installedOrSkip("GcloudInstanceApiTest", config, EMULATOR.baseUrl() + "/compute/v1/");
    String host = Http.newProject();
    String service = Http.newProject();
    gcloud.run(host, "compute", "project-info", "update", "--default-network-tier=STANDARD").ok();
    assertEquals("STANDARD", gcloud.run(host, "compute", "project-info", "describe", "--format=value(defaultNetworkTier)").ok().out()
      .trim());
    gcloud.run(host, "compute", "shared-vpc", "enable", host).ok();
    gcloud.run(host, "compute", "shared-vpc", "associated-projects", "add", service, "--host-project=" + host).ok();
    assertEquals(host, gcloud.run(host, "compute", "shared-vpc", "get-host-project", service, "--format=value(name)").ok().out().trim());
    assertTrue(gcloud.run(host, "compute", "shared-vpc", "list-associated-resources", host).ok().out().contains(service));
  }

  private static JsonObject instance(Http http, String project, String name) {
    return http.get(Http.zonePath(project, ZONE) + "/instances/" + name).json();
  }
}
