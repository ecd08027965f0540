package org.jossl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jossl ca}: the PKI it writes is checked by the {@code openssl} command (chain
 * verification, names, key pairs), and its failures are one line.
 */
class CaVerbIT {
  @TempDir Path tmp;

  private static final Set<PosixFilePermission> OWNER_ONLY =
      Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  /** The files a successful run printed, one path a line; each must exist. */
  private static List<Path> printedFiles(Jossl.Run r, Path cwd) {
    List<Path> files = r.stdout().lines().map(cwd::resolve).toList();
    assertFalse(files.isEmpty(), r.describe("prints the files it wrote"));
    for (Path f : files) {
      assertTrue(Files.isRegularFile(f), r.describe(f + " exists"));
    }
    return files;
  }

  /** The names {@code openssl x509 -ext subjectAltName} shows: "DNS:x", "IP:<address>", ... */
  private Set<String> opensslSubjectAltNames(Path cert) throws IOException {
    String out =
        Jossl.opensslText(tmp, "x509", "-in", cert.toString(), "-noout", "-ext", "subjectAltName");
    List<String> lines = out.lines().toList();
    assertTrue(lines.size() == 2 && lines.get(0).contains("Subject Alternative Name"), out);
    Set<String> names = new HashSet<>();
    for (String entry : lines.get(1).strip().split(", ")) {
      if (entry.startsWith("IP Address:")) {
        // OpenSSL's spelling of IPv6 addresses changed between releases; compare the addresses
        String ip = entry.substring("IP Address:".length());
        names.add("IP:" + InetAddress.ofLiteral(ip).getHostAddress());
      } else {
        names.add(entry);
      }
    }
    return names;
  }

  /** Asserts that {@code key} is the private key of {@code cert}, as OpenSSL sees them. */
  private void assertKeyPair(Path cert, Path key) {
    String fromKey = Jossl.opensslText(tmp, "pkey", "-in", key.toString(), "-pubout");
    String fromCert = Jossl.opensslText(tmp, "x509", "-in", cert.toString(), "-noout", "-pubkey");
    assertEquals(fromCert, fromKey, key + " belongs to " + cert);
  }

  @Test
  void initAndIssueWriteAPkiThatOpensslAccepts() throws IOException {
    Path pki = tmp.resolve("pki");
    List<Path> caFiles = printedFiles(Jossl.run(tmp, "ca", "init", "pki").requireSuccess(), tmp);
    Path caPem = pki.resolve("ca.pem");
    Path caKey = pki.resolve("ca.key");
    assertEquals(Set.of(caPem, caKey), Set.copyOf(caFiles));
    assertKeyPair(caPem, caKey);
    assertEquals(OWNER_ONLY, Files.getPosixFilePermissions(caKey), "ca.key is private");

    List<Path> rsa =
        printedFiles(
            Jossl.run(tmp, "ca", "issue", "pki", "localhost", "127.0.0.1", "::1", "-key", "rsa")
                .requireSuccess(),
            tmp);
    List<Path> ed =
        printedFiles(
            Jossl.run(tmp, "ca", "issue", "pki", "ed.example", "-key", "ed25519", "-out", "ed")
                .requireSuccess(),
            tmp);
    List<Path> ec =
        printedFiles(Jossl.run(tmp, "ca", "issue", "pki", "ec.test").requireSuccess(), tmp);

    record Leaf(String base, List<Path> printed, Set<String> names, String keyAlgorithm) {}
    String localhost = InetAddress.ofLiteral("::1").getHostAddress();
    for (Leaf leaf :
        List.of(
            new Leaf(
                "localhost",
                rsa,
                Set.of("DNS:localhost", "IP:127.0.0.1", "IP:" + localhost),
                "rsaEncryption"),
            new Leaf("ed", ed, Set.of("DNS:ed.example"), "ED25519"),
            new Leaf("ec.test", ec, Set.of("DNS:ec.test"), "id-ecPublicKey"))) {
      Path cert = pki.resolve(leaf.base() + ".pem");
      Path key = pki.resolve(leaf.base() + ".key");
      Path chain = pki.resolve(leaf.base() + "-chain.pem");
      assertEquals(Set.of(cert, key, chain), Set.copyOf(leaf.printed()));
      assertEquals(
          cert + ": OK\n",
          Jossl.opensslText(tmp, "verify", "-CAfile", caPem.toString(), cert.toString()));
      // the chain file starts with the certificate itself
      assertArrayEquals(
          Jossl.openssl(tmp, "x509", "-in", cert.toString(), "-outform", "DER"),
          Jossl.openssl(tmp, "x509", "-in", chain.toString(), "-outform", "DER"));
      assertEquals(leaf.names(), opensslSubjectAltNames(cert));
      String text = Jossl.opensslText(tmp, "x509", "-in", cert.toString(), "-noout", "-text");
      assertTrue(
          text.contains("Public Key Algorithm: " + leaf.keyAlgorithm()),
          leaf.base() + " has a " + leaf.keyAlgorithm() + " key:\n" + text);
      assertKeyPair(cert, key);
      assertEquals(OWNER_ONLY, Files.getPosixFilePermissions(key), key + " is private");
    }
  }

