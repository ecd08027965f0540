package org.jossl.crypto;

import static org.jossl.crypto.PeerResults.assertRaisedType;
import static org.jossl.crypto.PeerResults.bytes;
import static org.jossl.crypto.PeerResults.integer;
import static org.jossl.crypto.PeerResults.list;
import static org.jossl.crypto.PeerResults.longValue;
import static org.jossl.crypto.PeerResults.map;
import static org.jossl.crypto.PeerResults.ok;
import static org.jossl.crypto.PeerResults.okMap;
import static org.jossl.crypto.PeerResults.opensslOk;
import static org.jossl.crypto.PeerResults.raised;
import static org.jossl.crypto.PeerResults.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jossl.testing.JsonPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link X509} and {@link X509Extension} against pyOpenSSL's {@code X509} and {@code X509Extension}
 * on the same certificates: ones made by jossl's {@link CertificateAuthority} and ones made by
 * {@code openssl req -x509} and {@code openssl x509 -req}.
 */
class X509Test {
  @TempDir static Path dir;

  private static JsonPeer py;

  /** A certificate under test: a label, the certificate, and the key that signed it. */
  record Case(String label, X509 cert, PKey issuerKey) {
    @Override
    public String toString() {
      return label;
    }
  }

  private static final Map<String, Case> CASES = new LinkedHashMap<>();
  private static CertificateAuthority root;
  private static CertificateAuthority intermediate;

  @BeforeAll
  static void setUp() throws Exception {
    py = JsonPeer.pyOpenSsl("pyopenssl_crypto.py");
    root = CertificateAuthority.create();
    intermediate =
        root.intermediateBuilder("jossl Test Intermediate").keyType(KeyType.RSA_2048).build();
    add("jossl root (P-256)", root.certificate(), root.key());
    add("jossl intermediate (RSA)", intermediate.certificate(), root.key());
    for (KeyType t : List.of(KeyType.EC_P384, KeyType.ED25519, KeyType.ED448)) {
      IssuedCertificate leaf = root.leaf("leaf-" + t + ".example").keyType(t).build();
      add("jossl leaf " + t, leaf.certificate(), root.key());
    }
    IssuedCertificate rich =
        intermediate
            .leaf("localhost", "127.0.0.1", "::1", "admin@example.com")
            .keyType(KeyType.EC_P256)
            .altNames(
                GeneralName.uri("https://example.com/x"),
                GeneralName.dirName(
                    X509Name.builder().add("C", "DE").add("O", "Dir Org").add("CN", "Dir").build()),
                GeneralName.registeredId("1.2.3.4.5"),
                GeneralName.upn("upn@example.com"))
            .authorityInfoAccess(
                List.of("http://ocsp.example.com"), List.of("http://ca.example.com/ca.der"))
            .build();
    add("jossl leaf with every SAN kind", rich.certificate(), intermediate.key());
    add("jossl expired leaf", root.leaf("old.example").expired().build().certificate(), root.key());

    // Certificates that the openssl command made.
    opensslOk(
        dir,
        null,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "rsa.key",
        "-out",
        "rsa.pem",
        "-days",
        "30",
        "-subj",
        "/C=US/ST=California/O=Example Org/OU=Unit A/CN=openssl.example",
        "-addext",
        "subjectAltName=DNS:openssl.example,IP:10.0.0.1,email:x@example.com");
    addOpenssl("openssl req -x509 RSA", "rsa");
    opensslOk(
        dir,
        null,
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-384",
        "-nodes",
        "-keyout",
        "ec.key",
        "-out",
        "ec.pem",
        "-days",
        "1",
        "-sha384",
        "-subj",
        "/CN=ec.example/O=EC Org",
        "-addext",
        "keyUsage=critical,digitalSignature",
        "-addext",
        "extendedKeyUsage=serverAuth");
    addOpenssl("openssl req -x509 P-384", "ec");
    // A version 1 certificate: openssl x509 -req without extensions.
    opensslOk(
        dir,
        null,
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "v1.key",
        "-out",
        "v1.csr",
        "-subj",
        "/CN=v1.example");
    opensslOk(
        dir,
        null,
        "x509",
        "-req",
        "-in",
        "v1.csr",
        "-signkey",
        "v1.key",
        "-out",
        "v1.pem",
        "-days",
        "2",
        "-set_serial",
        "0");
    addOpenssl("openssl x509 -req (v1, serial 0)", "v1");
  }

  private static void add(String label, X509 cert, PKey issuerKey) {
    CASES.put(label, new Case(label, cert, issuerKey));
  }

  private static void addOpenssl(String label, String base) throws Exception {
    X509 cert = X509.fromPem(Files.readAllBytes(dir.resolve(base + ".pem")));
    PKey key =
        Crypto.loadPrivateKey(Crypto.FILETYPE_PEM, Files.readAllBytes(dir.resolve(base + ".key")));
    add(label, cert, key);
  }

