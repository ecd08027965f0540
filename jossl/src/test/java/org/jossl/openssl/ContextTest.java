package org.jossl.openssl;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jossl.crypto.X509Name;
import org.jossl.openssl.Parity.Config;
import org.jossl.openssl.Parity.Obj;
import org.jossl.openssl.Parity.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
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
