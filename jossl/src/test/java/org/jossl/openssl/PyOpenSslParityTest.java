package org.jossl.openssl;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jossl.openssl.Parity.Config;
import org.jossl.openssl.Parity.Obj;
import org.jossl.openssl.Parity.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jossl's {@link Connection} against pyOpenSSL's, over memory BIOs: each scenario runs with a
 * pyOpenSSL pair, a jossl pair, and each library against the other, and every observation must be
 * what the pyOpenSSL pair saw (see {@link Parity}). pyOpenSSL runs in one peer process for the
 * whole class.
 */
class PyOpenSslParityTest {
  private static PyOpenSslSide py;
  private static JosslSide jossl;

  @BeforeAll
  static void start() {
    TestPki pki = TestPki.get();
    py = new PyOpenSslSide(pki);
    jossl = new JosslSide(pki, py.pyOpenSslVersion());
  }

  @AfterAll
  static void stop() {
    if (py != null) {
      py.close();
    }
  }

  private static List<Object> check(Parity.Scenario s, Config... configs) {
    return Parity.check(py, jossl, s, configs);
  }

  /** The comparison can fail: a scenario that observes which library runs does. */
  @Test
  void theComparisonNoticesADifference() {
    AssertionError e =
        assertThrows(
            AssertionError.class, () -> check(r -> r.note("library", r.clientSide.label())));
    assertTrue(e.getMessage().contains("JOSSL differs from PYOPENSSL"), e.getMessage());
  }

