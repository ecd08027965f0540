package org.jossl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jossl x509} against the real peers: {@code -json} against upstream CPython's {@code
 * ssl._ssl._test_decode_cert} (peer script {@code decode_cert.py}), {@code -text}, PEM and DER
 * against the {@code openssl} command, byte for byte; bad input fails in one line.
 */
class X509VerbIT {
  @TempDir static Path dir;

  /** PEM certificates: made by jossl ca (EC root, RSA and Ed25519 leaves) and by openssl req. */
  static List<Path> pems = new ArrayList<>();

  /** The certificate openssl req made, with a rich subject and every kind of SAN. */
  static Path rich;

  /** {@link #rich} in DER. */
  static Path richDer;

  @BeforeAll
  static void makeCertificates() throws IOException {
    Jossl.run(dir, "ca", "init", "pki").requireSuccess();
    Jossl.runAll(
            dir,
            List.of(
                List.of("ca", "issue", "pki", "localhost", "127.0.0.1", "::1", "-key", "rsa"),
                List.of("ca", "issue", "pki", "ed.test", "-key", "ed25519")))
        .forEach(Jossl.Run::requireSuccess);
    pems.add(dir.resolve("pki/ca.pem"));
    pems.add(dir.resolve("pki/localhost.pem"));
    pems.add(dir.resolve("pki/ed.test.pem"));

    // openssl's own certificate: non-ASCII and quoted subject values, a multi-valued RDN, a
    // GeneralizedTime notAfter (after 2049), every SAN kind Python decodes, AIA and CRL DP
    Path config =
        Jossl.write(
            dir,
            "req.cnf",
            """
            [req]
            distinguished_name = dn
            x509_extensions = ext
            prompt = no
            utf8 = yes
            string_mask = utf8only

            [dn]

            [ext]
            subjectAltName = @alt
            basicConstraints = critical,CA:FALSE
            keyUsage = critical,digitalSignature,keyEncipherment
            extendedKeyUsage = serverAuth,clientAuth
            authorityInfoAccess = OCSP;URI:http://ocsp.rich.test/,caIssuers;URI:http://ca.rich.test/c
            crlDistributionPoints = URI:http://crl.rich.test/rich.crl
            certificatePolicies = 2.23.140.1.2.1
            subjectKeyIdentifier = hash

            [alt]
            DNS.1 = rich.test
            DNS.2 = *.rich.test
            IP.1 = 10.1.2.3
            IP.2 = 2001:db8::1
            email.1 = admin@rich.test
            URI.1 = https://rich.test/path?q=1
            RID.1 = 1.2.3.4
            dirName.1 = dir_sect
            otherName.1 = 1.3.6.1.4.1.311.20.2.3;UTF8:user@rich.test

            [dir_sect]
            C = US
            O = Directory Org
            CN = Directory Name
            """);
    rich = dir.resolve("rich.pem");
    Jossl.openssl(
        dir,
        "req",
        "-x509",
        "-config",
        config.toString(),
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-384",
        "-nodes",
        "-keyout",
        dir.resolve("rich.key").toString(),
        "-out",
        rich.toString(),
        "-days",
        "12000",
        "-sha384",
        "-set_serial",
        "0x00ff00aa55",
        "-utf8",
        "-subj",
        "/C=DE/ST=Bayern/L=München/O=Zoë \"Q\", Inc./OU=R&D/OU=Ops/CN=rich.test+UID=jdoe"
            + "/emailAddress=admin@rich.test/DC=rich/DC=test/serialNumber=42");
    pems.add(rich);
    richDer = dir.resolve("rich.der");
    Jossl.openssl(
        dir, "x509", "-in", rich.toString(), "-outform", "DER", "-out", richDer.toString());
  }

  /** What upstream CPython prints for each file: one JSON line each, as decode_cert.py writes. */
  private static List<String> python(List<Path> files) {
    List<String> lines =
        Peers.python("decode_cert.py", files.stream().map(Path::toString).toArray(String[]::new))
            .stdout()
            .lines()
            .toList();
    assertEquals(files.size(), lines.size(), "one line per file");
    return lines;
  }

  @Test
  void jsonIsWhatPythonDecodes() {
    List<String> expected = python(pems);
    List<List<String>> runs = new ArrayList<>();
    for (Path pem : pems) {
      runs.add(List.of("x509", "-in", pem.toString(), "-json"));
    }
    runs.add(List.of("x509", "-in", richDer.toString(), "-inform", "DER", "-json"));
    List<Jossl.Run> results = Jossl.runAll(dir, runs);
    for (int i = 0; i < pems.size(); i++) {
      assertEquals(
          expected.get(i) + "\n", results.get(i).requireSuccess().stdout(), pems.get(i).toString());
    }
    String richJson = expected.get(pems.indexOf(rich)) + "\n";
    assertEquals(richJson, results.getLast().requireSuccess().stdout(), "-inform DER");
    byte[] pem = readAll(rich);
    String fromStdin =
        Jossl.run(dir, Map.of(), pem, "x509", "-in", "-", "-json").requireSuccess().stdout();
    assertEquals(richJson, fromStdin, "-in - (standard input)");
  }

  @Test
  void textIsWhatOpensslPrints() {
    // `openssl x509 -text` prints the text and then the PEM; -noout leaves the PEM out, and jossl's
    // -text is the text alone (the PEM is what jossl prints without -text)
    List<List<String>> inputs = new ArrayList<>();
    for (Path pem : pems) {
      inputs.add(List.of("-in", pem.toString()));
    }
    inputs.add(List.of("-in", richDer.toString(), "-inform", "DER"));
    List<Jossl.Run> results =
        Jossl.runAll(dir, inputs.stream().map(in -> concat(List.of("x509"), in, "-text")).toList());
    for (int i = 0; i < inputs.size(); i++) {
      List<String> opensslArgs = concat(List.of("x509"), inputs.get(i), "-noout", "-text");
      byte[] expected = Jossl.openssl(dir, opensslArgs.toArray(String[]::new));
      Jossl.Run r = results.get(i).requireSuccess();
      assertEquals(new String(expected, StandardCharsets.UTF_8), r.stdout(), inputs.get(i) + "");
      assertArrayEquals(expected, r.out(), inputs.get(i) + "");
    }
  }

