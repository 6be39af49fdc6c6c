package io.gceemu.bus;

import java.util.List;

/**
 * The commands a zone verticle understands, sent in the {@value #HEADER} header. They are named
 * after the GCE API methods they implement.
 */
public final class Actions {

  public static final String HEADER = "action";

  public static final String INSERT = "instances.insert";
  public static final String GET = "instances.get";
  public static final String LIST = "instances.list";
  public static final String DELETE = "instances.delete";
  public static final String START = "instances.start";
  public static final String STOP = "instances.stop";
  public static final String RESET = "instances.reset";
  public static final String SET_LABELS = "instances.setLabels";
  public static final String SET_METADATA = "instances.setMetadata";
  public static final String SET_TAGS = "instances.setTags";
  public static final String SERIAL_PORT = "instances.getSerialPortOutput";
  public static final String SUSPEND = "instances.suspend";
  public static final String RESUME = "instances.resume";
  public static final String SET_MACHINE_TYPE = "instances.setMachineType";
  public static final String SET_DELETION_PROTECTION = "instances.setDeletionProtection";
  public static final String UPDATE = "instances.update";
  public static final String ATTACH_DISK = "instances.attachDisk";
  public static final String DETACH_DISK = "instances.detachDisk";
  public static final String SET_DISK_AUTO_DELETE = "instances.setDiskAutoDelete";
  public static final String ADD_ACCESS_CONFIG = "instances.addAccessConfig";
  public static final String DELETE_ACCESS_CONFIG = "instances.deleteAccessConfig";
  public static final String UPDATE_NETWORK_INTERFACE = "instances.updateNetworkInterface";
  public static final String SET_SCHEDULING = "instances.setScheduling";
  public static final String SET_SERVICE_ACCOUNT = "instances.setServiceAccount";
  public static final String SET_MIN_CPU_PLATFORM = "instances.setMinCpuPlatform";
  public static final String UPDATE_SHIELDED_INSTANCE_CONFIG = "instances.updateShieldedInstanceConfig";
  public static final String SET_SHIELDED_INSTANCE_INTEGRITY_POLICY = "instances.setShieldedInstanceIntegrityPolicy";
  public static final String SET_MACHINE_RESOURCES = "instances.setMachineResources";
  public static final String UPDATE_DISPLAY_DEVICE = "instances.updateDisplayDevice";
  public static final String ADD_RESOURCE_POLICIES = "instances.addResourcePolicies";
  public static final String REMOVE_RESOURCE_POLICIES = "instances.removeResourcePolicies";
  public static final String SET_SECURITY_POLICY = "instances.setSecurityPolicy";
  public static final String UPDATE_ACCESS_CONFIG = "instances.updateAccessConfig";
  public static final String ADD_NETWORK_INTERFACE = "instances.addNetworkInterface";
  public static final String DELETE_NETWORK_INTERFACE = "instances.deleteNetworkInterface";
  public static final String SET_NAME = "instances.setName";
  public static final String START_WITH_ENCRYPTION_KEY = "instances.startWithEncryptionKey";
  public static final String PERFORM_MAINTENANCE = "instances.performMaintenance";
  public static final String SIMULATE_MAINTENANCE_EVENT = "instances.simulateMaintenanceEvent";
  public static final String REPORT_HOST_AS_FAULTY = "instances.reportHostAsFaulty";
  public static final String BULK_INSERT = "instances.bulkInsert";
  /**
   * Not a method of the API: the VM runtime's word that a VM shut itself down (its guest ran
   * {@code poweroff}), which GCE records as the system event {@code compute.instances.guestTerminate}.
   */
  public static final String GUEST_TERMINATE = "instances.guestTerminate";

