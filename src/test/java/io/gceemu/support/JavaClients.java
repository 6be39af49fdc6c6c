package io.gceemu.support;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.compute.v1.DiskTypesClient;
import com.google.cloud.compute.v1.DisksClient;
import com.google.cloud.compute.v1.DisksSettings;
import com.google.cloud.compute.v1.GlobalOperationsClient;
import com.google.cloud.compute.v1.GlobalOperationsSettings;
import com.google.cloud.compute.v1.RegionOperationsClient;
import com.google.cloud.compute.v1.RegionOperationsSettings;
import com.google.cloud.compute.v1.SnapshotsClient;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import com.google.cloud.compute.v1.ZoneOperationsSettings;
import com.google.cloud.compute.v1.SnapshotsSettings;
import com.google.cloud.compute.v1.DiskTypesSettings;
import com.google.cloud.compute.v1.ImageFamilyViewsClient;
import com.google.cloud.compute.v1.ImageFamilyViewsSettings;
import com.google.cloud.compute.v1.ImagesClient;
import com.google.cloud.compute.v1.GlobalAddressesClient;
import com.google.cloud.compute.v1.GlobalAddressesSettings;
import com.google.cloud.compute.v1.AddressesClient;
import com.google.cloud.compute.v1.AddressesSettings;
import com.google.cloud.compute.v1.RoutesClient;
import com.google.cloud.compute.v1.RoutesSettings;
import com.google.cloud.compute.v1.FirewallsClient;
import com.google.cloud.compute.v1.FirewallsSettings;
import com.google.cloud.compute.v1.SubnetworksClient;
import com.google.cloud.compute.v1.SubnetworksSettings;
import com.google.cloud.compute.v1.InstanceGroupManagersClient;
import com.google.cloud.compute.v1.InstanceGroupManagersSettings;
import com.google.cloud.compute.v1.InstanceGroupsClient;
import com.google.cloud.compute.v1.InstanceGroupsSettings;
import com.google.cloud.compute.v1.InstanceTemplatesClient;
import com.google.cloud.compute.v1.InstanceTemplatesSettings;
import com.google.cloud.compute.v1.NetworksClient;
import com.google.cloud.compute.v1.ProjectsClient;
import com.google.cloud.compute.v1.RegionInstanceGroupManagersClient;
import com.google.cloud.compute.v1.RegionInstanceGroupsClient;
import com.google.cloud.compute.v1.RegionInstanceGroupsSettings;
import com.google.cloud.compute.v1.RegionInstanceGroupManagersSettings;
import com.google.cloud.compute.v1.ProjectsSettings;
import com.google.cloud.compute.v1.NetworksSettings;
import com.google.cloud.compute.v1.ImagesSettings;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSettings;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The official Java client's clients, pointed at an emulator with no credentials, as the README shows. */
public final class JavaClients {

  private static final NoCredentialsProvider NONE = NoCredentialsProvider.create();

  private JavaClients() {
  }

  public static InstancesClient instances(String endpoint) {
    return create(() -> InstancesClient.create(
      InstancesSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static ImagesClient images(String endpoint) {
    return create(() -> ImagesClient.create(
      ImagesSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static ImageFamilyViewsClient imageFamilyViews(String endpoint) {
    return create(() -> ImageFamilyViewsClient.create(
      ImageFamilyViewsSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static DiskTypesClient diskTypes(String endpoint) {
    return create(() -> DiskTypesClient.create(
      DiskTypesSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static DisksClient disks(String endpoint) {
    return create(() -> DisksClient.create(
      DisksSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static SnapshotsClient snapshots(String endpoint) {
    return create(() -> SnapshotsClient.create(
      SnapshotsSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static ZoneOperationsClient zoneOperations(String endpoint) {
    return create(() -> ZoneOperationsClient.create(
      ZoneOperationsSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static GlobalOperationsClient globalOperations(String endpoint) {
    return create(() -> GlobalOperationsClient.create(
      GlobalOperationsSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static RegionOperationsClient regionOperations(String endpoint) {
    return create(() -> RegionOperationsClient.create(
      RegionOperationsSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static NetworksClient networks(String endpoint) {
    return create(() -> NetworksClient.create(
      NetworksSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static SubnetworksClient subnetworks(String endpoint) {
    return create(() -> SubnetworksClient.create(
      SubnetworksSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static FirewallsClient firewalls(String endpoint) {
    return create(() -> FirewallsClient.create(
      FirewallsSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static RoutesClient routes(String endpoint) {
    return create(() -> RoutesClient.create(
      RoutesSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static AddressesClient addresses(String endpoint) {
    return create(() -> AddressesClient.create(
      AddressesSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static GlobalAddressesClient globalAddresses(String endpoint) {
    return create(() -> GlobalAddressesClient.create(
      GlobalAddressesSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static InstanceTemplatesClient instanceTemplates(String endpoint) {
    return create(() -> InstanceTemplatesClient.create(
      InstanceTemplatesSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static InstanceGroupManagersClient instanceGroupManagers(String endpoint) {
    return create(() -> InstanceGroupManagersClient.create(
      InstanceGroupManagersSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static RegionInstanceGroupManagersClient regionInstanceGroupManagers(String endpoint) {
    return create(() -> RegionInstanceGroupManagersClient.create(
      RegionInstanceGroupManagersSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static InstanceGroupsClient instanceGroups(String endpoint) {
    return create(() -> InstanceGroupsClient.create(
      InstanceGroupsSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static RegionInstanceGroupsClient regionInstanceGroups(String endpoint) {
    return create(() -> RegionInstanceGroupsClient.create(
      RegionInstanceGroupsSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  public static ProjectsClient projects(String endpoint) {
    return create(() -> ProjectsClient.create(
      ProjectsSettings.newBuilder().setEndpoint(endpoint).setCredentialsProvider(NONE).build()));
  }

  private interface Creation<T> {
    T create() throws IOException;
  }

  private static <T> T create(Creation<T> creation) {
    try {
      return creation.create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
