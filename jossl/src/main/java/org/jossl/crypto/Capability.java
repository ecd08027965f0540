package org.jossl.crypto;

import java.util.List;

/**
 * Features that depend on the OpenSSL release jossl finds at run time. Each is available when the
 * loaded libraries export every function it needs; {@link OpenSslLibrary#has(Capability)} tells.
 */
public enum Capability {
  /** Name of the negotiated key-exchange group ({@code SSL_get0_group_name}, OpenSSL 3.2). */
  GROUP_NAME("SSL_get0_group_name"),
  /** Names of the negotiated signature algorithms ({@code SSL_get0_signature_name}, 3.5). */
  SIGNATURE_NAMES("SSL_get0_signature_name", "SSL_get0_peer_signature_name"),
  /** The list of built-in signature algorithms ({@code SSL_get1_builtin_sigalgs}, 3.4). */
  BUILTIN_SIGALGS("SSL_get1_builtin_sigalgs"),
  /** The groups the library implements ({@code SSL_CTX_get0_implemented_groups}, 3.5). */
  IMPLEMENTED_GROUPS("SSL_CTX_get0_implemented_groups"),
  /** A thread-safe snapshot of a store's objects ({@code X509_STORE_get1_objects}, 3.3). */
  STORE_SNAPSHOT("X509_STORE_get1_objects"),
  /** Kernel TLS sendfile ({@code SSL_sendfile}). */
  KTLS_SENDFILE("SSL_sendfile"),
  /** TLS 1.3 external PSKs ({@code SSL_CTX_set_psk_find_session_callback}). */
  PSK_TLS13("SSL_CTX_set_psk_find_session_callback", "SSL_CTX_set_psk_use_session_callback"),
  /** QUIC client connections ({@code OSSL_QUIC_client_method}, 3.2). */
  QUIC_CLIENT("OSSL_QUIC_client_method"),
  /** QUIC server connections ({@code OSSL_QUIC_server_method}, 3.5). */
  QUIC_SERVER("OSSL_QUIC_server_method");

  private final List<String> functions;

  Capability(String... functions) {
    this.functions = List.of(functions);
  }

  /** The OpenSSL functions this feature needs. */
  public List<String> functions() {
    return functions;
  }
}