  @Test
  void pemAndDerAreWhatOpensslWrites() throws IOException {
    // the same arguments for both commands: PEM and DER out, PEM and DER (any case) in
    List<List<String>> cases = new ArrayList<>();
    for (Path pem : pems) {
      cases.add(List.of("x509", "-in", pem.toString(), "-outform", "DER"));
      cases.add(List.of("x509", "-in", pem.toString()));
    }
    cases.add(List.of("x509", "-in", richDer.toString(), "-inform", "der"));
    cases.add(List.of("x509", "-in", richDer.toString(), "-inform", "DER", "-outform", "DER"));
    Path out = dir.resolve("copy.der");
    cases.add(List.of("x509", "-in", rich.toString(), "-outform", "DER", "-out", out.toString()));
    List<Jossl.Run> results = Jossl.runAll(dir, cases);
    for (int i = 0; i < cases.size() - 1; i++) {
      assertArrayEquals(
          Jossl.openssl(dir, cases.get(i).toArray(String[]::new)),
          results.get(i).requireSuccess().out(),
          cases.get(i).toString());
    }
    assertEquals(0, results.getLast().requireSuccess().out().length, "nothing on stdout with -out");
    assertArrayEquals(readAll(richDer), readAll(out));
  }

  /** Files that are no certificate: random bytes, empty, DER read as PEM, a key, bad base64. */
  private static List<Path> undecodable() throws IOException {
    byte[] random = new byte[512];
    new Random(20260127).nextBytes(random);
    Path garbage = Files.write(dir.resolve("garbage.bin"), random);
    Path empty = Files.write(dir.resolve("empty.pem"), new byte[0]);
    Path badBase64 =
        Jossl.write(
            dir,
            "bad-base64.pem",
            "-----BEGIN CERTIFICATE-----\nnot*base64*at*all\n-----END CERTIFICATE-----\n");
    byte[] notDer = new byte[64];
    new Random(7).nextBytes(notDer);
    Path badDer =
        Jossl.write(
            dir,
            "bad-der.pem",
            "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(notDer)
                + "\n-----END CERTIFICATE-----\n");
    return List.of(garbage, empty, badBase64, badDer, richDer, dir.resolve("pki/ca.key"));
  }

  @Test
  void jsonOnAFileThatIsNoCertificateIsPythonsError() throws IOException {
    List<Path> files = undecodable();
    List<String> expected = python(files);
    List<Jossl.Run> results =
        Jossl.runAll(
            dir, files.stream().map(f -> List.of("x509", "-in", f.toString(), "-json")).toList());
    for (int i = 0; i < files.size(); i++) {
      Jossl.Run r = results.get(i);
      assertTrue(expected.get(i).startsWith("{\"error\": "), expected.get(i));
      assertEquals(1, r.exitCode(), r.describe("exit status 1"));
      assertEquals(expected.get(i) + "\n", r.stdout(), files.get(i).toString());
      assertEquals("", r.stderr());
    }
  }

  @Test
  void badInputFailsInOneLineAndDebugAddsTheStackTrace() throws IOException {
    String pem = pems.getFirst().toString();
    // one of each kind of failure: file system, decoding, usage; -debug is tried on each
    List<List<String>> withDebug =
        List.of(
            List.of("x509", "-in", dir.resolve("missing.pem").toString()),
            List.of("x509", "-in", dir.resolve("garbage.bin").toString()),
            List.of("x509", "-in", pem, "-frobnicate"),
            List.of("x509"),
            List.of("x509", "-in", pem, "-inform", "XYZ"),
            List.of("x509", "-in", pem, "-out", dir.resolve("no/such/dir/out.pem").toString()));
    List<List<String>> cases = new ArrayList<>(withDebug);
    for (Path f : undecodable()) {
      if (!f.getFileName().toString().equals("garbage.bin")) { // already above
        cases.add(List.of("x509", "-in", f.toString()));
      }
    }
    cases.addAll(
        List.of(
            List.of("x509", "-in", dir.toString()),
            List.of("x509", "-in", pem, "-inform", "DER"),
            List.of("x509", "-in"),
            List.of("x509", "-in", pem, "-outform", "XYZ"),
            List.of("x509", "-in", pem, "-json", "-text"),
            List.of("x509", "-in", pem, "extra")));
    for (List<String> args : withDebug) {
      cases.add(concat(args, List.of(), "-debug"));
    }
    List<Jossl.Run> results = Jossl.runAll(dir, cases);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < cases.size() - withDebug.size(); i++) {
      String line = results.get(i).requireOneLineFailure();
      assertTrue(line.startsWith("jossl x509: "), line);
      lines.add(line);
    }
    for (int i = 0; i < withDebug.size(); i++) {
      Jossl.Run debug = results.get(cases.size() - withDebug.size() + i);
      assertTrue(debug.exitCode() != 0, debug.describe("fails"));
      assertTrue(
          debug.stderr().startsWith(lines.get(i) + "\n"), debug.describe("the same first line"));
      assertTrue(debug.stderr().contains("\tat org.jossl."), debug.describe("a stack trace"));
    }
  }

  private static List<String> concat(List<String> a, List<String> b, String... more) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    all.addAll(List.of(more));
    return all;
  }

  private static byte[] readAll(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
