package org.jossl.ssl;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.IDN;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jossl.crypto.CertificateDecodeException;
import org.jossl.crypto.DecodedCertificate;
import org.jossl.crypto.X509;
import org.jossl.internal.CryptoAccess;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.Natives;
import org.jossl.internal.TlsDriver;
import org.jossl.internal.TlsEngine;
import org.jossl.internal.TlsStatus;
import org.jossl.internal.ffi.Binder;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.LibSsl;
import org.jossl.internal.ffi.Memory;

/**
 * Python's {@code _ssl._SSLSocket}: one TLS connection with Python's semantics, shared by {@link
 * SslObject} (memory BIOs) and {@link SslSocket} (a socket, through a {@link TlsDriver}). Set up at
 * wrap time as CPython's {@code newPySSLSocket} does: modes, server name (SNI unless an IP), host
 * name or IP checking when the context checks host names, post-handshake auth, session.
 */
final class SslCore {
  final TlsEngine engine;
  final boolean serverSide;
  final String serverHostname;
  private volatile SslContext context;
  private volatile TlsDriver driver;
  private final TlsStatus readStatus = new TlsStatus();
  private final TlsStatus writeStatus = new TlsStatus();

  /** The largest plaintext one record carries (TLS's 2^14). */
  private static final int MAX_PLAINTEXT = 16 * 1024;

  /** {@link #read(int, long)}'s buffer, used under the read status's lock. */
  private byte[] readBuffer;

  private SslCore(TlsEngine engine, SslContext context, boolean serverSide, String hostname) {
    this.engine = engine;
    this.context = context;
    this.serverSide = serverSide;
    this.serverHostname = hostname;
  }

  /**
   * The A-label form of a server name, as Python's {@code _encode_hostname} (IDNA 2003) gives it.
   *
   * @throws IllegalArgumentException for an empty name or one that starts with a dot
   */
  static String encodeHostname(String hostname) {
    if (hostname == null) {
      return null;
    }
    if (hostname.isEmpty() || hostname.startsWith(".")) {
      throw new IllegalArgumentException(
          "server_hostname cannot be an empty string or start with a leading dot.");
    }
    if (hostname.chars().allMatch(c -> c < 128)) {
      return hostname;
    }
    try {
      return IDN.toASCII(hostname, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "encoding with 'idna' codec failed (UnicodeError: " + e.getMessage() + ")", e);
    }
  }

  static SslCore create(
      SslContext context,
      boolean serverSide,
      String serverHostname,
      SslSession session,
      MemorySegment inbound,
      MemorySegment outbound,
      Object owner)
      throws SslException {
    String hostname = encodeHostname(serverHostname);
    if (context.isCheckHostname() && !serverSide && hostname == null) {
      throw new IllegalArgumentException("check_hostname requires server_hostname");
    }
    TlsEngine engine =
        TlsEngine.create(
            context.context,
            serverSide,
            Constants.SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | Constants.SSL_MODE_AUTO_RETRY,
            inbound,
            outbound);
    if (engine == null) {
      throw Errors.fromQueue();
    }
    SslCore core = new SslCore(engine, context, serverSide, hostname);
    engine.setOwner(owner);
    try {
      if (serverSide) {
        core.setServerSessionIdContext();
      }
      if (hostname != null) {
        core.configureHostname(hostname);
      }
      if (context.isPostHandshakeAuth()) {
        engine.call(
            s -> {
              if (!serverSide) {
                LibSsl.SSL_set_post_handshake_auth(s, 1);
              } else {
                int mode = LibSsl.SSL_get_verify_mode(s);
                if ((mode & Constants.SSL_VERIFY_PEER) != 0) {
                  LibSsl.SSL_set_verify(
                      s, mode | Constants.SSL_VERIFY_POST_HANDSHAKE, MemorySegment.NULL);
                }
              }
              return null;
            });
      }
      if (session != null) {
        core.setSession(session);
      }
    } catch (SslException | RuntimeException e) {
      engine.close();
      throw e;
    }
    return core;
  }

