package org.jossl.crypto;

import static org.jossl.crypto.PeerResults.bytes;
import static org.jossl.crypto.PeerResults.integer;
import static org.jossl.crypto.PeerResults.list;
import static org.jossl.crypto.PeerResults.map;
import static org.jossl.crypto.PeerResults.opensslOk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jossl.testing.JsonPeer;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link X509Store} and {@link X509StoreContext} against pyOpenSSL's {@code X509Store} and {@code
 * X509StoreContext} on the same stores and certificates, and against {@code openssl verify}: the
 * same chain on success, the same code, depth, message and certificate on failure.
 */
class X509StoreTest {
  @TempDir static Path dir;

  private static JsonPeer py;
  private static CertificateAuthority root;
  private static CertificateAuthority intermediate;
  private static IssuedCertificate leaf;
  private static IssuedCertificate expired;
  private static IssuedCertificate notYetValid;
  private static IssuedCertificate revoked;
  private static CertificateAuthority otherRoot;
  private static CertificateAuthority otherIntermediate;
  private static IssuedCertificate otherLeaf;
  private static Crl intermediateCrl;
  private static Crl rootCrl;

  @BeforeAll
  static void setUp() throws Exception {
    py = JsonPeer.pyOpenSsl("pyopenssl_crypto.py");
    // The CAs are valid from before the expired leaf was, so that verifying it as of a past
    // instant fails only for the leaf's own dates.
    Instant from = Instant.now().minus(Duration.ofDays(60));
    Instant to = Instant.now().plus(Duration.ofDays(3650));
    root = CertificateAuthority.builder().commonName("Store Test Root").validity(from, to).build();
    intermediate = root.intermediateBuilder("Store Test Intermediate").validity(from, to).build();
    leaf = intermediate.issue("localhost", "127.0.0.1");
    expired = intermediate.leaf("expired.example").expired().build();
    notYetValid = intermediate.leaf("future.example").notYetValid().build();
    revoked = intermediate.issue("revoked.example");
    intermediate.revoke(revoked.certificate(), 1);
    intermediateCrl = intermediate.crl();
    rootCrl = root.crl();
    otherRoot = CertificateAuthority.builder().commonName("Other Root").build();
    otherIntermediate = otherRoot.intermediate("Other Intermediate");
    otherLeaf = otherIntermediate.issue("other.example");

    write("root.pem", root.certificate());
    write("int.pem", intermediate.certificate());
    write("leaf.pem", leaf.certificate());
    write("expired.pem", expired.certificate());
    write("future.pem", notYetValid.certificate());
    write("revoked.pem", revoked.certificate());
    write("other-int.pem", otherIntermediate.certificate());
    write("other-root.pem", otherRoot.certificate());
    write("other-leaf.pem", otherLeaf.certificate());
    Files.writeString(dir.resolve("int-crl.pem"), intermediateCrl.toPem());
    Files.writeString(dir.resolve("all-crls.pem"), intermediateCrl.toPem() + rootCrl.toPem());
    Files.writeString(
        dir.resolve("bundle.pem"), root.certificatePem() + intermediate.certificatePem());
    Path hashed = Files.createDirectories(dir.resolve("hashed"));
    Files.writeString(hashed.resolve("root.pem"), root.certificatePem());
    opensslOk(dir, null, "rehash", "hashed");
  }

  @AfterAll
  static void stop() {
    py.close();
  }

  private static void write(String file, X509 cert) throws Exception {
    Files.writeString(dir.resolve(file), cert.toPem());
  }

  /** One verification, described for jossl, pyOpenSSL and openssl verify. */
  private static final class Scenario {
    final List<X509> trusted = new ArrayList<>();
    final List<X509> untrusted = new ArrayList<>();
    final List<Crl> crls = new ArrayList<>();
    X509 cert;
    long flags;
    Instant time;
    Path cafile;
    Path capath;

    Scenario trust(X509... certs) {
      trusted.addAll(List.of(certs));
      return this;
    }

    Scenario untrusted(X509... certs) {
      untrusted.addAll(List.of(certs));
      return this;
    }

    Scenario crl(Crl... c) {
      crls.addAll(List.of(c));
      return this;
    }

    Scenario flags(long f) {
      flags |= f;
      return this;
    }

    Scenario at(Instant t) {
      time = t;
      return this;
    }

    Scenario locations(Path file, Path path) {
      cafile = file;
      capath = path;
      return this;
    }

