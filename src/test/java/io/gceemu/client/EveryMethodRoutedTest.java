package io.gceemu.client;

import com.google.api.gax.httpjson.ApiMethodDescriptor;
import com.google.cloud.compute.v1.stub.HttpJsonInstancesStub;
import com.google.cloud.compute.v1.stub.HttpJsonProjectsStub;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.ResourceTypes;
import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every method of {@code instances} and {@code projects}, and of every other collection the
 * emulator serves, is routed: the list comes, at test time,
 * from the official Java client's HTTP stubs (each RPC's HTTP method and path template), never
 * from a copy kept here. A method is routed when the emulator answers it as GCE would answer that
 * method (a result, or a GCE error about the request), not with the router's "not found on this
 * server" or "method not allowed".
 */
class EveryMethodRoutedTest {

  private static final String ZONE = "us-central1-a";
  private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)=\\*}");

  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();

  /** An RPC as the client sends it. */
  record Rpc(String name, String httpMethod, String pathTemplate) {
  }

  @Test
  void everyMethodOfTheServedCollectionsIsRouted() throws Exception {
    List<Rpc> rpcs = new ArrayList<>(rpcs(HttpJsonInstancesStub.class));
    rpcs.addAll(rpcs(HttpJsonProjectsStub.class));
    assertTrue(rpcs.size() >= 65, "the stubs list " + rpcs.size() + " methods: the client's stubs were not read");
    for (String collection : collections()) {
      rpcs.addAll(rpcs(Class.forName("com.google.cloud.compute.v1.stub.HttpJson" + Character.toUpperCase(collection.charAt(0))
        + collection.substring(1) + "Stub")));
    }
    Http http = EMULATOR.http();
    String project = Http.newProject();
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance("vm", ZONE)).status());
    List<String> unrouted = new ArrayList<>();
    for (Rpc rpc : rpcs) {
      String path = "/" + expand(rpc.pathTemplate(), project);
      String body = rpc.httpMethod().equals("GET") || rpc.httpMethod().equals("DELETE") ? "" : "{}";
      Http.Response response = http.method(rpc.httpMethod(), path, body);
      boolean routerAnswered = response.status() == 405
        || response.status() == 404 && response.body().contains("was not found on this server");
      if (routerAnswered || response.status() >= 500 || !response.contentType().startsWith("application/json")) {
        unrouted.add(rpc.name() + " (" + rpc.httpMethod() + " " + path + " → " + response.status() + " " + response.body() + ")");
      }
    }
    assertEquals(List.of(), unrouted, "methods the emulator does not serve");
  }

  /**
   * The other collections the emulator serves: every declared one (disks, networks, ...), the
   * catalog's and the operations'.
   */
  private static List<String> collections() {
    List<String> collections = new ArrayList<>(ResourceTypes.ALL.stream().map(ResourceType::methods).toList());
    collections.addAll(List.of("zones", "regions", "machineTypes", "diskTypes", "imageFamilyViews", "zoneOperations",
      "regionOperations", "globalOperations"));
    return collections;
  }

  /** Each RPC's descriptor, from the stub's static fields. */
  static List<Rpc> rpcs(Class<?> stub) throws IllegalAccessException {
    List<Rpc> rpcs = new ArrayList<>();
    for (Field field : stub.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && ApiMethodDescriptor.class.isAssignableFrom(field.getType())) {
        field.setAccessible(true);
        ApiMethodDescriptor<?, ?> descriptor = (ApiMethodDescriptor<?, ?>) field.get(null);
        rpcs.add(new Rpc(descriptor.getFullMethodName(), descriptor.getHttpMethod(),
          descriptor.getRequestFormatter().getPathTemplate().toRawString()));
      }
    }
    return rpcs;
  }

  /** {@code compute/v1/projects/{project=*}/zones/{zone=*}/instances/{instance=*}}, for the instance made above. */
  private static String expand(String template, String project) {
    Matcher variables = VARIABLE.matcher(template);
    StringBuilder path = new StringBuilder();
    while (variables.find()) {
      String value = switch (variables.group(1)) {
        case "project" -> project;
        case "zone" -> ZONE;
        case "region" -> "us-central1";
        default -> "vm";
      };
      variables.appendReplacement(path, value);
    }
    variables.appendTail(path);
    return path.toString();
  }
}
