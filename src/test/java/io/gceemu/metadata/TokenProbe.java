package io.gceemu.metadata;

import com.google.auth.oauth2.ComputeEngineCredentials;

/**
 * What a program on the host does to get a token when it believes it runs on GCE: the Google auth
 * library's Compute Engine credentials, sent to the metadata server {@code GCE_METADATA_HOST} names.
 * Run in a JVM of its own, since the library reads that variable from the environment.
 */
public final class TokenProbe {

  private TokenProbe() {
  }

  public static void main(String[] args) throws Exception {
    ComputeEngineCredentials credentials = ComputeEngineCredentials.create();
    System.out.println("token " + credentials.refreshAccessToken().getTokenValue());
    System.out.println("account " + credentials.getAccount());
  }
}
