package org.jossl.ssl;

import static org.jossl.ssl.PythonSsl.assertSameOutcome;
import static org.jossl.ssl.PythonSsl.attempt;
import static org.jossl.ssl.PythonSsl.list;
import static org.jossl.ssl.PythonSsl.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.DecodedCertificate;
import org.jossl.crypto.GeneralName;
import org.jossl.crypto.X509;
import org.jossl.crypto.X509Name;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module-level names of {@link Ssl} against upstream CPython's {@code ssl} module on this
 * machine: {@code cert_time_to_seconds}, {@code DER_cert_to_PEM_cert} / {@code
 * PEM_cert_to_DER_cert}, the legacy {@code match_hostname} (with certificates jossl makes and
 * Python decodes), {@code get_protocol_name}, {@code get_default_verify_paths}, the OpenSSL version
 * constants, the {@code HAS_*} flags, {@code CHANNEL_BINDING_TYPES}, {@link Purpose} and every
 * member of the enums, the {@code HOSTFLAG_*} constants, {@code _ASN1Object} / {@code txt2obj} /
 * {@code nid2obj} ({@link Asn1Object}) for every NID OpenSSL knows and their names, and {@code
 * RAND_bytes} / {@code RAND_status} / {@code RAND_add}. One Python process answers everything.
 */
class SslModuleParityTest {
  @TempDir static Path dir;

  private static Map<String, Object> python;
  private static final List<String> CERT_TIMES = new ArrayList<>();
  private static final List<byte[]> DERS = new ArrayList<>();
  private static final List<String> PEMS = new ArrayList<>();
  private static final Map<String, String> CERTS = new LinkedHashMap<>();
  private static final List<String[]> MATCHES = new ArrayList<>();
  private static final List<Long> PROTOCOL_NUMBERS = new ArrayList<>();
  private static final List<Long> NIDS = new ArrayList<>();
  private static final List<Long> PURPOSE_NIDS = List.of(129L, 130L, 71L, 0L, 1L);
  private static final List<Map<String, Object>> RAND = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    CertificateAuthority ca = CertificateAuthority.builder().commonName("Module Parity CA").build();
    certTimes();
    byte[] der = ca.certificate().toDer();
    DERS.addAll(
        List.of(der, new byte[0], new byte[] {0, 1, 2}, new byte[48], new byte[49], new byte[47]));
    pems(ca.certificatePem());
    certificates(ca);
    hosts();
    for (long n = -1; n <= 20; n++) {
      PROTOCOL_NUMBERS.add(n);
    }