    X509Store store() throws Exception {
      X509Store store = new X509Store();
      for (X509 c : trusted) {
        store.addCert(c);
      }
      for (Crl c : crls) {
        store.addCrl(c);
      }
      if (flags != 0) {
        store.setFlags(flags);
      }
      if (time != null) {
        store.setTime(time);
      }
      if (cafile != null || capath != null) {
        store.loadLocations(cafile, capath);
      }
      return store;
    }

    Map<String, Object> pyOpenSsl() throws Exception {
      List<Object> t = new ArrayList<>();
      for (X509 c : trusted) {
        t.add(c.toPem().getBytes(StandardCharsets.US_ASCII));
      }
      List<Object> u = new ArrayList<>();
      for (X509 c : untrusted) {
        u.add(c.toPem().getBytes(StandardCharsets.US_ASCII));
      }
      List<Object> cs = new ArrayList<>();
      for (Crl c : crls) {
        cs.add(c.toPem().getBytes(StandardCharsets.US_ASCII));
      }
      return map(
          py.call(
              "verify",
              "trusted",
              t,
              "untrusted",
              u,
              "crls",
              cs,
              "flags",
              flags,
              "time",
              time == null ? null : time.getEpochSecond(),
              "cafile",
              cafile == null ? null : cafile.toString(),
              "capath",
              capath == null ? null : capath.toString(),
              "cert",
              cert.toPem().getBytes(StandardCharsets.US_ASCII)));
    }
  }

  private static Scenario verify(X509 cert) {
    Scenario s = new Scenario();
    s.cert = cert;
    return s;
  }

  /** The outcome of one verification in a comparable form. */
  private record Outcome(
      List<String> chain, Integer code, Integer depth, String message, String failedCert) {
    static Outcome chain(List<String> chain) {
      return new Outcome(chain, null, null, null, null);
    }

    static Outcome failure(int code, int depth, String message, String failedCert) {
      return new Outcome(null, code, depth, message, failedCert);
    }
  }

  private static String hex(byte[] der) {
    return HexFormat.of().formatHex(der);
  }

  private static Outcome jossl(Scenario s) throws Exception {
    try (X509Store store = s.store()) {
      X509StoreContext ctx = new X509StoreContext(store, s.cert, s.untrusted);
      try {
        List<String> chain = new ArrayList<>();
        for (X509 c : ctx.getVerifiedChain()) {
          chain.add(hex(c.toDer()));
        }
        // verify_certificate() agrees with get_verified_chain(), and a context is reusable
        ctx.verifyCertificate();
        return Outcome.chain(chain);
      } catch (X509StoreContextException e) {
        assertEquals(List.of(e.code(), e.depth(), e.getMessage()), e.pyOpenSslErrors());
        X509StoreContextException again =
            assertThrows(X509StoreContextException.class, ctx::verifyCertificate);
        assertEquals(e.pyOpenSslErrors(), again.pyOpenSslErrors());
        return Outcome.failure(
            e.code(),
            e.depth(),
            e.getMessage(),
            e.certificate() == null ? null : hex(e.certificate().toDer()));
      }
    }
  }

  private static Outcome pyOpenSsl(Scenario s) throws Exception {
    Map<String, Object> r = s.pyOpenSsl();
    if (r.containsKey("ok")) {
      List<String> chain = new ArrayList<>();
      for (Object der : list(r.get("ok"))) {
        chain.add(hex(bytes(der)));
      }
      return Outcome.chain(chain);
    }
    Map<String, Object> raised = map(r.get("raised"));
    assertEquals("X509StoreContextError", raised.get("type"), () -> "pyOpenSSL raised " + raised);
    List<Object> errors = list(raised.get("errors"));
    assertEquals(errors.get(2), raised.get("str"));
    Object cert = raised.get("certificate");
    return Outcome.failure(
        integer(errors.get(0)),
        integer(errors.get(1)),
        (String) errors.get(2),
        cert == null ? null : hex(bytes(cert)));
  }

  /** Verifies in jossl and pyOpenSSL; asserts the outcomes are the same and returns it. */
  private static Outcome compare(Scenario s) throws Exception {
    Outcome ours = jossl(s);
    Outcome theirs = pyOpenSsl(s);
    assertEquals(theirs, ours);
    return ours;
  }

  private static final Pattern OPENSSL_ERROR =
      Pattern.compile("error (\\d+) at (\\d+) depth lookup: ([^\\n]*)");

