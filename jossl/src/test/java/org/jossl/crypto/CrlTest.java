package org.jossl.crypto;

import static org.jossl.crypto.PeerResults.assertRaisedType;
import static org.jossl.crypto.PeerResults.bytes;
import static org.jossl.crypto.PeerResults.list;
import static org.jossl.crypto.PeerResults.longValue;
import static org.jossl.crypto.PeerResults.map;
import static org.jossl.crypto.PeerResults.opensslOk;
import static org.jossl.crypto.PeerResults.raised;
import static org.jossl.crypto.PeerResults.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jossl.testing.JsonPeer;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Crl} and {@link Revoked}: CRLs built by jossl read by cryptography, pyOpenSSL (where it
 * still has {@code CRL}) and {@code openssl crl}; a CRL made by {@code openssl ca -gencrl} read by
 * jossl.
 */
class CrlTest {
  @TempDir static Path dir;

  private static JsonPeer py;
  private static final Map<String, CertificateAuthority> CAS = new LinkedHashMap<>();
  private static final Instant LAST = Instant.ofEpochSecond(1_700_000_000L);
  private static final Instant NEXT = Instant.ofEpochSecond(1_700_000_000L + 30 * 86400L);

  /** Entries revoked in every CRL built here: serial, date, reason (null: no reason extension). */
  private static final List<Revoked> ENTRIES = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    py = JsonPeer.pyOpenSsl("pyopenssl_crypto.py");
    CAS.put("EC", CertificateAuthority.create());
    CAS.put("RSA", CertificateAuthority.builder().keyType(KeyType.RSA_2048).build());
    CAS.put("Ed25519", CertificateAuthority.builder().keyType(KeyType.ED25519).build());
    long t = 1_690_000_000L;
    ENTRIES.add(new Revoked(BigInteger.valueOf(1000), Instant.ofEpochSecond(t), null));
    ENTRIES.add(new Revoked(BigInteger.ONE, Instant.ofEpochSecond(t + 1), 1));
    ENTRIES.add(
        new Revoked(
            new BigInteger("7fffffffffffffffffffffffffffff01", 16),
            Instant.ofEpochSecond(t + 2),
            4));
    ENTRIES.add(new Revoked(BigInteger.valueOf(0x1234), Instant.ofEpochSecond(t + 3), 0));
    for (int reason : List.of(2, 3, 5, 6, 8, 9, 10)) {
      ENTRIES.add(
          new Revoked(
              BigInteger.valueOf(5000 + reason), Instant.ofEpochSecond(t + 10 + reason), reason));
    }
  }

  @AfterAll
  static void stop() {
    py.close();
  }

  static Stream<String> cas() {
    return CAS.keySet().stream();
  }

  private static Crl build(CertificateAuthority ca) throws CryptoException {
    Crl.Builder b =
        Crl.builder(ca.certificate(), ca.key())
            .lastUpdate(LAST)
            .nextUpdate(NEXT)
            .crlNumber(BigInteger.valueOf(42));
    for (Revoked r : ENTRIES) {
      b.addRevoked(r.serialNumber(), r.revocationDate(), r.reason());
    }
    return b.sign("sha256");
  }

  private static Map<String, Object> pyCrl(Crl crl, CertificateAuthority ca) throws Exception {
    return map(
        py.call(
            "crl",
            "filetype",
            "PEM",
            "data",
            crl.toPem().getBytes(StandardCharsets.US_ASCII),
            "issuer_pem",
            ca.certificatePem().getBytes(StandardCharsets.US_ASCII)));
  }

  private static List<List<Object>> entries(List<Revoked> revoked) {
    List<List<Object>> out = new ArrayList<>();
    for (Revoked r : revoked) {
      out.add(
          java.util.Arrays.asList(
              r.serialNumber().toString(), r.revocationDate().getEpochSecond(), r.reason()));
    }
    return out;
  }

  private static List<List<Object>> pyEntries(Object revoked) {
    List<List<Object>> out = new ArrayList<>();
    for (Object o : list(revoked)) {
      Map<String, Object> r = map(o);
      Object reason = r.get("reason");
      out.add(
          java.util.Arrays.asList(
              r.get("serial"),
              longValue(r.get("date")),
              reason == null ? null : ((Number) reason).intValue()));
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("cas")
  void builtCrlReadsTheSameInCryptographyAndPyOpenSsl(String label) throws Exception {
    CertificateAuthority ca = CAS.get(label);
    Crl crl = build(ca);
    Map<String, Object> p = pyCrl(crl, ca);

    assertArrayEquals(bytes(p.get("issuer_der")), crl.getIssuer().der());
    assertArrayEquals(ca.certificate().getSubject().der(), crl.getIssuer().der());
    assertEquals(longValue(p.get("last_update")), crl.lastUpdate().getEpochSecond());
    assertEquals(LAST, crl.lastUpdate());
    assertEquals(longValue(p.get("next_update")), crl.nextUpdate().getEpochSecond());
    assertEquals("42", p.get("crl_number"));
    assertArrayEquals(bytes(p.get("der")), crl.toDer());
    Map<String, Object> valid = map(p.get("signature_valid"));
    if (valid.containsKey("ok") || ca.key().type() != PKey.TYPE_ED25519) {
      assertEquals(Boolean.TRUE, PeerResults.ok(valid));
    }

    // Entries: cryptography reads what jossl reads, which is what was revoked (sorted by serial).
    List<Revoked> ours = crl.getRevoked();
    assertEquals(pyEntries(p.get("revoked")), entries(ours));
    List<Revoked> expected = new ArrayList<>(ENTRIES);
    expected.sort(Comparator.comparing(Revoked::serialNumber));
    assertEquals(expected, ours);

    Map<String, Object> pyo = map(p.get("pyopenssl"));
    if (!pyo.containsKey("absent")) {
      assertEquals(text(pyo.get("pem")), crl.toPem());
      assertArrayEquals(bytes(pyo.get("der")), crl.toDer());
      assertArrayEquals(bytes(pyo.get("text")), Crypto.dumpCrl(Crypto.FILETYPE_TEXT, crl));
      List<BigInteger> serials = new ArrayList<>();
      for (Object o : list(pyo.get("revoked"))) {
        serials.add(new BigInteger(text(map(o).get("serial")), 16));
      }
      assertEquals(ours.stream().map(Revoked::serialNumber).toList(), serials);
    }
  }

  @ParameterizedTest
  @MethodSource("cas")
  void opensslReadsAndVerifiesTheCrl(String label) throws Exception {
    CertificateAuthority ca = CAS.get(label);
    Crl crl = build(ca);
    Path crlFile = dir.resolve("crl-" + label + ".pem");
    Path caFile = dir.resolve("ca-" + label + ".pem");
    Files.writeString(crlFile, crl.toPem());
    Files.writeString(caFile, ca.certificatePem());

    Peers.Result verify =
        PeerResults.openssl(
            dir, null, "crl", "-in", crlFile.toString(), "-CAfile", caFile.toString(), "-noout");
    assertEquals(0, verify.exitCode(), verify.stderr());
    assertTrue(verify.stderr().contains("verify OK"), verify.stderr());

    // pyOpenSSL's FILETYPE_TEXT is X509_CRL_print: names in the "compat" form.
    String text =
        opensslOk(
            dir, null, "crl", "-in", crlFile.toString(), "-text", "-noout", "-nameopt", "compat");
    assertEquals(
        text, new String(Crypto.dumpCrl(Crypto.FILETYPE_TEXT, crl), StandardCharsets.UTF_8));
    Path derFile = dir.resolve("crl-" + label + ".der");
    opensslOk(
        dir, null, "crl", "-in", crlFile.toString(), "-outform", "DER", "-out", derFile.toString());
    assertArrayEquals(Files.readAllBytes(derFile), crl.toDer());

    assertTrue(crl.verify(ca.key()));
    assertTrue(crl.verify(ca.key().publicKey()));
    try (PKey other =
        ca.key().type() == PKey.TYPE_ED25519
            ? PKey.generate(KeyType.ED25519)
            : ca.key().type() == PKey.TYPE_RSA
                ? PKey.generate(KeyType.RSA_2048)
                : PKey.generate(KeyType.EC_P256)) {
      assertFalse(crl.verify(other));
    }
  }

  @Test
  void roundTrips() throws Exception {
    Crl crl = build(CAS.get("EC"));
    byte[] der = crl.toDer();
    String pem = crl.toPem();
    assertArrayEquals(der, Crl.fromPem(pem).toDer());
    assertArrayEquals(der, Crl.fromDer(der).toDer());
    assertArrayEquals(der, Crypto.loadCrl(Crypto.FILETYPE_ASN1, der).toDer());
    assertArrayEquals(
        der, Crypto.loadCrl(Crypto.FILETYPE_PEM, pem.getBytes(StandardCharsets.US_ASCII)).toDer());
    assertEquals(
        pem, new String(Crypto.dumpCrl(Crypto.FILETYPE_PEM, crl), StandardCharsets.US_ASCII));
    assertArrayEquals(der, Crypto.dumpCrl(Crypto.FILETYPE_ASN1, crl));
    assertEquals(crl.getRevoked(), Crl.fromDer(der).getRevoked());
    assertThrows(IllegalArgumentException.class, () -> Crypto.loadCrl(Crypto.FILETYPE_TEXT, der));
  }

  @Test
  void emptyCrlAndDefaults() throws Exception {
    CertificateAuthority ca = CAS.get("EC");
    Instant before = Instant.now().minusSeconds(2);
    Crl crl = Crl.builder(ca.certificate(), ca.key()).sign("sha256");
    Map<String, Object> p = pyCrl(crl, ca);
    assertEquals(List.of(), crl.getRevoked());
    assertEquals(List.of(), list(p.get("revoked")));
    assertEquals("1", p.get("crl_number"));
    assertTrue(!crl.lastUpdate().isBefore(before));
    assertEquals(crl.lastUpdate().plus(java.time.Duration.ofDays(7)), crl.nextUpdate());
    assertEquals(longValue(p.get("next_update")), crl.nextUpdate().getEpochSecond());
  }

  @Test
  void crlMadeByOpensslCaLoads() throws Exception {
    CertificateAuthority ca = CAS.get("RSA");
    Path caDir = Files.createDirectories(dir.resolve("openssl-ca"));
    ca.writeTo(caDir);
    DateTimeFormatter utc = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    Instant revokedAt = Instant.ofEpochSecond(1_695_000_000L);
    String expiry = utc.format(Instant.now().plusSeconds(86400L * 365));
    // index.txt: status, expiry, revocation date[,reason], serial (hex), file, subject
    String index =
        "R\t"
            + expiry
            + "\t"
            + utc.format(revokedAt)
            + ",keyCompromise\t0A\tunknown\t/CN=a\n"
            + "R\t"
            + expiry
            + "\t"
            + utc.format(revokedAt.plusSeconds(60))
            + "\t0B\tunknown\t/CN=b\n"
            + "R\t"
            + expiry
            + "\t"
            + utc.format(revokedAt.plusSeconds(120))
            + ",cessationOfOperation\t0100\tunknown\t/CN=c\n"
            + "V\t"
            + expiry
            + "\t\t0C\tunknown\t/CN=d\n";
    Files.writeString(caDir.resolve("index.txt"), index);
    Files.writeString(caDir.resolve("crlnumber"), "07\n");
    Files.writeString(
        caDir.resolve("ca.cnf"),
        """
        [ ca ]
        default_ca = CA_default
        [ CA_default ]
        dir = .
        database = index.txt
        crlnumber = crlnumber
        certificate = ca.pem
        private_key = ca.key
        default_md = sha256
        default_crl_days = 7
        crl_extensions = crl_ext
        [ crl_ext ]
        authorityKeyIdentifier = keyid:always
        """);
    opensslOk(caDir, null, "ca", "-config", "ca.cnf", "-gencrl", "-out", "crl.pem");
    byte[] pem = Files.readAllBytes(caDir.resolve("crl.pem"));

    Crl crl = Crypto.loadCrl(Crypto.FILETYPE_PEM, pem);
    Map<String, Object> p =
        map(
            py.call(
                "crl",
                "filetype",
                "PEM",
                "data",
                pem,
                "issuer_pem",
                ca.certificatePem().getBytes()));
    assertEquals(pyEntries(p.get("revoked")), entries(crl.getRevoked()));
    assertEquals(
        List.of(
            new Revoked(BigInteger.valueOf(0x0A), revokedAt, 1),
            new Revoked(BigInteger.valueOf(0x0B), revokedAt.plusSeconds(60), null),
            new Revoked(BigInteger.valueOf(0x100), revokedAt.plusSeconds(120), 5)),
        crl.getRevoked());
    assertEquals("7", p.get("crl_number"));
    assertEquals(PeerResults.ok(p.get("signature_valid")), Boolean.TRUE);
    assertArrayEquals(bytes(p.get("der")), crl.toDer());
    assertEquals(new String(pem, StandardCharsets.US_ASCII), crl.toPem());
    assertTrue(crl.verify(ca.key()));
    assertEquals(ca.certificate().getSubject(), crl.getIssuer());
    assertEquals(longValue(p.get("last_update")), crl.lastUpdate().getEpochSecond());
    assertEquals(longValue(p.get("next_update")), crl.nextUpdate().getEpochSecond());
  }

  @Test
  void garbageFailsAsInPyOpenSsl() {
    for (String filetype : List.of("PEM", "ASN1")) {
      for (byte[] garbage :
          List.of(
              "garbage".getBytes(StandardCharsets.US_ASCII),
              "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n".getBytes(),
              new byte[0])) {
        int type = filetype.equals("PEM") ? Crypto.FILETYPE_PEM : Crypto.FILETYPE_ASN1;
        CryptoException e =
            assertThrows(CryptoException.class, () -> Crypto.loadCrl(type, garbage));
        Map<String, Object> r = map(py.call("crl_load", "filetype", filetype, "data", garbage));
        if (!r.containsKey("absent")) {
          Map<String, Object> raised = raised(r);
          assertRaisedType("Error", raised);
          assertEquals(raised.get("str"), e.pyOpenSslString());
        }
      }
    }
  }

  @Test
  void reasonNamesArePyOpenSsls() {
    Object r = py.call("revoked_reasons");
    Assumptions.assumeFalse(
        r instanceof Map<?, ?> m && m.containsKey("absent"), "this pyOpenSSL has no Revoked");
    List<Object> names = list(r);
    for (Object name : names) {
      int code = Revoked.reasonCode((String) name);
      assertEquals(name, new Revoked(BigInteger.ONE, LAST, code).reasonName());
    }
    assertNull(new Revoked(BigInteger.ONE, LAST, null).reasonName());
    assertNull(new Revoked(BigInteger.ONE, LAST, 7).reasonName());
    assertThrows(IllegalArgumentException.class, () -> Revoked.reasonCode("no such reason"));
  }
}