  /**
   * The methods that answer with an operation, in the order the API reference lists them; the
   * operation's {@code operationType} is the method's name ({@code insert}, {@code setLabels}).
   */
  public static final List<String> MUTATIONS = List.of(INSERT, DELETE, START, STOP, RESET, SUSPEND, RESUME, SET_LABELS,
    SET_METADATA, SET_TAGS, SET_MACHINE_TYPE, SET_DELETION_PROTECTION, UPDATE, ATTACH_DISK, DETACH_DISK, SET_DISK_AUTO_DELETE,
    ADD_ACCESS_CONFIG, DELETE_ACCESS_CONFIG, UPDATE_NETWORK_INTERFACE, SET_SCHEDULING, SET_SERVICE_ACCOUNT, SET_MIN_CPU_PLATFORM,
    UPDATE_SHIELDED_INSTANCE_CONFIG, SET_SHIELDED_INSTANCE_INTEGRITY_POLICY, SET_MACHINE_RESOURCES, UPDATE_DISPLAY_DEVICE,
    ADD_RESOURCE_POLICIES, REMOVE_RESOURCE_POLICIES, SET_SECURITY_POLICY, UPDATE_ACCESS_CONFIG, SET_NAME, START_WITH_ENCRYPTION_KEY, PERFORM_MAINTENANCE, SIMULATE_MAINTENANCE_EVENT, REPORT_HOST_AS_FAULTY,
    BULK_INSERT);

  public static final String OPERATION_GET = "zoneOperations.get";
  public static final String OPERATION_LIST = "zoneOperations.list";
  public static final String OPERATION_DELETE = "zoneOperations.delete";
  public static final String OPERATION_WAIT = "zoneOperations.wait";

  /** The global scope's: a project's common metadata, and the global operations that report its changes. */
  public static final String SET_COMMON_METADATA = "projects.setCommonInstanceMetadata";
  /** The project's own settings, each a global operation: a tier, a bucket, a shared-VPC role. */
  public static final String SET_DEFAULT_NETWORK_TIER = "projects.setDefaultNetworkTier";
  public static final String SET_USAGE_EXPORT_BUCKET = "projects.setUsageExportBucket";
  public static final String SET_CLOUD_ARMOR_TIER = "projects.setCloudArmorTier";
  public static final String ENABLE_XPN_HOST = "projects.enableXpnHost";
  public static final String DISABLE_XPN_HOST = "projects.disableXpnHost";
  public static final String ENABLE_XPN_RESOURCE = "projects.enableXpnResource";
  public static final String DISABLE_XPN_RESOURCE = "projects.disableXpnResource";
  public static final List<String> PROJECT_SETTINGS = List.of(SET_DEFAULT_NETWORK_TIER, SET_USAGE_EXPORT_BUCKET, SET_CLOUD_ARMOR_TIER,
    ENABLE_XPN_HOST, DISABLE_XPN_HOST, ENABLE_XPN_RESOURCE, DISABLE_XPN_RESOURCE);
  /** A resource's IAM policy, kept by the global owner for every collection that has one. */
  public static final String GET_IAM_POLICY = "iam.getIamPolicy";
  public static final String SET_IAM_POLICY = "iam.setIamPolicy";
  public static final String GLOBAL_OPERATION_GET = "globalOperations.get";
  public static final String GLOBAL_OPERATION_LIST = "globalOperations.list";
  public static final String GLOBAL_OPERATION_DELETE = "globalOperations.delete";
  public static final String GLOBAL_OPERATION_WAIT = "globalOperations.wait";

  /** A region's owner's operations. */
  public static final String REGION_OPERATION_GET = "regionOperations.get";
  public static final String REGION_OPERATION_LIST = "regionOperations.list";
  public static final String REGION_OPERATION_DELETE = "regionOperations.delete";
  public static final String REGION_OPERATION_WAIT = "regionOperations.wait";

  /** Emulator-only test controls: how operations progress, advancing one, emptying the zone. */
  public static final String ADMIN_PROGRESSION = "admin.progression";
  public static final String ADMIN_ADVANCE = "admin.advance";
  public static final String ADMIN_RESET = "admin.reset";
  /** Reload the zone's state from Postgres (after an import wrote it there). */
  public static final String ADMIN_RELOAD = "admin.reload";

  /** Answers once the scope's owner has loaded its state; used by the health check. */
  public static final String PING = "zone.ping";

  private Actions() {
  }

  /** The {@code operationType} of the operation a mutation starts: {@code instances.setLabels} gives {@code setLabels}. */
  public static String operationType(String mutation) {
    return mutation.substring(mutation.indexOf('.') + 1);
  }
}