  /** {@code openssl verify ARGS FILE}: the first error's code, depth and message, or "OK". */
  private static void assertOpensslVerify(Outcome expected, String file, String... args) {
    List<String> command = new ArrayList<>(List.of("verify"));
    command.addAll(List.of(args));
    command.add(file);
    Peers.Result r = PeerResults.openssl(dir, null, command.toArray(String[]::new));
    String all = r.stdout() + r.stderr();
    if (expected.chain() != null) {
      assertEquals(0, r.exitCode(), all);
      assertTrue(r.stdout().contains(file + ": OK"), all);
      return;
    }
    Matcher m = OPENSSL_ERROR.matcher(all);
    if (!m.find()) {
      fail("openssl verify reported no error:\n" + all);
    }
    assertEquals(expected.code(), Integer.parseInt(m.group(1)), all);
    assertEquals(expected.depth(), Integer.parseInt(m.group(2)), all);
    assertEquals(expected.message(), m.group(3), all);
  }

  private static List<String> ders(X509... certs) throws CryptoException {
    List<String> out = new ArrayList<>();
    for (X509 c : certs) {
      out.add(hex(c.toDer()));
    }
    return out;
  }

  // ---- success

  @Test
  void chainWithIntermediateFromTheCaller() throws Exception {
    Outcome o =
        compare(
            verify(leaf.certificate())
                .trust(root.certificate())
                .untrusted(intermediate.certificate()));
    assertEquals(
        ders(leaf.certificate(), intermediate.certificate(), root.certificate()), o.chain());
    assertOpensslVerify(o, "leaf.pem", "-CAfile", "root.pem", "-untrusted", "int.pem");
  }

  @Test
  void chainWithIntermediateInTheStore() throws Exception {
    Outcome o =
        compare(verify(leaf.certificate()).trust(root.certificate(), intermediate.certificate()));
    assertEquals(
        ders(leaf.certificate(), intermediate.certificate(), root.certificate()), o.chain());
    assertOpensslVerify(o, "leaf.pem", "-CAfile", "bundle.pem");
  }

  @Test
  void rootVerifiesItself() throws Exception {
    Outcome o = compare(verify(root.certificate()).trust(root.certificate()));
    assertEquals(ders(root.certificate()), o.chain());
  }

  @Test
  void partialChainTrustsTheIntermediateAlone() throws Exception {
    Outcome without = compare(verify(leaf.certificate()).trust(intermediate.certificate()));
    assertEquals(2, without.code(), "unable to get issuer certificate");
    assertOpensslVerify(without, "leaf.pem", "-CAfile", "int.pem");

    Outcome o =
        compare(
            verify(leaf.certificate())
                .trust(intermediate.certificate())
                .flags(X509StoreFlags.PARTIAL_CHAIN));
    assertEquals(ders(leaf.certificate(), intermediate.certificate()), o.chain());
    assertOpensslVerify(o, "leaf.pem", "-CAfile", "int.pem", "-partial_chain");
  }

  // ---- failures

  @Test
  void missingIntermediate() throws Exception {
    Outcome o = compare(verify(leaf.certificate()).trust(root.certificate()));
    assertEquals(20, o.code());
    assertEquals(0, o.depth());
    assertEquals(hex(leaf.certificate().toDer()), o.failedCert());
    assertOpensslVerify(o, "leaf.pem", "-CAfile", "root.pem");
  }

  @Test
  void expiredLeaf() throws Exception {
    Outcome o =
        compare(
            verify(expired.certificate())
                .trust(root.certificate())
                .untrusted(intermediate.certificate()));
    assertEquals(10, o.code());
    assertEquals(0, o.depth());
    assertOpensslVerify(o, "expired.pem", "-CAfile", "root.pem", "-untrusted", "int.pem");
  }

  @Test
  void notYetValidLeaf() throws Exception {
    Outcome o =
        compare(
            verify(notYetValid.certificate())
                .trust(root.certificate())
                .untrusted(intermediate.certificate()));
    assertEquals(9, o.code());
    assertEquals(0, o.depth());
    assertOpensslVerify(o, "future.pem", "-CAfile", "root.pem", "-untrusted", "int.pem");
  }

