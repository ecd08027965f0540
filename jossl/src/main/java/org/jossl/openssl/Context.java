package org.jossl.openssl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jossl.crypto.CryptoException;
import org.jossl.crypto.OpenSslError;
import org.jossl.crypto.PKey;
import org.jossl.crypto.X509;
import org.jossl.crypto.X509Name;
import org.jossl.crypto.X509Store;
import org.jossl.internal.CryptoAccess;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.NativeContext;
import org.jossl.internal.Natives;
import org.jossl.internal.Passphrases;
import org.jossl.internal.TlsEngine;
import org.jossl.internal.ffi.Binder;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.LibSsl;
import org.jossl.internal.ffi.Memory;
import org.jossl.internal.ffi.Upcalls;

/**
 * The configuration shared by connections; pyOpenSSL's {@code OpenSSL.SSL.Context}, over OpenSSL's
 * {@code SSL_CTX}.
 *
 * <p>As in current pyOpenSSL, a context cannot be changed once a {@link Connection} was made from
 * it: every setter then throws {@link IllegalStateException} ("Context has already been used to
 * create a Connection, it cannot be mutated again"), so connections never see a context change
 * under them. Getters and {@link #checkPrivatekey()} stay available.
 *
 * <p>The defaults are OpenSSL's, plus what pyOpenSSL adds: partial writes and moving write buffers
 * ({@code SSL_MODE_ENABLE_PARTIAL_WRITE}, {@code SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER}).
 */
public final class Context implements AutoCloseable {
  /** Certificate verification; the result overrides OpenSSL's verdict. */
  @FunctionalInterface
  public interface VerifyCallback {
    /**
     * @param errno OpenSSL's verify error for this certificate ({@code X509_V_*}; 0 if fine)
     * @param depth the certificate's depth in the chain (0 is the peer's own)
     * @param ok OpenSSL's verdict (1 or 0)
     * @return true to accept the certificate (also overriding a failure), false to reject it
     */
    boolean verify(Connection connection, X509 certificate, int errno, int depth, int ok)
        throws Exception;
  }

  /** The handshake's state changes: {@code where} is a bit mask of {@code SSL_CB_*}. */
  @FunctionalInterface
  public interface InfoCallback {
    /** Called for each state change. */
    void info(Connection connection, int where, int ret) throws Exception;
  }

  /** A server learned the name the client asked for (SNI): see {@link Connection#getServername}. */
  @FunctionalInterface
  public interface ServerNameCallback {
    /** Called during the handshake; may switch the connection's context. */
    void serverName(Connection connection) throws Exception;
  }

  /**
   * ALPN on a server: one of the offered protocols, or {@link OpenSsl#NO_OVERLAPPING_PROTOCOLS}.
   */
  @FunctionalInterface
  public interface AlpnSelectCallback {
    /** Chooses the protocol. */
    byte[] select(Connection connection, List<byte[]> offered) throws Exception;
  }

  /** One NSS key log line (without newline), for Wireshark and friends. */
  @FunctionalInterface
  public interface KeylogCallback {
    /** Called for each secret. */
    void keylog(Connection connection, byte[] line) throws Exception;
  }

  /** OCSP stapling on a server: the DER OCSP response to staple (empty: none). */
  @FunctionalInterface
  public interface OcspServerCallback {
    /** Produces the response. */
    byte[] response(Connection connection, Object data) throws Exception;
  }

  /** OCSP stapling on a client: whether the stapled response (empty if none) is acceptable. */
  @FunctionalInterface
  public interface OcspClientCallback {
    /** Judges the response. */
    boolean accept(Connection connection, byte[] ocsp, Object data) throws Exception;
  }

  /** The passphrase of an encrypted key file (truncated to {@code maxLength} bytes). */
  @FunctionalInterface
  public interface PasswordCallback {
    /** Returns the passphrase. */
    byte[] passphrase(int maxLength, boolean verify, Object userdata) throws Exception;
  }

  /** DTLS: the cookie a server sends in its HelloVerifyRequest (at most 255 bytes). */
  @FunctionalInterface
  public interface CookieGenerateCallback {
    /** Produces the cookie. */
    byte[] cookie(Connection connection) throws Exception;
  }

  /** DTLS: whether a client's cookie is one this server issued. */
  @FunctionalInterface
  public interface CookieVerifyCallback {
    /** Checks the cookie. */
    boolean verify(Connection connection, byte[] cookie) throws Exception;
  }

  final NativeContext context;
  private final int method;
  private volatile boolean used;
  private volatile Object appData;
  private volatile PasswordCallback passwordCallback;
  private volatile Object passwordUserdata;
  private volatile VerifyCallback verifyCallback;
  private volatile ServerNameCallback serverNameCallback;

