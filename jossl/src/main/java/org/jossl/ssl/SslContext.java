package org.jossl.ssl;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jossl.crypto.CertificateDecodeException;
import org.jossl.crypto.DecodedCertificate;
import org.jossl.crypto.X509;
import org.jossl.internal.CryptoAccess;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.NativeContext;
import org.jossl.internal.Natives;
import org.jossl.internal.Passphrases;
import org.jossl.internal.TlsEngine;
import org.jossl.internal.TlsHandlers;
import org.jossl.internal.ffi.Binder;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.LibSsl;
import org.jossl.internal.ffi.Macros;
import org.jossl.internal.ffi.Memory;

/**
 * Settings and trust shared by TLS connections; Python's {@code ssl.SSLContext}.
 *
 * <p>A new context has Python's defaults: options {@code OP_ALL | OP_NO_SSLv3 | OP_NO_COMPRESSION |
 * OP_CIPHER_SERVER_PREFERENCE} (plus OpenSSL's own), Python's cipher string at security level 2, at
 * least TLS 1.2 (for the {@code PROTOCOL_TLS*} methods), trusted-first chain building, no partial
 * wildcards, and for {@link SslMethod#PROTOCOL_TLS_CLIENT} certificate and host name verification.
 * Prefer {@link Ssl#createDefaultContext()}, which also loads the system's trusted CAs.
 *
 * <p>As in Python, a context may be changed after use, but is only safe to share between threads
 * while it is not being changed.
 */
public final class SslContext implements AutoCloseable {
  /** Python's {@code ssl._DEFAULT_CIPHERS}. */
  static final String DEFAULT_CIPHERS =
      "@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM";

  final NativeContext context;
  private final SslMethod protocol;
  private volatile boolean checkHostname;
  private volatile int hostFlags = Constants.X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS;
  private volatile boolean postHandshakeAuth;
  private volatile SniCallback sniCallback;
  private volatile byte[] alpnProtocols;
  private volatile String keylogFilename;
  private volatile KeylogWriter keylogWriter;