  @Test
  void untrustedRoot() throws Exception {
    // The chain leads to a root the store does not have ...
    Outcome noRoot =
        compare(
            verify(otherLeaf.certificate())
                .trust(root.certificate())
                .untrusted(otherIntermediate.certificate()));
    assertEquals(20, noRoot.code());
    assertEquals(1, noRoot.depth());
    assertOpensslVerify(
        noRoot, "other-leaf.pem", "-CAfile", "root.pem", "-untrusted", "other-int.pem");
    // ... or the caller sends that root along ...
    Outcome selfSigned =
        compare(
            verify(otherLeaf.certificate())
                .trust(root.certificate())
                .untrusted(otherIntermediate.certificate(), otherRoot.certificate()));
    assertEquals(19, selfSigned.code());
    assertEquals(2, selfSigned.depth());
    // ... or the certificate is that root.
    Outcome leafRoot = compare(verify(otherRoot.certificate()).trust(root.certificate()));
    assertEquals(18, leafRoot.code());
    assertEquals(0, leafRoot.depth());
    assertOpensslVerify(leafRoot, "other-root.pem", "-CAfile", "root.pem");
  }

  @Test
  void revokedLeafWithCrlCheck() throws Exception {
    Outcome o =
        compare(
            verify(revoked.certificate())
                .trust(root.certificate())
                .untrusted(intermediate.certificate())
                .crl(intermediateCrl)
                .flags(X509StoreFlags.CRL_CHECK));
    assertEquals(23, o.code());
    assertEquals(0, o.depth());
    assertEquals(hex(revoked.certificate().toDer()), o.failedCert());
    assertOpensslVerify(
        o,
        "revoked.pem",
        "-CAfile",
        "root.pem",
        "-untrusted",
        "int.pem",
        "-crl_check",
        "-CRLfile",
        "int-crl.pem");

    // A leaf that is not on the CRL passes the same check.
    Outcome good =
        compare(
            verify(leaf.certificate())
                .trust(root.certificate())
                .untrusted(intermediate.certificate())
                .crl(intermediateCrl)
                .flags(X509StoreFlags.CRL_CHECK));
    assertEquals(3, good.chain().size());
    // Without CRL checking the revoked leaf verifies.
    assertEquals(
        3,
        compare(
                verify(revoked.certificate())
                    .trust(root.certificate())
                    .untrusted(intermediate.certificate())
                    .crl(intermediateCrl))
            .chain()
            .size());
  }

  @Test
  void crlCheckWithoutACrl() throws Exception {
    Outcome o =
        compare(
            verify(leaf.certificate())
                .trust(root.certificate())
                .untrusted(intermediate.certificate())
                .flags(X509StoreFlags.CRL_CHECK));
    assertEquals(3, o.code());
    assertEquals(0, o.depth());
    assertOpensslVerify(
        o, "leaf.pem", "-CAfile", "root.pem", "-untrusted", "int.pem", "-crl_check");
  }

  @Test
  void crlCheckAllNeedsEveryIssuersCrl() throws Exception {
    Outcome o =
        compare(
            verify(leaf.certificate())
                .trust(root.certificate())
                .untrusted(intermediate.certificate())
                .crl(intermediateCrl)
                .flags(X509StoreFlags.CRL_CHECK | X509StoreFlags.CRL_CHECK_ALL));
    assertEquals(3, o.code());
    assertEquals(1, o.depth());
    assertOpensslVerify(
        o,
        "leaf.pem",
        "-CAfile",
        "root.pem",
        "-untrusted",
        "int.pem",
        "-crl_check_all",
        "-CRLfile",
        "int-crl.pem");
    Outcome all =
        compare(
            verify(leaf.certificate())
                .trust(root.certificate())
                .untrusted(intermediate.certificate())
                .crl(intermediateCrl, rootCrl)
                .flags(X509StoreFlags.CRL_CHECK | X509StoreFlags.CRL_CHECK_ALL));
    assertEquals(3, all.chain().size());
    assertOpensslVerify(
        all,
        "leaf.pem",
        "-CAfile",
        "root.pem",
        "-untrusted",
        "int.pem",
        "-crl_check_all",
        "-CRLfile",
        "all-crls.pem");
  }

  // ---- time