  /**
   * A context for {@code method} ({@link OpenSsl#TLS_METHOD}, {@link OpenSsl#TLS_CLIENT_METHOD},
   * …). The fixed-version methods ({@code TLSv1_2_METHOD} etc.) are {@code TLS_method} limited to
   * that version, as pyOpenSSL makes them.
   *
   * <p>Python: {@code Context(method)}. OpenSSL: {@code SSL_CTX_new}
   *
   * @throws IllegalArgumentException "No such protocol" for an unknown method, and for {@link
   *     OpenSsl#SSLv2_METHOD} and {@link OpenSsl#SSLv3_METHOD}, which OpenSSL 3 does not have
   */
  public Context(int method) throws OpenSslException {
    MemorySegment m;
    int version = 0;
    switch (method) {
      case OpenSsl.SSLv23_METHOD, OpenSsl.TLS_METHOD -> m = LibSsl.TLS_method();
      case OpenSsl.TLSv1_METHOD -> {
        m = LibSsl.TLS_method();
        version = Constants.TLS1_VERSION;
      }
      case OpenSsl.TLSv1_1_METHOD -> {
        m = LibSsl.TLS_method();
        version = Constants.TLS1_1_VERSION;
      }
      case OpenSsl.TLSv1_2_METHOD -> {
        m = LibSsl.TLS_method();
        version = Constants.TLS1_2_VERSION;
      }
      case OpenSsl.TLS_SERVER_METHOD -> m = LibSsl.TLS_server_method();
      case OpenSsl.TLS_CLIENT_METHOD -> m = LibSsl.TLS_client_method();
      case OpenSsl.DTLS_METHOD -> m = LibSsl.DTLS_method();
      case OpenSsl.DTLS_SERVER_METHOD -> m = LibSsl.DTLS_server_method();
      case OpenSsl.DTLS_CLIENT_METHOD -> m = LibSsl.DTLS_client_method();
      case OpenSsl.SSLv2_METHOD, OpenSsl.SSLv3_METHOD ->
          throw new IllegalArgumentException(
              "No such protocol: "
                  + (method == OpenSsl.SSLv2_METHOD ? "SSLv2" : "SSLv3")
                  + "_METHOD is not supported (OpenSSL 3 has no SSLv2 or SSLv3)");
      default -> throw new IllegalArgumentException("No such protocol: " + method);
    }
    NativeContext c = NativeContext.create(m);
    if (c == null) {
      throw Errors.fromQueue();
    }
    this.context = c;
    this.method = method;
    c.ref.use(
        ctx -> {
          LibSsl.SSL_CTX_ctrl(
              ctx,
              Constants.SSL_CTRL_MODE,
              Constants.SSL_MODE_ENABLE_PARTIAL_WRITE
                  | Constants.SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER,
              MemorySegment.NULL);
          return null;
        });
    if (version != 0) {
      setMinProtoVersion(version);
      setMaxProtoVersion(version);
    }
  }

  /** The method this context was made with. */
  public int method() {
    return method;
  }

  /** Marks the context as used by a connection (no more changes) and makes the engine. */
  TlsEngine newEngine(Boolean server) throws OpenSslException {
    used = true;
    TlsEngine engine = TlsEngine.create(context, server, Constants.SSL_MODE_AUTO_RETRY);
    if (engine == null) {
      throw Errors.fromQueue();
    }
    return engine;
  }

  private void requireNotUsed() {
    if (used) {
      throw new IllegalStateException(
          "Context has already been used to create a Connection, it cannot be mutated again");
    }
  }

  private interface CtxCall<T> {
    T apply(MemorySegment ctx) throws OpenSslException;
  }

  private <T> T withCtx(CtxCall<T> call) throws OpenSslException {
    return context.ref.use(call::apply);
  }

  private long ctrl(int cmd, long larg, MemorySegment parg) {
    return context.ref.use(c -> LibSsl.SSL_CTX_ctrl(c, cmd, larg, parg));
  }

  // ---- protocol versions, options, modes

  /**
   * The lowest protocol version allowed ({@link OpenSsl#TLS1_2_VERSION}, …; 0 for the library's
   * lowest).
   *
   * <p>Python: {@code Context.set_min_proto_version(version)}. OpenSSL: {@code
   * SSL_CTX_set_min_proto_version}
   */
  public void setMinProtoVersion(int version) throws OpenSslException {
    requireNotUsed();
    Errors.check(ctrl(Constants.SSL_CTRL_SET_MIN_PROTO_VERSION, version, MemorySegment.NULL) == 1);
  }

  /**
   * The highest protocol version allowed (0 for the library's highest). Python: {@code
   * set_max_proto_version}
   */
  public void setMaxProtoVersion(int version) throws OpenSslException {
    requireNotUsed();
    Errors.check(ctrl(Constants.SSL_CTRL_SET_MAX_PROTO_VERSION, version, MemorySegment.NULL) == 1);
  }

  /**
   * The lowest protocol version allowed (0: the library's lowest). OpenSSL: {@code
   * SSL_CTX_get_min_proto_version}
   */
  public int getMinProtoVersion() {
    return (int) ctrl(Constants.SSL_CTRL_GET_MIN_PROTO_VERSION, 0, MemorySegment.NULL);
  }

  /** The highest protocol version allowed (0: the library's highest). */
  public int getMaxProtoVersion() {
    return (int) ctrl(Constants.SSL_CTRL_GET_MAX_PROTO_VERSION, 0, MemorySegment.NULL);
  }

  /**
   * Adds options ({@link OpenSsl#OP_NO_TICKET}, …); options set before stay set. Returns the new
   * option mask.
   *
   * <p>Python: {@code Context.set_options(options)}. OpenSSL: {@code SSL_CTX_set_options}
   */
  public long setOptions(long options) {
    requireNotUsed();
    return context.ref.use(c -> LibSsl.SSL_CTX_set_options(c, options));
  }

