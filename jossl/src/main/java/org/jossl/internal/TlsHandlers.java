package org.jossl.internal;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * What the TLS faces plug into the engine's callbacks. Handlers may throw: the engine stores the
 * exception on the connection, gives OpenSSL the callback's failure value, and the face rethrows it
 * after the I/O call returns.
 */
public final class TlsHandlers {
  private TlsHandlers() {}

  /** Certificate verification: the result overrides OpenSSL's (true: accept this certificate). */
  @FunctionalInterface
  public interface Verify {
    /**
     * @param certificate the certificate at {@code depth}, borrowed for the call
     * @param error OpenSSL's verify error for it ({@code X509_V_*})
     * @param preverifyOk OpenSSL's own verdict
     */
    boolean verify(
        TlsEngine engine, MemorySegment certificate, int error, int depth, boolean preverifyOk)
        throws Exception;
  }

  /** The server name (SNI) seen by a server: {@link #OK}, {@link #NOACK} or a fatal alert code. */
  @FunctionalInterface
  public interface ServerName {
    /** Continue the handshake. */
    int OK = -1;

    /** Continue without acknowledging the name. */
    int NOACK = -2;

    /**
     * @param name the A-label the client sent, or null for none
     */
    int onServerName(TlsEngine engine, String name) throws Exception;
  }

  /** ALPN selection on a server: one of {@code offered}, or null for no protocol (NOACK). */
  @FunctionalInterface
  public interface AlpnSelect {
    byte[] select(TlsEngine engine, List<byte[]> offered) throws Exception;
  }

  /** One NSS key log line, without a newline. */
  @FunctionalInterface
  public interface Keylog {
    void line(TlsEngine engine, byte[] line) throws Exception;
  }

  /** OpenSSL's state-change ("info") callback. */
  @FunctionalInterface
  public interface Info {
    void info(TlsEngine engine, int where, int ret) throws Exception;
  }

  /** A protocol message sent or received (OpenSSL's msg callback). */
  @FunctionalInterface
  public interface Message {
    void message(TlsEngine engine, boolean sent, int version, int contentType, byte[] data)
        throws Exception;
  }

  /** A new session to cache: return true to keep the reference OpenSSL hands over. */
  @FunctionalInterface
  public interface NewSession {
    boolean onNewSession(TlsEngine engine, MemorySegment session) throws Exception;
  }

  /** OCSP stapling, server side: the DER response to staple, or null/empty for none. */
  @FunctionalInterface
  public interface OcspServer {
    byte[] response(TlsEngine engine) throws Exception;
  }

  /** OCSP stapling, client side: whether the stapled response (empty if none) is acceptable. */
  @FunctionalInterface
  public interface OcspClient {
    boolean accept(TlsEngine engine, byte[] response) throws Exception;
  }

  /** DTLS cookie generation: the cookie to send (at most 255 bytes). */
  @FunctionalInterface
  public interface CookieGenerate {
    byte[] cookie(TlsEngine engine) throws Exception;
  }

  /** DTLS cookie verification. */
  @FunctionalInterface
  public interface CookieVerify {
    boolean verify(TlsEngine engine, byte[] cookie) throws Exception;
  }

  /**
   * TLS-PSK on a client: the identity and key for the server's hint (its bytes as sent, null: none;
   * the face decides how to decode them).
   */
  @FunctionalInterface
  public interface PskClient {
    /** Returns {identity (UTF-8, may be empty), key}, or null to refuse. */
    byte[][] psk(TlsEngine engine, byte[] hint) throws Exception;
  }

  /**
   * TLS-PSK on a server: the key for the client's identity (its bytes as sent, null: none), or
   * null/empty to refuse.
   */
  @FunctionalInterface
  public interface PskServer {
    byte[] psk(TlsEngine engine, byte[] identity) throws Exception;
  }
}
