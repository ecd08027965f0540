package org.jossl.ssl;

import java.nio.charset.StandardCharsets;

/**
 * The password of an encrypted key for {@link SslContext#loadCertChain}: Python's {@code password}
 * argument, which may be a string, bytes, or a callable returning either. It is only asked for if
 * the key is encrypted.
 */
@FunctionalInterface
public interface PasswordSource {
  /** The password bytes (at most 1024, as in Python). */
  byte[] password() throws Exception;

  /** A fixed password given as text (UTF-8). */
  static PasswordSource of(String password) {
    byte[] b = password.getBytes(StandardCharsets.UTF_8);
    return b::clone;
  }

  /** A fixed password given as bytes. */
  static PasswordSource of(byte[] password) {
    byte[] b = password.clone();
    return b::clone;
  }
}