  /**
   * The session id context "Python" (with its NUL, as C's {@code sizeof}) on a server connection
   * only, as CPython 3.13 does (3.11 set it on every context): a client whose connection has one
   * refuses a TLS 1.3 external PSK, whose session has none ({@code
   * ATTEMPT_TO_REUSE_SESSION_IN_DIFFERENT_CONTEXT}).
   */
  private void setServerSessionIdContext() throws SslException {
    int ok =
        engine.call(
            s -> {
              try (Arena arena = Arena.ofConfined()) {
                MemorySegment sid = Memory.copy(arena, SESSION_ID_CONTEXT);
                return LibSsl.SSL_set_session_id_context(s, sid, SESSION_ID_CONTEXT.length);
              }
            });
    if (ok != 1) {
      throw Errors.fromQueue();
    }
  }

  private static final byte[] SESSION_ID_CONTEXT = "Python\0".getBytes(StandardCharsets.US_ASCII);

  /** CPython's {@code _ssl_configure_hostname}: SNI for names, host or IP check if asked. */
  private void configureHostname(String hostname) throws SslException {
    boolean check = context.isCheckHostname();
    int ok =
        engine.call(
            s -> {
              try (Arena arena = Arena.ofConfined()) {
                MemorySegment name = Memory.cString(arena, hostname);
                MemorySegment ip = LibCrypto.a2i_IPADDRESS(name);
                if (Memory.isNull(ip)) {
                  ErrorQueue.clear();
                }
                try {
                  if (Memory.isNull(ip)
                      && LibSsl.SSL_ctrl(
                              s,
                              Constants.SSL_CTRL_SET_TLSEXT_HOSTNAME,
                              Constants.TLSEXT_NAMETYPE_host_name,
                              name)
                          != 1) {
                    return 0;
                  }
                  if (check) {
                    MemorySegment param = LibSsl.SSL_get0_param(s);
                    if (Memory.isNull(ip)) {
                      if (LibCrypto.X509_VERIFY_PARAM_set1_host(
                              param, name, hostname.getBytes(StandardCharsets.US_ASCII).length)
                          != 1) {
                        return 0;
                      }
                    } else if (LibCrypto.X509_VERIFY_PARAM_set1_ip(
                            param,
                            LibCrypto.ASN1_STRING_get0_data(ip),
                            LibCrypto.ASN1_STRING_length(ip))
                        != 1) {
                      return 0;
                    }
                  }
                  return 1;
                } finally {
                  if (!Memory.isNull(ip)) {
                    LibCrypto.ASN1_OCTET_STRING_free(ip);
                  }
                }
              }
            });
    Errors.check(ok == 1);
  }

  void attachDriver(TlsDriver driver) {
    this.driver = driver;
  }

  TlsDriver driver() {
    return driver;
  }

  SslContext getContext() {
    return context;
  }

  void setContext(SslContext other) {
    Objects.requireNonNull(other, "context");
    if (!engine.setContext(other.context)) {
      ErrorQueue.clear();
      throw new IllegalStateException("SSL_set_SSL_CTX failed");
    }
    this.context = other;
  }

  // ---- I/O with Python's semantics

  /** Python's {@code do_handshake()}. */
  void doHandshake(long deadline) throws IOException {
    TlsStatus st = writeStatus;
    synchronized (st) {
      TlsDriver d = driver;
      int r = d == null ? engine.handshake(st) : d.handshake(st, deadline);
      if (st.timedOut) {
        throw new SocketTimeoutException("The handshake operation timed out");
      }
      if (r != 1) {
        throw fail(st);
      }
      if (st.callbackFailure != null) {
        throw fail(failureStatus(st));
      }
    }
  }

  /**
   * A network error in a read, write or unwrap. Python calls {@code SSL_read_ex}, {@code
   * SSL_write_ex} and {@code SSL_shutdown} there, whose failed return value sends a broken socket
   * (reset, broken pipe) down its "EOF" path: {@link SslEofException} (a handshake's -1 keeps the
   * OSError). Our own close, from another thread, stays the socket's error.
   */
  private IOException transportFailure(IOException e) {
    if (e instanceof SslException || e instanceof SocketTimeoutException || engine.isClosed()) {
      return e;
    }
    SslException eof = new SslEofException(8, Errors.EOF_TEXT, null, null, List.of());
    eof.initCause(e);
    return eof;
  }

  private SslException fail(TlsStatus st) {
    return Errors.fromStatus(st, serverHostname, driver != null);
  }

  private static TlsStatus failureStatus(TlsStatus st) {
    st.sslError = Constants.SSL_ERROR_SSL;
    return st;
  }

