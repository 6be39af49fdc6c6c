package io.gceemu.resource;

import io.gceemu.disks.Disks;
import io.gceemu.groups.Autoscalers;
import io.gceemu.groups.InstanceGroupManagers;
import io.gceemu.groups.InstanceGroups;
import io.gceemu.images.Images;
import io.gceemu.networks.Addresses;
import io.gceemu.networks.Firewalls;
import io.gceemu.networks.GlobalAddresses;
import io.gceemu.networks.Networks;
import io.gceemu.networks.Routes;
import io.gceemu.networks.Subnetworks;
import io.gceemu.snapshots.Snapshots;
import io.gceemu.templates.InstanceTemplates;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every collection served through the shared verbs; registering one here is all it takes. */
public final class ResourceTypes {

  public static final List<ResourceType> ALL = List.of(Disks.TYPE, Snapshots.TYPE, Images.TYPE, Networks.TYPE,
    Subnetworks.TYPE, Firewalls.TYPE, Routes.TYPE, Addresses.TYPE,
    GlobalAddresses.TYPE, InstanceTemplates.TYPE, InstanceGroupManagers.TYPE, InstanceGroupManagers.REGIONAL, InstanceGroups.TYPE,
    Autoscalers.TYPE, Autoscalers.REGIONAL);

  private ResourceTypes() {
  }

  /** The collection GCE's discovery document names so: {@code globalAddresses}. */
  public static Optional<ResourceType> named(String methods) {
    return ALL.stream().filter(type -> type.methods().equals(methods)).findFirst();
  }

  /** The collection a path segment names in a scope: {@code addresses} are globalAddresses under {@code global}. */
  public static Optional<ResourceType> at(String collection, Scope scope) {
    return ALL.stream().filter(type -> type.collection().equals(collection) && type.scope() == scope).findFirst();
  }

  /** The type a bus action ({@code disks.resize}) is a method of, if it is one of a declared collection's. */
  public static Optional<ResourceType> ofAction(String action) {
    int dot = action == null ? -1 : action.indexOf('.');
    return dot < 0 ? Optional.empty() : named(action.substring(0, dot));
  }

  public static List<ResourceType> in(Scope scope) {
    return ALL.stream().filter(type -> type.scope() == scope).toList();
  }

  /** The rules of every collection of a scope's kind, made once by the scope's owner, by collection. */
  public static Map<String, ResourceRules> rulesIn(Scope scope, String scopeName) {
    return in(scope).stream().collect(Collectors.toMap(ResourceType::collection, type -> type.rules().apply(scopeName)));
  }
}
