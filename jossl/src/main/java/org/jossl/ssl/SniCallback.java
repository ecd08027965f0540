package org.jossl.ssl;

/**
 * Called on a server when a client's hello names a server (SNI); Python's {@code
 * SSLContext.sni_callback}. It may switch the connection's context ({@code
 * connection.setContext(other)}) to serve another certificate.
 */
@FunctionalInterface
public interface SniCallback {
  /**
   * Decides on the handshake.
   *
   * @param connection the {@link SslObject} or {@link SslSocket} being handshaken
   * @param serverName the name the client asked for (an IDNA A-label), or null if it sent none
   * @param context the context the connection was made with
   * @return null to continue, or an alert to abort the handshake with (Python's return values)
   */
  AlertDescription serverName(SslConnection connection, String serverName, SslContext context)
      throws Exception;
}