  /**
   * Python's {@code read()}: bytes read, or 0 at a clean close (the peer's close_notify alone).
   *
   * @throws SslZeroReturnException after both sides closed
   */
  int read(byte[] buffer, int offset, int length, long deadline) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    return read(MemorySegment.ofArray(buffer).asSlice(offset, length), length, deadline);
  }

  /**
   * As {@link #read(byte[], int, int, long)} into the first {@code length} bytes of {@code buffer}:
   * native memory is filled by OpenSSL itself, heap memory through the engine's read buffer.
   */
  int read(MemorySegment buffer, int length, long deadline) throws IOException {
    if (length == 0) {
      return 0;
    }
    TlsStatus st = readStatus;
    synchronized (st) {
      TlsDriver d = driver;
      int r;
      try {
        r = d == null ? engine.read(buffer, length, st) : d.read(buffer, length, st, deadline);
      } catch (IOException e) {
        throw transportFailure(e);
      }
      if (st.timedOut && r <= 0) {
        throw new SocketTimeoutException("The read operation timed out");
      }
      if (r > 0 && st.callbackFailure == null) {
        return r;
      }
      if (st.sslError == Constants.SSL_ERROR_ZERO_RETURN
          && engine.call(LibSsl::SSL_get_shutdown) == Constants.SSL_RECEIVED_SHUTDOWN) {
        return 0;
      }
      throw fail(st);
    }
  }

  /**
   * Python's {@code read(len)}: a new array of exactly the bytes read, empty at a clean close. One
   * call returns at most one record's plaintext, so the bytes go through a record-sized buffer kept
   * for the connection: a fresh {@code len}-sized (zeroed) array per call made small records cost a
   * 64 KiB allocation each.
   */
  byte[] read(int length, long deadline) throws IOException {
    synchronized (readStatus) {
      byte[] buf = readBuffer;
      if (buf == null) {
        buf = readBuffer = new byte[MAX_PLAINTEXT];
      }
      int n = read(buf, 0, Math.min(length, buf.length), deadline);
      return Arrays.copyOf(buf, n);
    }
  }

  /** Python's {@code write()}: all of {@code data} (no partial writes), or an exception. */
  int write(byte[] data, int offset, int length, long deadline) throws IOException {
    Objects.checkFromIndexSize(offset, length, data.length);
    return write(MemorySegment.ofArray(data).asSlice(offset, length), deadline);
  }

  /**
   * As {@link #write(byte[], int, int, long)} for all of {@code data} (up to 2 GiB): native memory
   * goes to OpenSSL as it is, heap memory through the engine's write buffer.
   */
  int write(MemorySegment data, long deadline) throws IOException {
    int length = (int) Math.min(data.byteSize(), Integer.MAX_VALUE);
    TlsStatus st = writeStatus;
    synchronized (st) {
      TlsDriver d = driver;
      int done = 0;
      do {
        int chunk = Math.min(length - done, 16 * 1024);
        MemorySegment slice = data.asSlice(done, chunk);
        int r;
        try {
          r = d == null ? engine.write(slice, chunk, st) : d.write(slice, chunk, st, deadline);
        } catch (IOException e) {
          throw transportFailure(e);
        }
        if (st.timedOut) {
          throw new SocketTimeoutException("The write operation timed out");
        }
        if (r <= 0 || st.callbackFailure != null) {
          if (length == 0 && r == 0 && st.sslError == Constants.SSL_ERROR_NONE) {
            return 0;
          }
          throw fail(st);
        }
        done += r;
      } while (done < length);
      return done;
    }
  }

  /**
   * Python's {@code shutdown()} loop behind {@code unwrap()}: send close_notify, then wait for the
   * peer's (twice at most).
   */
  void unwrap(long deadline) throws IOException {
    TlsStatus st = writeStatus;
    synchronized (st) {
      TlsDriver d = driver;
      int zeros = 0;
      int r;
      while (true) {
        try {
          r = d == null ? engine.shutdown(st) : d.shutdown(st, deadline);
        } catch (IOException e) {
          throw transportFailure(e);
        }
        if (st.timedOut) {
          throw new SocketTimeoutException(
              st.sslError == Constants.SSL_ERROR_WANT_WRITE
                  ? "The write operation timed out"
                  : "The read operation timed out");
        }
        if (r > 0) {
          break;
        }
        if (r == 0) {
          if (++zeros > 1) {
            break;
          }
          continue;
        }
        break;
      }
      if (r < 0) {
        throw fail(st);
      }
    }
  }

  /**
   * Takes the peer's bytes OpenSSL has not consumed. After {@link #unwrap}, that is what the peer
   * sent behind its close_notify (plaintext, for the unwrapped socket): OpenSSL reads no further
   * than the close_notify record, but the driver may have read more from the network with it.
   */
  byte[] takeUnreadInput() {
    return engine.call(
        s -> {
          MemorySegment rbio = LibSsl.SSL_get_rbio(s);
          long pending = Memory.isNull(rbio) ? 0 : LibCrypto.BIO_ctrl_pending(rbio);
          if (pending <= 0) {
            return new byte[0];
          }
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(pending);
            int n = LibCrypto.BIO_read(rbio, buf, (int) pending);
            if (n <= 0) {
              ErrorQueue.clear();
              return new byte[0];
            }
            return Memory.bytes(buf, n);
          }
        });
  }

  /**
   * One {@code SSL_shutdown}: our close_notify, without waiting for the peer's (a TLS half-close,
   * as {@code openssl s_client} and {@code s_server} close). Reads may go on until the peer's.
   */
  void sendCloseNotify(long deadline) throws IOException {
    TlsStatus st = writeStatus;
    synchronized (st) {
      TlsDriver d = driver;
      int r = d == null ? engine.shutdown(st) : d.shutdown(st, deadline);
      if (st.timedOut) {
        throw new SocketTimeoutException("The write operation timed out");
      }
      if (r < 0) {
        throw fail(st);
      }
    }
  }

  // ---- introspection (Python's _SSLSocket methods)

  boolean handshakeDone() {
    return engine.call(LibSsl::SSL_is_init_finished) == 1;
  }

  /** Python's {@code getpeercert(binary_form)} for the dict. */
  DecodedCertificate getPeerCert() throws SslException {
    if (!handshakeDone()) {
      throw new IllegalStateException("handshake not done yet");
    }
    X509 peer = peerCertificate();
    if (peer == null) {
      return null;
    }
    int verification = engine.call(s -> LibSsl.SSL_CTX_get_verify_mode(LibSsl.SSL_get_SSL_CTX(s)));
    if ((verification & Constants.SSL_VERIFY_PEER) == 0) {
      return DecodedCertificate.empty();
    }
    try {
      return peer.decode();
    } catch (CertificateDecodeException e) {
      throw new SslException(0, e.getMessage(), null, null, e.errors());
    }
  }

  byte[] getPeerCertDer() throws SslException {
    if (!handshakeDone()) {
      throw new IllegalStateException("handshake not done yet");
    }
    X509 peer = peerCertificate();
    if (peer == null) {
      return null;
    }
    try {
      return peer.toDer();
    } catch (org.jossl.crypto.CryptoException e) {
      throw new SslException(0, e.getMessage(), null, null, e.errors());
    }
  }

  private X509 peerCertificate() {
    return (X509) engine.peerCertificate();
  }

  List<X509> verifiedChain() {
    List<X509> chain = engine.call(s -> certificates(LibSsl.SSL_get0_verified_chain(s)));
    return chain == null ? List.of() : chain;
  }

  List<X509> unverifiedChain() {
    List<X509> chain = engine.call(s -> certificates(LibSsl.SSL_get_peer_cert_chain(s)));
    List<X509> out = chain == null ? new ArrayList<>() : new ArrayList<>(chain);
    if (serverSide) {
      // OpenSSL leaves the client's own certificate out of a server's view; Python prepends it
      X509 peer = peerCertificate();
      if (peer != null) {
        out.addFirst(peer);
      }
    }
    return out;
  }

  private static List<X509> certificates(MemorySegment stack) {
    if (Memory.isNull(stack)) {
      return null;
    }
    List<X509> out = new ArrayList<>();
    for (int i = 0; i < Natives.stackSize(stack); i++) {
      out.add((X509) CryptoAccess.get().x509(Natives.stackValue(stack, i)));
    }
    return out;
  }

  CipherInfo cipher() {
    return engine.call(
        s -> {
          MemorySegment c = LibSsl.SSL_get_current_cipher(s);
          return Memory.isNull(c) ? null : Ciphers.info(c);
        });
  }

  /** Python's {@code shared_ciphers()}: the server's list filtered by what the client offered. */
  List<CipherInfo> sharedCiphers() {
    return engine.call(
        s -> {
          MemorySegment server = LibSsl.SSL_get_ciphers(s);
          MemorySegment client = LibSsl.SSL_get_client_ciphers(s);
          if (Memory.isNull(server) || Memory.isNull(client)) {
            return null;
          }
          Set<Long> offered = new HashSet<>();
          for (int i = 0; i < Natives.stackSize(client); i++) {
            offered.add(LibSsl.SSL_CIPHER_get_id(Natives.stackValue(client, i)) & 0xFFFF_FFFFL);
          }
          List<CipherInfo> out = new ArrayList<>();
          for (int i = 0; i < Natives.stackSize(server); i++) {
            MemorySegment c = Natives.stackValue(server, i);
            if (offered.contains(LibSsl.SSL_CIPHER_get_id(c) & 0xFFFF_FFFFL)) {
              out.add(Ciphers.info(c));
            }
          }
          return out;
        });
  }

  String compression() {
    return engine.call(
        s -> {
          MemorySegment m = LibSsl.SSL_get_current_compression(s);
          if (Memory.isNull(m)) {
            return null;
          }
          int nid = LibCrypto.COMP_get_type(m);
          return nid == Constants.NID_undef ? null : Memory.cString(LibCrypto.OBJ_nid2sn(nid));
        });
  }

  String version() {
    if (!handshakeDone()) {
      return null;
    }
    String v = engine.call(s -> Memory.cString(LibSsl.SSL_get_version(s)));
    return "unknown".equals(v) ? null : v;
  }

  /** The key-exchange group ("x25519"), or null before the handshake. */
  String group() {
    // Python answers None until the handshake is complete
    boolean finished = engine.call(s -> LibSsl.SSL_is_init_finished(s) == 1);
    return finished ? engine.groupName() : null;
  }

  String selectedAlpnProtocol() {
    return engine.call(
        s -> {
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = Memory.pointerSlot(arena);
            MemorySegment len = arena.allocate(Binder.C_INT);
            LibSsl.SSL_get0_alpn_selected(s, data, len);
            MemorySegment p = Memory.pointer(data);
            int n = len.get(Binder.C_INT, 0);
            return Memory.isNull(p) || n == 0
                ? null
                : new String(Memory.bytes(p, n), StandardCharsets.UTF_8);
          }
        });
  }

  static void checkBindingType(String type) {
    if (!"tls-unique".equals(type)) {
      throw new IllegalArgumentException("'" + type + "' channel binding type not implemented");
    }
  }

  /** Python's {@code get_channel_binding("tls-unique")}: the first Finished of the handshake. */
  byte[] channelBinding(String type) {
    checkBindingType(type);
    return engine.call(
        s -> {
          boolean reused = LibSsl.SSL_session_reused(s) == 1;
          boolean own = reused ^ !serverSide;
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64);
            long n =
                own
                    ? LibSsl.SSL_get_finished(s, buf, 64)
                    : LibSsl.SSL_get_peer_finished(s, buf, 64);
            return n == 0 ? null : Memory.bytes(buf, n);
          }
        });
  }

  SslSession getSession() {
    return engine.call(
        s -> {
          MemorySegment session = LibSsl.SSL_get1_session(s);
          return Memory.isNull(session) ? null : new SslSession(session, context);
        });
  }

  /** Python's first check of a session assigned to a connection of {@code context}. */
  static void checkSessionContext(SslSession session, SslContext context) {
    if (session != null && session.context != context) {
      throw new IllegalArgumentException("Session refers to a different SSLContext.");
    }
  }

  /** Python's session setter, with its checks in its order. */
  void setSession(SslSession session) throws SslException {
    Objects.requireNonNull(session, "session");
    checkSessionContext(session, context);
    if (serverSide) {
      throw new IllegalArgumentException("Cannot set session for server-side SSLSocket.");
    }
    if (handshakeDone()) {
      throw new IllegalArgumentException("Cannot set session after handshake.");
    }
    int ok = engine.call(s -> session.ref.use(p -> LibSsl.SSL_set_session(s, p)));
    Errors.check(ok == 1);
  }

  boolean sessionReused() {
    return engine.call(LibSsl::SSL_session_reused) == 1;
  }

  int pending() {
    return engine.call(LibSsl::SSL_pending);
  }

  /** Python's {@code verify_client_post_handshake()}: queues the request for the next I/O. */
  void verifyClientPostHandshake() throws SslException {
    int ok =
        engine.call(
            s -> {
              LibCrypto.ERR_clear_error();
              return LibSsl.SSL_verify_client_post_handshake(s);
            });
    Errors.check(ok == 1);
  }

  void close() {
    engine.close();
  }
}
