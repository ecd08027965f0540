package org.jossl.ssl;

/**
 * TLS-PSK on a client: the identity and key for the server's hint; Python's {@code
 * SSLContext.set_psk_client_callback} callback (3.13).
 */
@FunctionalInterface
public interface PskClientCallback {
  /** An identity and key. */
  record Psk(String identity, byte[] key) {}

  /**
   * @param hint the server's identity hint, or null (always null with TLS 1.3)
   * @return the identity (may be null) and key; an empty key refuses the connection
   */
  Psk psk(String hint) throws Exception;
}