  /**
   * A context for {@code protocol}, with Python's defaults.
   *
   * <p>Python: {@code ssl.SSLContext(protocol)}. OpenSSL: {@code SSL_CTX_new}
   */
  @SuppressWarnings("deprecation")
  public SslContext(SslMethod protocol) throws SslException {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    // the fixed-version protocols use OpenSSL's fixed-version methods, as Python does: their
    // minimum and maximum versions then read as MINIMUM_SUPPORTED and MAXIMUM_SUPPORTED
    String fixedMethod =
        switch (protocol) {
          case PROTOCOL_TLSv1 -> "TLSv1_method";
          case PROTOCOL_TLSv1_1 -> "TLSv1_1_method";
          case PROTOCOL_TLSv1_2 -> "TLSv1_2_method";
          default -> null;
        };
    if (fixedMethod != null && !Binder.has(fixedMethod)) {
      throw new IllegalArgumentException(
          "invalid or unsupported protocol version " + protocol.value());
    }
    MemorySegment method =
        switch (protocol) {
          case PROTOCOL_TLS -> LibSsl.TLS_method();
          case PROTOCOL_TLS_CLIENT -> LibSsl.TLS_client_method();
          case PROTOCOL_TLS_SERVER -> LibSsl.TLS_server_method();
          case PROTOCOL_TLSv1 -> LibSsl.TLSv1_method();
          case PROTOCOL_TLSv1_1 -> LibSsl.TLSv1_1_method();
          case PROTOCOL_TLSv1_2 -> LibSsl.TLSv1_2_method();
        };
    NativeContext c = NativeContext.create(method);
    if (c == null) {
      throw Errors.fromQueue();
    }
    this.context = c;
    long options =
        Options.OP_ALL
            | Constants.SSL_OP_NO_SSLv3
            | Constants.SSL_OP_NO_COMPRESSION
            | Constants.SSL_OP_CIPHER_SERVER_PREFERENCE;
    boolean fixed = fixedMethod != null;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment ciphers = Memory.cString(arena, DEFAULT_CIPHERS);
      MemorySegment sid = Memory.copy(arena, "Python\0".getBytes(StandardCharsets.US_ASCII));
      int ok =
          c.ref.use(
              ctx -> {
                LibSsl.SSL_CTX_set_options(ctx, options);
                if (LibSsl.SSL_CTX_set_cipher_list(ctx, ciphers) != 1) {
                  return 0;
                }
                LibSsl.SSL_CTX_ctrl(
                    ctx,
                    Constants.SSL_CTRL_MODE,
                    Constants.SSL_MODE_RELEASE_BUFFERS,
                    MemorySegment.NULL);
                if (!fixed) {
                  LibSsl.SSL_CTX_ctrl(
                      ctx,
                      Constants.SSL_CTRL_SET_MIN_PROTO_VERSION,
                      Constants.TLS1_2_VERSION,
                      MemorySegment.NULL);
                }
                MemorySegment param = LibSsl.SSL_CTX_get0_param(ctx);
                LibCrypto.X509_VERIFY_PARAM_set_flags(param, Constants.X509_V_FLAG_TRUSTED_FIRST);
                LibCrypto.X509_VERIFY_PARAM_set_hostflags(param, hostFlags);
                LibSsl.SSL_CTX_set_session_id_context(ctx, sid, 7);
                LibSsl.SSL_CTX_set_post_handshake_auth(ctx, 0);
                return 1;
              });
      if (ok != 1) {
        ErrorQueue.clear();
        c.close();
        throw new SslException("No cipher can be selected.");
      }
    }
    this.fixedVersion = fixed;
    if (protocol == SslMethod.PROTOCOL_TLS_CLIENT) {
      this.checkHostname = true;
      applyVerifyMode(VerifyMode.CERT_REQUIRED);
    } else {
      applyVerifyMode(VerifyMode.CERT_NONE);
    }
  }

  private final boolean fixedVersion;

  /**
   * A {@link SslMethod#PROTOCOL_TLS} context, as Python's argument-less constructor (deprecated
   * there).
   */
  @Deprecated
  public SslContext() throws SslException {
    this(SslMethod.PROTOCOL_TLS);
  }

  /** The protocol the context was made for. Python: {@code SSLContext.protocol} */
  public SslMethod getProtocol() {
    return protocol;
  }

  private long ctrl(int cmd, long larg) {
    return ctrl(cmd, larg, MemorySegment.NULL);
  }

  private long ctrl(int cmd, long larg, MemorySegment parg) {
    return context.ref.use(c -> LibSsl.SSL_CTX_ctrl(c, cmd, larg, parg));
  }

  // ---- verification

  /**
   * How the peer's certificate is verified.
   *
   * <p>Python: {@code SSLContext.verify_mode}. OpenSSL: {@code SSL_CTX_get_verify_mode}
   */
  public VerifyMode getVerifyMode() {
    int mode =
        context.ref.use(LibSsl::SSL_CTX_get_verify_mode)
            & ~(Constants.SSL_VERIFY_CLIENT_ONCE | Constants.SSL_VERIFY_POST_HANDSHAKE);
    if (mode == Constants.SSL_VERIFY_NONE) {
      return VerifyMode.CERT_NONE;
    }
    if (mode == Constants.SSL_VERIFY_PEER) {
      return VerifyMode.CERT_OPTIONAL;
    }
    return VerifyMode.CERT_REQUIRED;
  }

  /**
   * Sets how the peer's certificate is verified.
   *
   * <p>Python: {@code SSLContext.verify_mode = mode}. OpenSSL: {@code SSL_CTX_set_verify}
   *
   * @throws IllegalArgumentException for {@code CERT_NONE} while host names are checked
   */
  public void setVerifyMode(VerifyMode mode) {
    Objects.requireNonNull(mode, "mode");
    if (mode == VerifyMode.CERT_NONE && checkHostname) {
      throw new IllegalArgumentException(
          "Cannot set verify_mode to CERT_NONE when check_hostname is enabled.");
    }
    applyVerifyMode(mode);
  }

  private void applyVerifyMode(VerifyMode mode) {
    int m =
        switch (mode) {
          case CERT_NONE -> Constants.SSL_VERIFY_NONE;
          case CERT_OPTIONAL -> Constants.SSL_VERIFY_PEER;
          case CERT_REQUIRED ->
              Constants.SSL_VERIFY_PEER | Constants.SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
        };
    // keep the verify callback OpenSSL has (none: Python installs none)
    context.ref.use(
        c -> {
          LibSsl.SSL_CTX_set_verify(c, m, MemorySegment.NULL);
          return null;
        });
  }

  /**
   * Whether connections check the server's host name (set at wrap time from {@code
   * server_hostname}).
   *
   * <p>Python: {@code SSLContext.check_hostname}
   */
  public boolean isCheckHostname() {
    return checkHostname;
  }

  /**
   * Turns host name checking on or off. Turning it on while the verify mode is {@code CERT_NONE}
   * switches to {@code CERT_REQUIRED}, as in Python.
   *
   * <p>Python: {@code SSLContext.check_hostname = flag}
   */
  public void setCheckHostname(boolean check) {
    if (check && getVerifyMode() == VerifyMode.CERT_NONE) {
      applyVerifyMode(VerifyMode.CERT_REQUIRED);
    }
    this.checkHostname = check;
  }

  /**
   * Whether a certificate without a DNS name may match by its common name (default true).
   *
   * <p>Python: {@code SSLContext.hostname_checks_common_name}
   */
  public boolean isHostnameChecksCommonName() {
    return (hostFlags & Constants.X509_CHECK_FLAG_NEVER_CHECK_SUBJECT) == 0;
  }

  /** Python: {@code SSLContext.hostname_checks_common_name = flag} */
  public void setHostnameChecksCommonName(boolean allowed) {
    int flags = hostFlags;
    flags =
        allowed
            ? flags & ~Constants.X509_CHECK_FLAG_NEVER_CHECK_SUBJECT
            : flags | Constants.X509_CHECK_FLAG_NEVER_CHECK_SUBJECT;
    setHostFlags(flags);
  }

  /**
   * OpenSSL's host check flags ({@code X509_CHECK_FLAG_*}). Python: {@code SSLContext._host_flags}
   */
  public int getHostFlags() {
    return hostFlags;
  }

  /**
   * Python: {@code SSLContext._host_flags = flags}. OpenSSL: {@code
   * X509_VERIFY_PARAM_set_hostflags}
   */
  public void setHostFlags(int flags) {
    this.hostFlags = flags;
    context.ref.use(
        c -> {
          LibCrypto.X509_VERIFY_PARAM_set_hostflags(LibSsl.SSL_CTX_get0_param(c), flags);
          return null;
        });
  }

  /**
   * The verification flags ({@link VerifyFlags}).
   *
   * <p>Python: {@code SSLContext.verify_flags}. OpenSSL: {@code X509_VERIFY_PARAM_get_flags}
   */
  public long getVerifyFlags() {
    return context.ref.use(
        c -> LibCrypto.X509_VERIFY_PARAM_get_flags(LibSsl.SSL_CTX_get0_param(c)));
  }

  /**
   * Replaces the verification flags (Python's assignment: flags not given are cleared).
   *
   * <p>Python: {@code SSLContext.verify_flags = flags}
   */
  public void setVerifyFlags(long flags) throws SslException {
    long old = getVerifyFlags();
    long clear = old & ~flags;
    long set = ~old & flags;
    int ok =
        context.ref.use(
            c -> {
              MemorySegment param = LibSsl.SSL_CTX_get0_param(c);
              if (clear != 0 && LibCrypto.X509_VERIFY_PARAM_clear_flags(param, clear) != 1) {
                return 0;
              }
              if (set != 0 && LibCrypto.X509_VERIFY_PARAM_set_flags(param, set) != 1) {
                return 0;
              }
              return 1;
            });
    Errors.check(ok == 1);
  }

  // ---- options and versions

  /** The option bits ({@link Options}). Python: {@code SSLContext.options} */
  public long getOptions() {
    return context.ref.use(LibSsl::SSL_CTX_get_options);
  }

  /**
   * Replaces the option bits (Python's assignment: options not given are cleared).
   *
   * <p>Python: {@code SSLContext.options = options}. OpenSSL: {@code SSL_CTX_clear_options}, {@code
   * SSL_CTX_set_options}
   */
  public void setOptions(long options) {
    long old = getOptions();
    long clear = old & ~options;
    long set = ~old & options;
    context.ref.use(
        c -> {
          if (clear != 0) {
            LibSsl.SSL_CTX_clear_options(c, clear);
          }
          if (set != 0) {
            LibSsl.SSL_CTX_set_options(c, set);
          }
          return null;
        });
  }

  /**
   * The lowest protocol version allowed.
   *
   * <p>Python: {@code SSLContext.minimum_version}. OpenSSL: {@code SSL_CTX_get_min_proto_version}
   */
  public TlsVersion getMinimumVersion() {
    int v = (int) ctrl(Constants.SSL_CTRL_GET_MIN_PROTO_VERSION, 0);
    return v == 0 ? TlsVersion.MINIMUM_SUPPORTED : versionOf(v);
  }

  /** The highest protocol version allowed. Python: {@code SSLContext.maximum_version} */
  public TlsVersion getMaximumVersion() {
    int v = (int) ctrl(Constants.SSL_CTRL_GET_MAX_PROTO_VERSION, 0);
    return v == 0 ? TlsVersion.MAXIMUM_SUPPORTED : versionOf(v);
  }

  private static TlsVersion versionOf(int v) {
    TlsVersion t = TlsVersion.ofOrNull(v);
    if (t == null) {
      throw new IllegalStateException("OpenSSL reports an unknown protocol version " + v);
    }
    return t;
  }

  /**
   * Sets the lowest protocol version.
   *
   * <p>Python: {@code SSLContext.minimum_version = version}
   *
   * @throws IllegalArgumentException for the fixed-version protocols, or a version OpenSSL refuses
   */
  @SuppressWarnings("deprecation")
  public void setMinimumVersion(TlsVersion version) {
    setVersion(version, true);
  }

  /** Sets the highest protocol version. Python: {@code SSLContext.maximum_version = version} */
  public void setMaximumVersion(TlsVersion version) {
    setVersion(version, false);
  }

  @SuppressWarnings("deprecation")
  private void setVersion(TlsVersion version, boolean minimum) {
    Objects.requireNonNull(version, "version");
    if (fixedVersion) {
      throw new IllegalArgumentException(
          "The context's protocol doesn't support modification of highest and lowest version.");
    }
    // Python's mapping: the "supported" limits are 0 on their own side, the other extreme else
    int v = version.value();
    if (version == TlsVersion.MINIMUM_SUPPORTED) {
      v = minimum ? 0 : lowestAvailable();
    } else if (version == TlsVersion.MAXIMUM_SUPPORTED) {
      v = minimum ? Constants.TLS1_3_VERSION : 0;
    }
    if (minimum && version == TlsVersion.SSLv3) {
      // ssl.py's minimum_version setter clears OP_NO_SSLv3 first
      setOptions(getOptions() & ~Constants.SSL_OP_NO_SSLv3);
    }
    int value = v;
    long ok =
        ctrl(
            minimum
                ? Constants.SSL_CTRL_SET_MIN_PROTO_VERSION
                : Constants.SSL_CTRL_SET_MAX_PROTO_VERSION,
            value);
    if (ok != 1) {
      ErrorQueue.clear();
      throw new IllegalArgumentException(
          "Unsupported protocol version 0x" + Integer.toHexString(value));
    }
  }

  /**
   * CPython's {@code PY_PROTO_MINIMUM_AVAILABLE}: SSL 3.0 where OpenSSL was built with it (its
   * {@code SSLv3_method} is then exported), else TLS 1.0.
   */
  private static int lowestAvailable() {
    return Binder.has("SSLv3_method") ? Constants.SSL3_VERSION : Constants.TLS1_VERSION;
  }

  /**
   * OpenSSL's security level (2 by default: Python's cipher string sets it).
   *
   * <p>Python: {@code SSLContext.security_level}. OpenSSL: {@code SSL_CTX_get_security_level}
   */
  public int getSecurityLevel() {
    return context.ref.use(LibSsl::SSL_CTX_get_security_level);
  }

  /** The number of TLS 1.3 tickets a server sends (2). Python: {@code SSLContext.num_tickets} */
  public long getNumTickets() {
    return context.ref.use(LibSsl::SSL_CTX_get_num_tickets);
  }

  /**
   * Sets the number of TLS 1.3 tickets a server sends after a handshake.
   *
   * <p>Python: {@code SSLContext.num_tickets = n}
   *
   * @throws IllegalArgumentException on a client context, or for a negative number
   */
  public void setNumTickets(long n) {
    // Python checks the value before the context's side
    if (n < 0) {
      throw new IllegalArgumentException("value must be non-negative");
    }
    if (protocol != SslMethod.PROTOCOL_TLS_SERVER) {
      throw new IllegalArgumentException("SSLContext is not a server context.");
    }
    if (context.ref.use(c -> LibSsl.SSL_CTX_set_num_tickets(c, n)) != 1) {
      ErrorQueue.clear();
      throw new IllegalArgumentException("failed to set num tickets.");
    }
  }

  /**
   * Whether TLS 1.3 post-handshake client authentication is enabled for new connections.
   *
   * <p>Python: {@code SSLContext.post_handshake_auth}
   */
  public boolean isPostHandshakeAuth() {
    return postHandshakeAuth;
  }

  /** Python: {@code SSLContext.post_handshake_auth = flag} */
  public void setPostHandshakeAuth(boolean enabled) {
    this.postHandshakeAuth = enabled;
    context.ref.use(
        c -> {
          LibSsl.SSL_CTX_set_post_handshake_auth(c, enabled ? 1 : 0);
          return null;
        });
  }

  // ---- certificates, keys, trust

  /**
   * Loads this end's certificate chain and private key from PEM files (the key from {@code
   * certfile} when {@code keyfile} is null); {@code password} is asked for only if the key is
   * encrypted.
   *
   * <p>Python: {@code SSLContext.load_cert_chain(certfile, keyfile=None, password=None)}. OpenSSL:
   * {@code SSL_CTX_use_certificate_chain_file}, {@code SSL_CTX_use_PrivateKey_file}, {@code
   * SSL_CTX_check_private_key}
   *
   * @throws NoSuchFileException if a file does not exist (Python's {@code FileNotFoundError});
   *     other {@link FileSystemException}s for Python's other {@code OSError}s (a directory, …)
   * @throws IllegalArgumentException if the password is too long or its callback returns null
   * @throws SslException OpenSSL's error (a bad file, a wrong password, a key that does not match)
   */
  public void loadCertChain(String certfile, String keyfile, PasswordSource password)
      throws IOException {
    Objects.requireNonNull(certfile, "certfile");
    Passphrases.Source source =
        password == null
            ? null
            : (max, forWriting) -> {
              byte[] p = password.password();
              if (p == null) {
                throw new IllegalArgumentException("password callback must return a string");
              }
              if (p.length > max) {
                throw new IllegalArgumentException(
                    "password cannot be longer than " + max + " bytes");
              }
              return p;
            };
    // Python's order: the chain file (opened, then read), the key file, then the pair's check
    requireFile(certfile);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment cert = Memory.cString(arena, certfile);
      passwordCall(source, c -> LibSsl.SSL_CTX_use_certificate_chain_file(c, cert) == 1 ? 0 : 1);
      String keyPath = keyfile == null ? certfile : keyfile;
      requireFile(keyPath);
      MemorySegment key = Memory.cString(arena, keyPath);
      passwordCall(
          source,
          c -> {
            if (LibSsl.SSL_CTX_use_PrivateKey_file(c, key, Constants.SSL_FILETYPE_PEM) != 1) {
              return 1;
            }
            return LibSsl.SSL_CTX_check_private_key(c) == 1 ? 0 : 2;
          });
    }
  }

  /**
   * Runs {@code call} on the context with {@code source} answering OpenSSL's password requests; a
   * failure is the callback's own exception if it failed, else OpenSSL's error.
   */
  private void passwordCall(
      Passphrases.Source source, java.util.function.ToIntFunction<MemorySegment> call)
      throws IOException {
    Passphrases.Outcome outcome = new Passphrases.Outcome();
    int failed =
        Passphrases.with(source, false, outcome, () -> context.ref.use(c -> call.applyAsInt(c)));
    if (failed != 0) {
      if (outcome.failure != null) {
        ErrorQueue.clear();
        rethrow(outcome.failure);
      }
      throw Errors.fromQueue();
    }
  }

  /** As {@link #loadCertChain(String, String, PasswordSource)} for an unencrypted key. */
  public void loadCertChain(String certfile, String keyfile) throws IOException {
    loadCertChain(certfile, keyfile, null);
  }

  /** As {@link #loadCertChain(String, String, PasswordSource)} with the key in {@code certfile}. */
  public void loadCertChain(String certfile) throws IOException {
    loadCertChain(certfile, null, null);
  }

  /**
   * Fails as C's {@code fopen} and first read of {@code file} would, with the exception for the
   * {@code errno} that Python turns into an {@code OSError} subclass: {@code FileNotFoundError}
   * ({@link NoSuchFileException}), {@code NotADirectoryError} and {@code IsADirectoryError} ({@link
   * FileSystemException} "Not a directory" / "Is a directory"), {@code PermissionError} ({@link
   * AccessDeniedException}). The reasons are the C library's {@code strerror} texts.
   */
  static void requireFile(String file) throws FileSystemException {
    // fopen("") fails with ENOENT (Path.of("") would be the current directory)
    Path p = file.isEmpty() ? null : Path.of(file);
    if (p == null || !Files.exists(p)) {
      for (Path a = p == null ? null : p.toAbsolutePath().getParent();
          a != null;
          a = a.getParent()) {
        if (Files.exists(a)) {
          if (!Files.isDirectory(a)) {
            throw new FileSystemException(file, null, "Not a directory");
          }
          break;
        }
      }
      throw new NoSuchFileException(file, null, "No such file or directory");
    }
    if (Files.isDirectory(p)) {
      throw new FileSystemException(file, null, "Is a directory");
    }
    if (!Files.isReadable(p)) {
      throw new AccessDeniedException(file, null, "Permission denied");
    }
  }

  private static void rethrow(Throwable t) throws IOException {
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new SslException(0, "password callback failed: " + t, null, null, List.of());
  }

  /**
   * Trusts certificates from a PEM file and/or a hashed directory ({@code c_rehash}).
   *
   * <p>Python: {@code SSLContext.load_verify_locations(cafile, capath)}. OpenSSL: {@code
   * SSL_CTX_load_verify_locations}
   */
  public void loadVerifyLocations(String cafile, String capath) throws IOException {
    loadVerifyLocations(VerifyLocations.of(cafile, capath));
  }

  /** Trusts the certificates of a PEM file. Python: {@code load_verify_locations(cafile)} */
  public void loadVerifyLocations(String cafile) throws IOException {
    loadVerifyLocations(VerifyLocations.of(cafile, null));
  }

  /**
   * Trusts certificates from files and/or in memory: {@code cadata} as PEM text or DER bytes.
   *
   * <p>Python: {@code SSLContext.load_verify_locations(cafile=None, capath=None, cadata=None)}
   */
  public void loadVerifyLocations(VerifyLocations locations) throws IOException {
    if (locations.cafile() == null
        && locations.capath() == null
        && locations.cadataPem() == null
        && locations.cadataDer() == null) {
      throw new IllegalArgumentException("cafile, capath and cadata cannot be all omitted");
    }
    if (locations.cadataPem() != null) {
      loadCadata(locations.cadataPem().getBytes(StandardCharsets.US_ASCII), true);
    }
    if (locations.cadataDer() != null) {
      loadCadata(locations.cadataDer(), false);
    }
    if (locations.cafile() != null || locations.capath() != null) {
      if (locations.cafile() != null) {
        requireFile(locations.cafile());
      }
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment f =
            locations.cafile() == null
                ? MemorySegment.NULL
                : Memory.cString(arena, locations.cafile());
        MemorySegment d =
            locations.capath() == null
                ? MemorySegment.NULL
                : Memory.cString(arena, locations.capath());
        Errors.check(context.ref.use(c -> LibSsl.SSL_CTX_load_verify_locations(c, f, d)) == 1);
      }
    }
  }

  /**
   * Python's {@code _add_ca_certs}: every certificate in the data, at least one; what follows the
   * last certificate must be the end of the data (anything else is OpenSSL's error).
   */
  private void loadCadata(byte[] data, boolean pem) throws SslException {
    if (data.length == 0) {
      throw new IllegalArgumentException("Empty certificate data");
    }
    int loaded = 0;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = Memory.copy(arena, data);
      MemorySegment bio = LibCrypto.BIO_new_mem_buf(buf, data.length);
      Errors.check(!Memory.isNull(bio));
      try {
        MemorySegment store = context.ref.use(LibSsl::SSL_CTX_get_cert_store);
        while (true) {
          MemorySegment x =
              pem
                  ? LibCrypto.PEM_read_bio_X509(
                      bio, MemorySegment.NULL, Passphrases.CALLBACK, MemorySegment.NULL)
                  : d2iBio(bio);
          if (Memory.isNull(x)) {
            break;
          }
          int added = LibCrypto.X509_STORE_add_cert(store, x);
          LibCrypto.X509_free(x);
          if (added != 1) {
            long err = LibCrypto.ERR_peek_last_error();
            if (!is(err, Constants.ERR_LIB_X509, Constants.X509_R_CERT_ALREADY_IN_HASH_TABLE)) {
              break;
            }
            // a certificate already in the store is not an error
            ErrorQueue.clear();
          }
          loaded++;
        }
      } finally {
        LibCrypto.BIO_free(bio);
      }
    }
    long err = LibCrypto.ERR_peek_last_error();
    if (loaded == 0) {
      String what = pem ? "no start line" : "not enough data";
      throw Errors.fixed(what + ": cadata does not contain a certificate");
    }
    // the reader's error at the end of the data is the expected end, anything else is an error
    if (pem
        ? is(err, Constants.ERR_LIB_PEM, Constants.PEM_R_NO_START_LINE)
        : is(err, Constants.ERR_LIB_ASN1, Constants.ASN1_R_HEADER_TOO_LONG)) {
      ErrorQueue.clear();
    } else if (err != 0) {
      throw Errors.fromQueue();
    }
  }

  private static boolean is(long err, int library, int reason) {
    return Macros.ERR_GET_LIB(err) == library && Macros.ERR_GET_REASON(err) == reason;
  }

  private static MemorySegment d2iBio(MemorySegment bio) {
    return org.jossl.internal.ffi.LibCrypto.d2i_X509_bio(bio, MemorySegment.NULL);
  }

  /**
   * Trusts the system's CAs. Python: {@code SSLContext.load_default_certs(purpose)}. OpenSSL:
   * {@code SSL_CTX_set_default_verify_paths}
   */
  public void loadDefaultCerts(Purpose purpose) throws SslException {
    Objects.requireNonNull(purpose, "purpose");
    setDefaultVerifyPaths();
  }

  /** Trusts OpenSSL's default locations. Python: {@code SSLContext.set_default_verify_paths()} */
  public void setDefaultVerifyPaths() throws SslException {
    Errors.check(context.ref.use(LibSsl::SSL_CTX_set_default_verify_paths) == 1);
    ErrorQueue.clear();
  }

  /**
   * What the trust store holds. Python: {@code SSLContext.cert_store_stats()}. OpenSSL: {@code
   * X509_STORE_get0_objects}
   */
  public CertStoreStats certStoreStats() {
    return context.ref.use(
        c -> {
          MemorySegment store = LibSsl.SSL_CTX_get_cert_store(c);
          LibCrypto.X509_STORE_lock(store);
          try {
            MemorySegment objects = LibCrypto.X509_STORE_get0_objects(store);
            int x509 = 0;
            int crl = 0;
            int ca = 0;
            for (int i = 0; i < Natives.stackSize(objects); i++) {
              MemorySegment o = Natives.stackValue(objects, i);
              int type = LibCrypto.X509_OBJECT_get_type(o);
              if (type == Constants.X509_LU_X509) {
                x509++;
                if (LibCrypto.X509_check_ca(LibCrypto.X509_OBJECT_get0_X509(o)) != 0) {
                  ca++;
                }
              } else if (type == Constants.X509_LU_CRL) {
                crl++;
              }
            }
            return new CertStoreStats(x509, crl, ca);
          } finally {
            LibCrypto.X509_STORE_unlock(store);
          }
        });
  }

  /**
   * The trusted CA certificates held in memory, decoded as {@code getpeercert()} decodes (a hashed
   * directory's certificates appear only after use).
   *
   * <p>Python: {@code SSLContext.get_ca_certs()}
   */
  public List<DecodedCertificate> getCaCerts() throws SslException {
    List<DecodedCertificate> out = new ArrayList<>();
    for (X509 x : caCertificates()) {
      try {
        out.add(x.decode());
      } catch (CertificateDecodeException e) {
        throw new SslException(0, e.getMessage(), null, null, e.errors());
      }
    }
    return out;
  }

  /**
   * The trusted CA certificates in DER. Python: {@code SSLContext.get_ca_certs(binary_form=True)}
   */
  public List<byte[]> getCaCertsDer() throws SslException {
    List<byte[]> out = new ArrayList<>();
    for (X509 x : caCertificates()) {
      try {
        out.add(x.toDer());
      } catch (org.jossl.crypto.CryptoException e) {
        throw new SslException(0, e.getMessage(), null, null, e.errors());
      }
    }
    return out;
  }

  private List<X509> caCertificates() {
    return context.ref.use(
        c -> {
          List<X509> out = new ArrayList<>();
          MemorySegment store = LibSsl.SSL_CTX_get_cert_store(c);
          LibCrypto.X509_STORE_lock(store);
          try {
            MemorySegment objects = LibCrypto.X509_STORE_get0_objects(store);
            for (int i = 0; i < Natives.stackSize(objects); i++) {
              MemorySegment o = Natives.stackValue(objects, i);
              if (LibCrypto.X509_OBJECT_get_type(o) == Constants.X509_LU_X509) {
                MemorySegment x = LibCrypto.X509_OBJECT_get0_X509(o);
                if (LibCrypto.X509_check_ca(x) != 0) {
                  out.add((X509) CryptoAccess.get().x509(x));
                }
              }
            }
          } finally {
            LibCrypto.X509_STORE_unlock(store);
          }
          return out;
        });
  }

  // ---- ciphers, groups, DH, ALPN

  /**
   * Sets the TLS 1.2-and-earlier cipher list (TLS 1.3 suites are not affected).
   *
   * <p>Python: {@code SSLContext.set_ciphers(ciphers)}. OpenSSL: {@code SSL_CTX_set_cipher_list}
   *
   * @throws SslException "No cipher can be selected." (a one-argument error, as in Python)
   */
  public void setCiphers(String ciphers) throws SslException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment list = Memory.cString(arena, ciphers);
      if (context.ref.use(c -> LibSsl.SSL_CTX_set_cipher_list(c, list)) != 1) {
        ErrorQueue.clear();
        throw new SslException("No cipher can be selected.");
      }
    }
  }

  /**
   * The enabled ciphers in priority order. Python: {@code SSLContext.get_ciphers()}. OpenSSL:
   * {@code SSL_get_ciphers}, {@code SSL_CIPHER_description}, …
   */
  public List<CipherDetails> getCiphers() {
    TlsEngine probe = TlsEngine.create(context, null, 0);
    if (probe == null) {
      ErrorQueue.clear();
      return List.of();
    }
    try {
      return probe.call(
          s -> {
            MemorySegment stack = LibSsl.SSL_get_ciphers(s);
            List<CipherDetails> out = new ArrayList<>();
            for (int i = 0; i < Natives.stackSize(stack); i++) {
              out.add(Ciphers.details(Natives.stackValue(stack, i)));
            }
            return out;
          });
    } finally {
      probe.close();
    }
  }

  /**
   * Uses one elliptic curve (or group) for key exchange.
   *
   * <p>Python: {@code SSLContext.set_ecdh_curve(name)}. OpenSSL: {@code OBJ_sn2nid}, {@code
   * SSL_CTX_set1_groups}
   *
   * @throws IllegalArgumentException "unknown elliptic curve name 'x'" for a name OpenSSL does not
   *     know
   * @throws SslException for a known name that is not a group OpenSSL can use
   */
  public void setEcdhCurve(String name) throws SslException {
    try (Arena arena = Arena.ofConfined()) {
      int nid = LibCrypto.OBJ_sn2nid(Memory.cString(arena, name));
      if (nid == Constants.NID_undef) {
        ErrorQueue.clear();
        throw new IllegalArgumentException(
            "unknown elliptic curve name " + SslException.pyRepr(name));
      }
      // as CPython 3.11 on OpenSSL 3: the group of that NID, or OpenSSL's error
      MemorySegment nids = arena.allocate(Binder.C_INT);
      nids.set(Binder.C_INT, 0, nid);
      Errors.check(
          context.ref.use(c -> LibSsl.SSL_CTX_ctrl(c, Constants.SSL_CTRL_SET_GROUPS, 1, nids))
              == 1);
    }
  }

  /**
   * Beyond Python: the key-exchange groups to offer or accept, in preference order, in OpenSSL's
   * list syntax ({@code "X25519:P-256"}), as {@code openssl s_client -groups} takes them.
   *
   * <p>OpenSSL: {@code SSL_CTX_set1_groups_list}
   *
   * @throws SslException if the list names no group OpenSSL knows
   */
  public void setGroups(String groups) throws SslException {
    Objects.requireNonNull(groups, "groups");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment g = Memory.cString(arena, groups);
      Errors.check(
          context.ref.use(c -> LibSsl.SSL_CTX_ctrl(c, Constants.SSL_CTRL_SET_GROUPS_LIST, 0, g))
              == 1);
    }
  }

  /**
   * Beyond Python: the TLS 1.3 cipher suites ({@code "TLS_AES_128_GCM_SHA256:..."}), which {@link
   * #setCiphers} does not change.
   *
   * <p>OpenSSL: {@code SSL_CTX_set_ciphersuites}
   *
   * @throws SslException if the list is malformed or names no suite
   */
  public void setCiphersuites(String ciphersuites) throws SslException {
    Objects.requireNonNull(ciphersuites, "ciphersuites");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment list = Memory.cString(arena, ciphersuites);
      Errors.check(context.ref.use(c -> LibSsl.SSL_CTX_set_ciphersuites(c, list)) == 1);
    }
  }

  /**
   * Loads finite-field Diffie-Hellman parameters for servers: the first {@code DH PARAMETERS} PEM
   * block of the file (other blocks are skipped, as Python's {@code PEM_read_DHparams} does).
   *
   * <p>Python: {@code SSLContext.load_dh_params(path)}. OpenSSL: {@code PEM_read_bio_DHparams},
   * {@code SSL_CTX_set_tmp_dh}
   *
   * @throws NoSuchFileException if the file does not exist (Python's {@code FileNotFoundError})
   */
  @SuppressWarnings("deprecation")
  public void loadDhParams(String path) throws IOException {
    requireFile(path);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment bio =
          LibCrypto.BIO_new_file(Memory.cString(arena, path), Memory.cString(arena, "rb"));
      Errors.check(!Memory.isNull(bio));
      MemorySegment dh;
      try {
        dh =
            LibCrypto.PEM_read_bio_DHparams(
                bio, MemorySegment.NULL, Passphrases.CALLBACK, MemorySegment.NULL);
      } finally {
        LibCrypto.BIO_free(bio);
      }
      Errors.check(!Memory.isNull(dh));
      try {
        // SSL_CTX_set_tmp_dh copies the parameters
        Errors.check(ctrl(Constants.SSL_CTRL_SET_TMP_DH, 0, dh) == 1);
      } finally {
        LibCrypto.DH_free(dh);
      }
    }
  }

  /**
   * The protocols offered with ALPN (client) or accepted, in preference order (server).
   *
   * <p>Python: {@code SSLContext.set_alpn_protocols(protocols)}. OpenSSL: {@code
   * SSL_CTX_set_alpn_protos}, {@code SSL_CTX_set_alpn_select_cb}
   *
   * @throws SslException "ALPN protocols must be 1 to 255 in length" (one-argument)
   */
  public void setAlpnProtocols(List<String> protocols) throws SslException {
    java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
    for (String p : protocols) {
      byte[] b = Ssl.asciiBytes(p);
      if (b.length == 0 || b.length > 255) {
        throw new SslException("ALPN protocols must be 1 to 255 in length");
      }
      wire.write(b.length);
      wire.writeBytes(b);
    }
    byte[] w = wire.toByteArray();
    this.alpnProtocols = w;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment seg = Memory.copy(arena, w);
      if (context.ref.use(c -> LibSsl.SSL_CTX_set_alpn_protos(c, seg, w.length)) != 0) {
        throw Errors.fromQueue();
      }
    }
    context.setAlpnSelect(this::selectAlpn);
  }

  /** Python's select callback: the server's first protocol the client also offers. */
  private byte[] selectAlpn(TlsEngine engine, List<byte[]> offered) {
    byte[] w = alpnProtocols;
    if (w == null) {
      return null;
    }
    for (int i = 0; i < w.length; ) {
      int n = w[i] & 0xff;
      byte[] mine = Arrays.copyOfRange(w, i + 1, i + 1 + n);
      for (byte[] theirs : offered) {
        if (Arrays.equals(mine, theirs)) {
          return mine;
        }
      }
      i += 1 + n;
    }
    return null;
  }

  /**
   * NPN is gone from Python with OpenSSL 3 ({@code HAS_NPN} is false).
   *
   * @throws UnsupportedOperationException always
   */
  public void setNpnProtocols(List<String> protocols) {
    throw new UnsupportedOperationException("NPN is not supported (ssl.HAS_NPN is False)");
  }

  // ---- SNI and key log

  /**
   * The server-side SNI callback (null removes it).
   *
   * <p>Python: {@code SSLContext.sni_callback = callback}
   *
   * @throws IllegalArgumentException on a {@code PROTOCOL_TLS_CLIENT} context
   */
  public void setSniCallback(SniCallback callback) {
    if (protocol == SslMethod.PROTOCOL_TLS_CLIENT && callback != null) {
      throw new IllegalArgumentException("sni_callback cannot be set on TLS_CLIENT context");
    }
    this.sniCallback = callback;
    context.setServerName(callback == null ? null : this::onServerName);
  }

  /** The SNI callback, or null. Python: {@code SSLContext.sni_callback} */
  public SniCallback getSniCallback() {
    return sniCallback;
  }

  /**
   * The legacy form of {@link #setSniCallback}: the callback gets the same arguments (the name as
   * an A-label, as CPython 3.11 passes it).
   *
   * <p>Python: {@code SSLContext.set_servername_callback(callback)}
   */
  public void setServernameCallback(SniCallback callback) {
    setSniCallback(callback);
  }

  private int onServerName(TlsEngine engine, String name) throws Exception {
    SniCallback cb = sniCallback;
    if (cb == null) {
      return TlsHandlers.ServerName.OK;
    }
    SslConnection connection = (SslConnection) engine.owner();
    AlertDescription alert = cb.serverName(connection, name, this);
    return alert == null ? TlsHandlers.ServerName.OK : alert.value();
  }

  /**
   * Appends NSS key log lines for every connection to this file (created if needed, with OpenSSL's
   * header line when new), as Python's {@code keylog_filename} does; null stops.
   *
   * <p>Python: {@code SSLContext.keylog_filename = path}. OpenSSL: {@code
   * SSL_CTX_set_keylog_callback}
   */
  public void setKeylogFilename(String path) throws IOException {
    // As Python: the old file is let go first, so a path that cannot be opened leaves none
    KeylogWriter old = keylogWriter;
    keylogFilename = null;
    keylogWriter = null;
    context.setKeylog(null);
    if (old != null) {
      old.close();
    }
    if (path != null) {
      KeylogWriter w = new KeylogWriter(Path.of(path));
      keylogFilename = path;
      keylogWriter = w;
      context.setKeylog((engine, line) -> w.write(line));
    }
  }

  /** The key log file, or null. Python: {@code SSLContext.keylog_filename} */
  public String getKeylogFilename() {
    return keylogFilename;
  }

  /** Appends key log lines to a file, one writer per context, lines never interleaved. */
  private static final class KeylogWriter {
    private final OutputStream out;

    KeylogWriter(Path file) throws IOException {
      try {
        out =
            Files.newOutputStream(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
      } catch (NoSuchFileException e) {
        // the JDK leaves these reasons out; Python's OSError carries the strerror text
        throw new NoSuchFileException(e.getFile(), null, "No such file or directory");
      } catch (AccessDeniedException e) {
        throw new AccessDeniedException(e.getFile(), null, "Permission denied");
      }
      boolean fresh = Files.size(file) == 0;
      if (fresh) {
        out.write(
            "# TLS secrets log file, generated by OpenSSL / Python\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    }

    synchronized void write(byte[] line) throws IOException {
      out.write(line);
      out.write('\n');
      out.flush();
    }

    synchronized void close() throws IOException {
      out.close();
    }
  }

  // ---- TLS-PSK

  /**
   * The TLS-PSK client callback (null removes it). The cipher list must allow PSK suites for TLS
   * 1.2 ({@code setCiphers("PSK")}).
   *
   * <p>Python: {@code SSLContext.set_psk_client_callback(callback)} (3.13). OpenSSL: {@code
   * SSL_CTX_set_psk_client_callback}
   *
   * @throws SslException on a {@code PROTOCOL_TLS_SERVER} context
   */
  public void setPskClientCallback(PskClientCallback callback) throws SslException {
    if (protocol == SslMethod.PROTOCOL_TLS_SERVER) {
      throw Errors.fixed("Cannot add PSK client callback to a PROTOCOL_TLS_SERVER context");
    }
    context.setPskClient(
        callback == null
            ? null
            : (engine, hint) -> {
              PskClientCallback.Psk psk = callback.psk(hint);
              if (psk == null) {
                return null;
              }
              byte[] identity =
                  psk.identity() == null
                      ? new byte[0]
                      : psk.identity().getBytes(StandardCharsets.UTF_8);
              return new byte[][] {identity, psk.key()};
            });
  }

  /**
   * The TLS-PSK server callback (null removes it) and the identity hint sent to clients.
   *
   * <p>Python: {@code SSLContext.set_psk_server_callback(callback, identity_hint=None)} (3.13).
   * OpenSSL: {@code SSL_CTX_set_psk_server_callback}, {@code SSL_CTX_use_psk_identity_hint}
   *
   * @throws SslException on a {@code PROTOCOL_TLS_CLIENT} context
   */
  public void setPskServerCallback(PskServerCallback callback, String identityHint)
      throws SslException {
    if (protocol == SslMethod.PROTOCOL_TLS_CLIENT) {
      throw Errors.fixed("Cannot add PSK server callback to a PROTOCOL_TLS_CLIENT context");
    }
    if (identityHint != null) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment hint = Memory.cString(arena, identityHint);
        if (context.ref.use(c -> LibSsl.SSL_CTX_use_psk_identity_hint(c, hint)) != 1) {
          ErrorQueue.clear();
          throw new IllegalArgumentException("failed to set identity hint");
        }
      }
    }
    context.setPskServer(callback == null ? null : (engine, identity) -> callback.psk(identity));
  }

  // ---- sessions

  /**
   * The session cache's counters. Python: {@code SSLContext.session_stats()}. OpenSSL: {@code
   * SSL_CTX_sess_number} and friends
   */
  public SessionStats sessionStats() {
    return new SessionStats(
        ctrl(Constants.SSL_CTRL_SESS_NUMBER, 0),
        ctrl(Constants.SSL_CTRL_SESS_CONNECT, 0),
        ctrl(Constants.SSL_CTRL_SESS_CONNECT_GOOD, 0),
        ctrl(Constants.SSL_CTRL_SESS_CONNECT_RENEGOTIATE, 0),
        ctrl(Constants.SSL_CTRL_SESS_ACCEPT, 0),
        ctrl(Constants.SSL_CTRL_SESS_ACCEPT_GOOD, 0),
        ctrl(Constants.SSL_CTRL_SESS_ACCEPT_RENEGOTIATE, 0),
        ctrl(Constants.SSL_CTRL_SESS_HIT, 0),
        ctrl(Constants.SSL_CTRL_SESS_MISSES, 0),
        ctrl(Constants.SSL_CTRL_SESS_TIMEOUTS, 0),
        ctrl(Constants.SSL_CTRL_SESS_CACHE_FULL, 0));
  }

  // ---- wrapping

  /**
   * Wraps a connected (or to be connected) socket as a client, without a server name (so without
   * host name checking: with {@code check_hostname} on this fails).
   *
   * <p>Python: {@code SSLContext.wrap_socket(sock)}
   */
  public SslSocket wrapSocket(Socket socket) throws IOException {
    return wrapSocket(socket, WrapOptions.defaults());
  }

  /**
   * Wraps a socket as a client of {@code serverHostname} (sent as SNI unless it is an IP address,
   * and checked against the certificate when {@link #isCheckHostname()}).
   *
   * <p>Python: {@code SSLContext.wrap_socket(sock, server_hostname=host)}
   */
  public SslSocket wrapSocket(Socket socket, String serverHostname) throws IOException {
    return wrapSocket(socket, WrapOptions.defaults().withServerHostname(serverHostname));
  }

  /**
   * Wraps a socket with Python's keyword arguments.
   *
   * <p>Python: {@code SSLContext.wrap_socket(sock, server_side, do_handshake_on_connect,
   * suppress_ragged_eofs, server_hostname, session)}
   */
  public SslSocket wrapSocket(Socket socket, WrapOptions options) throws IOException {
    return SslSocket.create(this, socket, null, options);
  }

  /** Wraps a {@link SocketChannel} (blocking or not). */
  public SslSocket wrapSocket(SocketChannel channel, WrapOptions options) throws IOException {
    return SslSocket.create(this, channel.socket(), channel, options);
  }

  /**
   * A TLS connection over two memory BIOs: the application moves the bytes (Python's sans-I/O API).
   *
   * <p>Python: {@code SSLContext.wrap_bio(incoming, outgoing, server_side=False,
   * server_hostname=None, session=None)}
   */
  public SslObject wrapBio(MemoryBio incoming, MemoryBio outgoing, WrapOptions options)
      throws SslException {
    return SslObject.create(this, incoming, outgoing, options);
  }

  /** A client {@link SslObject} for {@code serverHostname}. */
  public SslObject wrapBio(MemoryBio incoming, MemoryBio outgoing, String serverHostname)
      throws SslException {
    return wrapBio(incoming, outgoing, WrapOptions.defaults().withServerHostname(serverHostname));
  }

  /** Frees the native context once no connection uses it (else the garbage collector does). */
  @Override
  public void close() {
    context.close();
    KeylogWriter w = keylogWriter;
    if (w != null) {
      try {
        w.close();
      } catch (IOException e) {
        // nothing more to write
      }
    }
  }
}
