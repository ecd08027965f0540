package org.jossl.internal;

import java.lang.foreign.MemorySegment;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibSsl;

/**
 * The engine's side of an {@code SSL_CTX}: its single owner and the Java handlers its callbacks
 * dispatch to. The faces configure the {@code SSL_CTX} through {@link #ref} and set handlers here;
 * setting a handler installs the one shared upcall stub for its callback type.
 */
public final class NativeContext implements AutoCloseable {
  /** The owner of the {@code SSL_CTX*}. */
  public final NativeRef ref;

  final long id;

  volatile TlsHandlers.Verify verify;
  volatile TlsHandlers.ServerName serverName;
  volatile TlsHandlers.AlpnSelect alpn;
  volatile TlsHandlers.Keylog keylog;
  volatile TlsHandlers.Info info;
  volatile TlsHandlers.Message message;
  volatile TlsHandlers.NewSession newSession;
  volatile TlsHandlers.OcspServer ocspServer;
  volatile TlsHandlers.OcspClient ocspClient;
  volatile TlsHandlers.CookieGenerate cookieGenerate;
  volatile TlsHandlers.CookieVerify cookieVerify;
  volatile TlsHandlers.PskClient pskClient;
  volatile TlsHandlers.PskServer pskServer;

  private NativeContext(MemorySegment ctx) {
    this.ref = NativeRef.own(ctx, "SSL_CTX", LibSsl::SSL_CTX_free);
    this.id = Registry.register(this);
    LibSsl.SSL_CTX_set_ex_data(ctx, Callbacks.CTX_INDEX, Registry.asPointer(id));
    // Never let OpenSSL prompt on the terminal for a key's passphrase.
    LibSsl.SSL_CTX_set_default_passwd_cb(ctx, Passphrases.CALLBACK);
  }

  /**
   * A new context for {@code method} ({@code TLS_method()} etc.), or null if {@code SSL_CTX_new}
   * failed (the caller drains the error queue).
   */
  public static NativeContext create(MemorySegment method) {
    MemorySegment ctx = LibSsl.SSL_CTX_new(method);
    if (ctx.address() == 0) {
      return null;
    }
    return new NativeContext(ctx);
  }

  /** The context registered for an {@code SSL_CTX*}, or null. */
  static NativeContext of(MemorySegment ctx) {
    if (ctx.address() == 0) {
      return null;
    }
    return Registry.get(LibSsl.SSL_CTX_get_ex_data(ctx, Callbacks.CTX_INDEX))
            instanceof NativeContext c
        ? c
        : null;
  }

  /** Sets the verify mode and handler ({@code SSL_CTX_set_verify}); null keeps OpenSSL's logic. */
  public void setVerify(int mode, TlsHandlers.Verify handler) {
    this.verify = handler;
    ref.use(
        c -> {
          LibSsl.SSL_CTX_set_verify(
              c, mode, handler == null ? MemorySegment.NULL : Callbacks.VERIFY);
          return null;
        });
  }

  /** The verify handler, or null. */
  public TlsHandlers.Verify verifyHandler() {
    return verify;
  }

  /** Sets the SNI handler (null removes it). */
  public void setServerName(TlsHandlers.ServerName handler) {
    this.serverName = handler;
    ref.use(
        c -> {
          LibSsl.SSL_CTX_callback_ctrl(
              c,
              Constants.SSL_CTRL_SET_TLSEXT_SERVERNAME_CB,
              handler == null ? MemorySegment.NULL : Callbacks.SERVER_NAME);
          LibSsl.SSL_CTX_ctrl(
              c, Constants.SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG, 0, Registry.asPointer(id));
          return null;
        });
  }

  /** Sets the ALPN selection handler (null removes it). */
  public void setAlpnSelect(TlsHandlers.AlpnSelect handler) {
    this.alpn = handler;
    ref.use(
        c -> {
          LibSsl.SSL_CTX_set_alpn_select_cb(
              c, handler == null ? MemorySegment.NULL : Callbacks.ALPN, Registry.asPointer(id));
          return null;
        });
  }

  /** Sets the key log handler (null removes it). */
  public void setKeylog(TlsHandlers.Keylog handler) {
    this.keylog = handler;
    ref.use(
        c -> {
          LibSsl.SSL_CTX_set_keylog_callback(
              c, handler == null ? MemorySegment.NULL : Callbacks.KEYLOG);
          return null;
        });
  }