  @Test
  void initTwiceFailsInOneLineAndKeepsTheCa() throws IOException {
    Jossl.run(tmp, "ca", "init", "pki").requireSuccess();
    byte[] pem = Files.readAllBytes(tmp.resolve("pki/ca.pem"));
    byte[] key = Files.readAllBytes(tmp.resolve("pki/ca.key"));
    String line = Jossl.run(tmp, "ca", "init", "pki").requireOneLineFailure();
    assertTrue(line.startsWith("jossl ca: ") && line.contains("pki"), line);
    assertArrayEquals(pem, Files.readAllBytes(tmp.resolve("pki/ca.pem")));
    assertArrayEquals(key, Files.readAllBytes(tmp.resolve("pki/ca.key")));
  }

  @Test
  void issueWithoutACaFailsInOneLineAndWritesNothing() throws IOException {
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    String line = Jossl.run(tmp, "ca", "issue", "empty", "localhost").requireOneLineFailure();
    assertTrue(line.startsWith("jossl ca: ") && line.contains("ca init"), line);
    try (Stream<Path> files = Files.list(empty)) {
      assertEquals(List.of(), files.toList());
    }
    line = Jossl.run(tmp, "ca", "issue", "nowhere", "localhost").requireOneLineFailure();
    assertTrue(line.contains("nowhere"), line);
  }

  @Test
  void badArgumentsFailInOneLine() throws IOException {
    Jossl.run(tmp, "ca", "init", "pki").requireSuccess();
    List<List<String>> cases =
        List.of(
            List.of("ca"),
            List.of("ca", "init"),
            List.of("ca", "renew", "pki"),
            List.of("ca", "init", "other", "extra"),
            List.of("ca", "init", "other", "-key", "dsa512"),
            List.of("ca", "init", "other", "-days", "0"),
            List.of("ca", "init", "other", "-days", "many"),
            List.of("ca", "issue", "pki"),
            List.of("ca", "issue", "pki", "bad name"),
            List.of("ca", "issue", "pki", "x.test", ""),
            List.of("ca", "issue", "pki", "x.test", "-key"));
    for (Jossl.Run r : Jossl.runAll(tmp, cases)) {
      String line = r.requireOneLineFailure();
      assertTrue(line.startsWith("jossl ca: "), line);
    }
    try (Stream<Path> files = Files.list(tmp.resolve("pki"))) {
      assertEquals(
          Set.of("ca.pem", "ca.key"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
          "a failed issue writes nothing");
    }
    assertFalse(Files.exists(tmp.resolve("other")), "a failed init writes nothing");
  }
}
