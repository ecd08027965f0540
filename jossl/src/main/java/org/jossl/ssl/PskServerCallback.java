package org.jossl.ssl;

/**
 * TLS-PSK on a server: the key for a client's identity (empty or null to refuse); Python's {@code
 * SSLContext.set_psk_server_callback} callback (3.13).
 */
@FunctionalInterface
public interface PskServerCallback {
  /** The key for {@code identity} (null if the client sent none). */
  byte[] psk(String identity) throws Exception;
}
