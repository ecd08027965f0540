package org.jossl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jossl.crypto.CryptoException;
import org.jossl.crypto.DecodedCertificate;
import org.jossl.crypto.X509;
import org.jossl.ssl.CipherInfo;
import org.jossl.ssl.PasswordSource;
import org.jossl.ssl.SslCertVerificationException;
import org.jossl.ssl.SslContext;
import org.jossl.ssl.SslEofException;
import org.jossl.ssl.SslException;
import org.jossl.ssl.SslSocket;
import org.jossl.ssl.SslSyscallException;
import org.jossl.ssl.SslWantReadException;
import org.jossl.ssl.SslWantWriteException;
import org.jossl.ssl.SslZeroReturnException;
import org.jossl.ssl.TlsVersion;

/** What {@code s_client}, {@code s_server} and {@code get-server-cert} share. */
final class Tls {
  private Tls() {}

  /** A {@code HOST:PORT} operand ({@code [v6]:PORT} for IPv6 literals). */
  record HostPort(String host, int port) {
    /**
     * Parses {@code spec}; with {@code defaultHost} non-null a bare {@code PORT} is accepted too.
     */
    static HostPort parse(String flag, String spec, String defaultHost) throws CliException {
      String host;
      String port;
      int colon = spec.lastIndexOf(':');
      if (spec.startsWith("[")) {
        int close = spec.indexOf(']');
        if (close < 0 || close + 1 >= spec.length() || spec.charAt(close + 1) != ':') {
          throw CliException.usage(flag + " needs [ADDRESS]:PORT, not '" + spec + "'");
        }
        host = spec.substring(1, close);
        port = spec.substring(close + 2);
      } else if (colon >= 0 && spec.indexOf(':') == colon) {
        host = spec.substring(0, colon);
        port = spec.substring(colon + 1);
      } else if (colon < 0 && defaultHost != null) {
        host = defaultHost;
        port = spec;
      } else {
        String form = defaultHost != null ? "[HOST:]PORT" : "HOST:PORT";
        throw CliException.usage(flag + " needs " + form + ", not '" + spec + "'");
      }
      if (host.isEmpty() && defaultHost == null) {
        throw CliException.usage(flag + " needs a host name in '" + spec + "'");
      }
      int p;
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        p = -1;
      }
      if (p < 0 || p > 65535 || (p == 0 && defaultHost == null)) {
        throw CliException.usage(flag + ": '" + port + "' is no port number");
      }
      return new HostPort(host.isEmpty() ? defaultHost : host, p);
    }

    @Override
    public String toString() {
      return format(host, port);
    }

    /** {@code ADDRESS:PORT}, {@code [ADDRESS]:PORT} for IPv6. */
    static String format(InetAddress address, int port) {
      return format(address.getHostAddress(), port);
    }

    private static String format(String host, int port) {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** Fails with one line unless {@code path} is a readable file. */
  static String requireFile(String flag, String path) throws CliException {
    Path p = Path.of(path);
    if (!Files.exists(p)) {
      throw new CliException(flag + " " + path + ": no such file");
    }
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new CliException(flag + " " + path + ": not a readable file");
    }
    return path;
  }

  /** Fails with one line unless {@code path} is a directory. */
  static String requireDirectory(String flag, String path) throws CliException {
    if (!Files.isDirectory(Path.of(path))) {
      throw new CliException(flag + " " + path + ": no such directory");
    }
    return path;
  }

  /** {@code openssl}'s pass phrase arguments: {@code pass:P}, {@code env:V}, {@code file:F}. */
  static PasswordSource password(String spec) throws CliException {
    if (spec == null) {
      return null;
    }
    if (spec.startsWith("pass:")) {
      return PasswordSource.of(spec.substring(5));
    }
    if (spec.startsWith("env:")) {
      String v = System.getenv(spec.substring(4));
      if (v == null) {
        throw new CliException("-pass " + spec + ": the environment variable is not set");
      }
      return PasswordSource.of(v);
    }
    if (spec.startsWith("file:")) {
      String file = requireFile("-pass file:", spec.substring(5));
      try {
        // as openssl: the first line
        String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        return PasswordSource.of(text.lines().findFirst().orElse(""));
      } catch (IOException e) {
        throw new CliException("-pass " + spec + ": " + e.getMessage(), e);
      }
    }
    throw CliException.usage("-pass takes pass:PASSWORD, env:VARIABLE or file:FILE, not " + spec);
  }

  /** {@code -alpn a,b}. */
  static List<String> alpn(String spec) throws CliException {
    List<String> protocols = Arrays.asList(spec.split(",", -1));
    if (protocols.stream().anyMatch(String::isEmpty)) {
      throw CliException.usage(
          "-alpn takes protocol names separated by commas, not '" + spec + "'");
    }
    return protocols;
  }

