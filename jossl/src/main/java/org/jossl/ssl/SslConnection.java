package org.jossl.ssl;

import java.util.List;
import org.jossl.crypto.DecodedCertificate;
import org.jossl.crypto.X509;

/**
 * What {@link SslSocket} and {@link SslObject} share: everything Python's {@code SSLSocket} and
 * {@code SSLObject} offer that needs no socket.
 */
public sealed interface SslConnection permits SslObject, SslSocket {
  /** Python: {@code context}. */
  SslContext getContext();

  /** Switches the context (e.g. in an SNI callback). Python: {@code context = ctx} */
  void setContext(SslContext context);

  /** Python: {@code server_side}. */
  boolean isServerSide();

  /** The server name (IDNA A-label), or null. Python: {@code server_hostname} */
  String getServerHostname();

  /**
   * The peer's certificate decoded, {@link DecodedCertificate#empty()} if it was not verified, or
   * null if the peer sent none. Python: {@code getpeercert()}
   */
  DecodedCertificate getPeerCert() throws SslException;

  /** The peer's certificate in DER, or null. Python: {@code getpeercert(binary_form=True)} */
  byte[] getPeerCertDer() throws SslException;

  /**
   * The verified chain, leaf first; empty before the handshake (OpenSSL builds one even when it
   * does not verify the peer). Python: {@code get_verified_chain()}
   */
  List<X509> getVerifiedChain();

  /**
   * The chain the peer sent, leaf first (on a server the client's certificate first, as Python puts
   * it; empty when the client sent none). Python: {@code get_unverified_chain()}
   */
  List<X509> getUnverifiedChain();

  /** Python: {@code cipher()}; null before the handshake. */
  CipherInfo cipher();

  /** Python: {@code shared_ciphers()}; null on a client. */
  List<CipherInfo> sharedCiphers();

  /** Python: {@code compression()}; always null with OpenSSL 3's defaults. */
  String compression();

  /** Python: {@code version()}; null before the handshake. */
  String version();

  /** The key-exchange group ("x25519"), or null. Python: {@code group()} (3.15) */
  String group();

  /** Python: {@code selected_alpn_protocol()}; null if none. */
  String selectedAlpnProtocol();

  /** NPN is not offered with OpenSSL 3: always null. Python: {@code selected_npn_protocol()} */
  default String selectedNpnProtocol() {
    return null;
  }

  /** Python: {@code get_channel_binding(cb_type)}; null before the handshake. */
  byte[] getChannelBinding(String type);

  /** Python: {@code session}. */
  SslSession getSession();

  /** Python: {@code session = s}. */
  void setSession(SslSession session);

  /** Python: {@code session_reused}. */
  boolean isSessionReused();

  /** Python: {@code pending()}. */
  int pending();

  /** Python: {@code verify_client_post_handshake()}. */
  void verifyClientPostHandshake() throws SslException;
}
