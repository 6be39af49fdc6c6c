package io.gceemu.gce;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * GCE fingerprints: 8 bytes, base64. The fingerprint of an empty label map, tag list or metadata is
 * always {@code 42WmSpB8rSM=} on real GCE; any other content gets its own value, so a stale
 * fingerprint is detected whenever the content changed.
 */
public final class Fingerprints {

  public static final String EMPTY = "42WmSpB8rSM=";

  private Fingerprints() {
  }

  /** @param canonical a deterministic text of the content; empty means "nothing set" */
  public static String of(String canonical) {
    if (canonical.isEmpty()) {
      return EMPTY;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(Arrays.copyOf(digest, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