  /** The client context limited to {@code version} (TLS 1.2 or 1.3). */
  private static void limit(Run r, Obj ctx, long version) {
    r.call(ctx, "set_min_proto_version", version).get();
    r.call(ctx, "set_max_proto_version", version).get();
  }

  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void handshakeInformation(long version) {
    check(
        r -> {
          Obj sctx = r.serverContext("sctx", "TLS_METHOD");
          r.callback(sctx, "alpn_select", "http/1.1".getBytes());
          Obj cctx = r.clientContext("cctx", "TLS_METHOD", true);
          limit(r, cctx, version);
          Obj c = r.client(cctx, "c");
          Obj s = r.server(sctx, "s");
          for (Obj o : List.of(c, s)) {
            r.rec(o, "get_state_string");
            r.rec(o, "get_cipher_name");
            r.rec(o, "client_random");
            r.rec(o, "master_key");
            r.rec(o, "get_finished");
            r.rec(o, "get_peer_certificate");
            r.rec(o, "get_servername");
            r.rec(o, "want_read");
          }
          r.rec(c, "set_tlsext_host_name", "localhost".getBytes());
          r.rec(c, "set_alpn_protos", List.of("h2".getBytes(), "http/1.1".getBytes()));
          r.handshake(c, s);
          r.events("callbacks");
          for (Obj o : List.of(c, s)) {
            r.rec(o, "get_state_string");
            r.rec(o, "get_cipher_name");
            r.rec(o, "get_cipher_bits");
            r.rec(o, "get_cipher_version");
            r.rec(o, "get_protocol_version_name");
            r.rec(o, "get_protocol_version");
            r.rec(o, "get_servername");
            r.rec(o, "get_alpn_proto_negotiated");
            r.rec(o, "get_peer_certificate");
            r.rec(o, "get_peer_cert_chain");
            r.rec(o, "get_verified_chain");
            r.rec(o, "get_certificate");
            r.rec(o, "get_client_ca_list");
            r.rec(o, "session_reused");
            r.rec(o, "get_verify_result");
            r.rec(o, "want_read");
            r.rec(o, "want_write");
            r.rec(o, "pending");
            r.rec(o, "get_shutdown");
          }
          r.same("tls-unique client", r.call(c, "get_finished"), r.call(s, "get_peer_finished"));
          r.same("tls-unique server", r.call(s, "get_finished"), r.call(c, "get_peer_finished"));
          r.same("client_random", r.call(c, "client_random"), r.call(s, "client_random"));
          r.same("server_random", r.call(c, "server_random"), r.call(s, "server_random"));
          r.same("master_key", r.call(c, "master_key"), r.call(s, "master_key"));
          byte[] label = "EXPORTER-jossl-test".getBytes();
          Outcome plain = r.call(c, "export_keying_material", label, 32L, null);
          r.same("ekm", plain, r.call(s, "export_keying_material", label, 32L, null));
          Outcome withContext = r.call(c, "export_keying_material", label, 32L, "ctx".getBytes());
          r.same(
              "ekm context",
              withContext,
              r.call(s, "export_keying_material", label, 32L, "ctx".getBytes()));
          r.same("ekm context vs none", plain, withContext);
          Outcome empty = r.call(c, "export_keying_material", label, 32L, new byte[0]);
          r.same("ekm empty context vs none", plain, empty);
        });
  }

  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void sessionResumption(long version) {
    check(
        r -> {
          Obj sctx = r.serverContext("sctx", "TLS_METHOD");
          Obj cctx = r.clientContext("cctx", "TLS_METHOD", true);
          limit(r, cctx, version);
          Obj c1 = r.client(cctx, "c1");
          Obj s1 = r.server(sctx, "s1");
          r.handshake(c1, s1);
          // TLS 1.3 tickets come after the handshake: the client reads them with its next read
          r.rec(c1, "recv", 1024L);
          Outcome session = r.rec(c1, "get_session");
          r.rec(s1, "get_session");
          Obj c2 = r.client(cctx, "c2");
          r.rec(c2, "set_session", session.ref());
          Obj s2 = r.server(sctx, "s2");
          r.handshake(c2, s2);
          for (Obj o : List.of(c1, s1, c2, s2)) {
            r.rec(o, "session_reused");
            r.rec(o, "get_cipher_name");
            r.rec(o, "get_protocol_version_name");
          }
          r.same("resumed tls-unique", r.call(c2, "get_peer_finished"), r.call(s2, "get_finished"));
          r.same(
              "resumed client tls-unique",
              r.call(c2, "get_finished"),
              r.call(s2, "get_peer_finished"));
          byte[] label = "EXPORTER-jossl-test".getBytes();
          r.same(
              "resumed ekm",
              r.call(c2, "export_keying_material", label, 16L, null),
              r.call(s2, "export_keying_material", label, 16L, null));
          r.same("resumed master_key", r.call(c2, "master_key"), r.call(s2, "master_key"));
          r.same("new server_random", r.call(c1, "server_random"), r.call(c2, "server_random"));
          // a session of another context is offered, the server decides: full handshake
          Obj other = r.serverContext("sctx2", "TLS_METHOD");
          Obj c3 = r.client(cctx, "c3");
          r.rec(c3, "set_session", session.ref());
          Obj s3 = r.server(other, "s3");
          r.handshake(c3, s3);
          r.rec(c3, "session_reused");
          r.rec(s3, "session_reused");
        });
  }

  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void shutdownSequence(long version) {
    check(
        r -> {
          Obj sctx = r.serverContext("sctx", "TLS_METHOD");
          Obj cctx = r.clientContext("cctx", "TLS_METHOD", true);
          limit(r, cctx, version);
          Obj c = r.client(cctx, "c");
          Obj s = r.server(sctx, "s");
          r.rec(c, "shutdown");
          r.rec(c, "get_shutdown");
          r.call(c, "set_shutdown", 0L);
          r.handshake(c, s);
          r.rec(c, "send", "hello".getBytes());
          r.pump(c, s);
          r.rec(s, "recv", 1024L);
          r.rec(c, "shutdown");
          r.rec(c, "get_shutdown");
          r.rec(c, "send", "after".getBytes());
          r.rec(c, "shutdown");
          r.pump(c, s);
          r.rec(s, "get_shutdown");
          r.rec(s, "recv", 1024L);
          r.rec(s, "get_shutdown");
          r.rec(s, "recv", 1024L);
          r.rec(s, "send", "server data".getBytes());
          r.rec(s, "shutdown");
          r.rec(s, "get_shutdown");
          r.rec(s, "shutdown");
          r.pump(c, s);
          r.rec(c, "recv", 1024L);
          r.rec(c, "get_shutdown");
          r.rec(c, "shutdown");
          r.rec(c, "recv", 1024L);
          r.rec(c, "want_read");
          r.rec(s, "send", "x".getBytes());
          r.rec(s, "get_state_string");
          r.rec(c, "set_shutdown", (long) OpenSsl.RECEIVED_SHUTDOWN);
          r.rec(c, "get_shutdown");
        });
  }

  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void readsPendingAndWants(long version) {
    check(
        r -> {
          Obj sctx = r.serverContext("sctx", "TLS_METHOD");
          Obj cctx = r.clientContext("cctx", "TLS_METHOD", false);
          limit(r, cctx, version);
          Obj c = r.client(cctx, "c");
          Obj s = r.server(sctx, "s");
          r.rec(c, "bio_read", 100L);
          r.rec(s, "recv", 10L);
          r.rec(s, "want_read");
          r.rec(c, "do_handshake");
          r.rec(c, "want_read");
          r.rec(c, "want_write");
          r.rec(c, "get_state_string");
          r.handshake(c, s);
          r.rec(s, "recv", 10L);
          r.rec(s, "want_read");
          r.rec(c, "send", "abcdefghij".getBytes());
          r.rec(c, "sendall", "klmnop".getBytes());
          r.rec(s, "pending");
          r.pump(c, s);
          r.rec(s, "pending");
          r.rec(s, "recv", 3L, (long) Connection.MSG_PEEK);
          r.rec(s, "pending");
          r.rec(s, "recv", 4L);
          r.rec(s, "pending");
          r.rec(s, "recv", 100L);
          r.rec(s, "pending");
          r.rec(s, "recv", 100L);
          r.rec(s, "recv", 100L);
          r.rec(s, "want_read");
          byte[] big = new byte[40000];
          Arrays.fill(big, (byte) 'z');
          r.rec(s, "send", big);
          r.rec(s, "sendall", big);
          r.pump(c, s);
          int got = 0;
          for (int i = 0; i < 20 && got < 56384 + 40000; i++) {
            Outcome o = r.call(c, "recv", 70000L);
            if (!o.isOk()) {
              r.note("c.recv", o);
              break;
            }
            got += o.bytes().length;
            r.note("c.recv length", (long) o.bytes().length);
            r.rec(c, "pending");
          }
          r.note("received", (long) got);
        });
  }

  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void unexpectedEof(long version) {
    check(
        r -> {
          Obj sctx = r.serverContext("sctx", "TLS_METHOD");
          Obj cctx = r.clientContext("cctx", "TLS_METHOD", false);
          limit(r, cctx, version);
          // during the handshake
          Obj c1 = r.client(cctx, "c1");
          r.rec(c1, "do_handshake");
          r.rec(c1, "bio_shutdown");
          r.rec(c1, "do_handshake");
          r.rec(c1, "do_handshake");
          r.rec(c1, "get_shutdown");
          Obj s1 = r.server(sctx, "s1");
          r.rec(s1, "bio_shutdown");
          r.rec(s1, "do_handshake");
          // after it
          Obj c2 = r.client(cctx, "c2");
          Obj s2 = r.server(sctx, "s2");
          r.handshake(c2, s2);
          r.rec(c2, "send", "data".getBytes());
          r.transfer(c2, s2);
          r.rec(s2, "bio_shutdown");
          r.rec(s2, "recv", 2L);
          r.rec(s2, "recv", 100L);
          r.rec(s2, "recv", 100L);
          r.rec(s2, "get_shutdown");
          r.rec(s2, "send", "more".getBytes());
          // truncated records are an EOF too
          r.rec(c2, "send", "truncated".getBytes());
          byte[] record = r.call(c2, "bio_read", 65536L).bytes();
          r.rec(s2, "bio_write", Arrays.copyOf(record, 7));
          Obj c3 = r.client(cctx, "c3");
          Obj s3 = r.server(sctx, "s3");
          r.handshake(c3, s3);
          r.rec(c3, "send", "truncated".getBytes());
          record = r.call(c3, "bio_read", 65536L).bytes();
          r.rec(s3, "bio_write", Arrays.copyOf(record, 7));
          r.rec(s3, "recv", 100L);
          r.rec(s3, "bio_shutdown");
          r.rec(s3, "recv", 100L);
        });
  }

