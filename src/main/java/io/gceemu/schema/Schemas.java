package io.gceemu.schema;

import io.gceemu.gce.ApiVersion;
import io.gceemu.gce.GceError;
import io.gceemu.gce.VersionFields;
import io.gceemu.resource.ResourceTypes;
import io.gceemu.zone.InstanceSetters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The JSON Schemas of request bodies and query parameters, loaded from {@code schemas/} and
 * dereferenced once at start-up (a malformed schema fails the deployment). Validation failures
 * come back as the {@link GceError} GCE would answer with.
 */
public final class Schemas {

  public static final String INSERT = "instances.insert";
  public static final String SET_LABELS = "instances.setLabels";
  public static final String SET_METADATA = "instances.setMetadata";
  public static final String SET_TAGS = "instances.setTags";
  public static final String SET_MACHINE_TYPE = "instances.setMachineType";
  public static final String UPDATE = "instances.update";
  public static final String ATTACH_DISK = "instances.attachDisk";
  public static final String ADD_ACCESS_CONFIG = "instances.addAccessConfig";
  public static final String UPDATE_NETWORK_INTERFACE = "instances.updateNetworkInterface";
  public static final String UPDATE_ACCESS_CONFIG = "instances.updateAccessConfig";
  public static final String SET_NAME = "instances.setName";
  public static final String SET_SECURITY_POLICY = "instances.setSecurityPolicy";
  public static final String START_WITH_ENCRYPTION_KEY = "instances.startWithEncryptionKey";
  public static final String REPORT_HOST_AS_FAULTY = "instances.reportHostAsFaulty";
  public static final String BULK_INSERT = "instances.bulkInsert";
  public static final String SET_IAM_POLICY = "iam.setIamPolicy";
  public static final String TEST_IAM_PERMISSIONS = "iam.testIamPermissions";
  /** The bodies of the project methods: {@code projects.setDefaultNetworkTier}, ... */
  public static final List<String> PROJECT_BODIES = List.of("projects.setDefaultNetworkTier", "projects.setUsageExportBucket",
    "projects.setCloudArmorTier", "projects.enableXpnResource", "projects.disableXpnResource", "projects.listXpnHosts",
    "projects.moveDisk", "projects.moveInstance");
  public static final String ADMIN_PROGRESSION = "admin.progression";
  public static final String ADMIN_FAULTS = "admin.faults";
  private static final String PARAMS = "params";
  private static final String BASE = "https://gce-emulator.local/schemas/";
  /** The instance methods' bodies, the emulator's controls' and every declared collection's. */
  private static final List<String> BODIES = Stream.concat(Stream.of(INSERT, SET_LABELS, SET_METADATA, SET_TAGS, SET_MACHINE_TYPE,
    UPDATE, ATTACH_DISK, ADD_ACCESS_CONFIG, UPDATE_NETWORK_INTERFACE, UPDATE_ACCESS_CONFIG, SET_NAME, SET_SECURITY_POLICY,
    START_WITH_ENCRYPTION_KEY, REPORT_HOST_AS_FAULTY, BULK_INSERT, SET_IAM_POLICY, TEST_IAM_PERMISSIONS, ADMIN_PROGRESSION, ADMIN_FAULTS),
    Stream.of(PROJECT_BODIES.stream(), InstanceSetters.ALL.stream().map(InstanceSetters::action),
      ResourceTypes.ALL.stream().flatMap(type -> type.schemas().stream())).flatMap(names -> names)).toList();

  private final Map<String, Validator> validators = new HashMap<>();
  private final Map<String, SchemaErrors> errors = new HashMap<>();
  private final Map<String, UnsetValues> unset = new HashMap<>();
  /** The resource kind a body is ({@code x-gce-kind}: an insert's body is a compute#instance), where it is one. */
  private final Map<String, String> kinds = new HashMap<>();
  /** The bodies that are merge patches ({@code x-gce-merge-patch}): a resource's PATCH. */
  private final Set<String> mergePatches = new HashSet<>();
  private final VersionFields versionFields = VersionFields.load();
  private final ParamValidator params;

  private Schemas(SchemaRepository repository) {
    CommonDefinitions common = new CommonDefinitions(load("common"));
    for (String name : BODIES) {
      validators.put(name, repository.validator(BASE + name + ".json"));
      JsonObject schema = load(name);
      errors.put(name, new SchemaErrors(schema, common, schema.getString("x-gce-field", "")));
      unset.put(name, new UnsetValues(schema, common));
      if (schema.getString("x-gce-kind") != null) {
        kinds.put(name, schema.getString("x-gce-kind"));
      }
      if (schema.getBoolean("x-gce-merge-patch", false)) {
        mergePatches.add(name);
      }
    }
    JsonObject paramSchema = load(PARAMS);
    params = new ParamValidator(repository.validator(BASE + PARAMS + ".json"), paramSchema);
  }

  public static Schemas load() {
    JsonSchemaOptions options = new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri(BASE)
      .setOutputFormat(OutputFormat.Basic);
    SchemaRepository repository = SchemaRepository.create(options);
    repository.dereference(BASE + "common.json", JsonSchema.of(load("common")));
    for (String name : BODIES) {
      repository.dereference(BASE + name + ".json", JsonSchema.of(load(name)));
    }
    repository.dereference(BASE + PARAMS + ".json", JsonSchema.of(load(PARAMS)));
    return new Schemas(repository);
  }

  /**
   * Checks a request body against the schema named after its GCE method.
   *
   * @return the body without what it says is not set (see {@link UnsetValues})
   */
  public JsonObject validateBody(String method, JsonObject body) {
    JsonObject fields = unset.get(method).strip(body);
    if (mergePatches.contains(method)) {
      // A PATCH is a JSON merge patch on GCE: a list sent empty clears it (Terraform unsets a
      // rule's target tags so), where elsewhere an empty list is one not set.
      body.forEach(field -> {
        if (field.getValue() instanceof JsonArray list && list.isEmpty()) {
          fields.put(field.getKey(), new JsonArray());
        }
      });
    }
    OutputUnit result = validators.get(method).validate(fields);
    if (!Boolean.TRUE.equals(result.getValid())) {
      throw errors.get(method).toGceError(result, fields);
    }
    return fields;
  }

  /**
   * As {@link #validateBody(String, JsonObject)}, for a body sent through an API version: a resource
   * loses the fields that version's schema lacks (beta's shieldedVmConfig sent to v1). Whether v1's
   * front end refuses them instead is not confirmed, so they are dropped, as the emulator treats
   * every field it does not know.
   */
  public JsonObject validateBody(String method, ApiVersion version, JsonObject body) {
    JsonObject fields = validateBody(method, body);
    String kind = kinds.get(method);
    return kind == null ? fields : versionFields.drop(version, kind, fields);
  }

  /** Checks the query parameters and returns them with numbers and booleans typed. */
  public JsonObject validateParams(Map<String, String> query) {
    return params.validate(query);
  }

  private static JsonObject load(String name) {
    String path = "schemas/" + name + ".json";
    try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing schema " + path);
      }
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