  @AfterAll
  static void stop() {
    py.close();
  }

  static Stream<Arguments> cases() {
    return CASES.values().stream().map(Arguments::of);
  }

  private static Map<String, Object> pyCert(X509 cert) throws CryptoException {
    return okMap(py.call("x509", "filetype", "PEM", "data", cert.toPem().getBytes()));
  }

  // ---- fields

  @ParameterizedTest
  @MethodSource("cases")
  void fieldsMatchPyOpenSsl(Case c) throws Exception {
    X509 x = c.cert();
    Map<String, Object> p = pyCert(x);
    assertAll(
        () -> assertEquals(integer(p.get("version")), x.getVersion(), "version"),
        () -> assertEquals(p.get("serial"), x.getSerialNumber().toString(), "serial"),
        () -> assertEquals(text(p.get("not_before")), x.getNotBefore(), "notBefore"),
        () -> assertEquals(text(p.get("not_after")), x.getNotAfter(), "notAfter"),
        () -> assertEquals(p.get("has_expired"), x.hasExpired(), "has_expired"),
        () ->
            assertEquals(
                text(ok(p.get("signature_algorithm"))),
                x.getSignatureAlgorithm(),
                "signature algorithm"),
        () -> assertEquals(longValue(p.get("subject_name_hash")), x.subjectNameHash(), "hash"),
        () ->
            assertEquals(
                integer(p.get("extension_count")), x.getExtensionCount(), "extension count"),
        () ->
            assertArrayEquals(
                bytes(p.get("public_key_der")), x.getPublicKey().toPublicDer(), "public key"));
    Map<String, Object> digests = map(p.get("digests"));
    for (String d : List.of("sha256", "sha1", "md5")) {
      assertEquals(text(digests.get(d)), x.digest(d), d);
    }
    assertEquals(components(map(p.get("subject")).get("components")), strings(x.getSubject()));
    assertEquals(components(map(p.get("issuer")).get("components")), strings(x.getIssuer()));
    // notBefore/notAfter as instants agree with the strings.
    assertEquals(X509.parseGeneralizedTime(x.getNotAfter()), x.notAfter());
    assertEquals(x.notAfter().isBefore(Instant.now()), x.hasExpired());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void extensionsMatchPyOpenSsl(Case c) throws Exception {
    X509 x = c.cert();
    List<Object> pyExtensions = list(pyCert(x).get("extensions"));
    List<X509Extension> ours = x.getExtensions();
    assertEquals(pyExtensions.size(), ours.size());
    for (int i = 0; i < ours.size(); i++) {
      Map<String, Object> p = map(pyExtensions.get(i));
      X509Extension e = x.getExtension(i);
      String where = c.label() + " extension " + i + " " + text(p.get("short_name"));
      assertEquals(text(p.get("short_name")), e.getShortName(), where);
      assertEquals(integer(p.get("critical")) == 1, e.getCritical(), where);
      assertArrayEquals(bytes(p.get("data")), e.getData(), where);
      assertEquals(ok(p.get("str")), e.toString(), where);
      assertEquals(e.getShortName(), ours.get(i).getShortName());
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void extensionIndexOutOfRange(Case c) throws Exception {
    X509 x = c.cert();
    Map<String, Object> r = raised(pyCert(x).get("extension_out_of_range"));
    assertRaisedType("IndexError", r);
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> x.getExtension(x.getExtensionCount()));
    assertEquals(r.get("str"), e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> x.getExtension(-1));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void dumpsMatchPyOpenSsl(Case c) throws Exception {
    X509 x = c.cert();
    Map<String, Object> p = pyCert(x);
    assertArrayEquals(bytes(p.get("pem")), Crypto.dumpCertificate(Crypto.FILETYPE_PEM, x));
    assertArrayEquals(bytes(p.get("der")), Crypto.dumpCertificate(Crypto.FILETYPE_ASN1, x));
    assertArrayEquals(bytes(p.get("text")), Crypto.dumpCertificate(Crypto.FILETYPE_TEXT, x));
    assertEquals(text(p.get("pem")), x.toPem());
    assertArrayEquals(bytes(p.get("der")), x.toDer());
    // toText() is openssl x509 -text's form (checked against the command by X509VerbIT), not
    // pyOpenSSL's: only the names are printed differently
    assertEquals(
        text(p.get("text"))
            .lines()
            .filter(l -> !l.contains("Issuer:") && !l.contains("Subject:"))
            .toList(),
        x.toText().lines().filter(l -> !l.contains("Issuer:") && !l.contains("Subject:")).toList());
    // pyOpenSSL reads jossl's DER as the same certificate
    Map<String, Object> fromDer = okMap(py.call("x509", "filetype", "ASN1", "data", x.toDer()));
    assertArrayEquals(bytes(p.get("pem")), bytes(fromDer.get("pem")));
    // and jossl reads it back in every form
    assertEquals(x, X509.fromDer(x.toDer()));
    assertEquals(x, X509.fromPemOrDer(x.toDer()));
    assertEquals(x, X509.fromPemOrDer(x.toPem().getBytes(StandardCharsets.US_ASCII)));
    assertEquals(x, Crypto.loadCertificate(Crypto.FILETYPE_ASN1, x.toDer()));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void javaBridgeKeepsTheCertificate(Case c) throws Exception {
    X509 x = c.cert();
    X509Certificate j = x.toJava();
    assertArrayEquals(x.toDer(), j.getEncoded());
    assertEquals(x.getSerialNumber(), j.getSerialNumber());
    assertEquals(x.notAfter(), j.getNotAfter().toInstant());
    assertEquals(x.getVersion() + 1, j.getVersion());
    X509 back = X509.fromJava(j);
    assertEquals(x, back);
    assertEquals(x.hashCode(), back.hashCode());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void verifyWithTheIssuerKey(Case c) throws Exception {
    X509 x = c.cert();
    PKey issuerKey = c.issuerKey();
    assertTrue(x.verify(issuerKey));
    assertTrue(x.verify(issuerKey.publicKey()));
    // Another key of the issuer's type: the signature check runs and fails.
    KeyType sameType =
        switch (issuerKey.type()) {
          case PKey.TYPE_RSA -> KeyType.RSA_2048;
          case PKey.TYPE_ED25519 -> KeyType.ED25519;
          case PKey.TYPE_ED448 -> KeyType.ED448;
          default -> issuerKey.bits() == 384 ? KeyType.EC_P384 : KeyType.EC_P256;
        };
    try (PKey stranger = PKey.generate(sameType)) {
      assertFalse(x.verify(stranger));
    }
    // A key of another type cannot check the signature at all (X509_verify returns -1).
    try (PKey otherType =
        PKey.generate(issuerKey.type() == PKey.TYPE_ED25519 ? KeyType.ED448 : KeyType.ED25519)) {
      assertThrows(CryptoException.class, () -> x.verify(otherType));
    }
  }

  // ---- loading failures

  static Stream<Arguments> garbage() {
    String header = "-----BEGIN CERTIFICATE-----\n";
    String footer = "-----END CERTIFICATE-----\n";
    return Stream.of(
        Arguments.of("PEM", "garbage".getBytes(StandardCharsets.US_ASCII)),
        Arguments.of("PEM", new byte[0]),
        Arguments.of("PEM", (header + "!!!! not base64 !!!!\n" + footer).getBytes()),
        Arguments.of(
            "PEM", (header + "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n" + footer).getBytes()),
        Arguments.of("PEM", header.getBytes()),
        Arguments.of("ASN1", "garbage".getBytes(StandardCharsets.US_ASCII)),
        Arguments.of("ASN1", new byte[] {0x30, (byte) 0x82, 0x01, 0x00, 0x30}),
        Arguments.of("ASN1", new byte[0]));
  }

  @ParameterizedTest
  @MethodSource("garbage")
  void garbageFailsWithPyOpenSslsErrors(String filetype, byte[] data) {
    Map<String, Object> r = raised(py.call("x509", "filetype", filetype, "data", data));
    assertRaisedType("Error", r);
    int type = filetype.equals("PEM") ? Crypto.FILETYPE_PEM : Crypto.FILETYPE_ASN1;
    CryptoException e =
        assertThrows(CryptoException.class, () -> Crypto.loadCertificate(type, data));
    assertEquals(r.get("str"), e.pyOpenSslString());
    if (type == Crypto.FILETYPE_PEM) {
      CryptoException e2 = assertThrows(CryptoException.class, () -> X509.fromPem(data));
      assertEquals(r.get("str"), e2.pyOpenSslString());
    }
  }

  @Test
  void badFiletypeIsAnArgumentError() throws Exception {
    byte[] pem = root.certificatePem().getBytes(StandardCharsets.US_ASCII);
    Map<String, Object> r = raised(py.call("x509", "filetype", "TEXT", "data", pem));
    assertRaisedType("ValueError", r);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Crypto.loadCertificate(Crypto.FILETYPE_TEXT, pem));
    assertEquals(r.get("str"), e.getMessage());
  }

  // ---- bundles

  @Test
  void allFromPemReadsEveryCertificateInOrderSkippingOtherBlocks() throws Exception {
    IssuedCertificate leaf = intermediate.issue("bundle.example");
    String bundle =
        leaf.certificatePem()
            + leaf.keyPem()
            + "some text between blocks\n"
            + intermediate.certificatePem()
            + root.certificatePem();
    Path file = dir.resolve("bundle.pem");
    Files.writeString(file, bundle);
    List<X509> all = X509.allFromPem(bundle.getBytes(StandardCharsets.US_ASCII));
    assertEquals(List.of(leaf.certificate(), intermediate.certificate(), root.certificate()), all);
    // openssl agrees on what the bundle holds (it exits 1 over the key it was told to skip)
    String listed =
        PeerResults.openssl(dir, null, "storeutl", "-certs", "-noout", "bundle.pem").stdout();
    assertTrue(listed.contains("Total found: 3"), listed);
    // the first certificate is what load_certificate reads
    assertEquals(leaf.certificate(), X509.fromPem(bundle));
    assertEquals(List.of(), X509.allFromPem(leaf.keyPem().getBytes(StandardCharsets.US_ASCII)));
    assertEquals(List.of(), X509.allFromPem(new byte[0]));
  }

  @Test
  void allFromPemReportsABrokenCertificate() throws Exception {
    String broken =
        root.certificatePem() + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    assertThrows(
        CryptoException.class, () -> X509.allFromPem(broken.getBytes(StandardCharsets.US_ASCII)));
  }

  // ---- X509Extension.of

  static Stream<Arguments> extensions() {
    return Stream.of(
        Arguments.of("basicConstraints", true, "CA:FALSE"),
        Arguments.of("basicConstraints", true, "CA:TRUE, pathlen:0"),
        Arguments.of("subjectAltName", false, "DNS:a, IP:1.2.3.4, email:x@y"),
        Arguments.of("subjectAltName", false, "DNS:a.example, URI:https://b.example/, IP:::1"),
        Arguments.of("keyUsage", true, "digitalSignature, keyEncipherment"),
        Arguments.of("extendedKeyUsage", false, "serverAuth, clientAuth"),
        Arguments.of("nsComment", false, "a comment"));
  }

  @ParameterizedTest
  @MethodSource("extensions")
  void extensionOfMatchesPyOpenSsl(String typeName, boolean critical, String value)
      throws Exception {
    Map<String, Object> r =
        map(py.call("x509_extension", "type_name", typeName, "critical", critical, "value", value));
    org.junit.jupiter.api.Assumptions.assumeFalse(
        r.containsKey("absent"), "this pyOpenSSL has no X509Extension");
    Map<String, Object> p = okMap(r);
    try (X509Extension e = X509Extension.of(typeName, critical, value)) {
      assertEquals(text(p.get("short_name")), e.getShortName());
      assertEquals(integer(p.get("critical")) == 1, e.getCritical());
      assertArrayEquals(bytes(p.get("data")), e.getData());
      assertEquals(ok(p.get("str")), e.toString());
    }
  }

  @Test
  void badExtensionFailsAsInPyOpenSsl() {
    Map<String, Object> r =
        map(
            py.call(
                "x509_extension",
                "type_name",
                "basicConstraints",
                "critical",
                false,
                "value",
                "CA:MAYBE"));
    org.junit.jupiter.api.Assumptions.assumeFalse(
        r.containsKey("absent"), "this pyOpenSSL has no X509Extension");
    Map<String, Object> p = raised(r);
    assertRaisedType("Error", p);
    CryptoException e =
        assertThrows(
            CryptoException.class, () -> X509Extension.of("basicConstraints", false, "CA:MAYBE"));
    assertEquals(p.get("str"), e.pyOpenSslString());
  }

  @Test
  void extensionBuiltIntoACertificateReadsBack() throws Exception {
    try (PKey key = PKey.generate(KeyType.EC_P256);
        X509Extension ext =
            X509Extension.of("subjectAltName", false, "DNS:a, IP:1.2.3.4, email:x@y")) {
      X509 cert =
          X509.builder()
              .subject(X509Name.builder().add("CN", "ext").build())
              .publicKey(key)
              .addExtension(ext)
              .sign(key, "sha256");
      assertEquals(1, cert.getExtensionCount());
      X509Extension back = cert.getExtension(0);
      assertArrayEquals(ext.getData(), back.getData());
      Map<String, Object> p = map(list(pyCert(cert).get("extensions")).getFirst());
      assertEquals(ok(p.get("str")), back.toString());
      assertNotEquals("", back.toString());
    }
  }

  // ---- helpers

  private static List<List<String>> components(Object pyComponents) {
    List<List<String>> out = new ArrayList<>();
    for (Object pair : list(pyComponents)) {
      List<Object> kv = list(pair);
      out.add(List.of(text(kv.get(0)), hex(bytes(kv.get(1)))));
    }
    return out;
  }

  private static List<List<String>> strings(X509Name name) {
    List<List<String>> out = new ArrayList<>();
    for (X509Name.Component c : name.getComponents()) {
      out.add(List.of(c.name(), hex(c.value())));
    }
    return out;
  }

  private static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }
}
