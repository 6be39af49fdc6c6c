package io.gceemu.support;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSettings;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The official Java client's clients, pointed at an emulator with no credentials, as the README shows. */
public final class JavaClients {

  private JavaClients() {
  }

  public static InstancesClient instances(String endpoint) {
    try {
      return InstancesClient.create(InstancesSettings.newBuilder()
        .setEndpoint(endpoint).setCredentialsProvider(NoCredentialsProvider.create()).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
