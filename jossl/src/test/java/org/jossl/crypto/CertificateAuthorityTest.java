package org.jossl.crypto;

import static org.jossl.crypto.PeerResults.bytes;
import static org.jossl.crypto.PeerResults.integer;
import static org.jossl.crypto.PeerResults.list;
import static org.jossl.crypto.PeerResults.map;
import static org.jossl.crypto.PeerResults.opensslOk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jossl.testing.JsonPeer;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link CertificateAuthority} and {@link IssuedCertificate}: the hierarchies they make are
 * accepted by {@code openssl verify} (chain, purpose, host name, IP, CRL), their extensions read as
 * documented by cryptography, and the files they write load in openssl.
 */
class CertificateAuthorityTest {
  @TempDir static Path dir;

  private static JsonPeer py;

  @BeforeAll
  static void start() {
    py = JsonPeer.pyOpenSsl("pyopenssl_crypto.py");
  }

  @AfterAll
  static void stop() {
    py.close();
  }

  private static Map<String, Object> facts(X509 cert) throws CryptoException {
    return map(py.call("cert_facts", "data", cert.toPem().getBytes(StandardCharsets.US_ASCII)));
  }

  private static final Pattern OPENSSL_ERROR =
      Pattern.compile("error (\\d+) at (\\d+) depth lookup: ([^\\n]*)");