  @Test
  void setTimeVerifiesAsOfAnotherInstant() throws Exception {
    Instant during = expired.certificate().notBefore().plus(Duration.ofDays(1));
    Outcome past =
        compare(
            verify(expired.certificate())
                .trust(root.certificate())
                .untrusted(intermediate.certificate())
                .at(during));
    assertEquals(3, past.chain().size());
    assertOpensslVerify(
        past,
        "expired.pem",
        "-CAfile",
        "root.pem",
        "-untrusted",
        "int.pem",
        "-attime",
        Long.toString(during.getEpochSecond()));

    Instant later = leaf.certificate().notAfter().plus(Duration.ofDays(1));
    Outcome future =
        compare(
            verify(leaf.certificate())
                .trust(root.certificate())
                .untrusted(intermediate.certificate())
                .at(later));
    assertEquals(10, future.code());
    assertOpensslVerify(
        future,
        "leaf.pem",
        "-CAfile",
        "root.pem",
        "-untrusted",
        "int.pem",
        "-attime",
        Long.toString(later.getEpochSecond()));

    Instant before = root.certificate().notBefore().minus(Duration.ofDays(1));
    Outcome tooEarly = compare(verify(root.certificate()).trust(root.certificate()).at(before));
    assertEquals(9, tooEarly.code());
  }

  @Test
  void setTimeKeepsTheFlags() throws Exception {
    try (X509Store store = new X509Store()) {
      store.setFlags(X509StoreFlags.PARTIAL_CHAIN);
      store.setTime(Instant.now());
      assertEquals(X509StoreFlags.PARTIAL_CHAIN, store.getFlags() & X509StoreFlags.PARTIAL_CHAIN);
    }
    Outcome o =
        compare(
            verify(leaf.certificate())
                .trust(intermediate.certificate())
                .flags(X509StoreFlags.PARTIAL_CHAIN)
                .at(Instant.now()));
    assertEquals(2, o.chain().size());
  }

  // ---- locations

  @Test
  void loadLocationsFromAFile() throws Exception {
    Outcome o = compare(verify(leaf.certificate()).locations(dir.resolve("bundle.pem"), null));
    assertEquals(3, o.chain().size());
    Outcome rootOnly =
        compare(
            verify(leaf.certificate())
                .untrusted(intermediate.certificate())
                .locations(dir.resolve("root.pem"), null));
    assertEquals(3, rootOnly.chain().size());
    try (X509Store store = new X509Store()) {
      store.loadLocations(dir.resolve("bundle.pem"), null);
      assertEquals(
          List.of(root.certificate(), intermediate.certificate()).stream()
              .map(X509::hashCode)
              .sorted()
              .toList(),
          store.getCertificates().stream().map(X509::hashCode).sorted().toList());
    }
  }

  @Test
  void loadLocationsFromAHashedDirectory() throws Exception {
    Path hashed = dir.resolve("hashed");
    try (var files = Files.list(hashed)) {
      assertTrue(
          files.anyMatch(f -> f.getFileName().toString().matches("[0-9a-f]{8}\\.0")),
          "openssl rehash made a hash link");
    }
    Outcome o =
        compare(
            verify(leaf.certificate())
                .untrusted(intermediate.certificate())
                .locations(null, hashed));
    assertEquals(
        ders(leaf.certificate(), intermediate.certificate(), root.certificate()), o.chain());
    assertOpensslVerify(o, "leaf.pem", "-CApath", "hashed", "-untrusted", "int.pem");
    Outcome other =
        compare(
            verify(otherLeaf.certificate())
                .untrusted(otherIntermediate.certificate())
                .locations(null, hashed));
    assertEquals(20, other.code());
  }

  @Test
  void loadLocationsArgumentErrors() throws Exception {
    try (X509Store store = new X509Store()) {
      assertThrows(IllegalArgumentException.class, () -> store.loadLocations(null, null));
      assertThrows(
          NoSuchFileException.class, () -> store.loadLocations(dir.resolve("missing.pem"), null));
    }
  }

  // ---- contexts

  @Test
  void setStoreSwitchesTheTrustAnchors() throws Exception {
    try (X509Store empty = new X509Store();
        X509Store good = new X509Store()) {
      good.addCert(root.certificate());
      X509StoreContext ctx =
          new X509StoreContext(empty, leaf.certificate(), List.of(intermediate.certificate()));
      X509StoreContextException e =
          assertThrows(X509StoreContextException.class, ctx::verifyCertificate);
      assertEquals(20, e.code());
      assertNotNull(e.certificate());
      ctx.setStore(good);
      assertEquals(3, ctx.getVerifiedChain().size());
    }
  }

  @Test
  void addingTheSameCertificateTwiceIsAccepted() throws Exception {
    try (X509Store store = new X509Store()) {
      store.addCert(root.certificate());
      store.addCert(root.certificate());
      store.addCrl(intermediateCrl);
      assertEquals(1, store.getCertificates().size());
      assertEquals(1, store.crlCount());
      assertArrayEquals(root.certificate().toDer(), store.getCertificates().getFirst().toDer());
    }
  }
}
