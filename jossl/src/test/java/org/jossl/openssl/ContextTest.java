package org.jossl.openssl;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jossl.crypto.X509Name;
import org.jossl.internal.TlsStatus;
import org.jossl.internal.ffi.Constants;
import org.jossl.openssl.Parity.Config;
import org.jossl.openssl.Parity.Obj;
import org.jossl.openssl.Parity.Run;
import org.jossl.testing.Jvm;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jossl's {@link Context} against pyOpenSSL's: the same calls on both, every return value and
 * exception compared (see {@link Parity}); then what jossl documents beyond pyOpenSSL 23 (a used
 * context cannot change).
 */
class ContextTest {
  private static PyOpenSslSide py;
  private static JosslSide jossl;
  private static TestPki pki;

  @BeforeAll
  static void start() {
    pki = TestPki.get();
    py = new PyOpenSslSide(pki);
    jossl = new JosslSide(pki, py.pyOpenSslVersion());
  }

  @AfterAll
  static void stop() {
    if (py != null) {
      py.close();
    }
  }

  private static List<Object> check(Parity.Scenario s) {
    return Parity.check(py, jossl, s, Config.PYOPENSSL, Config.JOSSL);
  }

  /** pyOpenSSL from 25.2 also sets it; jossl always does (see Context's documentation). */
  private static final long MOVING = 2;

  private static void recordMode(Run r, Obj ctx) {
    Outcome mode = r.call(ctx, "get_mode");
    r.note(
        ctx.name() + ".get_mode without ACCEPT_MOVING_WRITE_BUFFER", (Long) mode.get() & ~MOVING);
  }

  /**
   * Which method numbers make a context, and which are refused (SSLv2, SSLv3 and unknown numbers):
   * exactly pyOpenSSL's, with its {@code ValueError} text at the start of jossl's message (jossl
   * adds which method it was and why).
   */
  @Test
  void methodNumbersAreRefusedWherePyOpenSslRefusesThem() throws Exception {
    List<Integer> methods = new ArrayList<>();
    for (int m = -1; m <= 14; m++) {
      methods.add(m);
    }
    methods.add(99);
    String script =
        """
        import sys
        from OpenSSL import SSL
        for m in map(int, sys.argv[1:]):
            try:
                SSL.Context(m)
                print(m, "ok")
            except ValueError as e:
                print(m, "ValueError", e)
        """;
    List<String> cmd = new ArrayList<>(List.of(Peers.pyOpenSslPython(), "-c", script));
    methods.forEach(m -> cmd.add(String.valueOf(m)));
    String[] lines =
        Peers.run(cmd, null, Duration.ofMinutes(1))
            .requireSuccess("pyOpenSSL")
            .stdout()
            .split("\n");
    assertEquals(methods.size(), lines.length);
    for (int i = 0; i < lines.length; i++) {
      int m = methods.get(i);
      String[] py = lines[i].split(" ", 3);
      if (py[1].equals("ok")) {
        try (Context c = new Context(m)) {
          assertEquals(m, c.method(), "method " + m);
        }
      } else {
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> new Context(m), "method " + m);
        assertTrue(e.getMessage().startsWith(py[2]), "method " + m + ": " + e.getMessage());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TLS_METHOD",
        "TLS_CLIENT_METHOD",
        "TLS_SERVER_METHOD",
        "SSLv23_METHOD",
        "TLSv1_2_METHOD",
        "DTLS_METHOD"
      })
  void defaults(String method) {
    boolean options = py.hasBinding("SSL_CTX_get_options");
    boolean mode = py.hasBinding("SSL_CTX_get_mode");
    check(
        r -> {
          Obj ctx = r.context(false, "ctx", method);
          if (options) {
            r.rec(ctx, "get_options");
          }
          if (mode) {
            recordMode(r, ctx);
          }
          r.rec(ctx, "get_verify_mode");
          r.rec(ctx, "get_verify_depth");
          r.rec(ctx, "get_timeout");
          r.rec(ctx, "get_session_cache_mode");
          r.rec(ctx, "get_app_data");
          Obj conn = r.connection(ctx, "conn");
          r.rec(conn, "get_verify_mode");
          r.rec(conn, "get_protocol_version_name");
          r.rec(conn, "get_cipher_list");
          r.rec(conn, "get_state_string");
          r.rec(conn, "get_client_ca_list");
          r.rec(conn, "get_session");
          r.rec(conn, "get_certificate");
          r.rec(conn, "get_shutdown");
          r.rec(conn, "pending");
          r.rec(conn, "get_context");
        });
    Context ctx = (Context) assertDoesNotThrowValue(() -> new Context(OpenSsl.TLS_METHOD));
    assertEquals(MOVING, ctx.getMode() & MOVING, "jossl sets SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER");
  }

  private interface Maker {
    Object make() throws Exception;
  }

