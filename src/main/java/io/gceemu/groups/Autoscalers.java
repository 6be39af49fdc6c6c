package io.gceemu.groups;

import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceRules;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Autoscalers (zonal) and regionAutoscalers, declared: stored as GCE shows them, with GCE's
 * policy defaults, and patched or updated; the emulator does not act on their policy (a group
 * keeps its target size). gcloud lists a zone's autoscalers before it describes or deletes a
 * managed group.
 */
public final class Autoscalers {

  public static final String COLLECTION = "autoscalers";

  private static final List<ResourceType.Verb> VERBS = List.of(new ResourceType.Verb(ResourceType.PATCH, "patch", true),
    new ResourceType.Verb(ResourceType.UPDATE, "update", true));

  public static final ResourceType TYPE = new ResourceType(COLLECTION, "compute#autoscaler", Scope.ZONE, Set.of("zone", "target"),
    false, false, VERBS, List.of(), scope -> new Rules());

  public static final ResourceType REGIONAL = new ResourceType("regionAutoscalers", COLLECTION, "compute#autoscaler", Scope.REGION,
    Set.of("region", "target"), false, false, VERBS, List.of(), scope -> new Rules());

  private static final JsonObject POLICY = new JsonObject().put("minNumReplicas", 1).put("maxNumReplicas", 10)
    .put("coolDownPeriodSec", 60).put("cpuUtilization", new JsonObject().put("utilizationTarget", 0.6)
      .put("predictiveMethod", "NONE")).put("mode", "ON");

  private Autoscalers() {
  }

  /** The target group must be named; its policy gets GCE's defaults for what it leaves out. */
  private static final class Rules implements ResourceRules {

    @Override
    public JsonObject create(String project, JsonObject body, JsonObject params, Map<String, Resource> referenced, Instant now) {
      String target = body.getString("target");
      if (target == null) {
        throw GceError.required("resource.target");
      }
      JsonObject autoscaler = new JsonObject();
      if (body.getString("description") != null) {
        autoscaler.put("description", body.getString("description"));
      }
      return autoscaler.put("target", Links.relative(target))
        .put("autoscalingPolicy", POLICY.copy().mergeIn(body.getJsonObject("autoscalingPolicy", new JsonObject()), true))
        .put("status", "ACTIVE");
    }

    @Override
    public List<Resource.Change> apply(String verb, Resource autoscaler, JsonObject body, JsonObject params, Instant now) {
      JsonObject document = autoscaler.document().copy();
      if (body.getString("description") != null) {
        document.put("description", body.getString("description"));
      }
      if (body.getJsonObject("autoscalingPolicy") != null) {
        document.put("autoscalingPolicy", (verb.equals(ResourceType.PATCH) ? document.getJsonObject("autoscalingPolicy", POLICY)
          : POLICY).copy().mergeIn(body.getJsonObject("autoscalingPolicy"), true));
      }
      return List.of(Resource.Change.put(autoscaler.with(document)));
    }
  }
}
