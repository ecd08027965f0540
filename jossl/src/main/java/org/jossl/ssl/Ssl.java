package org.jossl.ssl;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jossl.crypto.DecodedCertificate;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.LibSsl;
import org.jossl.internal.ffi.Memory;
import org.jossl.internal.ffi.NativeLibraries;

/**
 * The module-level names of Python's {@code ssl}: {@link #createDefaultContext()}, the helpers, the
 * {@code HAS_*} flags and the version constants.
 *
 * <pre>{@code
 * SslContext ctx = Ssl.createDefaultContext();
 * try (SslSocket s = ctx.wrapSocket(new Socket("example.com", 443), "example.com")) {
 *   s.sendAll("HEAD / HTTP/1.0\r\n\r\n".getBytes());
 *   System.out.println(new String(s.recv(4096)));
 * }
 * }</pre>
 */
public final class Ssl {
  private Ssl() {}

  /** Python: {@code ssl.PEM_HEADER}. */
  public static final String PEM_HEADER = "-----BEGIN CERTIFICATE-----";

  /** Python: {@code ssl.PEM_FOOTER}. */
  public static final String PEM_FOOTER = "-----END CERTIFICATE-----";

  /** Python: {@code ssl.CHANNEL_BINDING_TYPES}. */
  public static final List<String> CHANNEL_BINDING_TYPES = List.of("tls-unique");

  /** Server name indication: always. Python: {@code ssl.HAS_SNI} */
  public static final boolean HAS_SNI = NativeLibraries.isAvailable();

  /** Elliptic-curve Diffie-Hellman. Python: {@code ssl.HAS_ECDH} */
  public static final boolean HAS_ECDH = NativeLibraries.isAvailable();

  /** NPN is not offered with OpenSSL 3. Python: {@code ssl.HAS_NPN} */
  public static final boolean HAS_NPN = false;

  /** ALPN. Python: {@code ssl.HAS_ALPN} */
  public static final boolean HAS_ALPN = hasFunction("SSL_CTX_set_alpn_protos");

  /** SSL 2 is gone. Python: {@code ssl.HAS_SSLv2} */
  public static final boolean HAS_SSLv2 = false;

  // Python's HAS_SSLv3 .. HAS_TLSv1_2 say whether OpenSSL was built with the protocol; at run time
  // its fixed-version method is exported exactly then (no-<proto>-method disables <proto>)

  /** Whether the loaded OpenSSL was built with SSL 3. Python: {@code ssl.HAS_SSLv3} */
  public static final boolean HAS_SSLv3 = hasFunction("SSLv3_method");

  /** Whether the loaded OpenSSL was built with TLS 1.0. Python: {@code ssl.HAS_TLSv1} */
  public static final boolean HAS_TLSv1 = hasFunction("TLSv1_method");

  /** Whether the loaded OpenSSL was built with TLS 1.1. Python: {@code ssl.HAS_TLSv1_1} */
  public static final boolean HAS_TLSv1_1 = hasFunction("TLSv1_1_method");

  /** Whether the loaded OpenSSL was built with TLS 1.2. Python: {@code ssl.HAS_TLSv1_2} */
  public static final boolean HAS_TLSv1_2 = hasFunction("TLSv1_2_method");

  /** Whether the loaded OpenSSL can speak TLS 1.3. Python: {@code ssl.HAS_TLSv1_3} */
  public static final boolean HAS_TLSv1_3 = probeVersion(Constants.TLS1_3_VERSION);

  /**
   * Host name checks can ignore the common name. Python: {@code ssl.HAS_NEVER_CHECK_COMMON_NAME}
   */
  public static final boolean HAS_NEVER_CHECK_COMMON_NAME = NativeLibraries.isAvailable();

  /** tls-unique channel binding. Python: {@code ssl._ssl.HAS_TLS_UNIQUE} */
  public static final boolean HAS_TLS_UNIQUE = hasFunction("SSL_get_finished");

  /** TLS 1.3 post-handshake authentication. Python: {@code ssl.HAS_PHA} */
  public static final boolean HAS_PHA = hasFunction("SSL_verify_client_post_handshake");