  private static final long PEER = OpenSsl.VERIFY_PEER;
  private static final long REQUIRE = OpenSsl.VERIFY_PEER | OpenSsl.VERIFY_FAIL_IF_NO_PEER_CERT;

  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void verification(long version) {
    check(
        r -> {
          Obj sctx = r.serverContext("sctx", "TLS_METHOD");
          String[][] cases = {
            {"none", "no-store", ""},
            {"none", "store", ""},
            {"record", "no-store", ""},
            {"record", "store", ""},
            {"accept", "no-store", ""},
            {"reject", "store", ""},
            {"record", "store", "connection"},
            {"accept", "no-store", "connection"},
          };
          int n = 0;
          for (String[] k : cases) {
            n++;
            Obj cctx = r.clientContext("cctx" + n, "TLS_METHOD", false);
            limit(r, cctx, version);
            if (k[1].equals("store")) {
              r.call(cctx, "load_verify_locations", TestPki.get().rootPem.toString()).get();
            }
            if (k[0].equals("none") || k[2].equals("connection")) {
              r.call(cctx, "set_verify", PEER).get();
            } else {
              r.callback(cctx, "verify", k[0], null, (int) PEER);
            }
            Obj c = r.connection(cctx, "c" + n);
            if (k[2].equals("connection")) {
              r.callback(c, "verify", k[0], null, (int) PEER);
            }
            r.call(c, "set_connect_state").get();
            Obj s = r.server(sctx, "s" + n);
            r.note("case", String.join(" ", k));
            r.handshake(c, s);
            r.events("verify callbacks");
            r.rec(c, "get_verify_result");
            r.rec(c, "get_verify_mode");
            r.rec(c, "get_peer_certificate");
            r.rec(c, "get_verified_chain");
            r.rec(s, "recv", 10L);
          }
        });
  }

  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void clientCertificates(long version) {
    check(
        r -> {
          String[][] cases = {
            {"require", "no-cert"}, {"require", "cert"}, {"peer", "no-cert"}, {"peer", "cert"}
          };
          int n = 0;
          for (String[] k : cases) {
            n++;
            Obj sctx = r.serverContext("sctx" + n, "TLS_METHOD");
            r.call(sctx, "load_verify_locations", TestPki.get().rootPem.toString()).get();
            r.callback(
                sctx, "verify", "record", null, (int) (k[0].equals("require") ? REQUIRE : PEER));
            r.rec(sctx, "set_client_ca_list", List.of(Map.of("$subject", "root")));
            Obj cctx = r.clientContext("cctx" + n, "TLS_METHOD", true);
            limit(r, cctx, version);
            if (k[1].equals("cert")) {
              r.call(cctx, "use_certificate", Map.of("$cert", "client")).get();
              r.call(cctx, "add_extra_chain_cert", Map.of("$cert", "inter")).get();
              r.call(cctx, "use_privatekey", Map.of("$key", "client")).get();
            }
            Obj c = r.client(cctx, "c" + n);
            Obj s = r.server(sctx, "s" + n);
            r.note("case", String.join(" ", k));
            r.rec(c, "get_client_ca_list");
            r.rec(s, "get_client_ca_list");
            r.handshake(c, s);
            r.events("verify callbacks");
            r.rec(c, "recv", 10L);
            r.pump(c, s);
            r.rec(s, "recv", 10L);
            r.rec(c, "get_client_ca_list");
            r.rec(s, "get_peer_certificate");
            r.rec(s, "get_peer_cert_chain");
            r.rec(s, "get_verified_chain");
            r.rec(s, "get_verify_result");
            r.rec(c, "get_certificate");
          }
        });
  }