  /** The option mask. OpenSSL: {@code SSL_CTX_get_options} */
  public long getOptions() {
    return context.ref.use(LibSsl::SSL_CTX_get_options);
  }

  /** Clears options; returns the new mask. OpenSSL: {@code SSL_CTX_clear_options} */
  public long clearOptions(long options) {
    requireNotUsed();
    return context.ref.use(c -> LibSsl.SSL_CTX_clear_options(c, options));
  }

  /**
   * Adds mode bits ({@link OpenSsl#MODE_RELEASE_BUFFERS}, …); returns the new mode.
   *
   * <p>Python: {@code Context.set_mode(mode)}. OpenSSL: {@code SSL_CTX_set_mode}
   */
  public long setMode(long mode) {
    requireNotUsed();
    return ctrl(Constants.SSL_CTRL_MODE, mode, MemorySegment.NULL);
  }

  /** Clears mode bits; returns the new mode. Python: {@code Context.clear_mode(mode)} */
  public long clearMode(long mode) {
    requireNotUsed();
    return ctrl(Constants.SSL_CTRL_CLEAR_MODE, mode, MemorySegment.NULL);
  }

  /** The mode bits. OpenSSL: {@code SSL_CTX_get_mode} */
  public long getMode() {
    return ctrl(Constants.SSL_CTRL_MODE, 0, MemorySegment.NULL);
  }

  // ---- verification and trust

  /**
   * Sets the verify mode ({@link OpenSsl#VERIFY_PEER}, …) and an optional callback whose verdict
   * replaces OpenSSL's for each certificate (true also overrides a failure, as in pyOpenSSL).
   *
   * <p>Python: {@code Context.set_verify(mode, callback=None)}. OpenSSL: {@code SSL_CTX_set_verify}
   */
  public void setVerify(int mode, VerifyCallback callback) {
    requireNotUsed();
    this.verifyCallback = callback;
    context.setVerify(mode, callback == null ? null : verifyHandler(callback));
  }

  static org.jossl.internal.TlsHandlers.Verify verifyHandler(VerifyCallback callback) {
    return (engine, cert, error, depth, ok) ->
        callback.verify(
            Connection.of(engine), (X509) CryptoAccess.get().x509(cert), error, depth, ok ? 1 : 0);
  }

  /** Sets the verify mode, keeping OpenSSL's own verification. */
  public void setVerify(int mode) {
    setVerify(mode, null);
  }

  /** The verify mode. Python: {@code Context.get_verify_mode()} */
  public int getVerifyMode() {
    return context.ref.use(LibSsl::SSL_CTX_get_verify_mode);
  }

  /** The verify callback, or null. */
  public VerifyCallback getVerifyCallback() {
    return verifyCallback;
  }

  /** The maximum chain depth. Python: {@code Context.set_verify_depth(depth)} */
  public void setVerifyDepth(int depth) {
    requireNotUsed();
    context.ref.use(
        c -> {
          LibSsl.SSL_CTX_set_verify_depth(c, depth);
          return null;
        });
  }

  /** The maximum chain depth (-1: OpenSSL's default, 100). Python: {@code get_verify_depth()} */
  public int getVerifyDepth() {
    return context.ref.use(LibSsl::SSL_CTX_get_verify_depth);
  }

  /**
   * Trusts the certificates (and CRLs) of a PEM file and/or a hashed directory.
   *
   * <p>Python: {@code Context.load_verify_locations(cafile, capath=None)}. OpenSSL: {@code
   * SSL_CTX_load_verify_locations}
   */
  public void loadVerifyLocations(String cafile, String capath) throws OpenSslException {
    requireNotUsed();
    if (cafile == null && capath == null) {
      throw new IllegalArgumentException("cafile and capath cannot be both null");
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment f = cafile == null ? MemorySegment.NULL : Memory.cString(arena, cafile);
      MemorySegment d = capath == null ? MemorySegment.NULL : Memory.cString(arena, capath);
      Errors.check(withCtx(c -> LibSsl.SSL_CTX_load_verify_locations(c, f, d)) == 1);
    }
  }

  /** As {@link #loadVerifyLocations(String, String)} with a file only. */
  public void loadVerifyLocations(String cafile) throws OpenSslException {
    loadVerifyLocations(cafile, null);
  }

  /**
   * Trusts OpenSSL's default locations ({@code SSL_CERT_FILE}/{@code SSL_CERT_DIR} or the built-in
   * paths).
   *
   * <p>Python: {@code Context.set_default_verify_paths()}. OpenSSL: {@code
   * SSL_CTX_set_default_verify_paths}
   */
  public void setDefaultVerifyPaths() throws OpenSslException {
    requireNotUsed();
    Errors.check(withCtx(LibSsl::SSL_CTX_set_default_verify_paths) == 1);
    ErrorQueue.clear();
  }

  /**
   * The context's trust store, shared: certificates and CRLs added to it are trusted by this
   * context.
   *
   * <p>Python: {@code Context.get_cert_store()}. OpenSSL: {@code SSL_CTX_get_cert_store}
   */
  public X509Store getCertStore() {
    return context.ref.use(
        c -> {
          MemorySegment store = LibSsl.SSL_CTX_get_cert_store(c);
          return Memory.isNull(store) ? null : (X509Store) CryptoAccess.get().store(store);
        });
  }

  // ---- own certificate and key