  /** TLS-PSK. Python: {@code ssl.HAS_PSK} */
  public static final boolean HAS_PSK = hasFunction("SSL_CTX_set_psk_client_callback");

  /** TLS 1.3 external PSKs. Python: {@code ssl.HAS_PSK_TLS13} */
  public static final boolean HAS_PSK_TLS13 = hasFunction("SSL_CTX_set_psk_find_session_callback");

  // ---- host name check flags (Python's private _ssl.HOSTFLAG_*, for SslContext.setHostFlags)

  /**
   * Check the subject's common name even when the certificate has DNS names. Python: {@code
   * _ssl.HOSTFLAG_ALWAYS_CHECK_SUBJECT}. OpenSSL: {@code X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT}
   */
  public static final int HOSTFLAG_ALWAYS_CHECK_SUBJECT =
      Constants.X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT;

  /**
   * No wildcard matching at all. Python: {@code _ssl.HOSTFLAG_NO_WILDCARDS}. OpenSSL: {@code
   * X509_CHECK_FLAG_NO_WILDCARDS}
   */
  public static final int HOSTFLAG_NO_WILDCARDS = Constants.X509_CHECK_FLAG_NO_WILDCARDS;

  /**
   * A wildcard only as a whole label ({@code *.example.com}, not {@code w*.example.com}); set in
   * every context by default. Python: {@code _ssl.HOSTFLAG_NO_PARTIAL_WILDCARDS}. OpenSSL: {@code
   * X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS}
   */
  public static final int HOSTFLAG_NO_PARTIAL_WILDCARDS =
      Constants.X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS;

  /**
   * A wildcard may match several labels. Python: {@code _ssl.HOSTFLAG_MULTI_LABEL_WILDCARDS}.
   * OpenSSL: {@code X509_CHECK_FLAG_MULTI_LABEL_WILDCARDS}
   */
  public static final int HOSTFLAG_MULTI_LABEL_WILDCARDS =
      Constants.X509_CHECK_FLAG_MULTI_LABEL_WILDCARDS;

  /**
   * A name with a leading dot matches its subdomains. Python: {@code
   * _ssl.HOSTFLAG_SINGLE_LABEL_SUBDOMAINS}. OpenSSL: {@code
   * X509_CHECK_FLAG_SINGLE_LABEL_SUBDOMAINS}
   */
  public static final int HOSTFLAG_SINGLE_LABEL_SUBDOMAINS =
      Constants.X509_CHECK_FLAG_SINGLE_LABEL_SUBDOMAINS;

  /**
   * Never fall back to the subject's common name (what {@code hostname_checks_common_name = False}
   * sets). Python: {@code _ssl.HOSTFLAG_NEVER_CHECK_SUBJECT}. OpenSSL: {@code
   * X509_CHECK_FLAG_NEVER_CHECK_SUBJECT}
   */
  public static final int HOSTFLAG_NEVER_CHECK_SUBJECT =
      Constants.X509_CHECK_FLAG_NEVER_CHECK_SUBJECT;

