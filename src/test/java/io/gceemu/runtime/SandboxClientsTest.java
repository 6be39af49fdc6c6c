package io.gceemu.runtime;

import com.google.cloud.compute.v1.InstancesClient;
import io.gceemu.support.Gcloud;
import io.gceemu.support.Http;
import io.gceemu.support.JavaClients;
import io.gceemu.support.RunningEmulator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sandboxed VMs as the clients meet them: a managed group's members are sandboxes like any
 * instance, running their template's startup script; gcloud's {@code get-serial-port-output}
 * shows a VM's real output.
 */
class SandboxClientsTest {

  private static final String ZONE = "us-central1-a";

  @Test
  void aManagedGroupsMembersRunTheirTemplatesStartupScriptAndGcloudReadsTheirConsole(@TempDir Path config) throws Exception {
    Sandboxes.assumeHostCanRunThem("SandboxClientsTest");
    try (RunningEmulator emulator = Sandboxes.emulator();
         InstancesClient instances = JavaClients.instances(emulator.baseUrl())) {
      Gcloud gcloud = Gcloud.installedOrSkip("SandboxClientsTest", config, emulator.baseUrl() + "/compute/v1/");
      String project = Http.newProject();
      Http http = new Http(emulator.baseUrl());
      assertEquals(200, http.post("/compute/v1/projects/" + project + "/global/instanceTemplates", new JsonObject().put("name", "t")
        .put("properties", new JsonObject().put("machineType", "e2-micro").put("metadata", new JsonObject().put("items", new JsonArray()
          .add(new JsonObject().put("key", "startup-script").put("value", "echo \"member $(hostname) of $(curl -s -H 'Metadata-Flavor: Google'"
            + " http://metadata.google.internal/computeMetadata/v1/instance/attributes/created-by | sed 's#.*/##')\"")))))).status());
      assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instanceGroupManagers", new JsonObject().put("name", "web")
        .put("instanceTemplate", "global/instanceTemplates/t").put("baseInstanceName", "web").put("targetSize", 2)).status());
      long deadline = System.currentTimeMillis() + 30_000;
      List<String> members;
      while ((members = names(instances, project)).size() < 2) {
        assertTrue(System.currentTimeMillis() < deadline, "the group makes its members");
        Thread.sleep(100);
      }
      for (String member : members) {
        String console = Sandboxes.console(instances, project, ZONE, member, text -> text.contains("startup-script exit status"));
        assertTrue(console.contains("startup-script: member " + member + " of web"), console);
      }
      String read = gcloud.run(project, "compute", "instances", "get-serial-port-output", members.get(0), "--zone", ZONE).ok().out();
      assertTrue(read.contains("startup-script: member " + members.get(0) + " of web"), read);
    }
  }

  private static List<String> names(InstancesClient instances, String project) {
    List<String> names = new java.util.ArrayList<>();
    instances.list(project, ZONE).iterateAll().forEach(instance -> names.add(instance.getName()));
    return names;
  }
}