    Map<String, Object> job = new LinkedHashMap<>();
    job.put("cert_time_to_seconds", CERT_TIMES);
    job.put("der_to_pem", DERS);
    job.put("pem_to_der", PEMS);
    job.put("decode", new ArrayList<>(CERTS.values()));
    List<Object> matches = new ArrayList<>();
    for (String[] m : MATCHES) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("cert", m[0]);
      c.put("host", m[1]);
      matches.add(c);
    }
    job.put("match_hostname", matches);
    job.put("protocol_names", PROTOCOL_NUMBERS);
    // every NID of this OpenSSL (3.0 has about 1250, 3.5 about 1500) and some beyond
    for (long n = -2; n <= 2100; n++) {
      NIDS.add(n);
    }
    Map<String, Object> asn1 = new LinkedHashMap<>();
    asn1.put("nids", NIDS);
    asn1.put("texts", asn1Texts());
    asn1.put("derived", true);
    job.put("asn1", asn1);
    job.put("purposes", PURPOSE_NIDS);
    rand();
    job.put("rand", RAND);
    python = PythonSsl.run(dir, job);
  }

  // ---- inputs

  /** Texts to look up, each with Python's {@code name} flag, beyond every NID's own names. */
  private static List<List<Object>> asn1Texts() {
    List<List<Object>> out = new ArrayList<>();
    for (String t :
        List.of(
            "1.3.6.1.5.5.7.3.1",
            "1.3.6.1.5.5.7.3.2",
            "serverAuth",
            "TLS Web Client Authentication",
            "2.5.4.3",
            "CN",
            "commonName",
            "cn",
            "1.2.3",
            "1.2.3.4.5.6.7.8.9",
            "2.5.4.3.0",
            "1..2",
            "1.2.",
            ".1.2",
            "99.1",
            "0",
            "",
            " ",
            "foo",
            "not an object",
            "1.2." + "1234567.".repeat(40) + "1",
            "x".repeat(150),
            "\u00e9".repeat(60),
            "\u20ac".repeat(40),
            "a\u0000b",
            "it's")) {
      out.add(List.of(t, false));
      out.add(List.of(t, true));
    }
    return out;
  }

  private static void rand() {
    for (long n : List.of(-1L, 0L, 1L, 16L, 1000L)) {
      RAND.add(Map.of("bytes", n));
    }
    RAND.add(Map.of("status", true));
    RAND.add(Map.of("add", "some text", "entropy", 0.5));
    RAND.add(Map.of("add", "caf\u00e9", "entropy", -1.0));
    RAND.add(Map.of("add", "", "entropy", 0.0));
    RAND.add(Map.of("add", new byte[] {1, 2, 3, 4}, "entropy", 2.0));
    RAND.add(Map.of("add", new byte[64], "entropy", 1e9));
  }

  private static void certTimes() {
    CERT_TIMES.addAll(
        List.of(
            "Jan  5 09:34:43 2018 GMT",
            "Jan 5 09:34:43 2018 GMT",
            "jan  5 09:34:43 2018 gmt",
            "JAN 05 09:34:43 2018 GMT",
            "May  9 00:00:00 2007 GMT",
            "Feb 29 00:00:00 2020 GMT",
            "Feb 30 00:00:00 2019 GMT",
            "Feb 31 12:00:00 2019 GMT",
            "Dec 31 23:59:59 9999 GMT",
            "Dec 31 23:59:60 1999 GMT",
            "Dec 31 23:59:61 1999 GMT",
            "Dec 31 23:59:62 1999 GMT",
            "Jan  1 00:00:00 1970 GMT",
            "Dec 31 23:59:59 1969 GMT",
            "Jan  1 00:00:00 0001 GMT",
            "Jan  1 00:00:00 0000 GMT",
            "Jan  5 9:4:3 2018 GMT",
            "Jan  5 24:00:00 2018 GMT",
            "Jan  5 23:60:00 2018 GMT",
            "Jan 32 09:34:43 2018 GMT",
            "Jan 00 09:34:43 2018 GMT",
            "Jan  0 09:34:43 2018 GMT",
            "Jan  5 09:34:43 2018 UTC",
            "Jan  5 09:34:43 18 GMT",
            "Jan  5 09:34:43 20180 GMT",
            "Jan  5 09:34 2018 GMT",
            "Jan  5 09:34:43 2018 GMT ",
            "Jan  5 09:34:43 2018 GMT\n",
            "Jan  5 09:34:43 2018 GMTx",
            "Jan\t5\t09:34:43\t2018\tGMT",
            "Jan5 09:34:43 2018 GMT",
            "Jan  5  09:34:43   2018  GMT",
            " Jan  5 09:34:43 2018 GMT",
            "Foo  5 09:34:43 2018 GMT",
            "January  5 09:34:43 2018 GMT",
            "",
            "Ja",
            "Jan",
            "Jan ",
            "Jan \u0665 09:34:43 2018 GMT",
            "Jan\u00a05 09:34:43 2018 GMT",
            "Jan\u001c5\u200309:34:43\u30002018\u0085GMT",
            "Jan\u200b5 09:34:43 2018 GMT",
            "Jan  5 09:34:43 \uff12\uff10\uff11\uff18 GMT",
            "Jan  5 09:34:43 2018 \u212amt",
            "It's 5 09:34:43 2018 GMT"));
  }

  private static void pems(String pem) {
    String body = pem.substring(Ssl.PEM_HEADER.length(), pem.indexOf(Ssl.PEM_FOOTER));
    String h = Ssl.PEM_HEADER;
    String f = Ssl.PEM_FOOTER;
    PEMS.addAll(
        List.of(
            pem,
            pem.strip(),
            pem + "\n\n  \t",
            pem.replace("\n", "\r\n"),
            "  " + pem,
            pem.replace(h, ""),
            pem.replace(f, ""),
            h + "\n" + f + "\n",
            h + f,
            h + "\nYQ==\n" + f,
            h + "\nYQ\n" + f,
            h + "\nYQ=\n" + f,
            h + "\nYWJj\n" + f,
            h + "\nYWJjZ\n" + f,
            h + "\nYQ==YQ==\n" + f,
            h + "\nY Q = = \n" + f,
            h + "\n=YQ==\n" + f,
            h + "\nYQ!!==\n" + f,
            h + "\nYW=Jj\n" + f,
            h + "\nYWJj\u00e9\n" + f,
            h + "\nYW\u00e9\u00e8Jj\n" + f,
            h + body.replace("\n", "") + f,
            h + body + f + "trailing",
            f + body + h,
            "-----BEGIN CERTIFICATE-----END CERTIFICATE-----",
            pem + "\u00a0\u0085\u2003",
            pem + "\u200b",
            ""));
  }

  private static void certificates(CertificateAuthority ca) throws Exception {
    cert("dns", ca.leaf("www.example.com", "example.com").build().certificate());
    cert("wildcard", ca.leaf("*.example.org").build().certificate());
    cert("ip", ca.leaf("127.0.0.1", "::1", "2001:db8::1").build().certificate());
    cert("ipv4-mapped", ca.leaf("::ffff:127.0.0.1").build().certificate());
    cert("cn only", ca.leaf().commonName("cn.example.net").build().certificate());
    cert("cn ip only", ca.leaf().commonName("127.0.0.1").build().certificate());
    cert("cn wildcard", ca.leaf().commonName("*.cn.example").build().certificate());
    cert(
        "two cns",
        ca.leaf()
            .subject(X509Name.builder().add("CN", "a.example").add("CN", "b.example").build())
            .build()
            .certificate());
    cert(
        "email san and cn",
        ca.leaf()
            .commonName("fallback.example")
            .altNames(GeneralName.email("a@b.example"), GeneralName.uri("https://u.example/"))
            .build()
            .certificate());
    cert("no names", ca.leaf().commonName(null).build().certificate());
    for (String bad : List.of("www.*.com", "*.*.example.com", "f*.example.com", "*", "*.")) {
      cert(
          "bad wildcard " + bad,
          ca.leaf()
              .commonName(null)
              .altNames(GeneralName.dns(bad), GeneralName.dns("ok.example"))
              .build()
              .certificate());
    }
    cert(
        "idna",
        ca.leaf("xn--bcher-kva.example").commonName("b\u00fccher.example").build().certificate());
    cert(
        "odd names",
        ca.leaf()
            .commonName("it's.example")
            .altNames(
                GeneralName.dns("WWW.Example.COM"),
                GeneralName.dns("example.com."),
                GeneralName.dnsBytes(new byte[0]),
                GeneralName.dns("127.0.0.1"),
                GeneralName.dns("it's.example"))
            .build()
            .certificate());
    cert(
        "invalid ip",
        ca.leaf()
            .commonName(null)
            .altNames(GeneralName.dns("x.example"), GeneralName.ipBytes(new byte[] {1, 2, 3, 4, 5}))
            .build()
            .certificate());
  }

  private static void cert(String name, X509 certificate) throws Exception {
    Path file = dir.resolve(name.replaceAll("[^a-z0-9]+", "_") + CERTS.size() + ".pem");
    Files.writeString(file, certificate.toPem(), StandardCharsets.US_ASCII);
    CERTS.put(name, file.toString());
  }

  private static void hosts() {
    List<String> hosts =
        List.of(
            "www.example.com",
            "WWW.EXAMPLE.COM",
            "example.com",
            "example.com.",
            "sub.www.example.com",
            "a.example.org",
            "example.org",
            "a.b.example.org",
            ".example.org",
            "cn.example.net",
            "x.cn.example",
            "cn.example",
            "a.example",
            "b.example",
            "fallback.example",
            "ok.example",
            "x.example",
            "a.",
            "xn--bcher-kva.example",
            "XN--BCHER-KVA.example",
            "b\u00fccher.example",
            "it's.example",
            "",
            "127.0.0.1",
            "127.1",
            "127.0.0.1 ",
            "127.0.0.1 junk",
            "127.0.0.1\u0000",
            "0x7f.0.0.1",
            "127.000.000.001",
            "1.2.3.4.5",
            "256.1.1.1",
            "::1",
            "0:0:0:0:0:0:0:1",
            "::0001",
            "2001:db8::1",
            "2001:DB8::1",
            "2001:db8:0:0:0:0:0:1",
            "::ffff:127.0.0.1",
            "::ffff:7f00:1",
            "::",
            "1:2:3:4:5:6:7::",
            ":1::2",
            "1::2::3",
            "1:2:3:4:5:6:7:8:9",
            "::1.2.3.4",
            "::1.2.3.04",
            "fe80::1%eth0",
            "[::1]");
    MATCHES.add(new String[] {null, "example.com"});
    MATCHES.add(new String[] {"{}", "example.com"});
    for (String cert : CERTS.values()) {
      for (String host : hosts) {
        MATCHES.add(new String[] {cert, host});
      }
    }
  }

  // ---- functions

  @Test
  void certTimeToSeconds() {
    List<Object> answers = list(python.get("cert_time_to_seconds"));
    for (int i = 0; i < CERT_TIMES.size(); i++) {
      String t = CERT_TIMES.get(i);
      assertSameOutcome(
          "cert_time_to_seconds(" + SslException.pyRepr(t) + ")",
          answers.get(i),
          attempt(() -> Ssl.certTimeToSeconds(t)),
          null);
    }
  }

  @Test
  void derCertToPemCert() {
    List<Object> answers = list(python.get("der_to_pem"));
    for (int i = 0; i < DERS.size(); i++) {
      byte[] der = DERS.get(i);
      assertSameOutcome(
          "DER_cert_to_PEM_cert(" + der.length + " bytes)",
          answers.get(i),
          attempt(() -> Ssl.derCertToPemCert(der)),
          null);
    }
  }

  @Test
  void pemCertToDerCert() {
    List<Object> answers = list(python.get("pem_to_der"));
    for (int i = 0; i < PEMS.size(); i++) {
      String pem = PEMS.get(i);
      assertSameOutcome(
          "PEM_cert_to_DER_cert(" + SslException.pyRepr(pem) + ")",
          answers.get(i),
          attempt(() -> Ssl.pemCertToDerCert(pem)),
          null);
    }
  }

  @Test
  void pemAndDerRoundTrip() throws Exception {
    byte[] der = DERS.getFirst();
    assertTrue(Arrays.equals(der, Ssl.pemCertToDerCert(Ssl.derCertToPemCert(der))));
    assertEquals(
        Base64.getEncoder().encodeToString(der),
        Base64.getEncoder().encodeToString(X509.fromPem(Ssl.derCertToPemCert(der)).toDer()));
  }

  @Test
  void decodedCertificatesAreTheSame() throws Exception {
    // match_hostname's inputs: jossl's decoding of each certificate is Python's
    List<Object> answers = list(python.get("decode"));
    int i = 0;
    for (Map.Entry<String, String> c : CERTS.entrySet()) {
      X509 x = X509.fromPem(Files.readString(Path.of(c.getValue())));
      assertSameOutcome(
          "decode " + c.getKey(), answers.get(i++), attempt(() -> x.decode().toJson()), null);
    }
  }

  @Test
  void matchHostname() throws Exception {
    List<Object> answers = list(python.get("match_hostname"));
    Map<String, DecodedCertificate> decoded = new LinkedHashMap<>();
    for (String file : CERTS.values()) {
      decoded.put(file, X509.fromPem(Files.readString(Path.of(file))).decode());
    }
    decoded.put("{}", DecodedCertificate.empty());
    int matched = 0;
    int refused = 0;
    for (int i = 0; i < MATCHES.size(); i++) {
      String[] m = MATCHES.get(i);
      DecodedCertificate cert = m[0] == null ? null : decoded.get(m[0]);
      String label = m[0] == null ? "None" : m[0].equals("{}") ? "{}" : label(m[0]);
      assertSameOutcome(
          "match_hostname(" + label + ", " + SslException.pyRepr(m[1]) + ")",
          answers.get(i),
          attempt(
              () -> {
                Ssl.matchHostname(cert, m[1]);
                return null;
              }),
          null);
      if (map(answers.get(i)).containsKey("ok")) {
        matched++;
      } else {
        refused++;
      }
    }
    assertTrue(matched > 20, "matches: " + matched);
    assertTrue(refused > 100, "refusals: " + refused);
  }

  private static String label(String file) {
    for (Map.Entry<String, String> e : CERTS.entrySet()) {
      if (e.getValue().equals(file)) {
        return "<" + e.getKey() + ">";
      }
    }
    return file;
  }

  @Test
  void protocolNames() {
    List<Object> answers = list(python.get("protocol_names"));
    for (int i = 0; i < PROTOCOL_NUMBERS.size(); i++) {
      long n = PROTOCOL_NUMBERS.get(i);
      assertEquals(answers.get(i), Ssl.getProtocolName((int) n), "get_protocol_name(" + n + ")");
    }
  }

  // ---- ASN.1 objects

  private static Map<String, Object> asn1Answers() {
    return map(python.get("asn1"));
  }

  @Test
  void nid2objForEveryNid() {
    List<Object> byNid = list(asn1Answers().get("nid2obj"));
    List<Object> fromNid = list(asn1Answers().get("fromnid"));
    int known = 0;
    for (int i = 0; i < NIDS.size(); i++) {
      int n = NIDS.get(i).intValue();
      assertSameOutcome(
          "_ssl.nid2obj(" + n + ")",
          byNid.get(i),
          attempt(() -> Asn1Object.nid2obj(n).asList()),
          null);
      assertSameOutcome(
          "_ASN1Object.fromnid(" + n + ")",
          fromNid.get(i),
          attempt(() -> Asn1Object.fromNid(n).asList()),
          null);
      if (map(byNid.get(i)).containsKey("ok")) {
        known++;
      }
    }
    // the comparison saw OpenSSL's objects, not only failures
    assertTrue(known > 1000, "NIDs known to this OpenSSL: " + known);
  }

  @Test
  void txt2objForNamesAndOids() {
    Map<String, Object> a = asn1Answers();
    List<Object> texts = list(a.get("texts"));
    List<Object> txt2obj = list(a.get("txt2obj"));
    List<Object> made = list(a.get("new"));
    List<Object> fromName = list(a.get("fromname"));
    assertTrue(texts.size() > 3000, "texts looked up: " + texts.size());
    int failures = 0;
    for (int i = 0; i < texts.size(); i++) {
      List<Object> t = list(texts.get(i));
      String text = (String) t.get(0);
      boolean name = (Boolean) t.get(1);
      String shown = SslException.pyRepr(text);
      assertSameOutcome(
          "_ssl.txt2obj(" + shown + ", name=" + name + ")",
          txt2obj.get(i),
          attempt(() -> Asn1Object.txt2obj(text, name).asList()),
          null);
      assertSameOutcome(
          "_ASN1Object(" + shown + ")",
          made.get(i),
          attempt(() -> Asn1Object.of(text).asList()),
          null);
      assertSameOutcome(
          "_ASN1Object.fromname(" + shown + ")",
          fromName.get(i),
          attempt(() -> Asn1Object.fromName(text).asList()),
          null);
      if (map(txt2obj.get(i)).containsKey("raised")) {
        failures++;
      }
    }
    assertTrue(failures > 20, "refused lookups: " + failures);
  }

  @Test
  void purposesAreAsn1Objects() {
    Map<String, Object> py = map(module().get("Purpose_asn1"));
    for (Purpose p : Purpose.values()) {
      Map<String, Object> m = map(py.get(p.name()));
      assertEquals(m.get("repr"), p.asn1Object().toString(), "repr(Purpose." + p.name() + ")");
      assertEquals(
          m.get("equals_oid_lookup"),
          p.asn1Object().equals(Asn1Object.of(p.oid())),
          "Purpose." + p.name() + " == _ASN1Object(oid)");
      assertEquals(p, Purpose.of(Asn1Object.of(p.oid())));
    }
    // create_default_context(purpose) with any _ASN1Object: only the two purposes are accepted
    List<Object> answers = list(python.get("purposes"));
    for (int i = 0; i < PURPOSE_NIDS.size(); i++) {
      int n = PURPOSE_NIDS.get(i).intValue();
      assertSameOutcome(
          "create_default_context(_ASN1Object.fromnid(" + n + "))",
          answers.get(i),
          attempt(
              () -> {
                Ssl.createDefaultContext(Purpose.of(Asn1Object.fromNid(n))).close();
                return null;
              }),
          null);
    }
  }

  // ---- random numbers

  @Test
  void randFunctions() throws Exception {
    List<Object> answers = list(python.get("rand"));
    for (int i = 0; i < RAND.size(); i++) {
      Map<String, Object> step = RAND.get(i);
      PythonSsl.Outcome outcome;
      if (step.containsKey("bytes")) {
        int n = ((Number) step.get("bytes")).intValue();
        outcome = attempt(() -> Ssl.randBytes(n).length);
      } else if (step.containsKey("status")) {
        outcome = attempt(Ssl::randStatus);
      } else {
        double entropy = ((Number) step.get("entropy")).doubleValue();
        outcome =
            attempt(
                () -> {
                  if (step.get("add") instanceof String text) {
                    Ssl.randAdd(text, entropy);
                  } else {
                    Ssl.randAdd((byte[]) step.get("add"), entropy);
                  }
                  return null;
                });
      }
      assertSameOutcome("RAND " + PythonSsl.json(step), answers.get(i), outcome, null);
    }
    // random: two draws differ
    assertFalse(Arrays.equals(Ssl.randBytes(32), Ssl.randBytes(32)));
  }

  // ---- constants

  @Test
  void hostFlags() throws Exception {
    Map<String, Object> py = map(module().get("HOSTFLAG"));
    assertEquals(6, py.size(), "Python's _ssl.HOSTFLAG_*: " + py);
    Map<String, Long> java = new TreeMap<>();
    for (Field f : Ssl.class.getFields()) {
      if (f.getName().startsWith("HOSTFLAG_")) {
        java.put(f.getName(), (long) f.getInt(null));
      }
    }
    assertEquals(new TreeMap<>(py), java);
  }

  private static Map<String, Object> module() {
    return map(python.get("module"));
  }

  @Test
  void openSslVersion() {
    Map<String, Object> m = module();
    assertEquals(m.get("OPENSSL_VERSION"), Ssl.openSslVersion());
    assertEquals(
        ((Number) m.get("OPENSSL_VERSION_NUMBER")).longValue(), Ssl.openSslVersionNumber());
    assertEquals(
        PythonSsl.json(m.get("OPENSSL_VERSION_INFO")),
        PythonSsl.json(Ssl.openSslVersionInfo().asList()));
  }

  @Test
  void hasFlags() throws Exception {
    Map<String, Object> has = map(module().get("HAS"));
    assertFalse(has.isEmpty());
    for (Map.Entry<String, Object> e : has.entrySet()) {
      Field f;
      try {
        f = Ssl.class.getField(e.getKey());
      } catch (NoSuchFieldException missing) {
        throw new AssertionError(
            "Python has ssl." + e.getKey() + ", jossl has no Ssl." + e.getKey());
      }
      assertEquals(e.getValue(), f.get(null), "ssl." + e.getKey());
    }
  }

  @Test
  void moduleStrings() {
    Map<String, Object> m = module();
    assertEquals(m.get("CHANNEL_BINDING_TYPES"), Ssl.CHANNEL_BINDING_TYPES);
    assertEquals(m.get("PEM_HEADER"), Ssl.PEM_HEADER);
    assertEquals(m.get("PEM_FOOTER"), Ssl.PEM_FOOTER);
  }

  @Test
  void defaultVerifyPaths() {
    List<Object> py = list(module().get("default_verify_paths"));
    Ssl.DefaultVerifyPaths j = Ssl.getDefaultVerifyPaths();
    assertEquals(
        py,
        Arrays.asList(
            j.cafile(),
            j.capath(),
            j.opensslCafileEnv(),
            j.opensslCafile(),
            j.opensslCapathEnv(),
            j.opensslCapath()));
  }

  @Test
  void purposes() {
    Map<String, Object> py = map(module().get("Purpose"));
    assertEquals(py.keySet(), javaNames(Purpose.values()));
    for (Purpose p : Purpose.values()) {
      assertEquals(
          py.get(p.name()),
          List.of((long) p.nid(), p.shortName(), p.longName(), p.oid()),
          "Purpose." + p.name());
    }
  }

  private static java.util.Set<String> javaNames(Enum<?>[] values) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (Enum<?> e : values) {
      out.add(e.name());
    }
    return out;
  }

  @Test
  void enumsHavePythonsMembersAndValues() throws Exception {
    Map<String, Object> enums = map(module().get("enums"));
    List<String> extras = new ArrayList<>();
    compareMembers("Options", map(enums.get("Options")), longFields(Options.class), extras);
    compareMembers(
        "VerifyFlags", map(enums.get("VerifyFlags")), longFields(VerifyFlags.class), extras);
    compareMembers(
        "VerifyMode", map(enums.get("VerifyMode")), enumMembers(VerifyMode.class), extras);
    compareMembers(
        "TLSVersion", map(enums.get("TLSVersion")), enumMembers(TlsVersion.class), extras);
    compareMembers(
        "AlertDescription",
        map(enums.get("AlertDescription")),
        enumMembers(AlertDescription.class),
        extras);
    compareMembers(
        "SSLErrorNumber",
        map(enums.get("SSLErrorNumber")),
        enumMembers(SslErrorNumber.class),
        extras);
    compareMembers(
        "_SSLMethod", map(enums.get("_SSLMethod")), enumMembers(SslMethod.class), extras);
    // members that newer Pythons added (jossl follows the newest) cannot be checked here
    System.out.println("jossl members that this Python does not have: " + extras);
  }

  private static void compareMembers(
      String name, Map<String, Object> py, Map<String, Long> java, List<String> extras) {
    assertFalse(py.isEmpty(), name);
    for (Map.Entry<String, Object> e : py.entrySet()) {
      assertNotNull(java.get(e.getKey()), name + "." + e.getKey() + " is missing in jossl");
      assertEquals(
          ((Number) e.getValue()).longValue(),
          java.get(e.getKey()),
          name + "." + e.getKey() + "'s value");
    }
    for (String j : java.keySet()) {
      if (!py.containsKey(j)) {
        extras.add(name + "." + j);
      }
    }
  }

  /** The public static long constants of a constants class. */
  private static Map<String, Long> longFields(Class<?> c) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    for (Field f : c.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == long.class) {
        out.put(f.getName(), f.getLong(null));
      }
    }
    return out;
  }

  /** An enum's members (and public static aliases of its own type) with their {@code value()}. */
  private static <E extends Enum<E>> Map<String, Long> enumMembers(Class<E> c) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    var value = c.getMethod("value");
    for (Field f : c.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == c) {
        out.put(f.getName(), ((Number) value.invoke(f.get(null))).longValue());
      }
    }
    return out;
  }
}