  /** Runs {@code openssl verify}; returns -1 for OK, else the first error's code. */
  private static int opensslVerify(Path in, String... args) {
    List<String> command = new ArrayList<>(List.of("verify"));
    command.addAll(List.of(args));
    Peers.Result r = PeerResults.openssl(in, null, command.toArray(String[]::new));
    String all = r.stdout() + r.stderr();
    Matcher m = OPENSSL_ERROR.matcher(all);
    if (m.find()) {
      assertNotEquals(0, r.exitCode(), all);
      return Integer.parseInt(m.group(1));
    }
    assertEquals(0, r.exitCode(), all);
    assertTrue(r.stdout().contains(": OK"), all);
    return -1;
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void everyKeyTypeMakesAChainOpensslAccepts(KeyType type) throws Exception {
    // Large RSA keys take seconds to make: only their leaf has one, under P-256 CAs.
    KeyType caType = type == KeyType.RSA_3072 || type == KeyType.RSA_4096 ? KeyType.EC_P256 : type;
    CertificateAuthority root = CertificateAuthority.builder().keyType(caType).build();
    CertificateAuthority intermediate =
        root.intermediateBuilder("Intermediate " + type).keyType(caType).build();
    IssuedCertificate leaf =
        intermediate.leaf("localhost", "127.0.0.1", "::1", "ops@example.com").keyType(type).build();
    Path d = Files.createDirectories(dir.resolve("chain-" + type));
    root.writeTo(d);
    Map<String, Path> files = leaf.writeTo(d, "server");

    assertEquals(type, keyTypeOf(leaf.key()));
    assertEquals(leaf.key(), leaf.certificate().getPublicKey());
    assertEquals(intermediate.key(), intermediate.certificate().getPublicKey());
    assertTrue(leaf.certificate().verify(intermediate.key()));
    assertTrue(intermediate.certificate().verify(root.key()));
    assertTrue(root.certificate().verify(root.key()));

    String chain = files.get("chain").getFileName().toString();
    assertEquals(-1, opensslVerify(d, "-CAfile", "ca.pem", "-untrusted", chain, "server.pem"));
    assertEquals(
        -1,
        opensslVerify(
            d,
            "-CAfile",
            "ca.pem",
            "-untrusted",
            chain,
            "-purpose",
            "sslserver",
            "-verify_hostname",
            "localhost",
            "server.pem"));
    assertEquals(
        -1,
        opensslVerify(
            d,
            "-CAfile",
            "ca.pem",
            "-untrusted",
            chain,
            "-purpose",
            "sslclient",
            "-verify_ip",
            "127.0.0.1",
            "server.pem"));
    assertEquals(
        -1,
        opensslVerify(
            d,
            "-CAfile",
            "ca.pem",
            "-untrusted",
            chain,
            "-verify_email",
            "ops@example.com",
            "server.pem"));
    // a name the certificate does not have: X509_V_ERR_HOSTNAME_MISMATCH
    assertEquals(
        62,
        opensslVerify(
            d,
            "-CAfile",
            "ca.pem",
            "-untrusted",
            chain,
            "-verify_hostname",
            "other.example",
            "server.pem"));
    // without the intermediate the chain is incomplete
    assertEquals(20, opensslVerify(d, "-CAfile", "ca.pem", "server.pem"));
  }

  private static KeyType keyTypeOf(PKey key) {
    return switch (key.type()) {
      case PKey.TYPE_RSA ->
          key.bits() == 2048
              ? KeyType.RSA_2048
              : key.bits() == 3072 ? KeyType.RSA_3072 : KeyType.RSA_4096;
      case PKey.TYPE_EC ->
          key.bits() == 256
              ? KeyType.EC_P256
              : key.bits() == 384 ? KeyType.EC_P384 : KeyType.EC_P521;
      case PKey.TYPE_ED25519 -> KeyType.ED25519;
      case PKey.TYPE_ED448 -> KeyType.ED448;
      default -> throw new AssertionError("unexpected key type " + key.type());
    };
  }

  @Test
  void extensionsAreAsDocumented() throws Exception {
    CertificateAuthority root = CertificateAuthority.create();
    CertificateAuthority intermediate = root.intermediate("Docs Intermediate");
    IssuedCertificate leaf = intermediate.issue("localhost", "127.0.0.1", "::1", "ops@example.com");
    IssuedCertificate rsaLeaf = intermediate.leaf("rsa.example").keyType(KeyType.RSA_2048).build();

    Map<String, Object> r = facts(root.certificate());
    assertEquals("v3", r.get("version"));
    assertEquals("O=jossl test PKI,CN=jossl Test Root CA", reverse(r.get("subject")));
    assertEquals(Boolean.TRUE, map(r.get("basic_constraints")).get("ca"));
    assertNull(map(r.get("basic_constraints")).get("path_length"));
    assertEquals(List.of("digital_signature", "key_cert_sign", "crl_sign"), r.get("key_usage"));
    assertArrayEquals(bytes(r.get("ski")), bytes(r.get("aki")), "a root's AKI is its own SKI");
    assertEquals(KeyType.EC_P256, keyTypeOf(root.key()));
    assertTrue(
        root.certificate().notAfter().isAfter(Instant.now().plus(Duration.ofDays(3640))),
        "a root is valid ten years");

    Map<String, Object> i = facts(intermediate.certificate());
    assertEquals(Boolean.TRUE, map(i.get("basic_constraints")).get("ca"));
    assertEquals(0, integer(map(i.get("basic_constraints")).get("path_length")));
    assertArrayEquals(bytes(r.get("ski")), bytes(i.get("aki")));
    assertSame(root, intermediate.parent());
    assertSame(root, intermediate.root());
    assertEquals(List.of(intermediate.certificate(), root.certificate()), intermediate.chain());

    Map<String, Object> l = facts(leaf.certificate());
    assertEquals(Boolean.FALSE, map(l.get("basic_constraints")).get("ca"));
    assertEquals(List.of("digital_signature"), l.get("key_usage"));
    assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), l.get("extended_key_usage"));
    Map<String, Object> san = map(l.get("san"));
    assertEquals(List.of("localhost"), san.get("dns"));
    assertEquals(List.of("127.0.0.1", "::1"), san.get("ip"));
    assertEquals(List.of("ops@example.com"), san.get("email"));
    assertEquals("localhost", leaf.certificate().getSubject().commonName());
    assertArrayEquals(bytes(i.get("ski")), bytes(l.get("aki")));
    Duration validity =
        Duration.between(leaf.certificate().notBefore(), leaf.certificate().notAfter());
    assertEquals(Duration.ofDays(90), validity);
    assertEquals(List.of(leaf.certificate(), intermediate.certificate()), leaf.chain());
    assertSame(intermediate, leaf.issuer());