  /** {@code -tls1_2} / {@code -tls1_3}: that version only. */
  static void versions(SslContext context, Args args) throws CliException {
    if (args.has("-tls1_2") && args.has("-tls1_3")) {
      throw CliException.usage("choose one of -tls1_2 and -tls1_3");
    }
    TlsVersion only =
        args.has("-tls1_2") ? TlsVersion.TLSv1_2 : args.has("-tls1_3") ? TlsVersion.TLSv1_3 : null;
    if (only != null) {
      context.setMinimumVersion(only);
      context.setMaximumVersion(only);
    }
  }

  /** Fails with a usage error if {@code args} holds operands. */
  static void noOperands(Args args, String verb) throws CliException {
    if (!args.positional().isEmpty()) {
      throw CliException.usage(
          "unexpected argument '" + args.positional().getFirst() + "' (see jossl " + verb + " -h)");
    }
  }

  /**
   * Connects to {@code target}, trying each of its addresses in turn as Python's {@code
   * socket.create_connection} does.
   */
  static Socket connect(HostPort target, int timeoutMillis) throws IOException {
    InetAddress[] addresses = InetAddress.getAllByName(target.host());
    IOException last = null;
    for (InetAddress a : addresses) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(a, target.port()), timeoutMillis);
        return s;
      } catch (IOException e) {
        s.close();
        last = e;
      }
    }
    throw last;
  }

  /** The JSON description of an established connection, in the documented key order. */
  static Map<String, Object> describe(SslSocket s) throws SslException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", s.version());
    CipherInfo cipher = s.cipher();
    m.put("cipher", cipher == null ? null : cipher.asList());
    m.put("alpn", s.selectedAlpnProtocol());
    DecodedCertificate peer = s.getPeerCert();
    m.put("peercert", peer == null ? null : peer.asMap());
    m.put("session_reused", s.isSessionReused());
    byte[] unique = s.getChannelBinding();
    m.put("tls_unique", unique == null ? null : HexFormat.of().formatHex(unique));
    return m;
  }

  /**
   * The JSON error object: Python's exception type name, its {@code library}, {@code reason},
   * {@code verify_code}, {@code verify_message}, and its message ({@code str(e)} without CPython's
   * {@code (_ssl.c:NNN)} location).
   */
  static Map<String, Object> error(Throwable e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", pythonType(e));
    SslException ssl = e instanceof SslException x ? x : null;
    SslCertVerificationException verify = e instanceof SslCertVerificationException v ? v : null;
    m.put("library", ssl == null ? null : ssl.library());
    m.put("reason", ssl == null ? null : ssl.reason());
    m.put("verify_code", verify == null ? null : verify.verifyCode());
    m.put("verify_message", verify == null ? null : verify.verifyMessage());
    m.put("message", ssl != null ? ssl.pythonStr() : message(e));
    return m;
  }

  /** The name of the exception Python raises for {@code e}. */
  static String pythonType(Throwable e) {
    return switch (e) {
      case SslCertVerificationException x -> "SSLCertVerificationError";
      case SslZeroReturnException x -> "SSLZeroReturnError";
      case SslWantReadException x -> "SSLWantReadError";
      case SslWantWriteException x -> "SSLWantWriteError";
      case SslSyscallException x -> "SSLSyscallError";
      case SslEofException x -> "SSLEOFError";
      case SslException x -> "SSLError";
      case ConnectException x -> "ConnectionRefusedError";
      case NoRouteToHostException x -> "OSError";
      case SocketTimeoutException x -> "TimeoutError";
      case UnknownHostException x -> "gaierror";
      case SocketException x when String.valueOf(x.getMessage()).contains("reset") ->
          "ConnectionResetError";
      case SocketException x when String.valueOf(x.getMessage()).contains("Broken pipe") ->
          "BrokenPipeError";
      default -> "OSError";
    };
  }

  /** A one-line message for {@code e}. */
  static String message(Throwable e) {
    if (e instanceof SslException ssl) {
      return ssl.pythonStr();
    }
    if (e instanceof UnknownHostException) {
      return "unknown host " + e.getMessage();
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  /**
   * The subject or issuer of {@code x} as the {@code openssl} command prints names (its default
   * {@code -nameopt}, which changed in OpenSSL 3.2): the line of {@code x509 -text}.
   */
  static String name(X509 x, String which) {
    try {
      String prefix = which + ": ";
      for (String line : x.toText().lines().toList()) {
        String t = line.strip();
        if (t.startsWith(prefix)) {
          return t.substring(prefix.length());
        }
        if (t.equals(which + ":")) {
          return "";
        }
      }
    } catch (CryptoException e) {
      // fall through
    }
    return "?";
  }

  /**
   * Reads and discards what {@code in} still delivers, for at most {@code millis} or until the peer
   * closes: closing a socket with unread data would send a reset, which can destroy the alert the
   * peer has not read yet.
   */
  static void drain(Socket raw, InputStream in, int millis) {
    long end = System.nanoTime() + millis * 1_000_000L;
    byte[] sink = new byte[4096];
    try {
      while (true) {
        long left = (end - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          return;
        }
        raw.setSoTimeout((int) left);
        if (in.read(sink) < 0) {
          return;
        }
      }
    } catch (IOException e) {
      // timed out or reset: done
    }
  }
}
