package io.gceemu.api;

import io.gceemu.bus.Actions;
import io.gceemu.bus.Addresses;
import io.gceemu.bus.ComputeClient;
import io.gceemu.gce.Links;
import io.gceemu.iam.IamPolicies;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.ResourceTypes;
import io.gceemu.schema.Schemas;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.Set;
import java.util.function.Function;

/**
 * getIamPolicy, setIamPolicy and testIamPermissions, the same for every collection GCE gives
 * them to: the resource is read from its owner (a missing one is 404, as on GCE), then its policy
 * is kept by the global scope's owner, by the resource's id. Nothing is authorized by it.
 */
final class IamRoutes {

  /** The declared collections whose resources have IAM policies on GCE; instances have them too. */
  private static final Set<String> WITH_POLICIES = Set.of("disks", "images", "snapshots", "subnetworks", "instanceTemplates");
  /** Those GCE lets callers test permissions on, without a policy of their own. */
  private static final Set<String> TESTED_ONLY = Set.of("addresses", "globalAddresses", "firewalls", "routes", "autoscalers",
    "regionAutoscalers", "instanceGroups");

  private final RouteSupport support;
  private final ComputeClient compute;

  IamRoutes(RouteSupport support, ComputeClient compute) {
    this.support = support;
    this.compute = compute;
  }

  void mount(Router router) {
    mount(router, RouteSupport.API + "/projects/:project/zones/:zone/instances", true,
      request -> compute.in(request.version()).getInstance(request.project(), request.zone().name(), request.resource("resource")));
    for (ResourceType type : ResourceTypes.ALL) {
      if (WITH_POLICIES.contains(type.methods()) || TESTED_ONLY.contains(type.methods())) {
        mount(router, CollectionRoutes.base(type), WITH_POLICIES.contains(type.methods()), request -> compute.in(request.version())
          .send(CollectionRoutes.owner(request, type), type.action("get"),
            new JsonObject().put("project", request.project()).put("resource", request.resource("resource"))));
      }
    }
  }

  private void mount(Router router, String base, boolean policies, Function<GceRequest, Future<JsonObject>> read) {
    if (policies) {
      router.get(base + "/:resource/getIamPolicy").handler(support.handler(request -> read.apply(request)
        .compose(resource -> policies(request, Actions.GET_IAM_POLICY, resource, null))));
      router.post(base + "/:resource/setIamPolicy").handler(support.handler(request -> {
        JsonObject body = request.body(Schemas.SET_IAM_POLICY);
        return read.apply(request).compose(resource -> policies(request, Actions.SET_IAM_POLICY, resource, body));
      }));
    }
    router.post(base + "/:resource/testIamPermissions").handler(support.handler(request -> {
      JsonObject body = request.body(Schemas.TEST_IAM_PERMISSIONS);
      return read.apply(request).map(resource -> IamPolicies.granted(body));
    }));
  }

  private Future<JsonObject> policies(GceRequest request, String action, JsonObject resource, JsonObject body) {
    JsonObject message = new JsonObject().put("project", request.project()).put("resourceId", Long.parseLong(resource.getString("id")))
      .put("resource", Links.relative(resource.getString("selfLink"))).put("body", body);
    return compute.send(Addresses.GLOBAL, action, message);
  }
}