  /** The key log handler, or null. */
  public TlsHandlers.Keylog keylogHandler() {
    return keylog;
  }

  /** Sets the info (state change) handler (null removes it). */
  public void setInfo(TlsHandlers.Info handler) {
    this.info = handler;
    ref.use(
        c -> {
          LibSsl.SSL_CTX_set_info_callback(
              c, handler == null ? MemorySegment.NULL : Callbacks.INFO);
          return null;
        });
  }

  /** Sets the protocol message handler (null removes it). */
  public void setMessage(TlsHandlers.Message handler) {
    this.message = handler;
    ref.use(
        c -> {
          LibSsl.SSL_CTX_set_msg_callback(
              c, handler == null ? MemorySegment.NULL : Callbacks.MESSAGE);
          return null;
        });
  }

  /** Sets the new-session handler (null removes it). */
  public void setNewSession(TlsHandlers.NewSession handler) {
    this.newSession = handler;
    ref.use(
        c -> {
          LibSsl.SSL_CTX_sess_set_new_cb(
              c, handler == null ? MemorySegment.NULL : Callbacks.NEW_SESSION);
          return null;
        });
  }

  /** Sets the OCSP handlers (one OpenSSL callback: server and client meanings). */
  public void setOcsp(TlsHandlers.OcspServer server, TlsHandlers.OcspClient client) {
    this.ocspServer = server;
    this.ocspClient = client;
    boolean any = server != null || client != null;
    ref.use(
        c -> {
          LibSsl.SSL_CTX_callback_ctrl(
              c,
              Constants.SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB,
              any ? Callbacks.OCSP : MemorySegment.NULL);
          LibSsl.SSL_CTX_ctrl(
              c, Constants.SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB_ARG, 0, Registry.asPointer(id));
          return null;
        });
  }

  /** Sets the DTLS cookie handlers (null removes them). */
  public void setCookies(TlsHandlers.CookieGenerate generate, TlsHandlers.CookieVerify verify) {
    this.cookieGenerate = generate;
    this.cookieVerify = verify;
    ref.use(
        c -> {
          LibSsl.SSL_CTX_set_cookie_generate_cb(
              c, generate == null ? MemorySegment.NULL : Callbacks.COOKIE_GENERATE);
          LibSsl.SSL_CTX_set_cookie_verify_cb(
              c, verify == null ? MemorySegment.NULL : Callbacks.COOKIE_VERIFY);
          return null;
        });
  }

  /** Sets the TLS-PSK client handler (null removes it). */
  public void setPskClient(TlsHandlers.PskClient handler) {
    this.pskClient = handler;
    ref.use(
        c -> {
          LibSsl.SSL_CTX_set_psk_client_callback(
              c, handler == null ? MemorySegment.NULL : Callbacks.PSK_CLIENT);
          return null;
        });
  }

  /** Sets the TLS-PSK server handler (null removes it). */
  public void setPskServer(TlsHandlers.PskServer handler) {
    this.pskServer = handler;
    ref.use(
        c -> {
          LibSsl.SSL_CTX_set_psk_server_callback(
              c, handler == null ? MemorySegment.NULL : Callbacks.PSK_SERVER);
          return null;
        });
  }

  /** Whether any Java handler is installed, i.e. whether OpenSSL may call back into Java. */
  boolean hasHandlers() {
    return verify != null
        || serverName != null
        || alpn != null
        || keylog != null
        || info != null
        || message != null
        || newSession != null
        || ocspServer != null
        || ocspClient != null
        || cookieGenerate != null
        || cookieVerify != null
        || pskClient != null
        || pskServer != null;
  }

  /**
   * Whether a handler is installed that OpenSSL may call after a handshake: verification and keys
   * (post-handshake authentication, key updates), state changes, protocol messages, session
   * tickets.
   */
  boolean hasPostHandshakeHandlers() {
    return verify != null
        || keylog != null
        || info != null
        || message != null
        || newSession != null;
  }

  /** Frees the {@code SSL_CTX} when no connection uses it any more (OpenSSL counts them). */
  @Override
  public void close() {
    Registry.remove(id);
    ref.close();
  }
}