  private static Object assertDoesNotThrowValue(Maker m) {
    try {
      return m.make();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void settersReturnWhatPyOpenSslReturns() {
    boolean options = py.hasBinding("SSL_CTX_get_options");
    boolean clearMode = py.has("clear_mode");
    check(
        r -> {
          Obj ctx = r.context(false, "ctx", "TLS_METHOD");
          r.rec(ctx, "set_options", OpenSsl.OP_NO_TICKET);
          r.rec(
              ctx, "set_options", OpenSsl.OP_NO_COMPRESSION | OpenSsl.OP_CIPHER_SERVER_PREFERENCE);
          r.rec(ctx, "set_options", 0L);
          if (options) {
            r.rec(ctx, "get_options");
          }
          Outcome m = r.call(ctx, "set_mode", OpenSsl.MODE_RELEASE_BUFFERS);
          r.note(
              "set_mode(RELEASE_BUFFERS) without ACCEPT_MOVING_WRITE_BUFFER",
              (Long) m.get() & ~MOVING);
          if (clearMode) {
            m = r.call(ctx, "clear_mode", OpenSsl.MODE_RELEASE_BUFFERS);
            r.note(
                "clear_mode(RELEASE_BUFFERS) without ACCEPT_MOVING_WRITE_BUFFER",
                (Long) m.get() & ~MOVING);
          }
          r.rec(ctx, "set_session_cache_mode", OpenSsl.SESS_CACHE_BOTH);
          r.rec(ctx, "get_session_cache_mode");
          r.rec(
              ctx,
              "set_session_cache_mode",
              OpenSsl.SESS_CACHE_OFF | OpenSsl.SESS_CACHE_NO_INTERNAL);
          r.rec(ctx, "get_session_cache_mode");
          r.rec(ctx, "set_timeout", 300L);
          r.rec(ctx, "get_timeout");
          r.rec(ctx, "set_verify_depth", 3L);
          r.rec(ctx, "get_verify_depth");
          r.rec(
              ctx,
              "set_verify",
              (long) (OpenSsl.VERIFY_PEER | OpenSsl.VERIFY_FAIL_IF_NO_PEER_CERT));
          r.rec(ctx, "get_verify_mode");
          r.rec(ctx, "set_verify", (long) (OpenSsl.VERIFY_PEER | OpenSsl.VERIFY_CLIENT_ONCE));
          r.rec(ctx, "get_verify_mode");
          r.rec(ctx, "set_session_id", "jossl".getBytes());
          r.rec(ctx, "set_session_id", new byte[33]);
          r.rec(ctx, "set_min_proto_version", 0x999L);
          r.rec(ctx, "set_max_proto_version", (long) OpenSsl.TLS1_3_VERSION);
          r.rec(ctx, "set_min_proto_version", (long) OpenSsl.TLS1_2_VERSION);
          r.rec(ctx, "set_alpn_protos", List.of());
          r.rec(ctx, "set_alpn_protos", List.of("h2".getBytes()));
          r.rec(ctx, "set_app_data", "data".getBytes());
          r.rec(ctx, "get_app_data");
          r.rec(ctx, "get_cert_store");
          r.rec(ctx, "set_default_verify_paths");
          r.rec(ctx, "load_tmp_dh", pki.missing.toString());
          Obj conn = r.connection(ctx, "conn");
          r.rec(conn, "get_verify_mode");
          r.rec(conn, "get_cipher_list");
        });
  }

  @Test
  void cipherLists() {
    boolean tls13 = py.has("set_tls13_ciphersuites");
    check(
        r -> {
          String[] lists = {
            "imaginary-cipher",
            "TLS_AES_256_GCM_SHA384",
            "",
            "ALL:-ALL",
            "ECDHE-ECDSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES128-GCM-SHA256:@SECLEVEL=0",
            "HIGH:!aNULL:!ECDSA",
            "DEFAULT:@STRENGTH",
          };
          int n = 0;
          for (String list : lists) {
            Obj ctx = r.context(false, "ctx" + ++n, "TLS_METHOD");
            r.rec(ctx, "set_cipher_list", list.getBytes());
            r.rec(r.connection(ctx, "conn" + n), "get_cipher_list");
          }
          if (tls13) {
            for (String suites : List.of("TLS_AES_128_GCM_SHA256", "bogus", "")) {
              Obj ctx = r.context(false, "ctx" + ++n, "TLS_METHOD");
              r.rec(ctx, "set_tls13_ciphersuites", suites.getBytes());
              r.rec(r.connection(ctx, "conn" + n), "get_cipher_list");
            }
          }
        });
  }

  @Test
  void loadingCertificatesAndKeys() {
    String missing = pki.missing.toString();
    String encrypted = pki.encryptedServerKey.toString();
    check(
        r -> {
          Obj ctx = r.context(false, "ctx", "TLS_METHOD");
          r.rec(ctx, "check_privatekey");
          r.rec(ctx, "use_certificate_file", missing);
          r.rec(ctx, "use_certificate_file", missing, (long) OpenSsl.FILETYPE_ASN1);
          r.rec(ctx, "use_certificate_file", pki.serverKey.toString());
          r.rec(
              ctx, "use_certificate_file", pki.serverPem.toString(), (long) OpenSsl.FILETYPE_ASN1);
          r.rec(ctx, "use_certificate_chain_file", missing);
          r.rec(ctx, "use_privatekey_file", missing);
          r.rec(ctx, "use_privatekey_file", pki.serverKey.toString(), (long) OpenSsl.FILETYPE_ASN1);
          r.rec(ctx, "use_privatekey_file", pki.serverPem.toString());
          r.rec(ctx, "load_verify_locations", missing);
          r.rec(ctx, "load_verify_locations", pki.serverKey.toString());
          r.rec(ctx, "load_verify_locations", null, pki.dir.toString());
          r.rec(ctx, "load_client_ca", missing);
          // a certificate, then a key that does not match it
          r.rec(ctx, "use_certificate", Map.of("$cert", "server"));
          r.rec(ctx, "use_privatekey", Map.of("$key", "other"));
          r.rec(ctx, "check_privatekey");
          // an encrypted key: wrong passphrase, a callback that raises, the right one
          Obj wrong = r.context(false, "wrong", "TLS_METHOD");
          r.call(wrong, "use_certificate_file", pki.serverPem.toString()).get();
          r.callback(wrong, "passwd", "wrong passphrase".getBytes(), "userdata", 0);
          r.rec(wrong, "use_privatekey_file", encrypted);
          r.events("passwd wrong");
          r.rec(wrong, "check_privatekey");
          Obj raising = r.context(false, "raising", "TLS_METHOD");
          r.callback(raising, "passwd", "raise", null, 0);
          r.rec(raising, "use_privatekey_file", encrypted);
          r.events("passwd raise");
          Obj right = r.context(false, "right", "TLS_METHOD");
          r.rec(right, "use_certificate_chain_file", pki.serverChainPem.toString());
          r.callback(right, "passwd", TestPki.PASSPHRASE, 42L, 0);
          r.rec(right, "use_privatekey_file", encrypted);
          r.events("passwd right");
          r.rec(right, "check_privatekey");
          Obj plain = r.context(false, "plain", "TLS_METHOD");
          r.rec(plain, "use_certificate_file", pki.serverPem.toString());
          r.rec(plain, "use_privatekey_file", pki.serverKey.toString());
          r.rec(plain, "check_privatekey");
          r.rec(plain, "use_privatekey", Map.of("$key", "client"));
          r.rec(plain, "check_privatekey");
          r.rec(r.connection(plain, "conn"), "get_certificate");
        });
  }

  @Test
  void clientCaLists() {
    String cas = pki.casPem.toString();
    check(
        r -> {
          Obj a = r.context(false, "a", "TLS_SERVER_METHOD");
          r.rec(
              a,
              "set_client_ca_list",
              List.of(Map.of("$subject", "root"), Map.of("$subject", "inter")));
          r.rec(a, "add_client_ca", Map.of("$cert", "client"));
          r.rec(r.connection(a, "ca"), "get_client_ca_list");
          Obj b = r.context(false, "b", "TLS_SERVER_METHOD");
          r.rec(b, "load_client_ca", cas);
          r.rec(b, "add_client_ca", Map.of("$cert", "server"));
          r.rec(r.connection(b, "cb"), "get_client_ca_list");
          Obj c = r.context(false, "c", "TLS_SERVER_METHOD");
          r.rec(c, "add_client_ca", Map.of("$cert", "root"));
          r.rec(c, "set_client_ca_list", List.of());
          r.rec(r.connection(c, "cc"), "get_client_ca_list");
          Obj d = r.context(false, "d", "TLS_SERVER_METHOD");
          r.rec(d, "load_client_ca", pki.serverKey.toString());
          r.rec(r.connection(d, "cd"), "get_client_ca_list");
        });
  }

  private static final long PEER = OpenSsl.VERIFY_PEER;

  /** The reference of an object a call returned (an X509Store), on the side that made it. */
  private static Obj ref(Obj owner, Outcome o) {
    return new Obj(owner.side(), (String) ((Map<?, ?>) o.get()).get("$ref"));
  }

  /**
   * TLSv1_METHOD and TLSv1_1_METHOD handshake when both ends lower the security level to 0 in their
   * cipher lists (OpenSSL 3 refuses TLS 1.0/1.1 above it, so pyOpenSSL users do the same), and fail
   * without it or against another version; DTLS_CLIENT_METHOD and DTLS_SERVER_METHOD handshake with
   * each other and negotiate a DTLS-SRTP profile (set_tlsext_use_srtp, get_selected_srtp_profile).
   * Every configuration of pyOpenSSL and jossl ends, and the min/max versions each method sets.
   */
  @Test
  void legacyVersionAndDtlsMethodsHandshake() {
    boolean versions = py.hasBinding("SSL_CTX_get_min_proto_version");
    boolean srtp =
        py.has("get_selected_srtp_profile") || py.hasBinding("SSL_get_selected_srtp_profile");
    Parity.check(
        py,
        jossl,
        r -> {
          String seclevel0 = "DEFAULT:@SECLEVEL=0";
          String[][] cases = {
            // client method, server method, cipher list of both ends, must succeed
            {"TLSv1_METHOD", "TLSv1_METHOD", seclevel0, "yes"},
            {"TLSv1_1_METHOD", "TLSv1_1_METHOD", seclevel0, "yes"},
            {"TLSv1_METHOD", "TLS_METHOD", seclevel0, ""},
            {"TLSv1_1_METHOD", "TLSv1_2_METHOD", seclevel0, ""},
            {"TLSv1_METHOD", "TLSv1_METHOD", null, ""},
          };
          int n = 0;
          for (String[] k : cases) {
            n++;
            r.note("case", String.join(" ", Arrays.asList(k)));
            Obj sctx = r.serverContext("sctx" + n, k[1]);
            Obj cctx = r.clientContext("cctx" + n, k[0], true);
            if (k[2] != null) {
              r.rec(sctx, "set_cipher_list", k[2].getBytes());
              r.rec(cctx, "set_cipher_list", k[2].getBytes());
            }
            if (versions) {
              for (Obj ctx : List.of(cctx, sctx)) {
                r.rec(ctx, "get_min_proto_version");
                r.rec(ctx, "get_max_proto_version");
              }
            }
            Obj c = r.client(cctx, "c" + n);
            Obj s = r.server(sctx, "s" + n);
            Map<String, Outcome> ends = r.handshake(c, s);
            if (k[3].equals("yes")) {
              assertTrue(ends.get("client").isOk() && ends.get("server").isOk(), ends::toString);
            }
            r.rec(c, "get_protocol_version_name");
            r.rec(s, "get_protocol_version_name");
            r.rec(c, "get_cipher_name");
            r.rec(c, "get_verify_result");
            r.rec(c, "send", "legacy".getBytes());
            r.pump(c, s);
            r.rec(s, "recv", 100L);
          }
          String[][] profiles = {
            {"SRTP_AES128_CM_SHA1_80:SRTP_AES128_CM_SHA1_32", "SRTP_AES128_CM_SHA1_32"},
            {"SRTP_AES128_CM_SHA1_32:SRTP_AES128_CM_SHA1_80", "SRTP_AES128_CM_SHA1_80"},
            {"SRTP_AES128_CM_SHA1_80", null},
            {null, null},
          };
          for (String[] k : profiles) {
            n++;
            r.note("srtp", Arrays.asList(k));
            Obj sctx = r.serverContext("sctx" + n, "DTLS_SERVER_METHOD");
            Obj cctx = r.clientContext("cctx" + n, "DTLS_CLIENT_METHOD", true);
            if (k[0] != null) {
              r.rec(cctx, "set_tlsext_use_srtp", k[0].getBytes());
            }
            if (k[1] != null) {
              r.rec(sctx, "set_tlsext_use_srtp", k[1].getBytes());
            }
            if (versions) {
              r.rec(cctx, "get_min_proto_version");
              r.rec(sctx, "get_max_proto_version");
            }
            Obj c = r.client(cctx, "c" + n);
            Obj s = r.server(sctx, "s" + n);
            if (srtp) {
              r.rec(c, "get_selected_srtp_profile");
            }
            Map<String, Outcome> ends = r.handshake(c, s);
            assertTrue(ends.get("client").isOk() && ends.get("server").isOk(), ends::toString);
            r.rec(c, "get_protocol_version_name");
            if (srtp) {
              r.rec(c, "get_selected_srtp_profile");
              r.rec(s, "get_selected_srtp_profile");
            }
            // the SRTP keys come from this exporter (RFC 5764): both ends derive the same
            byte[] label = "EXTRACTOR-dtls_srtp".getBytes();
            r.same(
                "srtp keying material",
                r.call(c, "export_keying_material", label, 60L, null),
                r.call(s, "export_keying_material", label, 60L, null));
            r.rec(c, "send", "datagram".getBytes());
            r.pump(c, s);
            r.rec(s, "recv", 100L);
          }
          Obj bad = r.context(false, "bad", "DTLS_CLIENT_METHOD");
          r.rec(bad, "set_tlsext_use_srtp", "SRTP_NO_SUCH_PROFILE".getBytes());
          r.rec(bad, "set_tlsext_use_srtp", "".getBytes());
        });
  }

  /**
   * The store get_cert_store returns is the context's own: a certificate added to it is trusted
   * when verifying the peer (the root: verified; the intermediate alone: not a trust anchor).
   */
  @Test
  void certificatesAddedToTheCertStoreAreTrusted() {
    Parity.check(
        py,
        jossl,
        r -> {
          Obj sctx = r.serverContext("sctx", "TLS_METHOD");
          for (String trusted : List.of("none", "root", "inter")) {
            Obj cctx = r.clientContext("cctx-" + trusted, "TLS_METHOD", false);
            Outcome store = r.rec(cctx, "get_cert_store");
            if (!trusted.equals("none")) {
              r.call(ref(cctx, store), "add_cert", Map.of("$cert", trusted)).get();
            }
            r.call(cctx, "set_verify", PEER).get();
            Obj c = r.client(cctx, "c-" + trusted);
            Obj s = r.server(sctx, "s-" + trusted);
            Map<String, Outcome> ends = r.handshake(c, s);
            if (trusted.equals("root")) {
              assertTrue(ends.get("client").isOk(), ends::toString);
            }
            r.rec(c, "get_verify_result");
            r.rec(c, "get_verified_chain");
          }
        });
  }

  /** Finite-field DH parameters as {@code openssl genpkey} writes them (RFC 7919 ffdhe2048). */
  private static String dhParameters() {
    Path file = pki.dir.resolve("ffdhe2048.pem");
    if (!Files.exists(file)) {
      Peers.run(
              List.of(
                  Peers.openssl(),
                  "genpkey",
                  "-genparam",
                  "-algorithm",
                  "DH",
                  "-pkeyopt",
                  "group:ffdhe2048",
                  "-out",
                  file.toString()),
              null,
              Duration.ofSeconds(30))
          .requireSuccess("openssl genpkey");
    }
    return file.toString();
  }

  private static String ecParameters() {
    Path file = pki.dir.resolve("prime256v1.pem");
    if (!Files.exists(file)) {
      Peers.run(
              List.of(Peers.openssl(), "ecparam", "-name", "prime256v1", "-out", file.toString()),
              null,
              Duration.ofSeconds(30))
          .requireSuccess("openssl ecparam");
    }
    return file.toString();
  }

  /**
   * load_tmp_dh: a TLS 1.2 server offering only DHE-RSA negotiates it with real DH parameters and
   * has no cipher without them; files without DH parameters fail as in pyOpenSSL. set_tmp_ecdh: one
   * curve on the server (the client's default offer contains it: agreed, in TLS 1.3 after a
   * HelloRetryRequest), or a curve on each end that the other lacks.
   */
  @Test
  void ephemeralKeyExchangeParameters() {
    String dh = dhParameters();
    String[] dhFiles = {null, dh, pki.serverPem.toString(), ecParameters()};
    Parity.check(
        py,
        jossl,
        r -> {
          int n = 0;
          for (String file : dhFiles) {
            n++;
            r.note("dh file", file == null ? "none" : Path.of(file).getFileName().toString());
            Obj sctx = r.context(true, "sctx" + n, "TLSv1_2_METHOD");
            r.call(sctx, "use_certificate", Map.of("$cert", "rsa")).get();
            r.call(sctx, "add_extra_chain_cert", Map.of("$cert", "inter")).get();
            r.call(sctx, "use_privatekey", Map.of("$key", "rsa")).get();
            r.rec(sctx, "set_cipher_list", "DHE-RSA-AES128-GCM-SHA256".getBytes());
            if (file != null) {
              r.rec(sctx, "load_tmp_dh", file);
            }
            Obj cctx = r.clientContext("cctx" + n, "TLS_METHOD", true);
            Obj c = r.client(cctx, "c" + n);
            Obj s = r.server(sctx, "s" + n);
            Map<String, Outcome> ends = r.handshake(c, s);
            if (dh.equals(file)) {
              assertTrue(ends.get("client").isOk(), ends::toString);
            }
            r.rec(c, "get_cipher_name");
            r.rec(s, "get_cipher_name");
          }
          String[][] curves = {
            // client curve, server curve, must succeed
            {null, "secp384r1", "yes"}, {"prime256v1", "secp384r1", ""}, {"secp384r1", null, ""},
          };
          for (long version : new long[] {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION}) {
            for (String[] k : curves) {
              n++;
              r.note("curves", Arrays.asList(version, k[0], k[1]));
              Obj sctx = r.serverContext("sctx" + n, "TLS_METHOD");
              if (k[1] != null) {
                r.rec(sctx, "set_tmp_ecdh", k[1]);
              }
              Obj cctx = r.clientContext("cctx" + n, "TLS_METHOD", true);
              r.call(cctx, "set_max_proto_version", version).get();
              if (k[0] != null) {
                r.rec(cctx, "set_tmp_ecdh", k[0]);
              }
              Obj c = r.client(cctx, "c" + n);
              Obj s = r.server(sctx, "s" + n);
              Map<String, Outcome> ends = r.handshake(c, s);
              if (k[2].equals("yes")) {
                assertTrue(ends.get("client").isOk(), ends::toString);
              }
              r.rec(c, "get_cipher_name");
            }
          }
        });
  }

  /**
   * clear_options takes back what set_options set (compared with pyOpenSSL's bindings: pyOpenSSL
   * has no clear_options), with its effect: a server that keeps no session cache lets clients
   * resume only with a ticket, so clearing OP_NO_TICKET makes resumption work again. The min/max
   * getters (also through the bindings) say what the setters and the fixed-version methods set.
   */
  @Test
  void clearOptionsAndVersionGetters() {
    assumeTrue(
        py.hasBinding("SSL_CTX_clear_options")
            && py.hasBinding("SSL_CTX_get_options")
            && py.hasBinding("SSL_CTX_get_min_proto_version"),
        "the peer's cryptography bindings lack SSL_CTX_clear_options or the getters");
    Parity.check(
        py,
        jossl,
        r -> {
          int n = 0;
          for (long version : new long[] {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION}) {
            for (boolean clear : new boolean[] {false, true}) {
              n++;
              r.note("case", List.of(version, clear));
              Obj sctx = r.serverContext("sctx" + n, "TLS_METHOD");
              r.rec(sctx, "set_session_cache_mode", OpenSsl.SESS_CACHE_OFF);
              r.rec(
                  sctx, "set_options", OpenSsl.OP_NO_TICKET | OpenSsl.OP_CIPHER_SERVER_PREFERENCE);
              if (clear) {
                r.rec(sctx, "clear_options", OpenSsl.OP_NO_TICKET);
                r.rec(sctx, "clear_options", OpenSsl.OP_NO_TICKET);
              }
              r.rec(sctx, "get_options");
              Obj cctx = r.clientContext("cctx" + n, "TLS_METHOD", true);
              r.rec(cctx, "get_min_proto_version");
              r.rec(cctx, "get_max_proto_version");
              r.call(cctx, "set_min_proto_version", version).get();
              r.call(cctx, "set_max_proto_version", version).get();
              r.rec(cctx, "get_min_proto_version");
              r.rec(cctx, "get_max_proto_version");
              Obj c1 = r.client(cctx, "c1-" + n);
              Obj s1 = r.server(sctx, "s1-" + n);
              r.handshake(c1, s1);
              r.rec(c1, "get_protocol_version");
              r.resume(c1, cctx, sctx, String.valueOf(n));
            }
          }
          for (String method : List.of("TLSv1_2_METHOD", "TLSv1_METHOD", "TLS_METHOD")) {
            Obj ctx = r.context(false, "v-" + method, method);
            r.rec(ctx, "get_min_proto_version");
            r.rec(ctx, "get_max_proto_version");
            r.rec(ctx, "set_max_proto_version", 0L);
            r.rec(ctx, "get_max_proto_version");
          }
        },
        Config.PYOPENSSL,
        Config.JOSSL);
  }

  // ---- the module's functions

  /** OpenSSL_version and SSLeay_version answer what pyOpenSSL's answer for every selector. */
  @Test
  void versionTextsEqualPyOpenSsls() throws Exception {
    List<String> names =
        List.of(
            "OPENSSL_VERSION",
            "OPENSSL_CFLAGS",
            "OPENSSL_BUILT_ON",
            "OPENSSL_PLATFORM",
            "OPENSSL_DIR",
            "SSLEAY_VERSION",
            "SSLEAY_CFLAGS",
            "SSLEAY_BUILT_ON",
            "SSLEAY_PLATFORM",
            "SSLEAY_DIR");
    Map<String, Object> theirs = py.peer().callMap("openssl_version", "names", names);
    List<Executable> checks = new ArrayList<>();
    for (String name : names) {
      int type = OpenSsl.class.getField(name).getInt(null);
      @SuppressWarnings("deprecation")
      String ours =
          name.startsWith("SSLEAY") ? OpenSsl.ssleayVersion(type) : OpenSsl.openSslVersion(type);
      String expected = new String((byte[]) theirs.get(name), StandardCharsets.UTF_8);
      checks.add(() -> assertEquals(expected, ours, name));
    }
    assertAll(checks);
  }

  /**
   * OPENSSL_VERSION_NUMBER: jossl reports the loaded library's number, which is what OpenSSL itself
   * answers at run time (pyOpenSSL's OpenSSL_version_num binding), and agrees with the version
   * text. pyOpenSSL's own {@code OPENSSL_VERSION_NUMBER} is the compile-time number of its
   * cryptography bindings, which may be older (see FEATURES.md).
   */
  @Test
  void versionNumberIsTheLoadedLibrarys() {
    Object runtime = py.hello("runtime_version_number");
    assumeTrue(runtime != null, "the peer's bindings lack OpenSSL_version_num");
    long number = OpenSsl.openSslVersionNumber();
    assertEquals(((Number) runtime).longValue(), number);
    String text = OpenSsl.openSslVersion(OpenSsl.OPENSSL_VERSION);
    String dotted =
        (number >>> 28) + "." + ((number >>> 20) & 0xff) + "." + ((number >>> 4) & 0xff);
    assertTrue(
        text.startsWith("OpenSSL " + dotted + " "), text + " vs " + Long.toHexString(number));
    long compiled = ((Number) py.hello("version_number")).longValue();
    assertEquals(number >>> 28, compiled >>> 28, "pyOpenSSL was built for another major version");
  }

  /**
   * WantX509LookupError: pyOpenSSL has no API that makes OpenSSL want an X509 lookup (nor has
   * jossl); through its bindings a certificate callback answering -1 makes a pyOpenSSL server raise
   * it, and jossl turns the same SSL_get_error code into the exception of the same name and text.
   */
  @Test
  void wantX509LookupIsRaisedAsInPyOpenSsl() {
    assumeTrue(
        py.hasBinding("SSL_CTX_set_cert_cb"), "the peer's bindings lack SSL_CTX_set_cert_cb");
    py.reset();
    Outcome theirs;
    try {
      Run r = new Run(py, py, "pyOpenSSL");
      Obj sctx = r.serverContext("sctx", "TLS_METHOD");
      r.callback(sctx, "cert_lookup", "defer");
      Obj cctx = r.clientContext("cctx", "TLS_METHOD", false);
      theirs = r.handshake(r.client(cctx, "c"), r.server(sctx, "s")).get("server");
    } finally {
      py.reset();
    }
    assertEquals("WantX509LookupError", theirs.type(), theirs::toString);
    TlsStatus status = new TlsStatus();
    status.sslError = Constants.SSL_ERROR_WANT_X509_LOOKUP;
    WantX509LookupException ours =
        assertThrows(WantX509LookupException.class, () -> Errors.raise(status));
    assertEquals(theirs.canon(), JosslSide.raised(ours).canon());
  }

  // ---- encrypted PEM blocks: never a prompt

  /**
   * A PEM block encrypted the traditional way (RFC 1421 headers, AES-128-CBC, key = MD5 of the
   * passphrase and the IV's first 8 bytes, as OpenSSL's {@code PEM_do_header} derives it).
   */
  static String encryptedPem(String label, byte[] der, byte[] passphrase) throws Exception {
    byte[] iv = new byte[16];
    new SecureRandom().nextBytes(iv);
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    md5.update(passphrase);
    md5.update(iv, 0, 8);
    Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
    aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(md5.digest(), "AES"), new IvParameterSpec(iv));
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(aes.doFinal(der));
    return "-----BEGIN "
        + label
        + "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,"
        + HexFormat.of().withUpperCase().formatHex(iv)
        + "\n\n"
        + body
        + "\n-----END "
        + label
        + "-----\n";
  }

  /**
   * Where OpenSSL reads PEM without a passphrase callback (SSL_load_client_CA_file, the DH
   * parameter reader) it prompts for an encrypted block's passphrase on the terminal, or on
   * standard input without one; jossl never lets it. In a JVM without a terminal whose standard
   * input holds the right passphrase, the calls of {@link NoPassphrasePromptMain} print no prompt
   * and decrypt nothing: load_client_ca keeps the names before the encrypted block, load_tmp_dh and
   * the trust stores fail. (A prompting call would have printed "Enter PEM pass phrase" and listed
   * the encrypted certificate, which openssl decrypts with that passphrase.)
   */
  @Test
  void encryptedPemBlocksAreNeverPromptedFor(@TempDir Path dir) throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/setsid")), "no setsid to run without a terminal");
    byte[] passphrase = "prompt-me".getBytes(StandardCharsets.US_ASCII);
    Path certificates = dir.resolve("mixed.pem");
    Files.writeString(
        certificates,
        pki.certs.get("root").toPem()
            + encryptedPem("CERTIFICATE", pki.certs.get("client").toDer(), passphrase));
    // the encrypted block is sound: openssl decrypts it with the passphrase
    String decrypted =
        Peers.run(
                List.of(
                    Peers.openssl(),
                    "storeutl",
                    "-passin",
                    "pass:prompt-me",
                    "-noout",
                    "-text",
                    "-certs",
                    certificates.toString()),
                null,
                Duration.ofSeconds(30))
            .requireSuccess("openssl storeutl")
            .stdout();
    assertTrue(
        java.util.regex.Pattern.compile("Subject: CN ?= ?client\\n").matcher(decrypted).find(),
        decrypted);
    String dhPem = Files.readString(Path.of(dhParameters()));
    byte[] dhDer =
        Base64.getMimeDecoder()
            .decode(dhPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    Path dh = dir.resolve("dh-encrypted.pem");
    Files.writeString(dh, encryptedPem("DH PARAMETERS", dhDer, passphrase));

    List<String> command = new ArrayList<>(List.of("/usr/bin/setsid", Jvm.java()));
    command.addAll(
        List.of(
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            NoPassphrasePromptMain.class.getName(),
            certificates.toString(),
            dh.toString()));
    byte[] stdin =
        "prompt-me\nprompt-me\nprompt-me\nprompt-me\n".getBytes(StandardCharsets.US_ASCII);
    Peers.Result result =
        Peers.run(command, stdin, Duration.ofSeconds(60)).requireSuccess("NoPassphrasePromptMain");
    String out = result.stdout();
    assertAll(
        () -> assertFalse(result.stderr().toLowerCase().contains("pass phrase"), result.stderr()),
        () -> assertTrue(out.contains("load_client_ca: ok [jossl Test Root"), out),
        () -> assertFalse(out.contains("client]"), out),
        () -> assertTrue(out.contains("load_tmp_dh: raised OpenSslException"), out),
        // OpenSSL's terminal prompt, when it cannot read one, fails with this
        () -> assertFalse(out.contains("interrupted or cancelled"), out),
        () -> assertTrue(out.contains("load_verify_locations: raised OpenSslException"), out),
        () -> assertTrue(out.contains("X509Store.load_locations: raised CryptoException"), out));
  }

  // ---- what jossl documents beyond pyOpenSSL 23

  /**
   * A context that made a connection cannot change any more (pyOpenSSL 26.2's rule, which jossl
   * adopts on every version): every setter throws, getters and check_privatekey still work.
   */
  @Test
  void aUsedContextCannotChange() throws Exception {
    Context ctx = new Context(OpenSsl.TLS_SERVER_METHOD);
    ctx.useCertificate(pki.certs.get("server"));
    ctx.usePrivatekey(pki.keys.get("server"));
    assertTrue(!ctx.isUsed());
    try (Connection conn = new Connection(ctx)) {
      assertNotNull(conn);
      assertTrue(ctx.isUsed());
      String message =
          "Context has already been used to create a Connection, it cannot be mutated again";
      List<Executable> setters = new ArrayList<>();
      setters.add(() -> ctx.setOptions(OpenSsl.OP_NO_TICKET));
      setters.add(() -> ctx.clearOptions(OpenSsl.OP_NO_TICKET));
      setters.add(() -> ctx.setMode(OpenSsl.MODE_RELEASE_BUFFERS));
      setters.add(() -> ctx.clearMode(OpenSsl.MODE_RELEASE_BUFFERS));
      setters.add(() -> ctx.setVerify(OpenSsl.VERIFY_PEER));
      setters.add(() -> ctx.setVerify(OpenSsl.VERIFY_PEER, (c, x, e, d, ok) -> true));
      setters.add(() -> ctx.setVerifyDepth(2));
      setters.add(() -> ctx.loadVerifyLocations(pki.rootPem.toString()));
      setters.add(() -> ctx.setDefaultVerifyPaths());
      setters.add(() -> ctx.useCertificate(pki.certs.get("server")));
      setters.add(() -> ctx.useCertificateFile(pki.serverPem.toString()));
      setters.add(() -> ctx.useCertificateChainFile(pki.serverChainPem.toString()));
      setters.add(() -> ctx.addExtraChainCert(pki.certs.get("inter")));
      setters.add(() -> ctx.usePrivatekey(pki.keys.get("server")));
      setters.add(() -> ctx.usePrivatekeyFile(pki.serverKey.toString()));
      setters.add(() -> ctx.setPasswdCb((m, v, u) -> new byte[0], null));
      setters.add(() -> ctx.loadClientCa(pki.casPem.toString()));
      setters.add(() -> ctx.setClientCaList(List.<X509Name>of()));
      setters.add(() -> ctx.addClientCa(pki.certs.get("root")));
      setters.add(() -> ctx.setCipherList("HIGH"));
      setters.add(() -> ctx.setTls13Ciphersuites("TLS_AES_128_GCM_SHA256"));
      setters.add(() -> ctx.setSessionId(new byte[] {1}));
      setters.add(() -> ctx.setSessionCacheMode(OpenSsl.SESS_CACHE_OFF));
      setters.add(() -> ctx.setTimeout(10));
      setters.add(() -> ctx.setMinProtoVersion(OpenSsl.TLS1_2_VERSION));
      setters.add(() -> ctx.setMaxProtoVersion(OpenSsl.TLS1_3_VERSION));
      setters.add(() -> ctx.setInfoCallback((c, w, ret) -> {}));
      setters.add(() -> ctx.setKeylogCallback((c, l) -> {}));
      setters.add(() -> ctx.setTlsextServernameCallback(c -> {}));
      setters.add(() -> ctx.setAlpnProtos(List.of("h2".getBytes())));
      setters.add(() -> ctx.setAlpnSelectCallback((c, o) -> o.get(0)));
      setters.add(() -> ctx.setOcspServerCallback((c, d) -> new byte[0], null));
      setters.add(() -> ctx.setOcspClientCallback((c, o, d) -> true, null));
      setters.add(() -> ctx.setTmpEcdh("prime256v1"));
      List<Executable> checks = new ArrayList<>();
      for (Executable setter : setters) {
        checks.add(
            () ->
                assertEquals(
                    message, assertThrows(IllegalStateException.class, setter).getMessage()));
      }
      checks.add(() -> ctx.checkPrivatekey());
      checks.add(() -> assertEquals(7200, ctx.getTimeout()));
      checks.add(() -> assertEquals(0, ctx.getVerifyMode()));
      checks.add(() -> ctx.setAppData("app data is not configuration"));
      assertAll(checks);
    }
    if (py.atLeast(26, 2)) {
      // the same rule in pyOpenSSL: a ValueError (Java: IllegalStateException) with this text
      Map<String, Object> answer =
          py.peer().callMap("context", "name", "used", "method", "TLS_METHOD");
      assertTrue(answer.containsKey("ok"), answer.toString());
      py.peer().call("connection", "name", "used-conn", "context", "used");
      Outcome o = py.call("used", "set_options", List.of(OpenSsl.OP_NO_TICKET));
      assertEquals(
          "Context has already been used to create a Connection, it cannot be mutated again",
          o.str());
      py.reset();
    }
  }
}