    assertEquals(
        List.of("digital_signature", "key_encipherment"),
        facts(rsaLeaf.certificate()).get("key_usage"));
  }

  private static String reverse(Object rfc4514) {
    // RFC 4514 lists the RDNs last first
    List<String> parts = new ArrayList<>(List.of(((String) rfc4514).split(",")));
    java.util.Collections.reverse(parts);
    return String.join(",", parts);
  }

  @Test
  void purposesAndAuthorityInfo() throws Exception {
    CertificateAuthority root = CertificateAuthority.create();
    root.crlDistributionPoint("http://crl.example/root.crl");
    IssuedCertificate client =
        root.leaf("client.example")
            .purposes("clientAuth")
            .authorityInfoAccess(
                List.of("http://ocsp.example"), List.of("http://ca.example/ca.der"))
            .build();
    IssuedCertificate none = root.leaf("none.example").purposes().build();
    Path d = Files.createDirectories(dir.resolve("purposes"));
    root.writeTo(d);
    client.writeTo(d, "client");
    none.writeTo(d, "none");

    Map<String, Object> f = facts(client.certificate());
    assertEquals(List.of("1.3.6.1.5.5.7.3.2"), f.get("extended_key_usage"));
    assertEquals(List.of("http://crl.example/root.crl"), f.get("crl_uris"));
    assertNull(facts(none.certificate()).get("extended_key_usage"));
    String text = client.certificate().toText();
    assertTrue(text.contains("OCSP - URI:http://ocsp.example"), text);
    assertTrue(text.contains("CA Issuers - URI:http://ca.example/ca.der"), text);

    assertEquals(-1, opensslVerify(d, "-CAfile", "ca.pem", "-purpose", "sslclient", "client.pem"));
    // X509_V_ERR_INVALID_PURPOSE: a client-only certificate is no server certificate
    assertEquals(26, opensslVerify(d, "-CAfile", "ca.pem", "-purpose", "sslserver", "client.pem"));
    // without the extension any purpose is allowed
    assertEquals(-1, opensslVerify(d, "-CAfile", "ca.pem", "-purpose", "sslserver", "none.pem"));
  }

  @Test
  void expiredAndNotYetValidLeaves() throws Exception {
    CertificateAuthority root = CertificateAuthority.create();
    IssuedCertificate expired = root.leaf("expired.example").expired().build();
    IssuedCertificate future = root.leaf("future.example").notYetValid().build();
    IssuedCertificate current = root.issue("current.example");
    Path d = Files.createDirectories(dir.resolve("validity"));
    root.writeTo(d);
    expired.writeTo(d, "expired");
    future.writeTo(d, "future");
    current.writeTo(d, "current");

    assertTrue(expired.certificate().hasExpired());
    assertFalse(future.certificate().hasExpired());
    assertFalse(current.certificate().hasExpired());
    assertTrue(future.certificate().notBefore().isAfter(Instant.now()));
    assertEquals(10, opensslVerify(d, "-CAfile", "ca.pem", "expired.pem"));
    assertEquals(9, opensslVerify(d, "-CAfile", "ca.pem", "future.pem"));
    assertEquals(-1, opensslVerify(d, "-CAfile", "ca.pem", "current.pem"));
    // pyOpenSSL's has_expired() agrees
    for (IssuedCertificate c : List.of(expired, future, current)) {
      Map<String, Object> p =
          PeerResults.okMap(
              py.call(
                  "x509",
                  "filetype",
                  "PEM",
                  "data",
                  c.certificatePem().getBytes(StandardCharsets.US_ASCII)));
      assertEquals(p.get("has_expired"), c.certificate().hasExpired());
    }
  }

  @Test
  void revocationShowsInTheCrl() throws Exception {
    CertificateAuthority root = CertificateAuthority.create();
    CertificateAuthority intermediate = root.intermediate("CRL Intermediate");
    IssuedCertificate good = intermediate.issue("good.example");
    IssuedCertificate bad = intermediate.issue("bad.example");
    intermediate.revoke(bad.certificate(), 1);
    Crl first = intermediate.crl();
    Crl second = intermediate.crl();
    Path d = Files.createDirectories(dir.resolve("crl"));
    root.writeTo(d);
    Files.writeString(d.resolve("int.pem"), intermediate.certificatePem());
    Files.writeString(d.resolve("crl.pem"), second.toPem());
    good.writeTo(d, "good");
    bad.writeTo(d, "bad");

    Peers.Result crlCheck =
        PeerResults.openssl(d, null, "crl", "-in", "crl.pem", "-CAfile", "int.pem", "-noout");
    assertTrue(crlCheck.stderr().contains("verify OK"), crlCheck.stderr());
    assertEquals(1, second.getRevoked().size());
    assertEquals(
        bad.certificate().getSerialNumber(), second.getRevoked().getFirst().serialNumber());
    assertEquals("keyCompromise", second.getRevoked().getFirst().reasonName());
    Map<String, Object> p1 =
        map(py.call("crl", "filetype", "PEM", "data", first.toPem().getBytes()));
    Map<String, Object> p2 =
        map(py.call("crl", "filetype", "PEM", "data", second.toPem().getBytes()));
    assertEquals("1", p1.get("crl_number"));
    assertEquals("2", p2.get("crl_number"), "each crl() has the next CRL number");
    assertEquals(
        bad.certificate().getSerialNumber().toString(),
        map(list(p2.get("revoked")).getFirst()).get("serial"));

    String[] common = {
      "-CAfile", "ca.pem", "-untrusted", "int.pem", "-crl_check", "-CRLfile", "crl.pem"
    };
    assertEquals(23, opensslVerify(d, concat(common, "bad.pem")));
    assertEquals(-1, opensslVerify(d, concat(common, "good.pem")));
  }

  private static String[] concat(String[] a, String b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }

  @Test
  void writtenFilesLoadAndKeysAreOwnerOnly() throws Exception {
    CertificateAuthority root = CertificateAuthority.create();
    CertificateAuthority intermediate = root.intermediate("Files Intermediate");
    IssuedCertificate leaf = intermediate.issue("files.example");
    Path d = Files.createDirectories(dir.resolve("files"));
    Map<String, Path> files = leaf.writeTo(d, "server");
    root.writeTo(d);

    assertEquals(List.of("cert", "key", "chain"), List.copyOf(files.keySet()));
    assertEquals(d.resolve("server.pem"), files.get("cert"));
    assertEquals(d.resolve("server.key"), files.get("key"));
    assertEquals(d.resolve("server-chain.pem"), files.get("chain"));
    Set<PosixFilePermission> ownerOnly =
        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertEquals(ownerOnly, Files.getPosixFilePermissions(files.get("key")));
    assertEquals(ownerOnly, Files.getPosixFilePermissions(d.resolve("ca.key")));

    // openssl reads every file; the key matches the certificate
    String keyModulus = opensslOk(d, null, "pkey", "-in", "server.key", "-pubout");
    String certModulus = opensslOk(d, null, "x509", "-in", "server.pem", "-noout", "-pubkey");
    assertEquals(keyModulus, certModulus);
    assertEquals(
        opensslOk(d, null, "pkey", "-in", "ca.key", "-pubout"),
        opensslOk(d, null, "x509", "-in", "ca.pem", "-noout", "-pubkey"));
    assertEquals(
        -1, opensslVerify(d, "-CAfile", "ca.pem", "-untrusted", "server-chain.pem", "server.pem"));
    List<X509> chain = X509.allFromPem(Files.readAllBytes(files.get("chain")));
    assertEquals(List.of(leaf.certificate(), intermediate.certificate()), chain);
    assertEquals(leaf.chainPem(), Files.readString(files.get("chain")));
    assertEquals(leaf.keyPem(), Files.readString(files.get("key")));
    assertEquals(leaf.certificatePem(), Files.readString(files.get("cert")));

    // load() reads back what writeTo wrote, and can issue more certificates
    CertificateAuthority loaded = CertificateAuthority.load(d);
    assertEquals(root.certificate(), loaded.certificate());
    assertEquals(root.key(), loaded.key());
    assertNull(loaded.parent());
    IssuedCertificate more = loaded.issue("more.example");
    more.writeTo(d, "more");
    assertEquals(-1, opensslVerify(d, "-CAfile", "ca.pem", "more.pem"));
    X509 viaOf =
        CertificateAuthority.of(loaded.certificate(), loaded.key())
            .issue("x.example")
            .certificate();
    assertEquals(root.certificate().getSubject(), viaOf.getIssuer());
    assertTrue(viaOf.verify(root.key()));
  }
}