  private static boolean hasFunction(String name) {
    try {
      return NativeLibraries.isAvailable() && org.jossl.internal.ffi.Binder.has(name);
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** Whether OpenSSL accepts {@code version} as both bounds of a context (built in). */
  private static boolean probeVersion(int version) {
    if (!NativeLibraries.isAvailable()) {
      return false;
    }
    try {
      MemorySegment ctx = LibSsl.SSL_CTX_new(LibSsl.TLS_method());
      if (Memory.isNull(ctx)) {
        ErrorQueue.clear();
        return false;
      }
      try {
        return LibSsl.SSL_CTX_ctrl(
                    ctx, Constants.SSL_CTRL_SET_MIN_PROTO_VERSION, version, MemorySegment.NULL)
                == 1
            && LibSsl.SSL_CTX_ctrl(
                    ctx, Constants.SSL_CTRL_SET_MAX_PROTO_VERSION, version, MemorySegment.NULL)
                == 1;
      } finally {
        LibSsl.SSL_CTX_free(ctx);
        ErrorQueue.clear();
      }
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  // ---- versions

  /** OpenSSL's version text. Python: {@code ssl.OPENSSL_VERSION} */
  public static String openSslVersion() {
    return NativeLibraries.versionText();
  }

  /** OpenSSL's version number ({@code 0x30000130}). Python: {@code ssl.OPENSSL_VERSION_NUMBER} */
  public static long openSslVersionNumber() {
    return NativeLibraries.versionNumber();
  }

  /**
   * Python's {@code ssl.OPENSSL_VERSION_INFO}: {@code (major, minor, fix, patch, status)} from the
   * number, as Python splits it (for 3.x, "fix" is 0 and "patch" the patch release).
   */
  public record OpenSslVersionInfo(int major, int minor, int fix, int patch, int status) {
    /** Python's tuple, as a list. */
    public List<Integer> asList() {
      return List.of(major, minor, fix, patch, status);
    }
  }

  /** Python: {@code ssl.OPENSSL_VERSION_INFO}. */
  public static OpenSslVersionInfo openSslVersionInfo() {
    long n = NativeLibraries.versionNumber();
    return new OpenSslVersionInfo(
        (int) ((n >> 28) & 0xFF),
        (int) ((n >> 20) & 0xFF),
        (int) ((n >> 12) & 0xFF),
        (int) ((n >> 4) & 0xFF),
        (int) (n & 0xF));
  }

  // ---- contexts

  /**
   * A client context with Python's secure defaults: certificate and host name verification, at
   * least TLS 1.2, the system's trusted CAs, key logging to {@code $SSLKEYLOGFILE} if set.
   *
   * <p>Python: {@code ssl.create_default_context()}
   */
  public static SslContext createDefaultContext() throws IOException {
    return createDefaultContext(Purpose.SERVER_AUTH, null);
  }

  /** Python: {@code ssl.create_default_context(purpose)}. */
  public static SslContext createDefaultContext(Purpose purpose) throws IOException {
    return createDefaultContext(purpose, null);
  }

  /**
   * Python: {@code ssl.create_default_context(purpose, cafile=…, capath=…, cadata=…)}: {@link
   * Purpose#SERVER_AUTH} makes a verifying client context, {@link Purpose#CLIENT_AUTH} a server
   * context (which loads no CAs unless given). With {@code locations} the given CAs are trusted
   * instead of the system's.
   */
  public static SslContext createDefaultContext(Purpose purpose, VerifyLocations locations)
      throws IOException {
    Objects.requireNonNull(purpose, "purpose");
    SslContext context;
    if (purpose == Purpose.SERVER_AUTH) {
      context = new SslContext(SslMethod.PROTOCOL_TLS_CLIENT);
      context.setVerifyMode(VerifyMode.CERT_REQUIRED);
      context.setCheckHostname(true);
    } else {
      context = new SslContext(SslMethod.PROTOCOL_TLS_SERVER);
    }
    try {
      trustAndKeylog(context, purpose, locations);
      return context;
    } catch (IOException | RuntimeException e) {
      context.close();
      throw e;
    }
  }

  /**
   * The last steps both of Python's context factories take: the given CAs, else (when verifying)
   * the default ones for {@code purpose}; then {@code $SSLKEYLOGFILE}.
   */
  private static void trustAndKeylog(SslContext context, Purpose purpose, VerifyLocations locations)
      throws IOException {
    if (anyLocation(locations)) {
      context.loadVerifyLocations(locations);
    } else if (context.getVerifyMode() != VerifyMode.CERT_NONE) {
      context.loadDefaultCerts(purpose);
    }
    String keylog = System.getenv("SSLKEYLOGFILE");
    if (keylog != null && !keylog.isEmpty()) {
      context.setKeylogFilename(keylog);
    }
  }

  /**
   * A context that does not verify the peer: Python's private factory behind {@code
   * get_server_certificate} and {@code http.client}'s unverified mode, with its defaults ({@code
   * CERT_NONE}, no host name check, a client context).
   *
   * <p>Python: {@code ssl._create_unverified_context()}
   */
  public static SslContext createUnverifiedContext() throws IOException {
    return createUnverifiedContext(UnverifiedContextOptions.defaults());
  }

  /**
   * Python: {@code ssl._create_unverified_context(protocol=None, *, cert_reqs=CERT_NONE,
   * check_hostname=False, purpose=Purpose.SERVER_AUTH, certfile=None, keyfile=None, cafile=None,
   * capath=None, cadata=None)}, step by step as CPython 3.11: the protocol by purpose unless given,
   * {@code check_hostname}, then {@code verify_mode} (unless {@code cert_reqs} is null) and {@code
   * check_hostname} once more, the certificate chain, then the given CAs or, when the peer is
   * verified, the system's.
   *
   * @throws IllegalArgumentException Python's {@code ValueError}s: {@code certfile must be
   *     specified} for a key file without a certificate file, {@code Cannot set verify_mode to
   *     CERT_NONE when check_hostname is enabled.}, …
   */
  public static SslContext createUnverifiedContext(UnverifiedContextOptions options)
      throws IOException {
    Objects.requireNonNull(options, "options");
    Purpose purpose = Objects.requireNonNull(options.purpose(), "purpose");
    SslMethod protocol = options.protocol();
    if (protocol == null) {
      protocol =
          purpose == Purpose.SERVER_AUTH
              ? SslMethod.PROTOCOL_TLS_CLIENT
              : SslMethod.PROTOCOL_TLS_SERVER;
    }
    SslContext context = new SslContext(protocol);
    try {
      context.setCheckHostname(options.checkHostname());
      if (options.certReqs() != null) {
        context.setVerifyMode(options.certReqs());
      }
      if (options.checkHostname()) {
        context.setCheckHostname(true);
      }
      // Python's truth values: empty names count as absent
      boolean certfile = notEmpty(options.certfile());
      boolean keyfile = notEmpty(options.keyfile());
      if (keyfile && !certfile) {
        throw new IllegalArgumentException("certfile must be specified");
      }
      if (certfile || keyfile) {
        context.loadCertChain(options.certfile(), options.keyfile());
      }
      trustAndKeylog(context, purpose, options.locations());
      return context;
    } catch (IOException | RuntimeException e) {
      context.close();
      throw e;
    }
  }

  /** Python's alias {@code ssl._create_stdlib_context()}: {@link #createUnverifiedContext()}. */
  public static SslContext createStdlibContext() throws IOException {
    return createUnverifiedContext();
  }

  /**
   * Python's alias {@code ssl._create_stdlib_context(...)}: {@link
   * #createUnverifiedContext(UnverifiedContextOptions)}.
   */
  public static SslContext createStdlibContext(UnverifiedContextOptions options)
      throws IOException {
    return createUnverifiedContext(options);
  }

  /** Python's {@code if cafile or capath or cadata}: empty strings and bytes count as absent. */
  private static boolean anyLocation(VerifyLocations locations) {
    return locations != null
        && (notEmpty(locations.cafile())
            || notEmpty(locations.capath())
            || notEmpty(locations.cadataPem())
            || (locations.cadataDer() != null && locations.cadataDer().length > 0));
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  // ---- certificates

  /**
   * Seconds since the epoch for a certificate time as {@code getpeercert()} prints it ({@code "Jan
   * 5 09:34:43 2018 GMT"}), in UTC.
   *
   * <p>Python: {@code ssl.cert_time_to_seconds(cert_time)}
   *
   * @throws IllegalArgumentException with Python's messages when the text does not match
   */
  public static long certTimeToSeconds(String certTime) {
    String[] months = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };
    String timeFormat = " %d %H:%M:%S %Y GMT";
    String head = certTime.length() >= 3 ? certTime.substring(0, 3) : certTime;
    int month = -1;
    for (int i = 0; i < months.length; i++) {
      if (months[i].equals(title(head))) {
        month = i + 1;
      }
    }
    if (month < 0) {
      throw new IllegalArgumentException(
          "time data "
              + SslException.pyRepr(certTime)
              + " does not match format \"%b"
              + timeFormat
              + "\"");
    }
    String rest = certTime.substring(3);
    Matcher m = STRPTIME.matcher(rest);
    if (!m.lookingAt()) {
      throw new IllegalArgumentException(
          "time data "
              + SslException.pyRepr(rest)
              + " does not match format "
              + SslException.pyRepr(timeFormat));
    }
    if (m.end() != rest.length()) {
      throw new IllegalArgumentException("unconverted data remains: " + rest.substring(m.end()));
    }
    int day = Integer.parseInt(m.group(1).strip());
    int hour = Integer.parseInt(m.group(2));
    int minute = Integer.parseInt(m.group(3));
    int second = Integer.parseInt(m.group(4));
    int year = Integer.parseInt(m.group(5));
    if (year < 1) {
      // strptime's datetime.date(year, 1, day)
      throw new IllegalArgumentException("year " + year + " is out of range");
    }
    return timegm(year, month, day, hour, minute, second);
  }

  /**
   * Python's {@code _strptime} regex for {@code ' %d %H:%M:%S %Y GMT'}, matched case-insensitively
   * with Python's Unicode classes: {@code \\d} any decimal digit, {@code \\s} what {@code
   * str.isspace()} accepts (Unicode white space and the separators U+001C to U+001F).
   */
  private static final String SPACE = "[\\s\\x1c-\\x1f]+";

  private static final Pattern STRPTIME =
      Pattern.compile(
          SPACE
              + "(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])"
              + SPACE
              + "(2[0-3]|[0-1]\\d|\\d):([0-5]\\d|\\d):(6[0-1]|[0-5]\\d|\\d)"
              + SPACE
              + "(\\d\\d\\d\\d)"
              + SPACE
              + "GMT",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);

  private static String title(String s) {
    if (s.isEmpty()) {
      return s;
    }
    return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
  }

  /** Python's {@code calendar.timegm}: no validation of the day against the month. */
  private static long timegm(int year, int month, int day, int hour, int minute, int second) {
    long days = java.time.LocalDate.of(year, month, 1).toEpochDay() + day - 1;
    return days * 86400 + hour * 3600L + minute * 60L + second;
  }

  /**
   * PEM for a DER certificate: base64 in 64-character lines between the header and footer.
   *
   * <p>Python: {@code ssl.DER_cert_to_PEM_cert(der_cert_bytes)}
   */
  public static String derCertToPemCert(byte[] der) {
    String b64 = Base64.getEncoder().encodeToString(der);
    StringBuilder out = new StringBuilder(PEM_HEADER).append('\n');
    for (int i = 0; i < b64.length(); i += 64) {
      out.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    return out.append(PEM_FOOTER).append('\n').toString();
  }

  /**
   * DER for a PEM certificate.
   *
   * <p>Python: {@code ssl.PEM_cert_to_DER_cert(pem_cert_string)}
   *
   * @throws IllegalArgumentException with Python's messages for a missing header or footer
   */
  public static byte[] pemCertToDerCert(String pem) {
    if (!pem.startsWith(PEM_HEADER)) {
      throw new IllegalArgumentException("Invalid PEM encoding; must start with " + PEM_HEADER);
    }
    String stripped = pyStrip(pem);
    if (!stripped.endsWith(PEM_FOOTER)) {
      throw new IllegalArgumentException("Invalid PEM encoding; must end with " + PEM_FOOTER);
    }
    // Python slices [len(header):-len(footer)]; the two may overlap in a short text
    int end = Math.max(0, stripped.length() - PEM_FOOTER.length());
    String body = PEM_HEADER.length() >= end ? "" : stripped.substring(PEM_HEADER.length(), end);
    return a2bBase64(asciiBytes(body));
  }

  /** Python's {@code str.strip()}: Python's whitespace ({@code str.isspace()}) at both ends. */
  static String pyStrip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && pyIsSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && pyIsSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean pyIsSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
  }

  /**
   * Python's {@code binascii.a2b_base64} (not strict, as {@code base64.decodebytes} calls it):
   * characters outside the alphabet are skipped, a complete padding ends the data, an incomplete
   * last group is an error.
   */
  static byte[] a2bBase64(byte[] ascii) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int quadPos = 0;
    int leftChar = 0;
    int pads = 0;
    for (byte b : ascii) {
      int c = b & 0xff;
      if (c == '=') {
        if (quadPos >= 2 && quadPos + ++pads >= 4) {
          // a complete padding: the data ends here
          return out.toByteArray();
        }
        continue;
      }
      int v = base64Value(c);
      if (v < 0) {
        continue;
      }
      pads = 0;
      switch (quadPos) {
        case 0 -> {
          quadPos = 1;
          leftChar = v;
        }
        case 1 -> {
          quadPos = 2;
          out.write((leftChar << 2) | (v >> 4));
          leftChar = v & 0x0f;
        }
        case 2 -> {
          quadPos = 3;
          out.write((leftChar << 4) | (v >> 2));
          leftChar = v & 0x03;
        }
        default -> {
          quadPos = 0;
          out.write((leftChar << 6) | v);
          leftChar = 0;
        }
      }
    }
    if (quadPos == 1) {
      throw new IllegalArgumentException(
          "Invalid base64-encoded string: number of data characters ("
              + (out.size() / 3 * 4 + 1)
              + ") cannot be 1 more than a multiple of 4");
    }
    if (quadPos != 0) {
      throw new IllegalArgumentException("Incorrect padding");
    }
    return out.toByteArray();
  }

  private static int base64Value(int c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '+') {
      return 62;
    }
    if (c == '/') {
      return 63;
    }
    return -1;
  }

  /**
   * The certificate a server presents, in PEM, without verifying it unless {@code caCerts} is given
   * (Python then verifies the chain but not the host name).
   *
   * <p>Python: {@code ssl.get_server_certificate((host, port), ca_certs=None, timeout=…)}
   *
   * @param timeoutMillis connect and handshake timeout, 0 for none
   */
  public static String getServerCertificate(
      String host, int port, String caCerts, int timeoutMillis) throws IOException {
    return getServerCertificate(host, port, caCerts, timeoutMillis, host);
  }

  /**
   * As {@link #getServerCertificate(String, int, String, int)}, beyond Python: {@code
   * serverHostname} is the name the client asks for (SNI), where Python always sends {@code host};
   * servers with several certificates choose by it.
   */
  public static String getServerCertificate(
      String host, int port, String caCerts, int timeoutMillis, String serverHostname)
      throws IOException {
    // Python: _create_stdlib_context(ssl_version, cert_reqs=cert_reqs, cafile=ca_certs)
    SslContext context =
        createStdlibContext(
            UnverifiedContextOptions.defaults()
                .withProtocol(SslMethod.PROTOCOL_TLS_CLIENT)
                .withCertReqs(caCerts != null ? VerifyMode.CERT_REQUIRED : VerifyMode.CERT_NONE)
                .withCafile(caCerts));
    try {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      try (SslSocket s = context.wrapSocket(socket, serverHostname)) {
        return derCertToPemCert(s.getPeerCertDer());
      }
    } finally {
      context.close();
    }
  }

  /** Python: {@code ssl.get_server_certificate((host, port))}. */
  public static String getServerCertificate(String host, int port) throws IOException {
    return getServerCertificate(host, port, null, 0);
  }

  /**
   * Where OpenSSL looks for trusted CAs by default.
   *
   * @param cafile the CA file in effect, or null if it does not exist
   * @param capath the CA directory in effect, or null if it does not exist
   * @param opensslCafileEnv the environment variable naming a CA file ({@code SSL_CERT_FILE})
   * @param opensslCafile the built-in CA file
   * @param opensslCapathEnv the environment variable naming a CA directory ({@code SSL_CERT_DIR})
   * @param opensslCapath the built-in CA directory
   */
  public record DefaultVerifyPaths(
      String cafile,
      String capath,
      String opensslCafileEnv,
      String opensslCafile,
      String opensslCapathEnv,
      String opensslCapath) {}

  /** Python: {@code ssl.get_default_verify_paths()}. */
  public static DefaultVerifyPaths getDefaultVerifyPaths() {
    NativeLibraries.ensureAvailable();
    String fileEnv = Memory.cString(LibCrypto.X509_get_default_cert_file_env());
    String file = Memory.cString(LibCrypto.X509_get_default_cert_file());
    String dirEnv = Memory.cString(LibCrypto.X509_get_default_cert_dir_env());
    String dir = Memory.cString(LibCrypto.X509_get_default_cert_dir());
    String cafile = System.getenv().getOrDefault(fileEnv, file);
    String capath = System.getenv().getOrDefault(dirEnv, dir);
    // os.path.isfile / isdir: an empty path is neither (Path.of("") would be the current directory)
    return new DefaultVerifyPaths(
        notEmpty(cafile) && Files.isRegularFile(Path.of(cafile)) ? cafile : null,
        notEmpty(capath) && Files.isDirectory(Path.of(capath)) ? capath : null,
        fileEnv,
        file,
        dirEnv,
        dir);
  }

  /**
   * The legacy host name matcher, applied to a decoded certificate (removed from Python 3.12; the
   * contexts check host names inside OpenSSL instead).
   *
   * <p>Python: {@code ssl.match_hostname(cert, hostname)}
   *
   * @throws SslCertVerificationException Python's {@code CertificateError}, with its messages
   */
  public static void matchHostname(DecodedCertificate cert, String hostname)
      throws SslCertVerificationException {
    HostnameMatcher.match(cert, hostname);
  }

  /** The name of a protocol value ("PROTOCOL_TLS_CLIENT", or "&lt;unknown&gt;"). */
  public static String getProtocolName(int value) {
    for (SslMethod m : SslMethod.values()) {
      if (m.value() == value) {
        return m.name();
      }
    }
    return "<unknown>";
  }

  /**
   * Windows only in Python.
   *
   * @throws UnsupportedOperationException always
   */
  public static List<Object> enumCertificates(String storeName) {
    throw new UnsupportedOperationException(
        "enum_certificates() is only available on Windows (it reads the Windows certificate store)");
  }

  /**
   * Windows only in Python.
   *
   * @throws UnsupportedOperationException always
   */
  public static List<Object> enumCrls(String storeName) {
    throw new UnsupportedOperationException(
        "enum_crls() is only available on Windows (it reads the Windows certificate store)");
  }

  // ---- random numbers

  /**
   * {@code n} cryptographically strong random bytes.
   *
   * <p>Python: {@code ssl.RAND_bytes(n)}. OpenSSL: {@code RAND_bytes}
   */
  public static byte[] randBytes(int n) throws SslException {
    if (n < 0) {
      throw new IllegalArgumentException("num must be positive");
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(Math.max(1, n));
      if (LibCrypto.RAND_bytes(buf, n) != 1) {
        throw Errors.fromQueue();
      }
      return Memory.bytes(buf, n);
    }
  }

  /** Whether the generator is seeded. Python: {@code ssl.RAND_status()} */
  public static boolean randStatus() {
    return LibCrypto.RAND_status() == 1;
  }

  /** Mixes bytes into the generator's state. Python: {@code ssl.RAND_add(bytes, entropy)} */
  public static void randAdd(byte[] bytes, double entropy) {
    try (Arena arena = Arena.ofConfined()) {
      LibCrypto.RAND_add(Memory.copy(arena, bytes), bytes.length, entropy);
    }
  }

  /** Python: {@code ssl.RAND_add(string, entropy)} (UTF-8). */
  public static void randAdd(String text, double entropy) {
    randAdd(text.getBytes(StandardCharsets.UTF_8), entropy);
  }

  /**
   * Python's {@code text.encode('ascii')}: the bytes, or IllegalArgumentException with the text of
   * Python's {@code UnicodeEncodeError} (a {@code ValueError}) for the first run of non-ASCII
   * characters, positions counted in code points as Python counts them.
   */
  static byte[] asciiBytes(String text) {
    int[] cps = text.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      if (cps[i] >= 0x80) {
        int end = i + 1;
        while (end < cps.length && cps[end] >= 0x80) {
          end++;
        }
        String reason = "ordinal not in range(128)";
        if (end == i + 1) {
          int c = cps[i];
          String ch =
              c <= 0xff
                  ? String.format("\\x%02x", c)
                  : c <= 0xffff ? String.format("\\u%04x", c) : String.format("\\U%08x", c);
          throw new IllegalArgumentException(
              "'ascii' codec can't encode character '" + ch + "' in position " + i + ": " + reason);
        }
        throw new IllegalArgumentException(
            "'ascii' codec can't encode characters in position "
                + i
                + "-"
                + (end - 1)
                + ": "
                + reason);
      }
    }
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static List<String> copy(List<String> l) {
    return new ArrayList<>(l);
  }
}
