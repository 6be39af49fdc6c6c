package io.gceemu.api;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * {@code instances.getShieldedInstanceIdentity}: the public endorsement and signing keys of the
 * VM's virtual TPM, as PEM. The emulated vTPM's keys are P-256 keys derived from the instance's
 * id, so each instance shows the same ones on every read, as a real vTPM does; no certificate
 * ({@code ekCert}) is issued for them.
 */
final class ShieldedIdentity {

  private ShieldedIdentity() {
  }

  static JsonObject of(long instanceId) {
    return new JsonObject().put("kind", "compute#shieldedInstanceIdentity")
      .put("encryptionKey", new JsonObject().put("ekPub", publicKey(instanceId, "encryption")))
      .put("signingKey", new JsonObject().put("ekPub", publicKey(instanceId, "signing")));
  }

  private static String publicKey(long instanceId, String use) {
    try {
      SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
      seeded.setSeed((instanceId + "/" + use).getBytes(StandardCharsets.UTF_8));
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), seeded);
      byte[] encoded = generator.generateKeyPair().getPublic().getEncoded();
      return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(encoded) + "\n-----END PUBLIC KEY-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no P-256 keys", e);
    }
  }
}