  @Test
  void protocolAndCipherMismatches() {
    check(
        r -> {
          // client at most TLS 1.2, server at least TLS 1.3, and the other way round
          long[][] versions = {
            {0, OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION, 0},
            {OpenSsl.TLS1_3_VERSION, 0, 0, OpenSsl.TLS1_2_VERSION},
          };
          int n = 0;
          for (long[] v : versions) {
            n++;
            Obj sctx = r.serverContext("sctx" + n, "TLS_METHOD");
            r.call(sctx, "set_min_proto_version", v[2]).get();
            r.call(sctx, "set_max_proto_version", v[3]).get();
            Obj cctx = r.clientContext("cctx" + n, "TLS_METHOD", true);
            r.call(cctx, "set_min_proto_version", v[0]).get();
            r.call(cctx, "set_max_proto_version", v[1]).get();
            Obj c = r.client(cctx, "c" + n);
            Obj s = r.server(sctx, "s" + n);
            r.handshake(c, s);
            r.rec(c, "get_state_string");
            r.rec(s, "get_state_string");
            r.rec(c, "do_handshake");
          }
          // TLS 1.2 without a common cipher
          Obj sctx = r.serverContext("sctx-ciphers", "TLSv1_2_METHOD");
          r.rec(sctx, "set_cipher_list", "ECDHE-ECDSA-AES128-GCM-SHA256".getBytes());
          Obj cctx = r.clientContext("cctx-ciphers", "TLSv1_2_METHOD", true);
          r.rec(cctx, "set_cipher_list", "ECDHE-ECDSA-CHACHA20-POLY1305".getBytes());
          Obj c = r.client(cctx, "c-ciphers");
          Obj s = r.server(sctx, "s-ciphers");
          r.rec(c, "get_cipher_list");
          r.rec(s, "get_cipher_list");
          r.handshake(c, s);
          // a TLS 1.2 client against a server that only speaks plain text
          Obj c4 = r.client(cctx, "c-garbage");
          r.rec(c4, "do_handshake");
          r.rec(c4, "bio_write", "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
          r.rec(c4, "do_handshake");
        });
  }

  @Test
  void renegotiation() {
    check(
        r -> {
          Obj sctx = r.serverContext("sctx", "TLSv1_2_METHOD");
          Obj cctx = r.clientContext("cctx", "TLSv1_2_METHOD", true);
          for (String initiator : List.of("server", "client")) {
            Obj c = r.client(cctx, "c-" + initiator);
            Obj s = r.server(sctx, "s-" + initiator);
            r.handshake(c, s);
            Obj a = initiator.equals("server") ? s : c;
            Obj b = initiator.equals("server") ? c : s;
            r.rec(a, "renegotiate_pending");
            r.rec(a, "total_renegotiations");
            r.rec(a, "renegotiate");
            r.rec(a, "renegotiate_pending");
            r.rec(a, "renegotiate");
            r.rec(a, "total_renegotiations");
            for (int i = 0; i < 5; i++) {
              r.rec(a, "do_handshake");
              r.pump(c, s);
              r.rec(b, "recv", 100L);
              r.pump(c, s);
              r.rec(a, "recv", 100L);
              r.pump(c, s);
              r.rec(a, "renegotiate_pending");
            }
            r.rec(a, "send", "after".getBytes());
            r.pump(c, s);
            r.rec(b, "recv", 100L);
            for (Obj o : List.of(c, s)) {
              r.rec(o, "total_renegotiations");
              r.rec(o, "renegotiate_pending");
              r.rec(o, "get_state_string");
            }
          }
        });
  }

  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void stateStringsAndInfoCallbacks(long version) {
    check(
        r -> {
          Obj sctx = r.serverContext("sctx", "TLS_METHOD");
          r.callback(sctx, "info", "record");
          Obj cctx = r.clientContext("cctx", "TLS_METHOD", true);
          limit(r, cctx, version);
          r.callback(cctx, "info", "record");
          Obj c = r.client(cctx, "c");
          Obj s = r.server(sctx, "s");
          r.handshake(c, s, true);
          r.events("handshake info");
          r.rec(c, "send", "ping".getBytes());
          r.pump(c, s);
          r.rec(s, "recv", 100L);
          r.rec(c, "shutdown");
          r.pump(c, s);
          r.rec(s, "recv", 100L);
          r.rec(s, "shutdown");
          r.pump(c, s);
          r.rec(c, "recv", 100L);
          r.events("shutdown info");
          // a failed handshake
          Obj bad = r.clientContext("bad", "TLS_METHOD", false);
          limit(r, bad, version);
          r.call(bad, "set_verify", PEER).get();
          r.callback(bad, "info", "record");
          Obj c2 = r.client(bad, "c2");
          Obj s2 = r.server(sctx, "s2");
          r.handshake(c2, s2, true);
          r.events("failure info");
        });
  }

  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void alpnSniOcspAndKeylog(long version) {
    check(
        r -> {
          Object[][] cases = {
            // ALPN select answer, OCSP response, OCSP verdict, client asks for OCSP, SNI
            {"http/1.1".getBytes(), "fake-ocsp-response".getBytes(), true, true, "example.test"},
            {"NO_OVERLAPPING_PROTOCOLS", new byte[0], true, true, null},
            {null, "fake-ocsp-response".getBytes(), false, true, "localhost"},
            {"h2".getBytes(), "fake-ocsp-response".getBytes(), true, false, "localhost"},
          };
          int n = 0;
          for (Object[] k : cases) {
            n++;
            Obj sctx = r.serverContext("sctx" + n, "TLS_METHOD");
            if (k[0] != null) {
              r.callback(sctx, "alpn_select", k[0]);
            }
            r.callback(sctx, "ocsp_server", k[1], "server-data", 0);
            r.callback(sctx, "servername", "record");
            r.callback(sctx, "keylog", "record");
            Obj cctx = r.clientContext("cctx" + n, "TLS_METHOD", true);
            limit(r, cctx, version);
            r.callback(cctx, "ocsp_client", k[2], "client-data", 0);
            r.rec(cctx, "set_alpn_protos", List.of("h2".getBytes(), "http/1.1".getBytes()));
            Obj c = r.client(cctx, "c" + n);
            if ((Boolean) k[3]) {
              r.rec(c, "request_ocsp");
            }
            if (k[4] != null) {
              r.rec(c, "set_tlsext_host_name", ((String) k[4]).getBytes());
            }
            Obj s = r.server(sctx, "s" + n);
            r.handshake(c, s);
            r.events("callbacks");
            for (Obj o : List.of(c, s)) {
              r.rec(o, "get_alpn_proto_negotiated");
              r.rec(o, "get_servername");
            }
          }
        });
  }

  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void callbackExceptionsAreRaisedFromTheHandshake(long version) {
    check(
        r -> {
          // The server name callback is left out: pyOpenSSL before 26.0 lets its exceptions
          // escape and continues, 26.0 aborts (CVE-2026-27448); ConnectionTest checks jossl's rule.
          List<String> kinds = List.of("verify", "alpn_select", "ocsp_server", "ocsp_client");
          for (String kind : kinds) {
            Obj sctx = r.serverContext("sctx-" + kind, "TLS_METHOD");
            Obj cctx = r.clientContext("cctx-" + kind, "TLS_METHOD", true);
            limit(r, cctx, version);
            switch (kind) {
              case "verify" -> r.callback(cctx, "verify", "raise", null, (int) PEER);
              case "alpn_select" -> {
                r.callback(sctx, "alpn_select", "raise");
                r.call(cctx, "set_alpn_protos", List.of("h2".getBytes())).get();
              }
              case "ocsp_server" -> r.callback(sctx, "ocsp_server", "raise", null, 0);
              case "ocsp_client" -> {
                r.callback(sctx, "ocsp_server", "ocsp".getBytes(), null, 0);
                r.callback(cctx, "ocsp_client", "raise", null, 0);
              }
              default -> throw new AssertionError(kind);
            }
            Obj c = r.client(cctx, "c-" + kind);
            Obj s = r.server(sctx, "s-" + kind);
            if (kind.startsWith("ocsp")) {
              r.call(c, "request_ocsp").get();
            }
            r.call(c, "set_tlsext_host_name", "localhost".getBytes()).get();
            r.handshake(c, s);
            r.events("callbacks " + kind);
            r.rec(c, "do_handshake");
            r.rec(s, "do_handshake");
            r.rec(c, "get_state_string");
            r.rec(s, "get_state_string");
          }
        });
  }

  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void edgeCases(long version) {
    check(
        r -> {
          Obj sctx = r.serverContext("sctx", "TLS_METHOD");
          Obj cctx = r.clientContext("cctx", "TLS_METHOD", false);
          limit(r, cctx, version);
          // a verify callback that throws while verification is off still aborts the call
          r.callback(cctx, "verify", "raise", null, OpenSsl.VERIFY_NONE);
          Obj c = r.client(cctx, "c");
          Obj s = r.server(sctx, "s");
          byte[] label = "EXPORTER-jossl-test".getBytes();
          r.rec(c, "export_keying_material", label, 16L, null);
          r.rec(c, "get_peer_cert_chain");
          r.rec(c, "get_verified_chain");
          // renegotiating before the handshake breaks the connection for good
          Obj c0 = r.client(cctx, "c0");
          r.rec(c0, "renegotiate");
          r.rec(c0, "renegotiate_pending");
          r.rec(c0, "total_renegotiations");
          r.rec(c0, "do_handshake");
          r.rec(c0, "recv", 0L);
          r.rec(c0, "send", new byte[0]);
          r.rec(c0, "do_handshake");
          r.rec(c, "recv", 0L);
          r.rec(c, "send", new byte[0]);
          r.rec(c, "bio_read", 0L);
          r.rec(c, "bio_write", new byte[0]);
          r.rec(c, "get_state_string");
          r.call(c, "set_shutdown", 0L);
          r.rec(s, "set_tlsext_host_name", "server.test".getBytes());
          r.rec(s, "get_servername");
          r.handshake(c, s);
          r.events("callbacks");
          r.rec(c, "get_state_string");
          r.rec(c, "do_handshake");
          r.rec(s, "do_handshake");
          r.rec(c, "renegotiate");
          r.rec(c, "renegotiate_pending");
          r.rec(c, "recv", 0L);
          r.rec(c, "send", new byte[0]);
          r.rec(s, "recv", 0L);
          r.rec(c, "bio_read", 0L);
          r.rec(c, "bio_write", new byte[0]);
          r.rec(c, "send", "x".getBytes());
          r.rec(c, "bio_read", 0L);
          r.recShape(c, "bio_read", 3L);
          r.recShape(c, "bio_read", 3L);
          r.rec(c, "get_session");
          r.recShape(c, "export_keying_material", label, 0L, null);
          r.recShape(c, "export_keying_material", "".getBytes(), 8L, null);
          r.recShape(c, "export_keying_material", "client finished".getBytes(), 8L, null);
          r.rec(c, "get_servername");
          r.rec(s, "get_servername");
        });
  }

  /**
   * DTLS 1.2 over memory BIOs (each bio_read is one datagram), with a stateless cookie exchange.
   */
  @Test
  void dtlsWithCookieExchange() {
    boolean timeouts = py.has("DTLSv1_get_timeout"); // pyOpenSSL 23.1
    check(
        r -> {
          Object[][] cases = {
            {"cookie-1234".getBytes(), true},
            {"cookie-1234".getBytes(), false},
            {"raise", true},
            {new byte[] {7}, "raise"}
          };
          int n = 0;
          for (Object[] k : cases) {
            n++;
            Obj sctx = r.serverContext("sctx" + n, "DTLS_METHOD");
            r.call(sctx, "set_options", OpenSsl.OP_COOKIE_EXCHANGE).get();
            r.callback(sctx, "cookie_generate", k[0]);
            r.callback(sctx, "cookie_verify", k[1]);
            Obj cctx = r.clientContext("cctx" + n, "DTLS_METHOD", true);
            Obj c = r.client(cctx, "c" + n);
            Obj s = r.server(sctx, "s" + n);
            r.rec(c, "do_handshake");
            if (timeouts) {
              Outcome t = r.call(c, "DTLSv1_get_timeout");
              r.note(
                  "c.DTLSv1_get_timeout in (0, 1]",
                  t.isOk() && (Double) t.get() > 0 && (Double) t.get() <= 1.0);
              r.rec(c, "DTLSv1_handle_timeout");
            }
            for (int i = 0; i < 3; i++) {
              r.transfer(c, s);
              Outcome listen = r.rec(s, "DTLSv1_listen");
              r.transfer(s, c);
              r.rec(c, "do_handshake");
              if (!listen.raised("WantReadError")) {
                break;
              }
            }
            r.events("cookies");
            r.handshake(c, s);
            r.rec(c, "get_protocol_version_name");
            r.rec(s, "get_protocol_version_name");
            r.rec(c, "get_cipher_name");
            r.same("tls-unique", r.call(c, "get_finished"), r.call(s, "get_peer_finished"));
            r.rec(c, "set_ciphertext_mtu", 1500L);
            r.rec(c, "get_cleartext_mtu");
            r.rec(c, "send", "datagram".getBytes());
            r.pump(c, s);
            r.rec(s, "recv", 100L);
          }
        });
  }

  /**
   * A server name callback that switches the connection to another context serves that context's
   * certificate; certificates, keys, verification and ALPN set on one connection only.
   */
  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void perConnectionSettingsAndContextSwitch(long version) {
    check(
        r -> {
          Obj other = r.context(true, "other", "TLS_METHOD");
          r.call(other, "use_certificate", Map.of("$cert", "other")).get();
          r.call(other, "add_extra_chain_cert", Map.of("$cert", "inter")).get();
          r.call(other, "use_privatekey", Map.of("$key", "other")).get();
          // the client sends no intermediate: the server needs it in its store
          r.call(other, "load_verify_locations", TestPki.get().casPem.toString()).get();
          r.callback(other, "alpn_select", "proto-b".getBytes());
          Obj sctx = r.serverContext("sctx", "TLS_METHOD");
          r.call(sctx, "load_verify_locations", TestPki.get().rootPem.toString()).get();
          r.callback(sctx, "servername", Map.of("switch", "other"));
          r.callback(sctx, "keylog", "record");
          Obj cctx = r.clientContext("cctx", "TLS_METHOD", true);
          limit(r, cctx, version);
          r.callback(cctx, "keylog", "record");
          Obj c = r.client(cctx, "c");
          r.rec(c, "use_certificate", Map.of("$cert", "client"));
          r.rec(c, "use_privatekey", Map.of("$key", "client"));
          r.rec(c, "set_alpn_protos", List.of("proto-a".getBytes(), "proto-b".getBytes()));
          r.rec(c, "set_tlsext_host_name", "other.test".getBytes());
          Obj s = r.connection(sctx, "s");
          r.callback(s, "verify", "record", null, (int) REQUIRE);
          r.rec(s, "set_accept_state");
          r.rec(s, "get_verify_mode");
          r.handshake(c, s);
          r.events("callbacks");
          r.rec(c, "get_peer_certificate");
          r.rec(c, "get_peer_cert_chain");
          r.rec(s, "get_certificate");
          r.rec(s, "get_peer_certificate");
          r.rec(s, "get_peer_cert_chain");
          r.rec(s, "get_servername");
          r.rec(c, "get_certificate");
          r.rec(c, "get_alpn_proto_negotiated");
          Outcome ctx = r.rec(s, "get_context");
          r.rec(new Obj(s.side(), (String) ((Map<?, ?>) ctx.get()).get("$ref")), "get_verify_mode");
          // TLS 1.3: the session right after the handshake, before the tickets were read
          Outcome early = r.rec(c, "get_session");
          Obj c2 = r.client(cctx, "c2");
          r.rec(c2, "set_session", early.ref());
          r.rec(c2, "use_certificate", Map.of("$cert", "client"));
          r.rec(c2, "use_privatekey", Map.of("$key", "client"));
          Obj s2 = r.connection(sctx, "s2");
          r.rec(s2, "set_accept_state");
          r.handshake(c2, s2);
          r.rec(c2, "session_reused");
          r.events("second handshake");
        });
  }

  /** Session-ID resumption through the server's cache, with tickets off; and with the cache off. */
  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void serverSessionCache(long version) {
    check(
        r -> {
          long[] modes = {OpenSsl.SESS_CACHE_SERVER, OpenSsl.SESS_CACHE_OFF};
          for (long mode : modes) {
            String n = mode == OpenSsl.SESS_CACHE_OFF ? "off" : "server";
            Obj sctx = r.serverContext("sctx-" + n, "TLS_METHOD");
            r.rec(sctx, "set_options", OpenSsl.OP_NO_TICKET);
            r.rec(sctx, "set_session_cache_mode", mode);
            r.rec(sctx, "set_session_id", "jossl-parity".getBytes());
            r.rec(sctx, "set_timeout", 60L);
            Obj cctx = r.clientContext("cctx-" + n, "TLS_METHOD", true);
            limit(r, cctx, version);
            Obj c1 = r.client(cctx, "c1-" + n);
            Obj s1 = r.server(sctx, "s1-" + n);
            r.handshake(c1, s1);
            r.resume(c1, cctx, sctx, n);
          }
        });
  }

  /** The handshake run implicitly by send and recv, without do_handshake. */
  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void implicitHandshake(long version) {
    check(
        r -> {
          Obj sctx = r.serverContext("sctx", "TLS_METHOD");
          Obj cctx = r.clientContext("cctx", "TLS_METHOD", true);
          limit(r, cctx, version);
          Obj c = r.client(cctx, "c");
          Obj s = r.server(sctx, "s");
          for (int i = 0; i < 6; i++) {
            r.rec(c, "send", ("ping " + i).getBytes());
            r.pump(c, s);
            r.rec(s, "recv", 100L);
            r.pump(c, s);
            r.rec(c, "get_state_string");
            r.rec(s, "get_state_string");
          }
          r.rec(s, "send", "pong".getBytes());
          r.pump(c, s);
          r.rec(c, "recv", 100L);
        });
  }
}