  /**
   * Uses {@code certificate} as this end's certificate.
   *
   * <p>Python: {@code Context.use_certificate(cert)}. OpenSSL: {@code SSL_CTX_use_certificate}
   */
  public void useCertificate(X509 certificate) throws OpenSslException {
    requireNotUsed();
    Objects.requireNonNull(certificate, "certificate");
    Errors.check(
        withCtx(c -> x509Ref(certificate).use(x -> LibSsl.SSL_CTX_use_certificate(c, x))) == 1);
  }

  /** Uses a {@code java.security} certificate as this end's certificate. */
  public void useCertificate(X509Certificate certificate) throws OpenSslException {
    useCertificate(fromJava(certificate));
  }

  /**
   * Uses the first certificate of a file.
   *
   * <p>Python: {@code Context.use_certificate_file(certfile, filetype=FILETYPE_PEM)}. OpenSSL:
   * {@code SSL_CTX_use_certificate_file}
   *
   * @param filetype {@link OpenSsl#FILETYPE_PEM} or {@link OpenSsl#FILETYPE_ASN1}
   */
  public void useCertificateFile(String certfile, int filetype) throws OpenSslException {
    requireNotUsed();
    checkFiletype(filetype);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment f = Memory.cString(arena, certfile);
      // an encrypted PEM block makes OpenSSL ask the context's (refusing) passphrase upcall
      Upcalls.ensureDeepStack();
      Errors.check(withCtx(c -> LibSsl.SSL_CTX_use_certificate_file(c, f, filetype)) == 1);
    }
  }

  /** As {@link #useCertificateFile(String, int)} for a PEM file. */
  public void useCertificateFile(String certfile) throws OpenSslException {
    useCertificateFile(certfile, OpenSsl.FILETYPE_PEM);
  }

  /**
   * Uses a PEM file's first certificate as this end's and the rest as its chain.
   *
   * <p>Python: {@code Context.use_certificate_chain_file(certfile)}. OpenSSL: {@code
   * SSL_CTX_use_certificate_chain_file}
   */
  public void useCertificateChainFile(String certfile) throws OpenSslException {
    requireNotUsed();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment f = Memory.cString(arena, certfile);
      // an encrypted PEM block makes OpenSSL ask the context's (refusing) passphrase upcall
      Upcalls.ensureDeepStack();
      Errors.check(withCtx(c -> LibSsl.SSL_CTX_use_certificate_chain_file(c, f)) == 1);
    }
  }

  /**
   * Adds a certificate to the chain sent after this end's certificate.
   *
   * <p>Python: {@code Context.add_extra_chain_cert(certobj)}. OpenSSL: {@code
   * SSL_CTX_add_extra_chain_cert}
   */
  public void addExtraChainCert(X509 certificate) throws OpenSslException {
    requireNotUsed();
    MemorySegment copy = x509Ref(certificate).use(LibCrypto::X509_dup);
    Errors.check(!Memory.isNull(copy));
    long ok = ctrl(Constants.SSL_CTRL_EXTRA_CHAIN_CERT, 0, copy);
    if (ok != 1) {
      LibCrypto.X509_free(copy);
      throw Errors.fromQueue();
    }
  }

  /**
   * Uses {@code key} as this end's private key.
   *
   * <p>Python: {@code Context.use_privatekey(pkey)}. OpenSSL: {@code SSL_CTX_use_PrivateKey}
   */
  public void usePrivatekey(PKey key) throws OpenSslException {
    requireNotUsed();
    Objects.requireNonNull(key, "key");
    Errors.check(withCtx(c -> pkeyRef(key).use(k -> LibSsl.SSL_CTX_use_PrivateKey(c, k))) == 1);
  }

  /** Uses a {@code java.security} private key. */
  public void usePrivatekey(PrivateKey key) throws OpenSslException {
    try {
      usePrivatekey(PKey.fromJava(key));
    } catch (CryptoException e) {
      throw new OpenSslException(e.errors());
    }
  }

  /**
   * Uses the private key in a file, asking the {@link #setPasswdCb password callback} if it is
   * encrypted (without one, an encrypted key fails to load; OpenSSL never prompts).
   *
   * <p>Python: {@code Context.use_privatekey_file(keyfile, filetype=FILETYPE_PEM)}. OpenSSL: {@code
   * SSL_CTX_use_PrivateKey_file}
   */
  public void usePrivatekeyFile(String keyfile, int filetype) throws OpenSslException {
    requireNotUsed();
    checkFiletype(filetype);
    Passphrases.Outcome outcome = new Passphrases.Outcome();
    int ok;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment f = Memory.cString(arena, keyfile);
      ok =
          Passphrases.with(
              passphraseSource(),
              true,
              outcome,
              () -> context.ref.use(c -> LibSsl.SSL_CTX_use_PrivateKey_file(c, f, filetype)));
    }
    if (ok != 1) {
      if (outcome.failure != null) {
        Errors.rethrow(outcome.failure);
      }
      throw Errors.fromQueue();
    }
  }

  /** As {@link #usePrivatekeyFile(String, int)} for a PEM file. */
  public void usePrivatekeyFile(String keyfile) throws OpenSslException {
    usePrivatekeyFile(keyfile, OpenSsl.FILETYPE_PEM);
  }

  Passphrases.Source passphraseSource() {
    PasswordCallback cb = passwordCallback;
    Object userdata = passwordUserdata;
    if (cb == null) {
      return null;
    }
    return (max, forWriting) -> {
      byte[] p = cb.passphrase(max, forWriting, userdata);
      if (p == null) {
        throw new IllegalArgumentException("Bytes expected");
      }
      return p.clone();
    };
  }

  /**
   * Checks that the private key matches the certificate.
   *
   * <p>Python: {@code Context.check_privatekey()}. OpenSSL: {@code SSL_CTX_check_private_key}
   */
  public void checkPrivatekey() throws OpenSslException {
    Errors.check(withCtx(LibSsl::SSL_CTX_check_private_key) == 1);
  }

  /**
   * Sets the callback asked for the passphrase of encrypted key files, and its userdata.
   *
   * <p>Python: {@code Context.set_passwd_cb(callback, userdata=None)}. OpenSSL: {@code
   * SSL_CTX_set_default_passwd_cb}
   */
  public void setPasswdCb(PasswordCallback callback, Object userdata) {
    requireNotUsed();
    this.passwordCallback = callback;
    this.passwordUserdata = userdata;
  }

  // ---- client CA names (sent in a CertificateRequest)

  /**
   * Sends the subjects of the certificates in a PEM file as the acceptable client CAs (each name
   * once). As OpenSSL's {@code SSL_load_client_CA_file}, reading stops at the first block that is
   * not a readable certificate; it fails only if no certificate was read. An encrypted block is
   * never decrypted: where OpenSSL would prompt for its passphrase on the terminal, it stops there.
   *
   * <p>Python: {@code Context.load_client_ca(cafile)}. OpenSSL: {@code SSL_load_client_CA_file}
   * (done here with {@code PEM_read_bio_X509} and a refusing passphrase callback)
   */
  public void loadClientCa(String cafile) throws OpenSslException {
    requireNotUsed();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment file = Memory.cString(arena, cafile);
      // read under the context's use, so a closed context fails first and leaks nothing
      withCtx(
          c -> {
            MemorySegment names =
                Passphrases.with(null, false, new Passphrases.Outcome(), () -> clientCaNames(file));
            Errors.check(!Memory.isNull(names));
            LibSsl.SSL_CTX_set_client_CA_list(c, names); // takes the stack
            return null;
          });
    }
  }

  /**
   * {@code SSL_load_client_CA_file} step by step, but with jossl's passphrase callback (run under
   * {@link Passphrases#with} without a source: it refuses) where OpenSSL passes none and so would
   * prompt on the terminal for an encrypted block: the subjects of the file's certificates without
   * duplicates, or NULL (errors queued) if there is none. The same calls make the same errors: the
   * file opened by {@code BIO_read_filename}, the queue cleared when names were found.
   */
  private static MemorySegment clientCaNames(MemorySegment file) {
    MemorySegment bio = LibCrypto.BIO_new(LibCrypto.BIO_s_file());
    if (Memory.isNull(bio)) {
      return MemorySegment.NULL;
    }
    MemorySegment names = MemorySegment.NULL;
    try {
      long opened =
          LibCrypto.BIO_ctrl(
              bio, Constants.BIO_C_SET_FILENAME, Constants.BIO_CLOSE | Constants.BIO_FP_READ, file);
      if (opened <= 0) {
        return MemorySegment.NULL;
      }
      while (true) {
        MemorySegment x =
            LibCrypto.PEM_read_bio_X509(
                bio, MemorySegment.NULL, Passphrases.CALLBACK, MemorySegment.NULL);
        if (Memory.isNull(x)) {
          break;
        }
        try {
          if (Memory.isNull(names)) {
            names = LibCrypto.OPENSSL_sk_new_null();
            if (Memory.isNull(names)) {
              return MemorySegment.NULL;
            }
          }
          MemorySegment subject = LibCrypto.X509_get_subject_name(x);
          if (!containsName(names, subject)) {
            MemorySegment copy = LibCrypto.X509_NAME_dup(subject);
            if (Memory.isNull(copy) || LibCrypto.OPENSSL_sk_push(names, copy) <= 0) {
              LibCrypto.X509_NAME_free(copy);
              LibCrypto.OPENSSL_sk_pop_free(names, Binder.address("X509_NAME_free"));
              return MemorySegment.NULL;
            }
          }
        } finally {
          LibCrypto.X509_free(x);
        }
      }
      if (!Memory.isNull(names)) {
        ErrorQueue.clear();
      }
      return names;
    } finally {
      LibCrypto.BIO_free(bio);
    }
  }

  private static boolean containsName(MemorySegment names, MemorySegment name) {
    for (int i = 0; i < Natives.stackSize(names); i++) {
      if (LibCrypto.X509_NAME_cmp(Natives.stackValue(names, i), name) == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Sends these names as the acceptable client CAs.
   *
   * <p>Python: {@code Context.set_client_ca_list(certificate_authorities)}. OpenSSL: {@code
   * SSL_CTX_set_client_CA_list}
   */
  public void setClientCaList(List<X509Name> certificateAuthorities) throws OpenSslException {
    requireNotUsed();
    MemorySegment stack = LibCrypto.OPENSSL_sk_new_null();
    Errors.check(!Memory.isNull(stack));
    try {
      for (X509Name name : certificateAuthorities) {
        MemorySegment copy = CryptoAccess.get().nameRef(name).use(LibCrypto::X509_NAME_dup);
        Errors.check(!Memory.isNull(copy));
        if (LibCrypto.OPENSSL_sk_push(stack, copy) <= 0) {
          LibCrypto.X509_NAME_free(copy);
          throw Errors.fromQueue();
        }
      }
    } catch (OpenSslException | RuntimeException e) {
      LibCrypto.OPENSSL_sk_pop_free(stack, Binder.address("X509_NAME_free"));
      throw e;
    }
    context.ref.use(
        c -> {
          LibSsl.SSL_CTX_set_client_CA_list(c, stack);
          return null;
        });
  }

  /**
   * Adds a certificate's subject to the acceptable client CAs.
   *
   * <p>Python: {@code Context.add_client_ca(certificate_authority)}. OpenSSL: {@code
   * SSL_CTX_add_client_CA}
   */
  public void addClientCa(X509 certificateAuthority) throws OpenSslException {
    requireNotUsed();
    Errors.check(
        withCtx(c -> x509Ref(certificateAuthority).use(x -> LibSsl.SSL_CTX_add_client_CA(c, x)))
            == 1);
  }

  // ---- key exchange and ciphers

  /**
   * Loads finite-field Diffie-Hellman parameters (the first {@code DH PARAMETERS} PEM block of the
   * file) for the DHE cipher suites of a server. As in pyOpenSSL, a file without such a block fails
   * with the reading errors and OpenSSL's "passed a null parameter". An encrypted block is never
   * decrypted (OpenSSL would prompt for its passphrase on the terminal).
   *
   * <p>Python: {@code Context.load_tmp_dh(dhfile)}. OpenSSL: {@code PEM_read_bio_DHparams}, {@code
   * SSL_CTX_set_tmp_dh}
   */
  @SuppressWarnings("deprecation")
  public void loadTmpDh(String dhfile) throws OpenSslException {
    requireNotUsed();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment file = Memory.cString(arena, dhfile);
      MemorySegment mode = Memory.cString(arena, "r");
      // read under the context's use, so a closed context fails first and leaks nothing
      withCtx(
          c -> {
            MemorySegment bio = LibCrypto.BIO_new_file(file, mode);
            Errors.check(!Memory.isNull(bio));
            MemorySegment dh;
            try {
              dh =
                  Passphrases.with(
                      null,
                      false,
                      new Passphrases.Outcome(),
                      () ->
                          LibCrypto.PEM_read_bio_DHparams(
                              bio, MemorySegment.NULL, Passphrases.CALLBACK, MemorySegment.NULL));
            } finally {
              LibCrypto.BIO_free(bio);
            }
            try {
              // copies the parameters; NULL (nothing read) adds OpenSSL's own error, as pyOpenSSL
              Errors.check(LibSsl.SSL_CTX_ctrl(c, Constants.SSL_CTRL_SET_TMP_DH, 0, dh) == 1);
            } finally {
              if (!Memory.isNull(dh)) {
                LibCrypto.DH_free(dh);
              }
            }
            return null;
          });
    }
  }

  /**
   * Uses one elliptic curve for key exchange ("prime256v1", "secp384r1", "X25519", …).
   *
   * <p>Python: {@code Context.set_tmp_ecdh(curve)}. OpenSSL: {@code SSL_CTX_set1_groups_list}
   */
  public void setTmpEcdh(String curve) throws OpenSslException {
    setGroups(curve);
  }

  /**
   * The key-exchange groups to offer, in preference order ("X25519:P-256").
   *
   * <p>OpenSSL: {@code SSL_CTX_set1_groups_list}
   */
  public void setGroups(String groups) throws OpenSslException {
    requireNotUsed();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment g = Memory.cString(arena, groups);
      Errors.check(ctrl(Constants.SSL_CTRL_SET_GROUPS_LIST, 0, g) == 1);
    }
  }

  /**
   * The TLS 1.2-and-earlier cipher list, in OpenSSL's syntax. As pyOpenSSL does, a list that leaves
   * only the TLS 1.3 suites is refused with OpenSSL's "no cipher match".
   *
   * <p>Python: {@code Context.set_cipher_list(cipher_list)}. OpenSSL: {@code
   * SSL_CTX_set_cipher_list}
   */
  public void setCipherList(String cipherList) throws OpenSslException {
    requireNotUsed();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment list = Memory.cString(arena, cipherList);
      Errors.check(withCtx(c -> LibSsl.SSL_CTX_set_cipher_list(c, list)) == 1);
    }
    boolean onlyTls13 =
        context.ref.use(
            c -> {
              MemorySegment ciphers = LibSsl.SSL_CTX_get_ciphers(c);
              for (int i = 0; i < Natives.stackSize(ciphers); i++) {
                String v =
                    Memory.cString(LibSsl.SSL_CIPHER_get_version(Natives.stackValue(ciphers, i)));
                if (!"TLSv1.3".equals(v)) {
                  return false;
                }
              }
              return true;
            });
    if (onlyTls13) {
      // pyOpenSSL raises this error itself, naming the function (OpenSSL 3's own entries never do)
      long code = ((long) Constants.ERR_LIB_SSL << 23) | Constants.SSL_R_NO_CIPHER_MATCH;
      throw new OpenSslException(
          "[('SSL routines', 'SSL_CTX_set_cipher_list', 'no cipher match')]",
          Errors.convert(
              List.of(ErrorQueue.entry(code, null, 0, "SSL_CTX_set_cipher_list", null))));
    }
  }

  /**
   * The TLS 1.3 cipher suites ("TLS_AES_128_GCM_SHA256:…").
   *
   * <p>Python: {@code Context.set_tls13_ciphersuites(ciphersuites)}. OpenSSL: {@code
   * SSL_CTX_set_ciphersuites}
   */
  public void setTls13Ciphersuites(String ciphersuites) throws OpenSslException {
    requireNotUsed();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment list = Memory.cString(arena, ciphersuites);
      Errors.check(withCtx(c -> LibSsl.SSL_CTX_set_ciphersuites(c, list)) == 1);
    }
  }

  // ---- sessions

  /**
   * The session-ID context, which server-side resumption needs when client certificates are
   * verified (at most 32 bytes).
   *
   * <p>Python: {@code Context.set_session_id(buf)}. OpenSSL: {@code SSL_CTX_set_session_id_context}
   */
  public void setSessionId(byte[] buf) throws OpenSslException {
    requireNotUsed();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment b = Memory.copy(arena, buf);
      Errors.check(withCtx(c -> LibSsl.SSL_CTX_set_session_id_context(c, b, buf.length)) == 1);
    }
  }

  /**
   * The session cache mode ({@link OpenSsl#SESS_CACHE_SERVER}, …); returns the previous mode.
   *
   * <p>Python: {@code Context.set_session_cache_mode(mode)}. OpenSSL: {@code
   * SSL_CTX_set_session_cache_mode}
   */
  public long setSessionCacheMode(long mode) {
    requireNotUsed();
    return ctrl(Constants.SSL_CTRL_SET_SESS_CACHE_MODE, mode, MemorySegment.NULL);
  }

  /** The session cache mode. Python: {@code Context.get_session_cache_mode()} */
  public long getSessionCacheMode() {
    return ctrl(Constants.SSL_CTRL_GET_SESS_CACHE_MODE, 0, MemorySegment.NULL);
  }

  /**
   * The lifetime of new sessions in seconds; returns the previous one.
   *
   * <p>Python: {@code Context.set_timeout(timeout)}. OpenSSL: {@code SSL_CTX_set_timeout}
   */
  public long setTimeout(long seconds) {
    requireNotUsed();
    return context.ref.use(c -> LibSsl.SSL_CTX_set_timeout(c, seconds));
  }

  /** The lifetime of new sessions in seconds (7200 by default). Python: {@code get_timeout()} */
  public long getTimeout() {
    return context.ref.use(LibSsl::SSL_CTX_get_timeout);
  }

  // ---- callbacks

  /**
   * Python: {@code Context.set_info_callback(callback)}. OpenSSL: {@code SSL_CTX_set_info_callback}
   */
  public void setInfoCallback(InfoCallback callback) {
    requireNotUsed();
    context.setInfo(
        callback == null
            ? null
            : (engine, where, ret) -> callback.info(Connection.of(engine), where, ret));
  }

  /**
   * Receives NSS key log lines for every connection (TLS 1.2 and 1.3).
   *
   * <p>Python: {@code Context.set_keylog_callback(callback)}. OpenSSL: {@code
   * SSL_CTX_set_keylog_callback}
   */
  public void setKeylogCallback(KeylogCallback callback) {
    requireNotUsed();
    context.setKeylog(
        callback == null ? null : (engine, line) -> callback.keylog(Connection.of(engine), line));
  }

  /**
   * Called on a server when the client's ClientHello names a server (SNI). The callback may call
   * {@link Connection#setContext} to serve another certificate. An exception it throws aborts the
   * handshake with a fatal alert and is rethrown from the call that ran the handshake.
   *
   * <p>Python: {@code Context.set_tlsext_servername_callback(callback)}. OpenSSL: {@code
   * SSL_CTX_set_tlsext_servername_callback}
   */
  public void setTlsextServernameCallback(ServerNameCallback callback) {
    requireNotUsed();
    this.serverNameCallback = callback;
    context.setServerName(
        callback == null
            ? null
            : (engine, name) -> {
              callback.serverName(Connection.of(engine));
              return org.jossl.internal.TlsHandlers.ServerName.OK;
            });
  }

  /**
   * The protocols this end offers with ALPN, in preference order.
   *
   * <p>Python: {@code Context.set_alpn_protos(protos)}. OpenSSL: {@code SSL_CTX_set_alpn_protos}
   */
  public void setAlpnProtos(List<byte[]> protocols) throws OpenSslException {
    requireNotUsed();
    byte[] wire = alpnWire(protocols);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment w = Memory.copy(arena, wire);
      // returns 0 on success
      Errors.check(withCtx(c -> LibSsl.SSL_CTX_set_alpn_protos(c, w, wire.length)) == 0);
    }
  }

  static byte[] alpnWire(List<byte[]> protocols) {
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("at least one protocol must be specified");
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : protocols) {
      if (p.length == 0 || p.length > 255) {
        throw new IllegalArgumentException("ALPN protocols must be 1 to 255 bytes long");
      }
      out.write(p.length);
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /**
   * Chooses the ALPN protocol on a server. Returning {@link OpenSsl#NO_OVERLAPPING_PROTOCOLS}
   * continues without ALPN; an exception aborts the handshake and is rethrown.
   *
   * <p>Python: {@code Context.set_alpn_select_callback(callback)}. OpenSSL: {@code
   * SSL_CTX_set_alpn_select_cb}
   */
  public void setAlpnSelectCallback(AlpnSelectCallback callback) {
    requireNotUsed();
    context.setAlpnSelect(
        callback == null
            ? null
            : (engine, offered) -> {
              byte[] chosen = callback.select(Connection.of(engine), offered);
              if (chosen == null) {
                throw new IllegalArgumentException(
                    "ALPN callback must return a bytestring or the special"
                        + " NO_OVERLAPPING_PROTOCOLS sentinel value.");
              }
              return chosen == OpenSsl.NO_OVERLAPPING_PROTOCOLS ? null : chosen;
            });
  }

  /**
   * Staples an OCSP response on a server (the client must ask, see {@link
   * Connection#requestOcsp()}). {@code data} is passed to the callback.
   *
   * <p>Python: {@code Context.set_ocsp_server_callback(callback, data=None)}. OpenSSL: {@code
   * SSL_CTX_set_tlsext_status_cb}
   */
  public void setOcspServerCallback(OcspServerCallback callback, Object data) {
    requireNotUsed();
    context.setOcsp(
        callback == null
            ? null
            : engine -> {
              byte[] r = callback.response(Connection.of(engine), data);
              if (r == null) {
                throw new IllegalArgumentException("OCSP callback must return a bytestring.");
              }
              return r;
            },
        null);
  }

  /**
   * Judges the OCSP response the server stapled (empty if none); false fails the handshake.
   *
   * <p>Python: {@code Context.set_ocsp_client_callback(callback, data=None)}
   */
  public void setOcspClientCallback(OcspClientCallback callback, Object data) {
    requireNotUsed();
    context.setOcsp(
        null,
        callback == null
            ? null
            : (engine, response) -> callback.accept(Connection.of(engine), response, data));
  }

  /**
   * DTLS: generates the cookie of a HelloVerifyRequest. Python: {@code
   * set_cookie_generate_callback}
   */
  public void setCookieGenerateCallback(CookieGenerateCallback callback) {
    requireNotUsed();
    cookieGenerate = callback;
    installCookies();
  }

  /** DTLS: verifies a client's cookie. Python: {@code set_cookie_verify_callback} */
  public void setCookieVerifyCallback(CookieVerifyCallback callback) {
    requireNotUsed();
    cookieVerify = callback;
    installCookies();
  }

  private volatile CookieGenerateCallback cookieGenerate;
  private volatile CookieVerifyCallback cookieVerify;

  private void installCookies() {
    CookieGenerateCallback g = cookieGenerate;
    CookieVerifyCallback v = cookieVerify;
    context.setCookies(
        g == null ? null : engine -> g.cookie(Connection.of(engine)),
        v == null ? null : (engine, cookie) -> v.verify(Connection.of(engine), cookie));
  }

  /**
   * DTLS-SRTP protection profiles to offer ("SRTP_AES128_CM_SHA1_80:SRTP_AES128_CM_SHA1_32").
   *
   * <p>Python: {@code Context.set_tlsext_use_srtp(profiles)}. OpenSSL: {@code
   * SSL_CTX_set_tlsext_use_srtp}
   */
  public void setTlsextUseSrtp(String profiles) throws OpenSslException {
    requireNotUsed();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment p = Memory.cString(arena, profiles);
      // returns 0 on success
      Errors.check(withCtx(c -> LibSsl.SSL_CTX_set_tlsext_use_srtp(c, p)) == 0);
    }
  }

  // ---- application data

  /** Attaches any object to the context. Python: {@code Context.set_app_data(data)} */
  public void setAppData(Object data) {
    this.appData = data;
  }

  /** The attached object. Python: {@code Context.get_app_data()} */
  public Object getAppData() {
    return appData;
  }

  /** Whether a connection was made from this context (it can no longer be changed). */
  public boolean isUsed() {
    return used;
  }

  ServerNameCallback serverNameCallback() {
    return serverNameCallback;
  }

  /**
   * Frees the {@code SSL_CTX} once no connection uses it (else the garbage collector does).
   * Idempotent.
   */
  @Override
  public void close() {
    context.close();
  }

  // ---- helpers

  private static void checkFiletype(int filetype) {
    if (filetype != OpenSsl.FILETYPE_PEM && filetype != OpenSsl.FILETYPE_ASN1) {
      throw new IllegalArgumentException("filetype must be FILETYPE_PEM or FILETYPE_ASN1");
    }
  }

  static org.jossl.internal.NativeRef x509Ref(X509 x509) {
    return CryptoAccess.get().x509Ref(x509);
  }

  static org.jossl.internal.NativeRef pkeyRef(PKey key) {
    return CryptoAccess.get().pkeyRef(key);
  }

  static X509 fromJava(X509Certificate certificate) throws OpenSslException {
    try {
      return X509.fromJava(certificate);
    } catch (CryptoException e) {
      throw new OpenSslException(e.errors());
    }
  }

  static List<OpenSslError> errors(CryptoException e) {
    return new ArrayList<>(e.errors());
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static Path path(String p) {
    return Path.of(p);
  }
}
